"""Contains some shared types for properties"""

import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, NamedTuple, Protocol, TypeVar

import httpx


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@dataclass(slots=True)
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@dataclass(slots=True)
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


def path_segment(value: object, name: str) -> str:
    """A path parameter's value as text for its path segment, percent-encoded by the caller. Refuses what would
    change the endpoint: an empty value, and "." or ".." (servers and proxies resolve them as dot segments)."""
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"{name} must not be {text!r}: as a path segment it would change the endpoint")
    return text


OPERATION_EXTENSION = "propello_api.operation"
"""The httpx request extension under which every generated request carries its Operation."""


class PathParameter(NamedTuple):
    """A path parameter of an operation, as a resource method takes it."""

    name: str
    """Its Python name (the argument's name in the generated functions)."""
    choices: frozenset[str] | None = None
    """The values the spec allows (an enum), or None when any value is allowed."""


EACH_ITEM = "[]"
"""In a Constraint's `where`: every item of the array named before it."""


class Constraint(NamedTuple):
    """A limit the spec puts on a value a request sends (maxItems, minItems, maxLength, minLength, maximum,
    minimum, pattern), so a value that breaks it is refused before sending rather than by the server. As in
    JSON Schema, a limit applies only to values of its kind: a length to a string, an item count to an array."""

    where: tuple[str, ...]
    """The argument of the generated function ("body", or a parameter's Python name), then the field names down
    to the value; EACH_ITEM for every item of an array."""
    keyword: str
    """The spec's keyword: maxItems, minItems, maxLength, minLength, maximum, minimum or pattern."""
    limit: int | float | str
    """The bound (a number), or the regular expression for pattern."""
    exclusive: bool = False
    """For maximum and minimum: the bound itself is not allowed (exclusiveMaximum, exclusiveMinimum)."""

    def problems(self, value: Any, shown: str) -> Iterator[str]:
        """What is wrong with `value`, the argument `where` starts at, one line per value that breaks the limit.
        Lines name the place (`shown` is the argument's name, then `.field` and `[index]`) and the limit, never
        the value itself (it may be personal data)."""
        yield from self._visit(value, self.where[1:], shown)

    def _visit(self, value: Any, rest: tuple[str, ...], shown: str) -> Iterator[str]:
        if not rest:
            problem = self.problem(value)
            if problem is not None:
                yield f"{shown} {problem}"
        elif rest[0] == EACH_ITEM:
            if isinstance(value, list | tuple):
                for index, item in enumerate(value):
                    yield from self._visit(item, rest[1:], f"{shown}[{index}]")
        elif isinstance(value, Mapping) and rest[0] in value:
            yield from self._visit(value[rest[0]], rest[1:], f"{shown}.{rest[0]}")

    def problem(self, value: Any) -> str | None:
        """Why `value` breaks the limit, or None when it keeps to it (or is not of the limit's kind)."""
        keyword, limit = self.keyword, self.limit
        if isinstance(limit, str):
            if keyword == "pattern" and isinstance(value, str) and re.search(limit, value) is None:
                return f"must match the pattern {limit!r}"
            return None
        if keyword in ("maximum", "minimum"):
            if not isinstance(value, int | float) or isinstance(value, bool):
                return None
            upper = keyword == "maximum"
            if (value > limit if upper else value < limit) or (self.exclusive and value == limit):
                bound = ("below" if upper else "above") if self.exclusive else ("at most" if upper else "at least")
                return f"must be {bound} {limit}"
            return None
        if keyword in ("maxItems", "minItems") and isinstance(value, list | tuple):
            size, unit = len(value), "items"
        elif keyword in ("maxLength", "minLength") and isinstance(value, str):
            size, unit = len(value), "characters"
        else:
            return None
        if keyword.startswith("max") and size > limit:
            return f"must have at most {limit} {unit}, has {size}"
        if keyword.startswith("min") and size < limit:
            return f"must have at least {limit} {unit}, has {size}"
        return None


class BodyOption(NamedTuple):
    """A keyword argument of a resource method that sets one field of the JSON body from a word (the overlay's
    x-propello-options): a flag the API treats as three-state (true, false, or left out for a default the server
    keeps) read as a choice the caller names."""

    name: str
    """The keyword argument's name."""
    field: str
    """The body field it sets."""
    choices: tuple[tuple[str, Any], ...]
    """(word, value sent in the field) pairs."""
    omit: str | None
    """The word that leaves the field out of the body, or None."""
    default: str
    """The word the method uses when the caller names none."""

    @property
    def words(self) -> tuple[str, ...]:
        """Every word the argument accepts."""
        return tuple(word for word, _ in self.choices) + (() if self.omit is None else (self.omit,))


class Operation(NamedTuple):
    """What the spec and the overlay say about one operation."""

    id: str
    """The spec's operationId."""
    method: str
    """The HTTP method, upper case."""
    path: str
    """The path template as the spec writes it: what logs and errors show instead of the concrete path."""
    name: str = ""
    """The resource method that sends it, as `resource.method` (`users.get`; named by openapi/overlay.yaml):
    what traces call the call."""
    replayable: bool = False
    """True when the overlay marks it x-propello-replayable: sending it twice has the effect of sending it
    once, so it may be retried after it may have reached the server. Unmarked operations are writes."""
    path_parameters: tuple[PathParameter, ...] = ()
    body: str | None = None
    """The name a resource method gives its request body (overlay x-propello-name, else "body"); None when
    the operation takes no body."""
    body_required: bool = False
    """Whether the body must be given (the spec's requestBody.required)."""
    body_type: type[Any] | None = None
    """The generated model of a JSON body, built from a plain mapping with its from_dict."""
    requires_auth: bool = True
    """Whether it is sent with the access token: False when its security in the spec (else the spec's own) is
    empty or absent, or allows anonymous calls. Such an operation is sent with no Authorization header and never
    makes the client fetch a token."""
    constraints: tuple[Constraint, ...] = ()
    """The spec's limits on what it sends, checked before sending."""
    options: tuple[BodyOption, ...] = ()
    """Keyword arguments of its resource method that set a body field from a word."""


class MissingFieldError(KeyError):
    """A model's field the spec makes optional was read with its `get_<field>()` accessor, without a default,
    and is not set (the response left it out). Item access on a model raises KeyError for an absent open field;
    this is the same for a declared one."""

    def __init__(self, model: str, field: str) -> None:
        super().__init__(
            f"{model}.{field} is not set (the response left it out); get_{field}(default) returns the default instead"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()
"""The default of a get_<field>() accessor: no default, so an unset field raises MissingFieldError."""

Default = TypeVar("Default")
"""What a get_<field>(default) accessor returns for an unset field."""


def field_or_default(value: Any, default: Any, model: str, field: str) -> Any:
    """What a model's get_<field>(default) returns: the field's value when it is set, else `default`; with no
    default, MissingFieldError naming the model and the field."""
    if not isinstance(value, Unset):
        return value
    if default is NO_DEFAULT:
        raise MissingFieldError(model, field)
    return default


class OperationModule(Protocol):
    """A generated operation module (propello_api.api.<tag>.<operation>), as a runner calls it: in the two steps
    its sync_detailed and asyncio_detailed take (build the request, then parse the response), so a runner can
    tell a failure before sending from a response it could not parse."""

    @property
    def OPERATION(self) -> Operation: ...

    @property
    def build_request(self) -> Callable[..., dict[str, Any]]: ...

    @property
    def parse_response(self) -> Callable[..., Response[Any]]: ...


class RawResponse(Generic[T]):
    """What a call returned, with how it went: what a resource's `with_raw_response` methods return
    (`client.users.with_raw_response.get(...)`). `parse()` gives what the plain method returns."""

    __slots__ = ("status_code", "headers", "request_id", "retries_taken", "rate_limit_wait", "_parsed")

    def __init__(
        self,
        parsed: T,
        *,
        status_code: int,
        headers: httpx.Headers,
        request_id: str | None,
        retries_taken: int,
        rate_limit_wait: float,
    ) -> None:
        self.status_code = status_code
        """The HTTP status of the answer."""
        self.headers = headers
        """The answer's headers (case-insensitive)."""
        self.request_id = request_id
        """The server's id for the request (x-request-id or request-id header), for support tickets."""
        self.retries_taken = retries_taken
        """How many times the request was sent again before this answer (0: the first attempt answered)."""
        self.rate_limit_wait = rate_limit_wait
        """Seconds the call waited for the rate limit (in-process, and through Redis with redis_url), all its
        attempts together."""
        self._parsed = parsed

    def parse(self) -> T:
        """The parsed body: what the resource's plain method returns."""
        return self._parsed

    def __repr__(self) -> str:
        return (
            f"RawResponse(status_code={self.status_code}, request_id={self.request_id!r}, "
            f"retries_taken={self.retries_taken}, rate_limit_wait={self.rate_limit_wait:.3f})"
        )


class SyncRunner(Protocol):
    """Sends the calls of the sync resources: checks the arguments, binds the client, returns the 2xx body
    (`run`), or that body in a RawResponse (`run_raw`)."""

    def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T: ...

    def run_raw(
        self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any
    ) -> RawResponse[T]: ...


class AsyncRunner(Protocol):
    """The asyncio twin of SyncRunner."""

    async def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T: ...

    async def run_raw(
        self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any
    ) -> RawResponse[T]: ...


__all__ = [
    "EACH_ITEM",
    "NO_DEFAULT",
    "OPERATION_EXTENSION",
    "UNSET",
    "AsyncRunner",
    "BodyOption",
    "Constraint",
    "Default",
    "File",
    "FileTypes",
    "MissingFieldError",
    "Operation",
    "OperationModule",
    "PathParameter",
    "RawResponse",
    "RequestFiles",
    "Response",
    "SyncRunner",
    "Unset",
    "field_or_default",
    "path_segment",
]
