from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

T = TypeVar("T", bound="UserInput")


@_attrs_define
class UserInput:
    """A user record as sent to create, update and make-known. The docs name these fields in prose only; their types
    (except the two boolean flags), required flags, the metadata key and the external-id (UID) field are not documented,
    so other fields are allowed.

    """

    email: str | Unset = UNSET
    """ Type inferred; by default users added via the API cannot change their email. """
    first_name: str | Unset = UNSET
    """ Type inferred. """
    last_name: str | Unset = UNSET
    """ Type inferred. """
    company_name: str | Unset = UNSET
    """ Type inferred. Only for users referred to by their company name. """
    send_activation_email: bool | Unset = UNSET
    """ Overrides the group setting for the instant activation email. """
    send_activation_sms: bool | Unset = UNSET
    """ Overrides the group setting for the instant activation SMS; needs phone when true. """
    phone: Any | Unset = UNSET
    """ Required when send_activation_sms is true. Type not documented. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        company_name = self.company_name

        send_activation_email = self.send_activation_email

        send_activation_sms = self.send_activation_sms

        phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if send_activation_email is not UNSET:
            field_dict["send_activation_email"] = send_activation_email
        if send_activation_sms is not UNSET:
            field_dict["send_activation_sms"] = send_activation_sms
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        company_name = d.pop("company_name", UNSET)

        send_activation_email = d.pop("send_activation_email", UNSET)

        send_activation_sms = d.pop("send_activation_sms", UNSET)

        phone = d.pop("phone", UNSET)

        user_input = cls(
            email=email,
            first_name=first_name,
            last_name=last_name,
            company_name=company_name,
            send_activation_email=send_activation_email,
            send_activation_sms=send_activation_sms,
            phone=phone,
        )

        user_input.additional_properties = d
        return user_input

    @overload
    def get_email(self) -> str: ...

    @overload
    def get_email(self, default: Default) -> str | Default: ...

    def get_email(self, default: Any = NO_DEFAULT) -> Any:
        """`email` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.email.
        """
        return field_or_default(self.email, default, "UserInput", "email")

    @overload
    def get_first_name(self) -> str: ...

    @overload
    def get_first_name(self, default: Default) -> str | Default: ...

    def get_first_name(self, default: Any = NO_DEFAULT) -> Any:
        """`first_name` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.first_name.
        """
        return field_or_default(self.first_name, default, "UserInput", "first_name")

    @overload
    def get_last_name(self) -> str: ...

    @overload
    def get_last_name(self, default: Default) -> str | Default: ...

    def get_last_name(self, default: Any = NO_DEFAULT) -> Any:
        """`last_name` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.last_name.
        """
        return field_or_default(self.last_name, default, "UserInput", "last_name")

    @overload
    def get_company_name(self) -> str: ...

    @overload
    def get_company_name(self, default: Default) -> str | Default: ...

    def get_company_name(self, default: Any = NO_DEFAULT) -> Any:
        """`company_name` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.company_name.
        """
        return field_or_default(self.company_name, default, "UserInput", "company_name")

    @overload
    def get_send_activation_email(self) -> bool: ...

    @overload
    def get_send_activation_email(self, default: Default) -> bool | Default: ...

    def get_send_activation_email(self, default: Any = NO_DEFAULT) -> Any:
        """`send_activation_email` as bool, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.send_activation_email.
        """
        return field_or_default(self.send_activation_email, default, "UserInput", "send_activation_email")

    @overload
    def get_send_activation_sms(self) -> bool: ...

    @overload
    def get_send_activation_sms(self, default: Default) -> bool | Default: ...

    def get_send_activation_sms(self, default: Any = NO_DEFAULT) -> Any:
        """`send_activation_sms` as bool, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.send_activation_sms.
        """
        return field_or_default(self.send_activation_sms, default, "UserInput", "send_activation_sms")

    @overload
    def get_phone(self) -> Any: ...

    @overload
    def get_phone(self, default: Default) -> Any | Default: ...

    def get_phone(self, default: Any = NO_DEFAULT) -> Any:
        """`phone` as Any, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming UserInput.phone.
        """
        return field_or_default(self.phone, default, "UserInput", "phone")

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
