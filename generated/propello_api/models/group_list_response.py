from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

if TYPE_CHECKING:
    from ..models.group import Group


T = TypeVar("T", bound="GroupListResponse")


@_attrs_define
class GroupListResponse:
    """As the docs declare it, data is an object although the docs' example is an array of groups (the archived example is
    cut off after the first group's sandbox field; the 200 example here completes it with the Get Group Details
    example).

    """

    status: int | Unset = UNSET
    timestamp: str | Unset = UNSET
    data: list[Group] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        timestamp = self.timestamp

        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item = data_item_data.to_dict()
                data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group import Group

        d = dict(src_dict)
        status = d.pop("status", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        _data = d.pop("data", UNSET)
        data: list[Group] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:
                data_item = Group.from_dict(data_item_data)

                data.append(data_item)

        group_list_response = cls(
            status=status,
            timestamp=timestamp,
            data=data,
        )

        group_list_response.additional_properties = d
        return group_list_response

    @overload
    def get_status(self) -> int: ...

    @overload
    def get_status(self, default: Default) -> int | Default: ...

    def get_status(self, default: Any = NO_DEFAULT) -> Any:
        """`status` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming GroupListResponse.status.
        """
        return field_or_default(self.status, default, "GroupListResponse", "status")

    @overload
    def get_timestamp(self) -> str: ...

    @overload
    def get_timestamp(self, default: Default) -> str | Default: ...

    def get_timestamp(self, default: Any = NO_DEFAULT) -> Any:
        """`timestamp` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming GroupListResponse.timestamp.
        """
        return field_or_default(self.timestamp, default, "GroupListResponse", "timestamp")

    @overload
    def get_data(self) -> list[Group]: ...

    @overload
    def get_data(self, default: Default) -> list[Group] | Default: ...

    def get_data(self, default: Any = NO_DEFAULT) -> Any:
        """`data` as list[Group], or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming GroupListResponse.data.
        """
        return field_or_default(self.data, default, "GroupListResponse", "data")

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
