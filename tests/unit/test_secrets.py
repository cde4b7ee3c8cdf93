"""The client secret and tokens never show in a repr, str, exception or log record; logs carry templates only."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from propello import (
    AsyncPropello,
    AuthenticationError,
    FileTokenStore,
    MemoryTokenStore,
    Propello,
    StoredToken,
)
from propello._logging import logger
from pytest_httpserver import HTTPServer
from unit_helpers import SECRET, TOKEN_PATH, json_response, serve_sequence, serve_tokens, token

USER_PATH = "/v3/user/get/email/private.person@example.com"


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


def test_propello_log_switches_on_one_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    before = list(logger.handlers)
    monkeypatch.setenv("PROPELLO_LOG", "debug")
    try:
        Propello(access_token="t")
        Propello(access_token="t")
        added = [h for h in logger.handlers if h not in before]
        assert len(added) == 1
        assert logger.level == logging.DEBUG
    finally:
        for handler in [h for h in logger.handlers if h not in before]:
            logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def test_propello_log_unset_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROPELLO_LOG", raising=False)
    before = list(logger.handlers)
    Propello(access_token="t")
    assert logger.handlers == before
