"""Bad input fails with a ValueError naming the problem, before anything is sent."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
from propello import AsyncPropello, InvalidArgumentError, Propello
from pytest_httpserver import HTTPServer
from unit_helpers import run


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"client_id": None, "client_secret": None}, "no credentials"),
        ({"client_secret": None}, "client_id and client_secret go together"),
        ({"client_id": None}, "client_id and client_secret go together"),
        ({"client_id": 0}, "client_id must be a positive integer"),
        ({"client_id": "1"}, "client_id must be a positive integer"),
        ({"client_id": True}, "client_id must be a positive integer"),
        ({"client_secret": ""}, "client_secret must be a non-empty string"),
        ({"client_secret": "   "}, "client_secret must be a non-empty string"),
        ({"access_token": ""}, "access_token must be a non-empty string"),
        ({"scope": ""}, "scope must be a non-empty string"),
        ({"base_url": "http://api.yourperx.com"}, "base_url must use https"),
        ({"base_url": "http://10.0.0.1:8080"}, "base_url must use https"),
        ({"base_url": "ftp://api.yourperx.com"}, "base_url must use https"),
        ({"base_url": ""}, "base_url must be a non-empty URL"),
        ({"base_url": "api.yourperx.com"}, "base_url must be scheme://host"),
        ({"base_url": "https://api.yourperx.com/?debug=1"}, "base_url must be scheme://host"),
        ({"base_url": "https://user:pw@api.yourperx.com"}, "base_url must not contain credentials"),
        ({"timeout": None}, "None (wait forever) is not allowed"),
        ({"timeout": 0}, "timeout must be positive"),
        ({"timeout": math.inf}, "timeout must be positive"),
        ({"timeout": "30"}, "timeout must be positive"),
        ({"timeout": httpx.Timeout(None)}, "timeout must be positive"),
        ({"timeout": httpx.Timeout(10.0, read=None)}, "timeout must be positive"),
        ({"timeout": httpx.Timeout(10.0, read=True)}, "timeout must be positive"),
        ({"max_retries": -1}, "max_retries must be an integer >= 0"),
        ({"max_retries": 1.5}, "max_retries must be an integer >= 0"),
        ({"rate_limit": 120}, "rate_limit must be a RateLimit or None"),
        ({"default_headers": {"X-Number": 1}}, "default_headers must map"),
        ({"http_client": httpx.AsyncClient()}, "http_client for Propello must be an httpx.Client"),
    ],
)
def test_bad_constructor_arguments(
    httpserver: HTTPServer, options: dict[str, Any], overrides: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)) as caught:
        Propello(**{**options, **overrides})
    assert isinstance(caught.value, InvalidArgumentError)
    assert "pw" not in str(caught.value)
    assert httpserver.log == []


def test_async_client_wants_an_async_http_client(options: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape("must be an httpx.AsyncClient")):
        AsyncPropello(**options, http_client=httpx.Client())


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.yourperx.com",
        "https://x.test/_mock/openapi/",
        "http://localhost:8080",
        "http://127.0.0.9:1",
        "http://[::1]:4010",
    ],
)
def test_https_or_loopback_http_is_accepted(options: dict[str, Any], base_url: str) -> None:
    assert Propello(**{**options, "base_url": base_url}).base_url == base_url.rstrip("/")


CALLS: list[tuple[str, Callable[[Any], Any], str]] = [
    (
        "unknown identifier",
        lambda c: c.users.get("phone", "x"),
        "identifier must be one of UID, email, id; got 'phone'",
    ),
    ("empty value", lambda c: c.users.get("email", ""), "identifier_value must be a non-empty string"),
    ("blank value", lambda c: c.users.delete("email", "  "), "identifier_value must be a non-empty string"),
    ("no value", lambda c: c.users.restore("id", None), "identifier_value must be a non-empty string"),
    ("email for make-known", lambda c: c.users.make_known("email", "x", {}), "identifier must be one of UID, id"),
    ("user is a number", lambda c: c.users.create(42), "user must be a mapping or a "),
    ("user is a string", lambda c: c.users.create("jane@example.com"), "user must be a mapping or a "),
    ("user is None", lambda c: c.users.create_with_login_url(None), "user is required"),
    ("user not JSON", lambda c: c.users.create({"born": datetime(2000, 1, 1)}), "user cannot be sent as JSON"),
    ("user with NaN", lambda c: c.users.update("id", 1, {"score": math.nan}), "user cannot be sent as JSON"),
    ("filters not a mapping", lambda c: c.users.list("active"), "filters must be a mapping or a "),
    ("group body", lambda c: c.groups.get(5), "body must be a mapping or a "),
    ("offer id", lambda c: c.offers.get(""), "id must be a non-empty string"),
    ("dot segment", lambda c: c.users.delete("email", ".."), "identifier_value must not be '..'"),
    ("single dot", lambda c: c.users.anonymise("email", "."), "identifier_value must not be '.'"),
    ("dot offer", lambda c: c.offers.get(".."), "id must not be '..'"),
    ("anonymise kind", lambda c: c.users.anonymise("name", "x"), "identifier must be one of"),
    ("login-url kind", lambda c: c.users.login_url("EMAIL", "x"), "identifier must be one of"),
]


@pytest.mark.parametrize(("case", "call", "problem"), CALLS, ids=[case for case, _, _ in CALLS])
def test_bad_method_arguments_send_nothing(
    httpserver: HTTPServer, make_client: Callable[..., Propello], case: str, call: Callable[[Any], Any], problem: str
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        call(make_client())
    assert problem in str(caught.value)
    assert httpserver.log == []  # not even the token request


@pytest.mark.parametrize(("case", "call", "problem"), CALLS[:5], ids=[case for case, _, _ in CALLS[:5]])
def test_bad_async_method_arguments_send_nothing(
    httpserver: HTTPServer,
    make_async_client: Callable[..., AsyncPropello],
    case: str,
    call: Callable[[Any], Any],
    problem: str,
) -> None:
    async def main() -> None:
        async with make_async_client() as client:
            await call(client)

    with pytest.raises(InvalidArgumentError, match=re.escape(problem)):
        run(main())
    assert httpserver.log == []
