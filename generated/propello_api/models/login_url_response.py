from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

if TYPE_CHECKING:
    from ..models.login_url_response_data import LoginUrlResponseData


T = TypeVar("T", bound="LoginUrlResponse")


@_attrs_define
class LoginUrlResponse:
    status: int | Unset = UNSET
    timestamp: str | Unset = UNSET
    data: LoginUrlResponseData | Unset = UNSET
    """ Holds a single-use login URL (and, for create, the user); the field names are not documented. """
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
        from ..models.login_url_response_data import LoginUrlResponseData

        d = dict(src_dict)
        status = d.pop("status", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        _data = d.pop("data", UNSET)
        data: LoginUrlResponseData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = LoginUrlResponseData.from_dict(_data)

        login_url_response = cls(
            status=status,
            timestamp=timestamp,
            data=data,
        )

        login_url_response.additional_properties = d
        return login_url_response

    @overload
    def get_status(self) -> int: ...

    @overload
    def get_status(self, default: Default) -> int | Default: ...

    def get_status(self, default: Any = NO_DEFAULT) -> Any:
        """`status` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming LoginUrlResponse.status.
        """
        return field_or_default(self.status, default, "LoginUrlResponse", "status")

    @overload
    def get_timestamp(self) -> str: ...

    @overload
    def get_timestamp(self, default: Default) -> str | Default: ...

    def get_timestamp(self, default: Any = NO_DEFAULT) -> Any:
        """`timestamp` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming LoginUrlResponse.timestamp.
        """
        return field_or_default(self.timestamp, default, "LoginUrlResponse", "timestamp")

    @overload
    def get_data(self) -> LoginUrlResponseData: ...

    @overload
    def get_data(self, default: Default) -> LoginUrlResponseData | Default: ...

    def get_data(self, default: Any = NO_DEFAULT) -> Any:
        """`data` as LoginUrlResponseData, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming LoginUrlResponse.data.
        """
        return field_or_default(self.data, default, "LoginUrlResponse", "data")

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
