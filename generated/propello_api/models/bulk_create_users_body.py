from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

if TYPE_CHECKING:
    from ..models.user_input import UserInput


T = TypeVar("T", bound="BulkCreateUsersBody")


@_attrs_define
class BulkCreateUsersBody:
    """Shape taken from the PHP SDK; whether other fields are accepted is not documented."""

    send_activation_email: bool | Unset = UNSET
    """ One flag for the whole batch. """
    data: list[UserInput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        send_activation_email = self.send_activation_email

        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item = data_item_data.to_dict()
                data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if send_activation_email is not UNSET:
            field_dict["send_activation_email"] = send_activation_email
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_input import UserInput

        d = dict(src_dict)
        send_activation_email = d.pop("send_activation_email", UNSET)

        _data = d.pop("data", UNSET)
        data: list[UserInput] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:
                data_item = UserInput.from_dict(data_item_data)

                data.append(data_item)

        bulk_create_users_body = cls(
            send_activation_email=send_activation_email,
            data=data,
        )

        bulk_create_users_body.additional_properties = d
        return bulk_create_users_body

    @overload
    def get_send_activation_email(self) -> bool: ...

    @overload
    def get_send_activation_email(self, default: Default) -> bool | Default: ...

    def get_send_activation_email(self, default: Any = NO_DEFAULT) -> Any:
        """`send_activation_email` as bool, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming BulkCreateUsersBody.send_activation_email.
        """
        return field_or_default(self.send_activation_email, default, "BulkCreateUsersBody", "send_activation_email")

    @overload
    def get_data(self) -> list[UserInput]: ...

    @overload
    def get_data(self, default: Default) -> list[UserInput] | Default: ...

    def get_data(self, default: Any = NO_DEFAULT) -> Any:
        """`data` as list[UserInput], or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming BulkCreateUsersBody.data.
        """
        return field_or_default(self.data, default, "BulkCreateUsersBody", "data")

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
