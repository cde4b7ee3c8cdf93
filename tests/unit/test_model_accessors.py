"""Optional fields read without narrowing: every field the spec makes optional (typed `X | Unset`) has a generated
get_<field>() that returns X or raises MissingFieldError naming the model and field, and get_<field>(default)."""

from __future__ import annotations

import inspect

import attrs
import propello_api.models as models
import pytest
from propello_api.models import Group, GroupListResponse, UserResponse
from propello_api.types import UNSET, MissingFieldError


def optional_fields() -> list[tuple[type, str]]:
    found = []
    for name in models.__all__:
        model = getattr(models, name)
        if inspect.isclass(model) and attrs.has(model):
            found += [(model, field.name) for field in attrs.fields(model) if field.default is UNSET]
    return found


def test_the_models_have_optional_fields() -> None:
    assert (UserResponse, "data") in optional_fields()


@pytest.mark.parametrize(("model", "field"), optional_fields(), ids=lambda item: getattr(item, "__name__", item))
def test_every_optional_field_has_an_accessor(model: type, field: str) -> None:
    empty = model.from_dict({})
    accessor = getattr(empty, f"get_{field}")
    with pytest.raises(MissingFieldError, match=rf"^{model.__name__}\.{field} is not set") as raised:
        accessor()
    assert isinstance(raised.value, KeyError), "like item access on an absent field"
    sentinel = object()
    assert accessor(sentinel) is sentinel
    assert accessor(None) is None


def test_a_set_field_comes_back_as_itself() -> None:
    response = GroupListResponse.from_dict({"status": 200, "data": [{"name": "example_org", "custom_domain": None}]})
    (group,) = response.get_data()
    assert isinstance(group, Group)
    assert group.get_name() == "example_org"
    assert group.get_custom_domain("unset") is None, "a null the API sent is a value, not an absent field"
    assert group.get_locale("en_GB") == "en_GB"
    assert response.get_status() == 200
    assert "get_data" not in response.to_dict()
