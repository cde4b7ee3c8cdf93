"""The facade: every resource method sends its operation (sync and async), construction from the environment,
with_options copies, a caller's own httpx client, headers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from propello import AsyncPropello, InvalidArgumentError, Propello, __version__
from propello._calls.operations import operation_of
from propello_api.api import (
    OPERATIONS,
    create_login_url,
    create_user,
    get_group,
    get_group_list,
    get_offer,
    get_offer_list,
    get_user_list,
)
from pytest_httpserver import HTTPServer
from unit_helpers import OK_GROUPS, OK_USER, run, serve_tokens

USER = {"email": "jane@example.com", "first_name": "Jane"}

# Result types through the generated operation modules (`<operation>.Result`), never by schema name.
UserResponse = create_user.Result
LoginUrlResponse = create_login_url.Result
ListResponse = get_user_list.Result
GroupDetailsResponse = get_group.Result
GroupListResponse = get_group_list.Result
OfferResponse = get_offer.Result
assert get_offer_list.Result is ListResponse

DOCUMENTED_OPERATIONS = {
    "create-user",
    "bulk-create-user",
    "get-user-detail",
    "get-user-list",
    "update-user",
    "delete-user",
    "restore-user",
    "login-url",
    "create-login-url",
    "anonymise-user",
    "make-known-user",
    "get-group",
    "get-group-list",
    "get-offer",
    "get-offer-list",
}
"""The docs index's operations, but the token request (the client makes that one itself)."""

# (call, HTTP method, path as the server sees it, JSON body or None, result type)
RESOURCE_CALLS: list[tuple[Callable[[Any], Any], str, str, object, type]] = [
    (lambda c: c.users.create(USER), "POST", "/v3/user/create", USER, UserResponse),
    (
        lambda c: c.users.create(create_user.OPERATION.body_type(email="m@example.com")),
        "POST",
        "/v3/user/create",
        {"email": "m@example.com"},
        UserResponse,
    ),
    (
        lambda c: c.users.create_many([USER]),
        "POST",
        "/v3/user/create/bulk",
        {"send_activation_email": False, "data": [USER]},
        list,
    ),
    (
        lambda c: c.users.get("email", "jane@example.com"),
        "POST",
        "/v3/user/get/email/jane@example.com",
        None,
        UserResponse,
    ),
    (lambda c: c.users.list(), "POST", "/v3/user/list", None, ListResponse),
    (lambda c: c.users.list({"page": 2}), "POST", "/v3/user/list", {"page": 2}, ListResponse),
    (
        lambda c: c.users.update("id", 5, {"first_name": "J"}),
        "POST",
        "/v3/user/update/id/5",
        {"first_name": "J"},
        UserResponse,
    ),
    (lambda c: c.users.delete("UID", "u-1"), "DELETE", "/v3/user/delete/UID/u-1", None, UserResponse),
    (lambda c: c.users.restore("id", 5), "POST", "/v3/user/restore/id/5", None, UserResponse),
    (lambda c: c.users.login_url("email", "a@b.co"), "POST", "/v3/user/login-url/email/a@b.co", None, LoginUrlResponse),
    (lambda c: c.users.create_with_login_url(USER), "POST", "/v3/user/create/login-url", USER, LoginUrlResponse),
    (lambda c: c.users.anonymise("id", "5"), "POST", "/v3/user/anonymise/id/5", None, UserResponse),
    (lambda c: c.users.make_known("UID", "u-1", USER), "POST", "/v3/user/make-known/UID/u-1", USER, UserResponse),
    (lambda c: c.groups.get(), "POST", "/v3/group", None, GroupDetailsResponse),
    (
        lambda c: c.groups.get({"organisation_group_id": 1}),
        "POST",
        "/v3/group",
        {"organisation_group_id": 1},
        GroupDetailsResponse,
    ),
    (lambda c: c.groups.list(), "POST", "/v3/group/list", None, GroupListResponse),
    (lambda c: c.offers.get(42), "POST", "/v3/offers/42", None, OfferResponse),
    (lambda c: c.offers.list(), "POST", "/v3/offers/list", None, ListResponse),
]


def serve_everything(server: HTTPServer) -> None:
    server.expect_request("/v3/group/list").respond_with_json(OK_GROUPS)  # first match wins
    server.expect_request(re.compile("/v3/.*")).respond_with_json(OK_USER)


def check_sent(server: HTTPServer, method: str, path: str, body: object) -> None:
    [(request, _)] = server.log
    assert (request.method, request.path) == (method, path)
    assert request.headers["Authorization"] == "Bearer t"
    assert (json.loads(request.get_data()) if request.get_data() else None) == body


@pytest.mark.parametrize(("call", "method", "path", "body", "result"), RESOURCE_CALLS)
def test_resource_methods_send_their_operation(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    call: Callable[[Any], Any],
    method: str,
    path: str,
    body: object,
    result: type,
) -> None:
    serve_everything(httpserver)
    assert isinstance(call(make_client(client_id=None, client_secret=None, access_token="t")), result)
    check_sent(httpserver, method, path, body)


@pytest.mark.parametrize(("call", "method", "path", "body", "result"), RESOURCE_CALLS)
def test_async_resource_methods_send_their_operation(
    httpserver: HTTPServer,
    make_async_client: Callable[..., AsyncPropello],
    call: Callable[[Any], Any],
    method: str,
    path: str,
    body: object,
    result: type,
) -> None:
    serve_everything(httpserver)

    async def main() -> Any:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            return await call(client)

    assert isinstance(run(main()), result)
    check_sent(httpserver, method, path, body)


def test_the_call_table_covers_every_operation(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_everything(httpserver)
    seen = []
    client = make_client(client_id=None, client_secret=None, access_token="t")
    client.api_client.get_httpx_client().event_hooks["request"].append(lambda request: seen.append(request))
    for call, *_ in RESOURCE_CALLS:
        call(client)
    covered = {operation_of(request) for request in seen}
    # The docs' operations (operations a version bump adds are called by tests/contract, from the spec).
    assert {op for op in OPERATIONS if op.id in DOCUMENTED_OPERATIONS} <= covered


def test_identifier_values_are_one_path_segment(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_everything(httpserver)
    make_client(client_id=None, client_secret=None, access_token="t").users.get("UID", "a/b c")
    [(request, _)] = httpserver.log
    assert request.environ["REQUEST_URI"] == "/v3/user/get/UID/a%2Fb%20c"


def test_from_env(httpserver: HTTPServer, clock: Any) -> None:
    serve_tokens(httpserver)
    httpserver.expect_request("/v3/group/list").respond_with_json(OK_GROUPS)
    environ = {
        "PROPELLO_CLIENT_ID": "12",
        "PROPELLO_CLIENT_SECRET": "env-secret",
        "PROPELLO_BASE_URL": httpserver.url_for("/"),
        "PROPELLO_ACCESS_TOKEN": "",
    }
    with Propello.from_env(environ, rate_limit=None, _clock=clock) as client:
        client.groups.list()
    token_request = httpserver.log[0][0]
    assert json.loads(token_request.get_data())["client_id"] == 12
    assert json.loads(token_request.get_data())["client_secret"] == "env-secret"


def test_from_env_explicit_options_win_and_access_token_alone_works() -> None:
    client = Propello.from_env({"PROPELLO_ACCESS_TOKEN": "tok"}, base_url="http://localhost:9")
    assert client.base_url == "http://localhost:9"
    assert AsyncPropello.from_env({"PROPELLO_ACCESS_TOKEN": "tok"}).base_url == "https://api.yourperx.com"


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        ({}, "PROPELLO_CLIENT_ID and PROPELLO_CLIENT_SECRET, or PROPELLO_ACCESS_TOKEN"),
        ({"PROPELLO_CLIENT_ID": "abc", "PROPELLO_CLIENT_SECRET": "s"}, "PROPELLO_CLIENT_ID must be a positive integer"),
        ({"PROPELLO_CLIENT_ID": "3"}, "client_id and client_secret go together"),
    ],
)
def test_from_env_names_what_is_missing(environ: dict[str, str], problem: str) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(problem)):
        Propello.from_env(environ)


def test_user_agent_and_default_headers(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_everything(httpserver)
    client = make_client(client_id=None, client_secret=None, access_token="t", default_headers={"X-Team": "crm"})
    client.groups.list()
    client.with_options(default_headers={"X-Trace": "abc"}).groups.list()
    first, second = (request.headers for request, _ in httpserver.log)
    assert re.fullmatch(
        rf"propello-cloud/{re.escape(__version__)} \(python [\d.]+\w*; httpx [\d.]+\)", first["User-Agent"]
    )
    assert first["X-Team"] == "crm" and "X-Trace" not in first
    assert second["X-Team"] == "crm" and second["X-Trace"] == "abc"
    assert first["Accept"] == "application/json"


def test_with_options_keeps_a_custom_user_agent(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    serve_everything(httpserver)
    client = make_client(client_id=None, client_secret=None, access_token="t", default_headers={"User-Agent": "crm/2"})
    client.with_options(default_headers={"X-Trace": "abc"}).groups.list()
    [(request, _)] = httpserver.log
    assert request.headers["User-Agent"] == "crm/2"


def test_copies_share_the_pool_and_closing_a_copy_keeps_it_open(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_everything(httpserver)
    client = make_client(client_id=None, client_secret=None, access_token="t")
    copy = client.with_options(max_retries=5, timeout=2.0)
    with copy:
        copy.groups.list()
    client.groups.list()
    assert len(httpserver.log) == 2
    assert "max_retries=5" in repr(copy) and "max_retries=2" in repr(client)


def test_with_options_validates(make_client: Callable[..., Propello]) -> None:
    client = make_client()
    with pytest.raises(InvalidArgumentError):
        client.with_options(max_retries=-1)
    with pytest.raises(InvalidArgumentError):
        client.with_options(timeout=-1)


def test_requests_go_through_the_callers_http_client(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_everything(httpserver)
    seen: list[str] = []
    own = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.method)]})
    client = make_client(http_client=own, client_id=None, client_secret=None, access_token="t")
    client.groups.list()
    client.close()
    assert seen == ["POST"]
    assert not own.is_closed  # the caller's client stays theirs
    own.close()


def test_async_requests_go_through_the_callers_http_client(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    serve_everything(httpserver)
    seen: list[str] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(request.method)

    async def main() -> bool:
        async with httpx.AsyncClient(event_hooks={"request": [hook]}) as own:
            async with make_async_client(http_client=own, client_id=None, client_secret=None, access_token="t") as c:
                await c.groups.list()
            return own.is_closed

    assert run(main()) is False
    assert seen == ["POST"]


def test_no_cookies_are_kept_or_sent(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    httpserver.expect_request("/v3/group/list").respond_with_json(OK_GROUPS, headers={"Set-Cookie": "sticky=1"})
    client = make_client(client_id=None, client_secret=None, access_token="t")
    client.groups.list()
    client.groups.list()
    assert [request.headers.get("Cookie") for request, _ in httpserver.log] == [None, None]
    http = client.api_client.get_httpx_client()
    assert len(http.cookies) == 0
    with pytest.raises(InvalidArgumentError, match="keeps no cookies"):
        http.cookies = {"sticky": "1"}
