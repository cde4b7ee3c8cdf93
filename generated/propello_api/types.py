"""Contains some shared types for properties"""

from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, Protocol, TypeVar

import httpx
from attrs import define


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


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
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


@define(frozen=True)
class PathParameter:
    """A path parameter of an operation, as a resource method takes it."""

    name: str
    """Its Python name (the argument's name in the generated functions)."""
    choices: frozenset[str] | None = None
    """The values the spec allows (an enum), or None when any value is allowed."""


@define(frozen=True)
class Operation:
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


class OperationModule(Protocol):
    """A generated operation module (propello_api.api.<tag>.<operation>), as a runner calls it: in the two steps
    its sync_detailed and asyncio_detailed take (build the request, then parse the response), so a runner can
    tell a failure before sending from a response it could not parse."""

    @property
    def OPERATION(self) -> Operation: ...

    @property
    def _get_kwargs(self) -> Callable[..., dict[str, Any]]: ...

    @property
    def _build_response(self) -> Callable[..., Response[Any]]: ...


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
    "OPERATION_EXTENSION",
    "UNSET",
    "AsyncRunner",
    "File",
    "FileTypes",
    "Operation",
    "OperationModule",
    "PathParameter",
    "RawResponse",
    "RequestFiles",
    "Response",
    "SyncRunner",
    "Unset",
    "path_segment",
]
