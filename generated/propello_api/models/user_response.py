from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

if TYPE_CHECKING:
    from ..models.user import User


T = TypeVar("T", bound="UserResponse")


@_attrs_define
class UserResponse:
    status: int | Unset = UNSET
    timestamp: str | Unset = UNSET
    data: User | Unset = UNSET
    """ A user as the API returns it. Its fields are not documented. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        timestamp = self.timestamp

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

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
        from ..models.user import User

        d = dict(src_dict)
        status = d.pop("status", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        _data = d.pop("data", UNSET)
        data: User | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = User.from_dict(_data)

        user_response = cls(
            status=status,
            timestamp=timestamp,
            data=data,
        )

        user_response.additional_properties = d
        return user_response

    @overload
    def get_status(self) -> int: ...

    @overload
    def get_status(self, default: Default) -> int | Default: ...

    def get_status(self, default: Any = NO_DEFAULT) -> Any:
        """`status` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserResponse.status.
        """
        return field_or_default(self.status, default, "UserResponse", "status")

    @overload
    def get_timestamp(self) -> str: ...

    @overload
    def get_timestamp(self, default: Default) -> str | Default: ...

    def get_timestamp(self, default: Any = NO_DEFAULT) -> Any:
        """`timestamp` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserResponse.timestamp.
        """
        return field_or_default(self.timestamp, default, "UserResponse", "timestamp")

    @overload
    def get_data(self) -> User: ...

    @overload
    def get_data(self, default: Default) -> User | Default: ...

    def get_data(self, default: Any = NO_DEFAULT) -> Any:
        """`data` as User, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserResponse.data.
        """
        return field_or_default(self.data, default, "UserResponse", "data")

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
