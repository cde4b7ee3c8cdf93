"""The raw response of every resource method (`client.<resource>.with_raw_response.<method>(...)`, as Stainless
SDKs have it): status, headers, request id, retries taken and time waited on the rate limit, then `.parse()` for
what the plain method returns; and errors that carry `request_id` and `retries_taken`. Tracing plays no part: these
clients have it off."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from functools import cached_property
from typing import Any

import pytest
from otel_helpers import call
from propello import (
    APIConnectionError,
    AsyncPropello,
    InternalServerError,
    Propello,
    RateLimit,
    RawResponse,
    UnprocessableEntityError,
)
from propello_api.api import AsyncResources, Resources, bulk_create_user
from propello_api.models import UserResponse
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, SECRET, json_response, serve_sequence

READ_PATH = "/v3/user/get/id/7"
MODES = ["sync", "async"]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    chosen: str = request.param
    return chosen


@pytest.fixture
def make(
    mode: str, make_client: Callable[..., Propello], make_async_client: Callable[..., AsyncPropello]
) -> Callable[..., Any]:
    """A client of the test's mode with tracing off."""
    chosen = make_client if mode == "sync" else make_async_client
    return lambda **overrides: chosen(**{"tracing": False, **overrides})


def raw_get(client: Any) -> Any:
    return client.users.with_raw_response.get("id", 7)


def test_raw_response_of_a_first_time_success(httpserver: HTTPServer, mode: str, make: Callable[..., Any]) -> None:
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(
        json_response(OK_USER, headers={"x-request-id": "req-42", "x-extra": "yes"})
    )
    raw = call(mode, make(), raw_get)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req-42"
    assert raw.headers["X-Extra"] == "yes"
    assert raw.request_id == "req-42"
    assert raw.retries_taken == 0
    assert raw.rate_limit_wait == 0.0
    parsed = raw.parse()
    assert isinstance(parsed, UserResponse)
    assert parsed.status == 200
    assert raw.parse() is parsed


def test_raw_response_after_two_retries(httpserver: HTTPServer, mode: str, make: Callable[..., Any]) -> None:
    unavailable = json_response({"message": "later"}, 503, headers={"x-request-id": "req-1"})
    serve_sequence(
        httpserver, READ_PATH, unavailable, unavailable, json_response(OK_USER, headers={"x-request-id": "req-3"})
    )
    raw = call(mode, make(), raw_get)
    assert (raw.status_code, raw.request_id, raw.retries_taken) == (200, "req-3", 2)


def test_raw_response_shows_the_rate_limit_wait(httpserver: HTTPServer, mode: str, make: Callable[..., Any]) -> None:
    """One permit a minute: the second call waited a minute (fake clock); the first did not."""
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))

    async def twice_async(client: Any) -> tuple[Any, Any]:
        return await raw_get(client), await raw_get(client)

    def twice(client: Any) -> Any:
        return twice_async(client) if mode == "async" else (raw_get(client), raw_get(client))

    first, second = call(mode, make(rate_limit=RateLimit(calls=1, period=60.0)), twice)
    assert first.rate_limit_wait == 0.0
    assert second.rate_limit_wait == pytest.approx(60.0)


def test_create_many_gives_one_raw_response_per_batch(
    httpserver: HTTPServer, mode: str, make: Callable[..., Any]
) -> None:
    httpserver.expect_request("/v3/user/create/bulk", method="POST").respond_with_response(
        json_response({"status": 200, "data": {"created": 2}}, headers={"x-request-id": "bulk"})
    )
    people = [{"email": f"user{i}@example.com", "first_name": f"User{i}"} for i in range(3)]
    raws = call(mode, make(), lambda client: client.users.with_raw_response.create_many(people, batch_size=2))
    assert [raw.status_code for raw in raws] == [200, 200]
    assert [raw.request_id for raw in raws] == ["bulk", "bulk"]
    assert all(isinstance(raw.parse(), bulk_create_user.Result) for raw in raws)


def resource_names(resources: type) -> list[str]:
    return [name for name, value in vars(resources).items() if isinstance(value, cached_property)]


SEVERAL_CALLS = {"iter_all"}
"""Helpers that return a listing over any number of calls (users.iter_all) rather than one answer: no raw twin."""


def public_methods(resource: object) -> list[str]:
    return [
        name
        for name, value in inspect.getmembers(type(resource), inspect.isfunction)
        if not name.startswith("_") and name != "with_raw_response" and name not in SEVERAL_CALLS
    ]


@pytest.mark.parametrize("mode", MODES)
def test_every_resource_method_has_its_raw_twin(
    make_client: Callable[..., Propello], make_async_client: Callable[..., AsyncPropello], mode: str
) -> None:
    """Every method of every resource, the generated ones and helpers like create_many, on both clients; the raw
    twin of a coroutine method is a coroutine method."""
    client: Any = make_client() if mode == "sync" else make_async_client()
    names = resource_names(Resources if mode == "sync" else AsyncResources)
    assert names == ["oauth", "users", "groups", "offers"]
    for name in names:
        resource = getattr(client, name)
        methods = public_methods(resource)
        assert methods, name
        raw = resource.with_raw_response
        for method in methods:
            twin = getattr(raw, method)
            assert inspect.iscoroutinefunction(twin) is inspect.iscoroutinefunction(getattr(resource, method))
    assert "create_many" in public_methods(client.users)


def test_a_raw_response_shows_no_secret(
    httpserver: HTTPServer, make_client: Callable[..., Propello], credentials: dict[str, Any]
) -> None:
    from unit_helpers import serve_tokens, token

    serve_tokens(httpserver)
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    raw = make_client(tracing=False, **credentials).users.with_raw_response.get("id", 7)
    assert SECRET not in repr(raw) and token(1) not in repr(raw)
    assert "Authorization" not in raw.headers


def test_a_status_error_carries_request_id_and_retries_taken(
    httpserver: HTTPServer, mode: str, make: Callable[..., Any]
) -> None:
    serve_sequence(httpserver, READ_PATH, json_response({"message": "down"}, 500, headers={"x-request-id": "req-9"}))
    with pytest.raises(InternalServerError) as caught:
        call(mode, make(), lambda client: client.users.get("id", 7))
    assert (caught.value.request_id, caught.value.retries_taken) == ("req-9", 2)


def test_a_write_refused_first_time_took_no_retry(httpserver: HTTPServer, mode: str, make: Callable[..., Any]) -> None:
    httpserver.expect_request("/v3/user/create", method="POST").respond_with_response(
        json_response({"message": "invalid", "errors": {"email": ["bad"]}}, 422, headers={"request-id": "req-422"})
    )
    with pytest.raises(UnprocessableEntityError) as caught:
        call(mode, make(), lambda client: client.users.create({"email": "x@example.com"}))
    assert (caught.value.request_id, caught.value.retries_taken) == ("req-422", 0)


def test_a_connection_error_carries_retries_taken(mode: str, make: Callable[..., Any], dead_url: str) -> None:
    with pytest.raises(APIConnectionError) as caught:
        call(mode, make(base_url=dead_url), lambda client: client.users.get("id", 7))
    assert caught.value.retries_taken == 2
    assert caught.value.request_id is None


def test_raw_twins_of_async_methods_are_awaited(httpserver: HTTPServer, make_async_client: Callable[..., Any]) -> None:
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))

    async def main() -> RawResponse[UserResponse]:
        async with make_async_client(tracing=False) as client:
            pending = client.users.with_raw_response.get("id", 7)
            assert inspect.isawaitable(pending)
            raw: RawResponse[UserResponse] = await pending
            return raw

    assert asyncio.run(main()).status_code == 200
