"""Operations the spec marks as needing no auth (`security: []`, or none declared) go out with no Authorization
header and never make the client fetch a token: `oauth.request_token` is one request, as the PHP SDK sends it.
Which operations those are comes from the spec, through the generated operation metadata."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from generate import effective_spec
from propello import AsyncPropello, Propello
from propello_api.api import OPERATIONS
from pytest_httpserver import HTTPServer
from resource_names import METHODS, generator_path, requires_auth
from unit_helpers import OK_USER, SECRET, TOKEN_PATH, json_response, requests_to, run, serve_tokens, token

ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = {"client_id": 1, "client_secret": SECRET, "grant_type": "client_credentials", "scope": "*"}
USER_PATH = "/v3/user/get/email/jane@example.com"  # as the test server decodes it


def only_token_requests(server: HTTPServer) -> list[Any]:
    assert [request.path for request, _ in server.log] == [TOKEN_PATH], "exactly one request, to the token endpoint"
    return requests_to(server, TOKEN_PATH)


def test_request_token_on_a_new_client_is_one_request_without_authorization(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_tokens(httpserver)
    result = make_client().oauth.request_token(CREDENTIALS)
    assert result.access_token == token(1)
    (sent,) = only_token_requests(httpserver)
    assert "Authorization" not in sent.headers
    assert json.loads(sent.get_data()) == CREDENTIALS


def test_request_token_with_a_pre_issued_token_sends_no_token(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_tokens(httpserver)
    client = make_client(client_id=None, client_secret=None, access_token="pre-issued-token")
    client.oauth.request_token(CREDENTIALS)
    (sent,) = only_token_requests(httpserver)
    assert "Authorization" not in sent.headers


def test_async_request_token_is_one_request_without_authorization(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    serve_tokens(httpserver)

    async def main() -> None:
        async with make_async_client(access_token="pre-issued-token") as client:
            await client.oauth.request_token(CREDENTIALS)

    run(main())
    (sent,) = only_token_requests(httpserver)
    assert "Authorization" not in sent.headers


def test_a_token_fetched_by_the_client_still_goes_to_the_operations_that_need_one(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    serve_tokens(httpserver)
    httpserver.expect_request(USER_PATH, method="POST").respond_with_response(json_response(OK_USER))
    client = make_client()
    client.oauth.request_token(CREDENTIALS)  # explicit: no token of the client's own is fetched for it
    client.users.get("email", "jane@example.com")
    paths = [request.path for request, _ in httpserver.log]
    assert paths == [TOKEN_PATH, TOKEN_PATH, USER_PATH]
    assert [request.headers.get("Authorization") for request, _ in httpserver.log] == [
        None,
        None,
        f"Bearer {token(2)}",
    ]


def test_a_401_from_an_operation_without_auth_is_final(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_response(
        json_response({"message": "invalid client"}, status=401)
    )
    with pytest.raises(Exception, match="401"):
        make_client().oauth.request_token(CREDENTIALS)
    assert len(requests_to(httpserver, TOKEN_PATH)) == 1, "no token fetch, no replay"


def effective_security() -> dict[tuple[str, str], bool]:
    spec = effective_spec(ROOT / "openapi" / "openapi.yaml", ROOT / "openapi" / "overlay.yaml")
    return {
        (method.upper(), generator_path(path)): requires_auth(spec, operation)
        for path, item in spec["paths"].items()
        for method in METHODS
        if isinstance(operation := item.get(method), dict)
    }


def test_the_metadata_says_what_the_spec_says() -> None:
    expected = effective_security()
    assert {(op.method, op.path): op.requires_auth for op in OPERATIONS} == expected
    assert expected[("POST", TOKEN_PATH)] is False, "the docs' token operation has security: []"
    assert sum(expected.values()) == len(expected) - 1


@pytest.mark.parametrize(
    ("root", "operation", "needs_token"),
    [
        ([{"BearerAuth": []}], None, True),
        ([{"BearerAuth": []}], [], False),
        (None, None, False),
        ([], None, False),
        (None, [{"BearerAuth": []}], True),
        ([{"BearerAuth": []}], [{}], False),
        ([{"BearerAuth": []}], [{}, {"BearerAuth": []}], False),
        ([{"BearerAuth": [], "ApiKey": []}], None, True),
    ],
    ids=["inherits", "empty", "absent", "root-empty", "own", "anonymous", "optional", "both-schemes"],
)
def test_effective_security(root: Any, operation: Any, needs_token: bool) -> None:
    spec: dict[str, Any] = {} if root is None else {"security": root}
    op: dict[str, Any] = {} if operation is None else {"security": operation}
    assert requires_auth(spec, op) is needs_token
