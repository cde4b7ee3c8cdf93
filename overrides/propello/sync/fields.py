"""The user fields an export may set, read off the spec: the attributes of the body `users.create` takes.

Names and types come from the generated model (`propello_api.api.user.create_user.OPERATION.body_type`), so a
new spec that documents more fields makes them mappable with no edit here. The body is open (the docs do not
list every field), so `--field name=column` may also name a field the spec does not list; its value is then
sent as read, unchecked."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import attrs
from propello_api.api.user import create_user
from propello_api.types import Unset

ACTIVATION_FLAGS = ("send_activation_email", "send_activation_sms")
"""Per-request switches the docs name in the create body: the engine sets send_activation_email itself (from
--activation-email), and neither is a property of the person, so an export never sets them."""


@dataclass(frozen=True)
class FieldType:
    """What the spec allows for one field: a tuple of Python types, or None for any value."""

    name: str
    accepts: tuple[type, ...] | None

    def refuses(self, value: object) -> str | None:
        """Why `value` does not fit the spec's type, or None when it does."""
        if self.accepts is None:
            return None
        if isinstance(value, bool) and bool not in self.accepts:
            return f"{self.name} must be {_names(self.accepts)}, got a boolean"
        if isinstance(value, self.accepts):
            return None
        return f"{self.name} must be {_names(self.accepts)}, got {type(value).__name__}"


def _names(accepted: tuple[type, ...]) -> str:
    words = {str: "a string", int: "an integer", float: "a number", bool: "a boolean", dict: "an object"}
    return " or ".join(words.get(kind, kind.__name__) for kind in accepted)


def _accepts(hint: Any) -> tuple[type, ...] | None:
    """The plain types a field's annotation allows (Unset dropped); None for Any or anything not plain."""
    union = isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
    kinds = tuple(member for member in (typing.get_args(hint) if union else (hint,)) if member is not Unset)
    if not kinds or any(kind is Any or not isinstance(kind, type) for kind in kinds):
        return None
    return kinds


@functools.cache
def spec_fields() -> Mapping[str, FieldType]:
    """The create body's documented fields (activation flags left out), by API name."""
    body = create_user.OPERATION.body_type
    if body is None:
        return {}
    hints = typing.get_type_hints(body)
    return {
        field.name: FieldType(field.name, _accepts(hints.get(field.name, Any)))
        for field in attrs.fields(body)
        if field.name != "additional_properties" and field.name not in ACTIVATION_FLAGS
    }
