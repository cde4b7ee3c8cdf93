from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

T = TypeVar("T", bound="OAuthTokenResponse")


@_attrs_define
class OAuthTokenResponse:
    token_type: str | Unset = UNSET
    expires_in: int | Unset = UNSET
    access_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token_type = self.token_type

        expires_in = self.expires_in

        access_token = self.access_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if access_token is not UNSET:
            field_dict["access_token"] = access_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token_type = d.pop("token_type", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        access_token = d.pop("access_token", UNSET)

        o_auth_token_response = cls(
            token_type=token_type,
            expires_in=expires_in,
            access_token=access_token,
        )

        o_auth_token_response.additional_properties = d
        return o_auth_token_response

    @overload
    def get_token_type(self) -> str: ...

    @overload
    def get_token_type(self, default: Default) -> str | Default: ...

    def get_token_type(self, default: Any = NO_DEFAULT) -> Any:
        """`token_type` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming OAuthTokenResponse.token_type.
        """
        return field_or_default(self.token_type, default, "OAuthTokenResponse", "token_type")

    @overload
    def get_expires_in(self) -> int: ...

    @overload
    def get_expires_in(self, default: Default) -> int | Default: ...

    def get_expires_in(self, default: Any = NO_DEFAULT) -> Any:
        """`expires_in` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming OAuthTokenResponse.expires_in.
        """
        return field_or_default(self.expires_in, default, "OAuthTokenResponse", "expires_in")

    @overload
    def get_access_token(self) -> str: ...

    @overload
    def get_access_token(self, default: Default) -> str | Default: ...

    def get_access_token(self, default: Any = NO_DEFAULT) -> Any:
        """`access_token` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming OAuthTokenResponse.access_token.
        """
        return field_or_default(self.access_token, default, "OAuthTokenResponse", "access_token")

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
