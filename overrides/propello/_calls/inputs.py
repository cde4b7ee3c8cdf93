"""Checks on resource-method arguments, so bad input fails with a clear message before anything is sent.
Messages name the argument and the type, never the value (user records hold personal data)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from propello_api.types import UNSET, BodyOption, Operation, PathParameter

from .._checks import encodes_utf8
from .._errors import InvalidArgumentError

M = TypeVar("M", bound="_Model")
T = TypeVar("T")


class _Model(Protocol):
    """What every generated request model offers."""

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls: type[M], src_dict: Mapping[str, Any]) -> M: ...


def path_value(parameter: PathParameter, value: object) -> str:
    """A path parameter's value as its path segment: one of the spec's choices when it lists them, else a
    non-empty string or an int. `.` and `..` are refused: servers and proxies resolve them as dot segments,
    which would send the request to another endpoint."""
    if parameter.choices is not None:
        if isinstance(value, str) and value in parameter.choices:
            return value
        raise InvalidArgumentError(
            f"{parameter.name} must be one of {', '.join(sorted(parameter.choices))}; got {value!r}"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{parameter.name} must be a non-empty string, got {type(value).__name__}")
    if not value.isprintable() or not encodes_utf8(value):
        raise InvalidArgumentError(
            f"{parameter.name} must be printable text that encodes as UTF-8 (no control characters or lone surrogates)"
        )
    if value in (".", ".."):
        raise InvalidArgumentError(
            f"{parameter.name} must not be {value!r}: as a path segment it would change the endpoint"
        )
    return value


def body(operation: Operation, value: object) -> object:
    """A request body as the generated function takes it: None is no body (where the spec makes it optional);
    a mapping becomes the operation's generated model; either must encode as JSON."""
    name = operation.body or "body"
    if value is None:
        if operation.body_required:
            raise InvalidArgumentError(f"{name} is required: the operation takes a body")
        return UNSET
    kind = operation.body_type
    if kind is None:
        return json_body(value, name)
    return model(kind, value, name)


def model(kind: type[M], value: object, name: str) -> M:
    """The generated model itself, or a mapping turned into one with its from_dict; either must encode as JSON."""
    if isinstance(value, kind):
        built = value
    elif isinstance(value, Mapping):
        try:
            built = kind.from_dict(value)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            missing = f"the field {exc.args[0]!r} is missing" if isinstance(exc, KeyError) else type(exc).__name__
            raise InvalidArgumentError(f"{name} does not fit {kind.__name__}: {missing}") from None
    else:
        raise InvalidArgumentError(f"{name} must be a mapping or a {kind.__name__}, got {type(value).__name__}")
    json_body(built.to_dict(), name)
    return built


def json_body(value: T, name: str) -> T:
    """`value` if it encodes as httpx will send it: JSON without NaN, in UTF-8 (which a lone surrogate cannot be),
    and not nested so deeply that encoding it overflows the stack."""
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode()
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidArgumentError(f"{name} cannot be sent as JSON: {exc}") from None
    return value


def batch_size(value: object, maximum: int) -> int:
    """A bulk call's size: 1 to `maximum` (the spec's maxItems for the bulk body)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise InvalidArgumentError(f"batch_size must be an integer from 1 to {maximum}, got {value!r}")
    return value


def option(operation: Operation, option: BodyOption, word: object, body: object) -> object:
    """The body with `option`'s field set from `word` (one of its words; the omit word leaves it out). The field
    must not be in the body already: the choice is made in one place, the argument."""
    if not isinstance(word, str) or word not in option.words:
        raise InvalidArgumentError(f"{option.name} must be one of {', '.join(option.words)}; got {word!r}")
    if body is None:
        record: dict[str, Any] = {}
    elif isinstance(body, Mapping):
        record = dict(body)
    elif callable(to_dict := getattr(body, "to_dict", None)):
        record = to_dict()
    else:
        return body  # not a body at all: body() names the problem
    if option.field in record:
        raise InvalidArgumentError(
            f"{operation.body or 'body'}.{option.field}: say it with {option.name}= "
            f"({', '.join(option.words)}), not in the body"
        )
    if word != option.omit:
        record[option.field] = dict(option.choices)[word]
    return record


def constraints(operation: Operation, path: Mapping[str, object], arguments: dict[str, Any]) -> None:
    """Refuse, before sending, a value that breaks one of the spec's limits (operation.constraints): the message
    names the place and the limit, never the value. `path` holds the path values by name; `arguments` the body
    (already built, see body()) and the other parameters."""
    problems: list[str] = []
    for constraint in operation.constraints:
        where = constraint.where[0]
        if where == "body":
            value: object = arguments.get("body", UNSET)
            value = value.to_dict() if callable(getattr(value, "to_dict", None)) else value  # type: ignore[attr-defined]
            shown = operation.body or "body"
        else:
            value, shown = path.get(where, arguments.get(where, UNSET)), where
        problems += constraint.problems(value, shown)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidArgumentError(problems[0] + more)
