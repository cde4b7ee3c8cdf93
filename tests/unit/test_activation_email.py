"""Bulk creation says in words whether new users get the activation email: "send", "skip" or "group-default".
The default, "skip", is what the PHP SDK sends (`"send_activation_email": false`); it is in the signatures of
create_many and the generated create_batch, and both come from the overlay's x-propello-options."""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Callable
from typing import Any

import propello
import pytest
from propello import AsyncPropello, InvalidArgumentError, Propello
from propello_api.api import bulk_create_user
from propello_api.api.user import AsyncUsersResource, UsersResource
from pytest_httpserver import HTTPServer
from unit_helpers import json_response, requests_to, run

BULK_PATH = "/v3/user/create/bulk"
FLAG = "send_activation_email"


def users(count: int) -> list[dict[str, str]]:
    return [{"email": f"user{i}@example.com"} for i in range(count)]


def serve_bulk(server: HTTPServer) -> None:
    server.expect_request(BULK_PATH, method="POST").respond_with_response(json_response({"status": 200, "data": {}}))


def bodies(server: HTTPServer) -> list[dict[str, Any]]:
    return [json.loads(request.get_data()) for request in requests_to(server, BULK_PATH)]


@pytest.fixture
def client(make_client: Callable[..., Propello]) -> Propello:
    return make_client(client_id=None, client_secret=None, access_token="t")


def test_the_default_is_skip_as_the_php_sdk_sends(httpserver: HTTPServer, client: Propello) -> None:
    serve_bulk(httpserver)
    client.users.create_many(users(150))
    assert [body[FLAG] for body in bodies(httpserver)] == [False, False]


@pytest.mark.parametrize(("choice", "sent"), [("send", True), ("skip", False), ("group-default", None)])
def test_each_choice_on_the_wire(httpserver: HTTPServer, client: Propello, choice: Any, sent: bool | None) -> None:
    serve_bulk(httpserver)
    client.users.create_many(users(3), batch_size=2, activation_email=choice)
    client.users.create_batch({"data": users(1)}, activation_email=choice)
    for body in bodies(httpserver):
        assert body.get(FLAG, None) is sent
        assert (FLAG in body) is (sent is not None), "group-default leaves the flag out"


def test_create_batch_defaults_to_skip_too(httpserver: HTTPServer, client: Propello) -> None:
    serve_bulk(httpserver)
    client.users.create_batch({"data": users(2)})
    assert bodies(httpserver) == [{FLAG: False, "data": users(2)}]


@pytest.mark.parametrize("choice", [True, False, None, "yes", "SEND", "group_default"])
def test_anything_else_is_refused_before_sending(httpserver: HTTPServer, client: Propello, choice: Any) -> None:
    with pytest.raises(InvalidArgumentError, match=r"activation_email must be one of send, skip, group-default"):
        client.users.create_many(users(2), activation_email=choice)
    with pytest.raises(InvalidArgumentError, match=r"activation_email must be one of"):
        client.users.create_batch({"data": users(2)}, activation_email=choice)
    assert httpserver.log == []


def test_the_flag_in_a_body_is_refused_for_the_argument(httpserver: HTTPServer, client: Propello) -> None:
    with pytest.raises(InvalidArgumentError, match=r"batch\.send_activation_email: say it with activation_email="):
        client.users.create_batch({FLAG: True, "data": users(1)})
    assert httpserver.log == []


def test_the_old_keyword_is_gone(client: Propello) -> None:
    with pytest.raises(TypeError, match="send_activation_email"):
        client.users.create_many(users(1), send_activation_email=False)  # type: ignore[call-arg]


def test_async_create_many_and_create_batch(httpserver: HTTPServer, make_async_client: Callable[..., Any]) -> None:
    serve_bulk(httpserver)

    async def main() -> None:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            assert isinstance(client, AsyncPropello)
            await client.users.create_many(users(2))
            await client.users.create_many(users(2), activation_email="send")
            await client.users.create_batch({"data": users(1)}, activation_email="group-default")

    run(main())
    assert [body.get(FLAG) for body in bodies(httpserver)] == [False, True, None]


def default_of(function: Callable[..., Any]) -> Any:
    return inspect.signature(function).parameters["activation_email"].default


def test_one_default_everywhere_and_in_the_docstrings() -> None:
    (option,) = bulk_create_user.OPERATION.options
    assert option.default == "skip"
    functions = [
        propello.Users.create_many,
        propello.AsyncUsers.create_many,
        UsersResource.create_batch,
        AsyncUsersResource.create_batch,
    ]
    assert {default_of(function) for function in functions} == {"skip"}
    for function in functions:
        assert "PHP SDK" in (inspect.getdoc(function) or ""), function.__qualname__


def test_the_choices_are_one_exported_literal() -> None:
    assert typing.get_args(propello.ActivationEmail) == ("send", "skip", "group-default")
    assert "ActivationEmail" in propello.__all__
