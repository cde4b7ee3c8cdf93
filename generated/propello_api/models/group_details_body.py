from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import NO_DEFAULT, UNSET, Default, Unset, field_or_default

T = TypeVar("T", bound="GroupDetailsBody")


@_attrs_define
class GroupDetailsBody:
    organisation_group_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organisation_group_id = self.organisation_group_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if organisation_group_id is not UNSET:
            field_dict["organisation_group_id"] = organisation_group_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation_group_id = d.pop("organisation_group_id", UNSET)

        group_details_body = cls(
            organisation_group_id=organisation_group_id,
        )

        group_details_body.additional_properties = d
        return group_details_body

    @overload
    def get_organisation_group_id(self) -> int: ...

    @overload
    def get_organisation_group_id(self, default: Default) -> int | Default: ...

    def get_organisation_group_id(self, default: Any = NO_DEFAULT) -> Any:
        """`organisation_group_id` as int, or `default` when it is not set.

        Args:
            default: What to return when the field is not set; without it, an unset field raises MissingFieldError
                naming GroupDetailsBody.organisation_group_id.
        """
        return field_or_default(self.organisation_group_id, default, "GroupDetailsBody", "organisation_group_id")

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
