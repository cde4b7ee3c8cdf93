"""The client secret and tokens never show in a repr, str, exception or log record; logs carry templates only."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from propello import (
    APIConnectionError,
    AsyncPropello,
    AuthenticationError,
    FileTokenStore,
    HttpxPathFilter,
    MemoryTokenStore,
    NotFoundError,
    Propello,
    StoredToken,
    UnprocessableEntityError,
)
from propello._logging import logger
from pytest_httpserver import HTTPServer
from unit_helpers import SECRET, TOKEN_PATH, json_response, serve_sequence, serve_tokens, token
from werkzeug import Request, Response

USER_PATH = "/v3/user/get/email/private.person@example.com"
HTTPX_LOGGER = logging.getLogger("httpx")


def assert_no_secret(text: str) -> None:
    for secret in (SECRET, token(1), token(2), "pre-issued-secret-token"):
        assert secret not in text


def test_reprs_hide_secrets(make_client: Callable[..., Propello], tmp_path: Path) -> None:
    client = make_client(access_token="pre-issued-secret-token")
    store = MemoryTokenStore()
    store.set(StoredToken(token(1), expires_at=None))
    file_store = FileTokenStore(tmp_path / "t.json")
    file_store.set(StoredToken(token(2), expires_at=5.0))
    shown = [client, client.with_options(max_retries=1), client._shared, client._http.auth, store, file_store]
    shown += [store.get(), file_store.get(), client._shared.settings, client._shared.settings.credentials]
    shown += [client.api_client, AsyncPropello(client_id=1, client_secret=SECRET)]
    for value in shown:
        assert_no_secret(repr(value))
        assert_no_secret(str(value))
    assert "***" in repr(client)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger (ours, httpx, httpcore) at DEBUG."""
    caplog.set_level(logging.DEBUG)
    yield caplog


def test_debug_logs_hold_no_secret_and_no_concrete_path(
    httpserver: HTTPServer, make_client: Callable[..., Propello], debug_logs: pytest.LogCaptureFixture
) -> None:
    serve_tokens(httpserver)
    serve_sequence(
        httpserver,
        USER_PATH,
        json_response({}, 503),
        json_response({"message": "Unauthenticated."}, 401),
        json_response({"message": "Unauthenticated."}, 401),
    )
    with pytest.raises(AuthenticationError) as caught:
        make_client().users.get("email", "private.person@example.com")
    assert_no_secret(f"{caught.value} {caught.value!r}")
    records = debug_logs.records
    assert any(r.name == "httpcore.http11" for r in records)  # the transport's own DEBUG logs were on
    for record in records:
        assert_no_secret(record.getMessage())
    ours = [r.getMessage() for r in records if r.name == "propello"]
    assert any(
        "-> 503 (attempt 1); retrying in" in m and "/v3/user/get/{identifier}/{identifier_value}" in m for m in ours
    )
    assert any("access token rejected (401)" in m for m in ours)
    assert not any("private.person" in m for m in ours)
    assert len([r for r, _ in httpserver.log if r.path == TOKEN_PATH]) == 2


@pytest.fixture
def propello_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PROPELLO_LOG=debug, and whatever it adds to the propello and httpx loggers removed afterwards."""
    before, httpx_before = list(logger.handlers), list(HTTPX_LOGGER.filters)
    monkeypatch.setenv("PROPELLO_LOG", "debug")
    yield
    for handler in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(handler)
    for added in [f for f in HTTPX_LOGGER.filters if f not in httpx_before]:
        HTTPX_LOGGER.removeFilter(added)
    logger.setLevel(logging.NOTSET)


def test_propello_log_switches_on_one_handler_and_one_httpx_filter(propello_log: None) -> None:
    before, httpx_before = list(logger.handlers), list(HTTPX_LOGGER.filters)
    Propello(access_token="t")
    Propello(access_token="t")
    assert len([h for h in logger.handlers if h not in before]) == 1
    assert [type(f) for f in HTTPX_LOGGER.filters if f not in httpx_before] == [HttpxPathFilter]
    assert logger.level == logging.DEBUG


def test_propello_log_unset_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROPELLO_LOG", raising=False)
    before, httpx_before = list(logger.handlers), list(HTTPX_LOGGER.filters)
    Propello(access_token="t")
    assert logger.handlers == before and HTTPX_LOGGER.filters == httpx_before


def test_under_propello_log_httpx_request_lines_show_path_templates(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    propello_log: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    httpserver.expect_request(USER_PATH).respond_with_json({"message": "No such user."}, status=404)
    httpserver.expect_request("/_mock/internal/jane@example.com").respond_with_data("x")
    client = make_client(client_id=None, client_secret=None, access_token="pre-issued-secret-token")
    caplog.set_level(logging.INFO, logger="httpx")
    with pytest.raises(NotFoundError):
        client.users.get("email", "private.person@example.com")
    client.api_client.get_httpx_client().post("/_mock/internal/jane@example.com")  # a path no operation has
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]  # our client's and the pool's
    base = httpserver.url_for("/").rstrip("/")
    assert {line.split(' "HTTP/')[0] for line in lines} == {
        f"HTTP Request: POST {base}/v3/user/get/{{identifier}}/{{identifier_value}}",
        f"HTTP Request: POST {base}/<path hidden>",
    }


SLASHED_SECRET = "s3cr/et+key/with-slashes=="
SLASHED_TOKEN = "tok/en+abc/def-0123456789=="


def echo(request: Request) -> Response:
    """A careless server's 4xx: what it was sent (token and body) in its message, field errors, body and a header,
    as PHP's json_encode writes it (/ as \\/), and URL-encoded too."""
    sent = request.get_data(as_text=True)
    authorization = request.headers.get("Authorization", "")
    payload = {
        "message": f"Rejected {authorization} for {sent}",
        "errors": {"client_secret": [f"{SLASHED_SECRET} is wrong"], "token": [quote(SLASHED_TOKEN, safe="")]},
        "echo": {SLASHED_SECRET: sent},
    }
    body = json.dumps(payload).replace("/", "\\/")
    return Response(body, status=422, content_type="application/json", headers={"X-Echo": authorization or sent})


def everything_reachable(error: BaseException) -> str:
    """Messages, attributes, the response (content, headers, history) and its request, through the whole chain."""
    texts = []
    link: BaseException | None = error
    while link is not None:
        texts += [str(link), repr(link), repr(link.args), repr(vars(link))]
        response = getattr(link, "response", None)
        if isinstance(response, httpx.Response):
            texts += [response.text, repr(response.headers.multi_items()), repr(response.history)]
            texts += [response.request.content.decode(), repr(response.request.headers.multi_items())]
        if isinstance(link, httpx.HTTPError):
            texts += [link.request.content.decode(), repr(link.request.headers.multi_items())]
        link = link.__cause__ or link.__context__
    return "\n".join(texts)


def test_a_token_endpoint_echoing_the_secret_gets_it_masked_everywhere(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    httpserver.expect_request(TOKEN_PATH).respond_with_handler(echo)
    with pytest.raises(UnprocessableEntityError) as caught:
        make_client(client_secret=SLASHED_SECRET).users.get("id", 7)
    error = caught.value
    reachable = everything_reachable(error)
    for form in (SLASHED_SECRET, SLASHED_SECRET.replace("/", "\\/"), quote(SLASHED_SECRET, safe="")):
        assert form not in reachable
    assert "***" in str(error) and error.errors["client_secret"] == ["*** is wrong"]
    assert json.loads(error.response.request.content)["client_secret"] == "***"
    assert error.response.history == []
    assert "POST /v3/oauth/token" in str(error) and error.may_have_been_processed is False


def test_an_api_error_echoing_the_token_gets_it_masked_everywhere(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    httpserver.expect_request(TOKEN_PATH).respond_with_json(
        {"token_type": "Bearer", "expires_in": 3600, "access_token": SLASHED_TOKEN}
    )
    httpserver.expect_request(USER_PATH).respond_with_handler(echo)
    with pytest.raises(UnprocessableEntityError) as caught:
        make_client().users.get("email", "private.person@example.com")
    reachable = everything_reachable(caught.value)
    for secret in (SLASHED_TOKEN, SLASHED_TOKEN.replace("/", "\\/"), quote(SLASHED_TOKEN, safe=""), SECRET):
        assert secret not in reachable
    assert caught.value.response.request.headers["Authorization"] == "***"
    assert caught.value.headers["X-Echo"] == "Bearer ***"
    assert caught.value.response.history == []  # httpx put the token response (and its token) there


def test_a_connection_error_keeps_only_a_redacted_request(make_client: Callable[..., Propello], dead_url: str) -> None:
    """Through a caller's own httpx client, whose send() sets the request on its exception."""
    with pytest.raises(APIConnectionError) as caught:
        make_client(base_url=dead_url, max_retries=0).users.get("id", 7)  # the token request fails
    cause = caught.value.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert json.loads(cause.request.content)["client_secret"] == "***"
    assert SECRET not in everything_reachable(caught.value)
    with pytest.raises(APIConnectionError) as call:
        make_client(base_url=dead_url, client_id=None, client_secret=None, access_token=SLASHED_TOKEN).groups.list()
    assert isinstance(call.value.__cause__, httpx.ConnectError)
    assert call.value.__cause__.request.headers["Authorization"] == "***"
    assert SLASHED_TOKEN not in everything_reachable(call.value)
