"""scripts/spec_changes.py reports what changes on the wire, not how the spec spells it: composition parts and
component schemas that only got another name, and OpenAPI 3.0 vs 3.1 spellings of the same schema, are no
change (a renamed schema is one `schema-renamed` line, not breaking; the Python API section reports the
renamed model class). Checked on the upstream-shaped fixtures (tests/fixtures/upstream/) and on small pairs."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from spec_changes import diff_specs

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream"
NOISE = {"allof-part-added", "allof-part-removed", "variant-added", "variant-removed", "composition-changed"}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def seen(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str, bool]]:
    return {(c.kind, c.location, c.breaking) for c in diff_specs(old, new).changes}


def test_a_bump_reports_the_same_changes_whether_upstream_writes_openapi_3_0_or_3_1(reconstruction_path: Path) -> None:
    old = load(reconstruction_path)
    via_30, via_31 = seen(old, load(UPSTREAM / "openapi-3.0.yaml")), seen(old, load(UPSTREAM / "openapi-3.1.yaml"))
    assert via_30 == via_31
    assert {kind for kind, _, _ in via_30} & NOISE == set()
    assert {change for change in via_30 if change[2]} == {  # what breaks on the wire: the group-list fix
        ("type-changed", "POST /v3/group/list 200 response data", True),
        ("schema-removed", "schema GroupListResponse", True),  # GroupCollection has another shape: no rename
    }
    renamed = {c.location: c.detail for c in diff_specs(old, load(UPSTREAM / "openapi-3.1.yaml")).changes}
    assert renamed["schema Envelope"].startswith("renamed to ResponseEnvelope, same shape")
    # Error, User, Offer and ListFilters have one shape; the walk finds each with its new name.
    assert [renamed[f"schema {name}"].split(",")[0] for name in ("Error", "User", "Offer", "ListFilters")] == [
        "renamed to Problem",
        "renamed to UserRecord",
        "renamed to OrganisationOffer",
        "renamed to Filters",
    ]


@pytest.mark.parametrize(("old", "new"), [("3.0", "3.1"), ("3.1", "3.0")])
def test_the_same_api_in_openapi_3_0_and_3_1_has_no_changes(old: str, new: str) -> None:
    assert seen(load(UPSTREAM / f"openapi-{old}.yaml"), load(UPSTREAM / f"openapi-{new}.yaml")) == set()


def spec(
    schemas: dict[str, Any],
    response: Any = None,
    request: Any = None,
    openapi: str = "3.0.3",
    media: str = "application/json",
) -> dict[str, Any]:
    """POST /pets with the given 200 response and request body schemas (None: no schema) and components."""
    operation: dict[str, Any] = {
        "operationId": "update-pets",
        "responses": {
            "200": {"description": "OK", "content": {media: {} if response is None else {"schema": response}}}
        },
    }
    if request is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": request}}}
    doc = {"openapi": openapi, "info": {"title": "T", "version": "1"}, "paths": {"/pets": {"post": operation}}}
    if schemas:
        doc["components"] = {"schemas": schemas}
    validate(doc)
    return doc


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


NAMED = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
AGED = {"type": "object", "properties": {"age": {"type": "integer", "minimum": 0}}}


@pytest.mark.parametrize("word", ["allOf", "oneOf", "anyOf"])
@pytest.mark.parametrize("side", ["request", "response"])
def test_a_composition_part_renamed_with_its_shape_is_one_rename(word: str, side: str) -> None:
    """As a request part or a response variant an added part would break: a renamed one must not."""
    old = spec({"Named": NAMED, "Aged": AGED}, **{side: {word: [ref("Named"), ref("Aged")]}})
    documented = copy.deepcopy(AGED) | {"title": "Age", "description": "How old", "example": {"age": 3}}
    new = spec({"Named": NAMED, "Years": documented}, **{side: {word: [ref("Named"), ref("Years")]}})
    assert seen(old, new) == {("schema-renamed", "schema Aged", False)}


def test_a_renamed_part_with_another_shape_is_still_removed_and_added() -> None:
    old = spec({"Named": NAMED, "Aged": AGED}, request={"allOf": [ref("Named"), ref("Aged")]})
    older = {"type": "object", "properties": {"age": {"type": "integer", "minimum": 18}}}
    new = spec({"Named": NAMED, "Adult": older}, request={"allOf": [ref("Named"), ref("Adult")]})
    assert {("allof-part-removed", True), ("allof-part-added", True)} <= {(k, b) for k, _, b in seen(old, new)}
    assert ("schema-removed", "schema Aged", True) in seen(old, new)


def test_parts_of_one_shape_are_paired_by_name_first() -> None:
    """Cat and Dog accept the same values; when Cat goes, the report names Cat, not Dog."""
    pets = {"Cat": NAMED, "Dog": copy.deepcopy(NAMED)}
    old = spec(pets, request={"oneOf": [ref("Cat"), ref("Dog")]})
    new = spec(pets, request={"oneOf": [ref("Dog")]})
    (change,) = diff_specs(old, new).changes
    assert (change.kind, change.detail.split(" (used")[0], change.breaking) == (
        "variant-removed",
        "oneOf variant Cat removed (request)",
        True,
    )


def test_unused_schemas_are_renamed_only_when_the_shape_says_which() -> None:
    old = spec({"Named": NAMED, "A": {"type": "string"}, "B": {"type": "integer"}, "C": {"type": "integer"}})
    new = spec({"Named": NAMED, "A2": {"type": "string"}, "B2": {"type": "integer"}, "C2": {"type": "integer"}})
    assert seen(old, new) == {
        ("schema-renamed", "schema A", False),
        *{("schema-removed", f"schema {name}", True) for name in "BC"},  # two of one shape: no guess
        *{("schema-added", f"schema {name}2", False) for name in "BC"},
    }


def test_a_rename_is_found_inside_an_unchanged_variant() -> None:
    """Breed and Colour have one shape, as have Kind and Hue: only the walk, going into Dog (the same on both
    sides), can tell that Breed became Kind; Colour and Hue are then the only pair left of that shape."""

    def pets(breed: str, colour: str) -> dict[str, Any]:
        return {
            "Dog": {"type": "object", "properties": {"breed": ref(breed)}},
            "Cat": NAMED,
            breed: {"type": "string"},
            colour: {"type": "string"},
        }

    old = spec(pets("Breed", "Colour"), response={"oneOf": [ref("Dog"), ref("Cat")]})
    new = spec(pets("Kind", "Hue"), response={"oneOf": [ref("Dog"), ref("Cat")]})
    assert {c.location: c.detail.split(",")[0] for c in diff_specs(old, new).changes} == {
        "schema Breed": "renamed to Kind",
        "schema Colour": "renamed to Hue",
    }


def test_a_recursive_schema_renamed_with_its_shape_is_one_rename() -> None:
    def tree(name: str) -> dict[str, Any]:
        return {"type": "object", "properties": {"children": {"type": "array", "items": ref(name)}}}

    old = spec({"Node": tree("Node")}, response=ref("Node"))
    assert seen(old, spec({"TreeNode": tree("TreeNode")}, response=ref("TreeNode"))) == {
        ("schema-renamed", "schema Node", False)
    }
    named = tree("Named") | {"required": ["name"], "properties": {**tree("Named")["properties"], "name": {}}}
    assert ("schema-removed", "schema Node", True) in seen(old, spec({"Named": named}, response=ref("Named")))


SPELLINGS_30_31 = {  # the same schema as OpenAPI 3.0 and as 3.1 write it
    "nullable as a type list": ({"type": "string", "nullable": True}, {"type": ["string", "null"]}),
    "nullable as a null variant": (
        {"type": "integer", "nullable": True},
        {"anyOf": [{"type": "integer"}, {"type": "null"}]},
    ),
    "nullable $ref as a null variant": (
        {"allOf": [ref("Tag")], "nullable": True},
        {"oneOf": [ref("Tag"), {"type": "null"}]},
    ),
    "binary as contentMediaType": (
        {"type": "string", "format": "binary"},
        {"type": "string", "contentMediaType": "application/octet-stream"},
    ),
    "byte as contentEncoding": ({"type": "string", "format": "byte"}, {"type": "string", "contentEncoding": "base64"}),
    "one-value enum as const": ({"type": "string", "enum": ["cat"]}, {"type": "string", "const": "cat"}),
    "exclusive bound as a number": (
        {"type": "integer", "maximum": 10, "exclusiveMaximum": True},
        {"type": "integer", "exclusiveMaximum": 10},
    ),
    "example as examples": ({"type": "string", "example": "Rex"}, {"type": "string", "examples": ["Rex"]}),
}


@pytest.mark.parametrize("spelling", SPELLINGS_30_31, ids=list(SPELLINGS_30_31))
@pytest.mark.parametrize("side", ["request", "response"])
def test_openapi_3_0_and_3_1_spellings_of_a_property_are_no_change(spelling: str, side: str) -> None:
    schema_30, schema_31 = SPELLINGS_30_31[spelling]
    old = spec({"Pet": {"type": "object", "properties": {"value": schema_30}}, "Tag": NAMED}, **{side: ref("Pet")})
    new = spec(
        {"Pet": {"type": "object", "properties": {"value": schema_31}}, "Tag": NAMED},
        **{side: ref("Pet")},
        openapi="3.1.0",
    )
    assert seen(old, new) == seen(new, old) == set()


TAG_FORMS = {  # ways to write "a Tag" and "a Tag or null"
    "$ref": ref("Tag"),
    "allOf [$ref]": {"allOf": [ref("Tag")], "description": "The tag"},
    "3.0 nullable": {"allOf": [ref("Tag")], "nullable": True},
    "3.1 nullable": {"oneOf": [ref("Tag"), {"type": "null"}]},
}


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("$ref", "allOf [$ref]", set()),
        ("allOf [$ref]", "$ref", set()),
        ("$ref", "3.0 nullable", {("nullable-added", "schema Pet.tag", False)}),
        ("allOf [$ref]", "3.0 nullable", {("nullable-added", "schema Pet.tag", False)}),
        ("3.0 nullable", "allOf [$ref]", {("nullable-removed", "schema Pet.tag", True)}),
        ("3.0 nullable", "$ref", {("nullable-removed", "schema Pet.tag", True)}),
        ("allOf [$ref]", "3.1 nullable", {("nullable-added", "schema Pet.tag", False)}),
        ("3.1 nullable", "allOf [$ref]", {("nullable-removed", "schema Pet.tag", True)}),
    ],
)
def test_a_request_ref_wrapped_in_allof_or_made_nullable_is_no_allof_part_change(
    before: str, after: str, expected: set[tuple[str, str, bool]]
) -> None:
    """A part that is the whole other side adds or removes no constraint: no allof-part line (breaking in a
    request), only the nullability that did change."""

    def pet(form: str) -> dict[str, Any]:
        schemas = {"Pet": {"type": "object", "properties": {"tag": TAG_FORMS[form]}}, "Tag": NAMED}
        return spec(schemas, request=ref("Pet"), openapi="3.1.0" if form == "3.1 nullable" else "3.0.3")

    assert seen(pet(before), pet(after)) == expected


def test_a_binary_body_with_or_without_a_schema_is_the_same() -> None:
    binary = {"type": "string", "format": "binary"}
    with_schema, without = spec({}, response=binary, media="image/png"), spec({}, media="image/png", openapi="3.1.0")
    assert seen(with_schema, without) == seen(without, with_schema) == set()
    text = spec({}, response={"type": "string"}, media="image/png")  # a real change still shows
    assert seen(with_schema, text) == {("format-changed", "POST /pets 200 response", True)}
    assert seen(spec({}), spec({}, response={"type": "string"})) == set()  # JSON without a schema is not bytes
