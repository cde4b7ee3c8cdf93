from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

T = TypeVar("T", bound="Group")


@_attrs_define
class Group:
    """An organisation group. The docs declare data only as an object; these fields and their types are read off the docs'
    response example, and more may exist.

    """

    id: int | Unset = UNSET
    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    sandbox: int | Unset = UNSET
    locale: str | Unset = UNSET
    timezone: str | Unset = UNSET
    custom_domain: None | str | Unset = UNSET
    subdomain: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        display_name = self.display_name

        sandbox = self.sandbox

        locale = self.locale

        timezone = self.timezone

        custom_domain: None | str | Unset
        if isinstance(self.custom_domain, Unset):
            custom_domain = UNSET
        else:
            custom_domain = self.custom_domain

        subdomain = self.subdomain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if sandbox is not UNSET:
            field_dict["sandbox"] = sandbox
        if locale is not UNSET:
            field_dict["locale"] = locale
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if custom_domain is not UNSET:
            field_dict["custom_domain"] = custom_domain
        if subdomain is not UNSET:
            field_dict["subdomain"] = subdomain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        display_name = d.pop("display_name", UNSET)

        sandbox = d.pop("sandbox", UNSET)

        locale = d.pop("locale", UNSET)

        timezone = d.pop("timezone", UNSET)

        def _parse_custom_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        custom_domain = _parse_custom_domain(d.pop("custom_domain", UNSET))

        subdomain = d.pop("subdomain", UNSET)

        group = cls(
            id=id,
            name=name,
            display_name=display_name,
            sandbox=sandbox,
            locale=locale,
            timezone=timezone,
            custom_domain=custom_domain,
            subdomain=subdomain,
        )

        group.additional_properties = d
        return group

    @overload
    def get_id(self) -> int: ...

    @overload
    def get_id(self, default: Default) -> int | Default: ...

    def get_id(self, default: Any = NO_DEFAULT) -> Any:
        """`id` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.id.
        """
        return field_or_default(self.id, default, "Group", "id")

    @overload
    def get_name(self) -> str: ...

    @overload
    def get_name(self, default: Default) -> str | Default: ...

    def get_name(self, default: Any = NO_DEFAULT) -> Any:
        """`name` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.name.
        """
        return field_or_default(self.name, default, "Group", "name")

    @overload
    def get_display_name(self) -> str: ...

    @overload
    def get_display_name(self, default: Default) -> str | Default: ...

    def get_display_name(self, default: Any = NO_DEFAULT) -> Any:
        """`display_name` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.display_name.
        """
        return field_or_default(self.display_name, default, "Group", "display_name")

    @overload
    def get_sandbox(self) -> int: ...

    @overload
    def get_sandbox(self, default: Default) -> int | Default: ...

    def get_sandbox(self, default: Any = NO_DEFAULT) -> Any:
        """`sandbox` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.sandbox.
        """
        return field_or_default(self.sandbox, default, "Group", "sandbox")

    @overload
    def get_locale(self) -> str: ...

    @overload
    def get_locale(self, default: Default) -> str | Default: ...

    def get_locale(self, default: Any = NO_DEFAULT) -> Any:
        """`locale` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.locale.
        """
        return field_or_default(self.locale, default, "Group", "locale")

    @overload
    def get_timezone(self) -> str: ...

    @overload
    def get_timezone(self, default: Default) -> str | Default: ...

    def get_timezone(self, default: Any = NO_DEFAULT) -> Any:
        """`timezone` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.timezone.
        """
        return field_or_default(self.timezone, default, "Group", "timezone")

    @overload
    def get_custom_domain(self) -> None | str: ...

    @overload
    def get_custom_domain(self, default: Default) -> None | str | Default: ...

    def get_custom_domain(self, default: Any = NO_DEFAULT) -> Any:
        """`custom_domain` as None | str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.custom_domain.
        """
        return field_or_default(self.custom_domain, default, "Group", "custom_domain")

    @overload
    def get_subdomain(self) -> str: ...

    @overload
    def get_subdomain(self, default: Default) -> str | Default: ...

    def get_subdomain(self, default: Any = NO_DEFAULT) -> Any:
        """`subdomain` as str, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming Group.subdomain.
        """
        return field_or_default(self.subdomain, default, "Group", "subdomain")

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
