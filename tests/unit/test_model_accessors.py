"""Optional fields read without narrowing: every field the spec makes optional (typed `X | Unset`) has a generated
get_<field>() that returns X or raises MissingFieldError naming the model and field, and get_<field>(default).
Walks every generated model, so it holds for whatever schemas a new spec brings (no schema name is used here)."""

from __future__ import annotations

import inspect

import attrs
import propello_api.models as models
import pytest
from propello_api.api import get_user_detail
from propello_api.types import UNSET, MissingFieldError


def optional_fields() -> list[tuple[type, str]]:
    found = []
    for name in models.__all__:
        model = getattr(models, name)
        if inspect.isclass(model) and attrs.has(model):
            found += [(model, field.name) for field in attrs.fields(model) if field.default is UNSET]
    return found


def test_a_user_response_reads_its_data_without_narrowing() -> None:
    response = get_user_detail.Result.from_dict({"status": 200, "data": {"email": "jane@example.com"}})
    assert response.get_data().to_dict() == {"email": "jane@example.com"}
    assert response.get_status() == 200


@pytest.mark.parametrize(("model", "field"), optional_fields(), ids=lambda item: getattr(item, "__name__", item))
def test_every_optional_field_has_an_accessor(model: type, field: str) -> None:
    empty = model.from_dict({})
    assert empty.to_dict() == {}, "an accessor is no field"
    accessor = getattr(empty, f"get_{field}")
    with pytest.raises(MissingFieldError, match=rf"^{model.__name__}\.{field} is not set") as raised:
        accessor()
    assert isinstance(raised.value, KeyError), "like item access on an absent field"
    sentinel = object()
    assert accessor(sentinel) is sentinel
    assert accessor(None) is None
    setattr(empty, field, None)  # a JSON null the API sent is a value, not an absent field
    assert accessor("default") is None
    setattr(empty, field, sentinel)
    assert accessor() is sentinel
