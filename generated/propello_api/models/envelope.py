from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

T = TypeVar("T", bound="Envelope")


@_attrs_define
class Envelope:
    """The {status, timestamp, data} envelope the group responses use; that user and offer responses share it is an
    inference, and other fields are allowed.

    """

    status: int | Unset = UNSET
    timestamp: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        envelope = cls(
            status=status,
            timestamp=timestamp,
        )

        envelope.additional_properties = d
        return envelope

    @overload
    def get_status(self) -> int: ...

    @overload
    def get_status(self, default: Default) -> int | Default: ...

    def get_status(self, default: Any = NO_DEFAULT) -> Any:
        """`status` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Envelope.status.
        """
        return field_or_default(self.status, default, "Envelope", "status")

    @overload
    def get_timestamp(self) -> str: ...

    @overload
    def get_timestamp(self, default: Default) -> str | Default: ...

    def get_timestamp(self, default: Any = NO_DEFAULT) -> Any:
        """`timestamp` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Envelope.timestamp.
        """
        return field_or_default(self.timestamp, default, "Envelope", "timestamp")

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
