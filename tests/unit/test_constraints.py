"""The spec's limits on what a request sends (maxItems on the bulk body, and maxLength, minLength, minimum,
maximum, pattern, minItems wherever the spec has them) are checked before sending: InvalidArgumentError names
the field and the limit, never the value, and nothing reaches the server."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import propello
import pytest
from propello import InvalidArgumentError, Propello
from propello_api.api import bulk_create_user
from propello_api.types import EACH_ITEM, Constraint
from pytest_httpserver import HTTPServer
from request_constraints import operation_constraints
from unit_helpers import json_response, requests_to

BULK_PATH = "/v3/user/create/bulk"


def users(count: int) -> list[dict[str, str]]:
    return [{"email": f"user{i}@example.com"} for i in range(count)]


@pytest.fixture
def client(make_client: Callable[..., Propello]) -> Propello:
    return make_client(client_id=None, client_secret=None, access_token="t")


def test_a_101_user_batch_is_refused_before_sending(httpserver: HTTPServer, client: Propello) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^batch\.data must have at most 100 items, has 101$"):
        client.users.create_batch({"data": users(101)})
    assert httpserver.log == []


def test_100_users_are_sent(httpserver: HTTPServer, client: Propello) -> None:
    httpserver.expect_request(BULK_PATH).respond_with_response(json_response({"status": 200, "data": {}}))
    client.users.create_batch({"data": users(100)})
    assert len(requests_to(httpserver, BULK_PATH)) == 1


def test_the_bulk_limit_comes_from_the_spec() -> None:
    limits = [c for c in bulk_create_user.OPERATION.constraints if c.keyword == "maxItems"]
    assert limits == [Constraint(where=("body", "data"), keyword="maxItems", limit=100)]
    batch_size = inspect.signature(propello.Users.create_many).parameters["batch_size"].default
    assert batch_size == limits[0].limit


@pytest.mark.parametrize(
    ("constraint", "value", "problem"),
    [
        (
            Constraint(("body", "name"), "maxLength", 3),
            {"name": "abcd"},
            "b.name must have at most 3 characters, has 4",
        ),
        (Constraint(("body", "name"), "minLength", 2), {"name": "a"}, "b.name must have at least 2 characters, has 1"),
        (Constraint(("body", "n"), "maximum", 10), {"n": 11}, "b.n must be at most 10"),
        (Constraint(("body", "n"), "maximum", 10, exclusive=True), {"n": 10}, "b.n must be below 10"),
        (Constraint(("body", "n"), "minimum", 0), {"n": -1}, "b.n must be at least 0"),
        (Constraint(("body", "n"), "minimum", 0, exclusive=True), {"n": 0.0}, "b.n must be above 0"),
        (Constraint(("body", "tags"), "minItems", 1), {"tags": []}, "b.tags must have at least 1 items, has 0"),
        (
            Constraint(("body", "data", EACH_ITEM, "code"), "pattern", "^[A-Z]{2}$"),
            {"data": [{"code": "GB"}, {"code": "gbr"}]},
            "b.data[1].code must match the pattern '^[A-Z]{2}$'",
        ),
    ],
)
def test_each_kind_of_limit(constraint: Constraint, value: Any, problem: str) -> None:
    assert list(constraint.problems(value, "b")) == [problem]


@pytest.mark.parametrize(
    ("constraint", "value"),
    [
        (Constraint(("body", "name"), "maxLength", 3), {"name": 12345}),  # a length limits strings only
        (Constraint(("body", "n"), "maximum", 10), {"n": True}),  # a bool is no number
        (Constraint(("body", "n"), "maximum", 10), {}),  # absent: nothing to check
        (Constraint(("body", "data", EACH_ITEM, "code"), "pattern", "^x"), {"data": "not a list"}),
        (Constraint(("body", "name"), "maxLength", 3), {"name": "abc"}),
    ],
)
def test_what_a_limit_does_not_apply_to(constraint: Constraint, value: Any) -> None:
    assert list(constraint.problems(value, "b")) == []


def test_messages_never_show_the_value() -> None:
    secret = "jane.secret@example.com"
    (problem,) = Constraint(("body", "email"), "pattern", "^[0-9]+$").problems({"email": secret}, "user")
    assert secret not in problem


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "components": {
        "schemas": {
            "Name": {"type": "string", "maxLength": 40, "pattern": "^[^<>]*$"},
            "Person": {
                "allOf": [
                    {"type": "object", "properties": {"name": {"$ref": "#/components/schemas/Name"}}},
                    {"properties": {"age": {"type": "integer", "minimum": 0, "exclusiveMaximum": 150}}},
                ]
            },
            "Node": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}},
        }
    },
}


def test_the_generator_side_reads_bodies_parameters_refs_and_allof() -> None:
    operation = {
        "parameters": [{"name": "pageSize", "in": "query", "schema": {"type": "integer", "maximum": 50}}],
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "people": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"$ref": "#/components/schemas/Person"},
                            },
                            "root": {"$ref": "#/components/schemas/Node"},
                            "either": {"oneOf": [{"type": "string", "maxLength": 1}, {"type": "integer"}]},
                        },
                    }
                }
            }
        },
    }
    path_item = {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"maxLength": 8}}]}
    found = {
        (tuple(c["where"]), c["keyword"]): (c["limit"], c["exclusive"])
        for c in operation_constraints(SPEC, path_item, operation)
    }
    assert found == {
        (("id",), "maxLength"): (8, False),
        (("page_size",), "maximum"): (50, False),
        (("body", "people"), "minItems"): (1, False),
        (("body", "people", "[]", "age"), "minimum"): (0, False),
        (("body", "people", "[]", "age"), "maximum"): (150, True),
        (("body", "people", "[]", "name"), "maxLength"): (40, False),
        (("body", "people", "[]", "name"), "pattern"): ("^[^<>]*$", False),
    }, "a oneOf's variants are not guessed at; a recursive schema ends"
