"""Tokens: cached, renewed before expiry, fetched once under concurrency, renewed and replayed once on a 401."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from propello import (
    APIResponseValidationError,
    AsyncPropello,
    AuthenticationError,
    InternalServerError,
    MemoryTokenStore,
    Propello,
)
from propello._tokens.auth import ClientCredentials, TokenAuth
from pytest_httpserver import HTTPServer
from unit_helpers import (
    OK_USER,
    SECRET,
    TOKEN_PATH,
    json_response,
    requests_to,
    run,
    serve_tokens,
    token,
)
from werkzeug import Request, Response

USER_PATH = "/v3/user/get/id/7"


def serve_user_for(server: HTTPServer, accepted: set[str]) -> None:
    """The user endpoint: 200 for a Bearer token in `accepted`, 401 otherwise."""

    def answer(request: Request) -> Response:
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return json_response(OK_USER) if bearer in accepted else json_response({"message": "Unauthenticated."}, 401)

    server.expect_request(USER_PATH).respond_with_handler(answer)


def test_token_is_fetched_once_and_sent_as_bearer(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_tokens(httpserver)
    serve_user_for(httpserver, {token(1)})
    client = make_client(scope="users")
    for _ in range(3):
        client.users.get("id", 7)
    [token_request] = requests_to(httpserver, TOKEN_PATH)
    assert json.loads(token_request.get_data()) == {
        "client_id": 1,
        "client_secret": SECRET,
        "grant_type": "client_credentials",
        "scope": "users",
    }
    assert "Authorization" not in token_request.headers
    assert [r.headers["Authorization"] for r in requests_to(httpserver, USER_PATH)] == [f"Bearer {token(1)}"] * 3


def test_token_is_renewed_shortly_before_it_expires(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_tokens(httpserver, expires_in=3600)  # margin: min(60 s, 10% of 3600 s) = 60 s
    serve_user_for(httpserver, {token(1), token(2)})
    client = make_client()
    client.users.get("id", 7)
    clock.advance(3600 - 60 - 0.001)
    client.users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1
    clock.advance(0.001)
    client.users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2
    assert requests_to(httpserver, USER_PATH)[-1].headers["Authorization"] == f"Bearer {token(2)}"


def test_short_lived_token_keeps_ninety_percent_of_its_life(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_tokens(httpserver, expires_in=100)  # margin: 10 s
    serve_user_for(httpserver, {token(1), token(2)})
    client = make_client()
    client.users.get("id", 7)
    clock.advance(89.9)
    client.users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1
    clock.advance(0.1)
    client.users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2


def slow_tokens(server: HTTPServer) -> None:
    """A token endpoint slow enough that every concurrent caller is waiting while the first fetch is in flight."""

    def issue(_: Request) -> Response:
        time.sleep(0.05)
        return json_response({"access_token": token(1), "expires_in": 3600})

    server.expect_request(TOKEN_PATH).respond_with_handler(issue)


def test_twenty_threads_share_one_token_request(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    slow_tokens(httpserver)
    serve_user_for(httpserver, {token(1)})
    client = make_client()
    start = threading.Barrier(20)

    def call(_: int) -> object:
        start.wait()
        return client.users.get("id", 7)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(call, range(20)))
    assert len(results) == 20
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1
    assert len(requests_to(httpserver, USER_PATH)) == 20


def test_twenty_tasks_share_one_token_request(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    slow_tokens(httpserver)
    serve_user_for(httpserver, {token(1)})

    async def main() -> list[object]:
        async with make_async_client() as client:
            return list(await asyncio.gather(*(client.users.get("id", 7) for _ in range(20))))

    assert len(run(main())) == 20
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1
    assert len(requests_to(httpserver, USER_PATH)) == 20


def test_401_renews_the_token_and_replays_once(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_tokens(httpserver)
    serve_user_for(httpserver, {token(2)})
    client = make_client()
    assert client.users.get("id", 7).status == 200
    sent = [r.headers["Authorization"] for r in requests_to(httpserver, USER_PATH)]
    assert sent == [f"Bearer {token(1)}", f"Bearer {token(2)}"]
    client.users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2  # the renewed token is kept


def test_second_401_raises_authentication_error(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_tokens(httpserver)
    serve_user_for(httpserver, set())
    with pytest.raises(AuthenticationError) as caught:
        make_client().users.get("id", 7)
    assert caught.value.status_code == 401
    assert caught.value.message.endswith("Unauthenticated.")
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2
    assert len(requests_to(httpserver, USER_PATH)) == 2


def test_async_401_renews_and_replays(httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]) -> None:
    serve_tokens(httpserver)
    serve_user_for(httpserver, {token(2)})

    async def main() -> int | object:
        async with make_async_client() as client:
            return (await client.users.get("id", 7)).status

    assert run(main()) == 200
    assert len(requests_to(httpserver, TOKEN_PATH)) == 2


def test_pre_issued_token_without_credentials_cannot_be_renewed(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_user_for(httpserver, set())
    client = make_client(client_id=None, client_secret=None, access_token="pre-issued-token-77")
    with pytest.raises(AuthenticationError):
        client.users.get("id", 7)
    assert requests_to(httpserver, TOKEN_PATH) == []
    assert [r.headers["Authorization"] for r in requests_to(httpserver, USER_PATH)] == ["Bearer pre-issued-token-77"]


def test_pre_issued_token_with_credentials_is_renewed_on_401(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_tokens(httpserver)
    serve_user_for(httpserver, {token(1)})
    make_client(access_token="expired-token").users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1


def test_rejected_credentials_raise_authentication_error(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    httpserver.expect_request(TOKEN_PATH).respond_with_json({"error": "invalid_client"}, status=401)
    with pytest.raises(AuthenticationError) as caught:
        make_client().users.get("id", 7)
    assert "/v3/oauth/token" in str(caught.value)
    assert SECRET not in str(caught.value)
    assert requests_to(httpserver, USER_PATH) == []


def test_token_endpoint_errors_are_retried_as_a_read(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    httpserver.expect_request(TOKEN_PATH).respond_with_data("down", status=503)
    with pytest.raises(InternalServerError):
        make_client(max_retries=2).users.get("id", 7)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 3


@pytest.mark.parametrize("body", [b"<html>oops</html>", b'{"token_type": "Bearer"}', b"[1, 2]"])
def test_unusable_token_response_raises_validation_error(
    httpserver: HTTPServer, make_client: Callable[..., Propello], body: bytes
) -> None:
    httpserver.expect_request(TOKEN_PATH).respond_with_data(body, content_type="application/json")
    with pytest.raises(APIResponseValidationError):
        make_client().users.get("id", 7)
    assert requests_to(httpserver, USER_PATH) == []


def test_a_token_renewed_by_another_caller_is_not_dropped(clock: Any) -> None:
    """Two requests fail with the same token; the second one to renew reuses the first one's new token."""
    store = MemoryTokenStore()
    auth = TokenAuth(
        token_url="https://api.test/v3/oauth/token",
        credentials=ClientCredentials(1, SECRET, "*"),
        store=store,
        clock=clock,
    )

    def token_response(request: httpx.Request, value: str) -> httpx.Response:
        return httpx.Response(200, json={"access_token": value, "expires_in": 3600}, request=request)

    first = auth.sync_auth_flow(httpx.Request("POST", "https://api.test/v3/user/get/id/1"))
    assert next(first).url.path == "/v3/oauth/token"
    request_a = first.send(token_response(httpx.Request("POST", "https://api.test/v3/oauth/token"), "t1"))
    second = auth.sync_auth_flow(httpx.Request("POST", "https://api.test/v3/user/get/id/2"))
    request_b = next(second)
    assert request_a.headers["Authorization"] == request_b.headers["Authorization"] == "Bearer t1"

    renew = first.send(httpx.Response(401, request=request_a))
    assert renew.url.path == "/v3/oauth/token"
    replay_a = first.send(token_response(renew, "t2"))
    assert replay_a.headers["Authorization"] == "Bearer t2"

    replay_b = second.send(httpx.Response(401, request=request_b))
    assert replay_b.url.path == "/v3/user/get/id/2"
    assert replay_b.headers["Authorization"] == "Bearer t2"
    stored = store.get()
    assert stored is not None and stored.access_token == "t2"
