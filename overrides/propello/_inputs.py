"""Checks on resource-method arguments, so bad input fails with a clear message before anything is sent.
Messages name the argument and the type, never the value (user records hold personal data)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Protocol, TypeGuard, TypeVar

from ._errors import InvalidArgumentError

K = TypeVar("K", bound=str)


M = TypeVar("M", bound="_Model")


class _Model(Protocol):
    """What every generated request model offers."""

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls: type[M], src_dict: Mapping[str, Any]) -> M: ...


def is_positive_seconds(value: object) -> TypeGuard[int | float]:
    """A duration setting: an int or float (a bool is not a number of seconds), finite and above zero."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0


MAX_BATCH_SIZE = 100
"""The API's limit for one bulk call."""


def user_reference(identifier: object, identifier_value: object, allowed: set[K]) -> tuple[K, str]:
    """`identifier` must be a kind this operation's path accepts (the spec's enum, from the generated code)."""
    for kind in allowed:
        if identifier == kind:
            return kind, path_segment(identifier_value, "identifier_value")
    raise InvalidArgumentError(f"identifier must be one of {', '.join(sorted(allowed))}; got {identifier!r}")


def path_segment(value: object, name: str) -> str:
    """A path segment: a non-empty string (an int is accepted for ids)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    raise InvalidArgumentError(f"{name} must be a non-empty string, got {type(value).__name__}")


def model(kind: type[M], value: object, name: str) -> M:
    """The generated model itself, or a mapping turned into one with its from_dict; either must encode as JSON."""
    if isinstance(value, kind):
        built = value
    elif isinstance(value, Mapping):
        built = kind.from_dict(value)
    else:
        raise InvalidArgumentError(f"{name} must be a mapping or a {kind.__name__}, got {type(value).__name__}")
    try:
        json.dumps(built.to_dict(), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"{name} cannot be sent as JSON: {exc}") from None
    return built


def batch_size(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_BATCH_SIZE:
        raise InvalidArgumentError(f"batch_size must be an integer from 1 to {MAX_BATCH_SIZE}, got {value!r}")
    return value
