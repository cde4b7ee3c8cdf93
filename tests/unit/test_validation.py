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
from propello_api.api import delete_user, get_offer
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
        ({"deadline": None}, "None (no limit) is not allowed"),
        ({"deadline": 0}, "deadline must be positive seconds"),
        ({"deadline": math.inf}, "deadline must be positive seconds"),
        ({"deadline": "120"}, "deadline must be positive seconds"),
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


def test_with_options_checks_the_deadline(options: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape("deadline must be positive seconds, got -1")):
        Propello(**options).with_options(deadline=-1)


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
    ("lone surrogate", lambda c: c.users.get("email", "\ud800"), "identifier_value must be printable text"),
    ("newline", lambda c: c.users.get("email", "a\nb@example.com"), "identifier_value must be printable text"),
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


HIDDEN = "hidden-value-7f3e"
"""Part of every bad header value below: an error must name the header, never show its value."""
BAD_HEADER_VALUES = [
    ("CR LF", f"{HIDDEN}\r\nX-Injected: 1"),
    ("LF", f"{HIDDEN}\nX"),
    ("CR", f"{HIDDEN}\rX"),
    ("NUL", f"{HIDDEN}\x00"),
    ("tab at the end", f"{HIDDEN}\t"),
    ("leading space", f" {HIDDEN}"),
    ("non-ASCII", f"{HIDDEN}-é"),
    ("lone surrogate", f"{HIDDEN}\ud800"),
    ("DEL", f"{HIDDEN}\x7f"),
]


@pytest.mark.parametrize(("case", "value"), BAD_HEADER_VALUES, ids=[case for case, _ in BAD_HEADER_VALUES])
def test_default_header_values_that_cannot_be_sent_are_refused_up_front(
    httpserver: HTTPServer, options: dict[str, Any], case: str, value: str
) -> None:
    with pytest.raises(InvalidArgumentError, match="default_headers: the value of 'X-Tenant' cannot be sent") as made:
        Propello(**options, default_headers={"X-Tenant": value})
    with pytest.raises(InvalidArgumentError, match="the value of 'X-Tenant'") as copied:
        Propello(**options).with_options(default_headers={"X-Tenant": value})
    with pytest.raises(InvalidArgumentError, match="the value of 'X-Tenant'"):
        AsyncPropello(**options).with_options(default_headers={"X-Tenant": value})
    for caught in (made, copied):
        assert HIDDEN not in str(caught.value) and HIDDEN not in repr(caught.value.args)
        assert "no CR, LF, NUL" in str(caught.value)
    assert httpserver.log == []


@pytest.mark.parametrize("name", ["X Tenant", "X-Tenant\r\n", "X:Tenant", "", "Ténant", "X\x00"])
def test_header_names_that_are_no_http_token_are_refused(options: dict[str, Any], name: str) -> None:
    with pytest.raises(InvalidArgumentError, match="is not a valid header name"):
        Propello(**options, default_headers={name: "v"})
    with pytest.raises(InvalidArgumentError, match="is not a valid header name"):
        Propello(**options).with_options(default_headers={name: "v"})


def test_header_values_with_inner_spaces_and_any_visible_ascii_are_fine(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    value = "a b\tc !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    httpserver.expect_request("/v3/group/list").respond_with_json({"status": 200, "data": []})
    client = make_client(client_id=None, client_secret=None, access_token="t", default_headers={"X-Note": value})
    client.with_options(default_headers={"X-Empty": ""}).groups.list()
    [(request, _)] = httpserver.log
    assert request.headers["X-Note"] == value and request.headers["X-Empty"] == ""


@pytest.mark.parametrize(("case", "value"), BAD_HEADER_VALUES, ids=[case for case, _ in BAD_HEADER_VALUES])
def test_access_tokens_that_cannot_be_sent_are_refused_up_front(
    httpserver: HTTPServer, options: dict[str, Any], case: str, value: str
) -> None:
    for kind in (Propello, AsyncPropello):
        with pytest.raises(InvalidArgumentError, match="access_token cannot be sent in the Authorization header") as c:
            kind(**{**options, "client_id": None, "client_secret": None, "access_token": value})
        assert HIDDEN not in str(c.value)
    assert httpserver.log == []


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "32", None])
def test_max_response_bytes_must_be_a_positive_integer(options: dict[str, Any], value: object) -> None:
    with pytest.raises(InvalidArgumentError, match="max_response_bytes must be a positive integer"):
        Propello(**options, max_response_bytes=value)


@pytest.mark.parametrize("field", ["client_secret", "scope"])
def test_credentials_that_cannot_be_encoded_are_refused_up_front(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidArgumentError, match="must be text that can be sent"):
        Propello(**{**options, field: "abc\ud800"})


@pytest.mark.parametrize(
    ("case", "call"),
    [
        ("deeply nested user", lambda c: c.users.create({"email": "a@b.co", "extra": _nested(5000)})),
        ("deeply nested free-form body", lambda c: c.groups.list(_nested(5000))),
        ("lone surrogate", lambda c: c.users.create({"email": "a\ud800@b.co"})),
    ],
)
def test_bodies_that_cannot_be_encoded_are_refused_up_front(
    httpserver: HTTPServer, make_client: Callable[..., Propello], case: str, call: Callable[[Any], Any]
) -> None:
    with pytest.raises(InvalidArgumentError, match="cannot be sent as JSON"):
        call(make_client())
    assert httpserver.log == []


def _nested(levels: int) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for _ in range(levels):
        nested = {"a": nested}
    return nested


@pytest.mark.parametrize("value", ["..", ".", ""])
def test_generated_functions_refuse_dot_segments_before_sending(
    httpserver: HTTPServer, make_client: Callable[..., Propello], value: str
) -> None:
    """Every path value passes through the generated request builder, so calls made straight through
    api_client are refused too, not only resource methods: a ValueError naming the parameter, nothing sent."""
    client = make_client(client_id=None, client_secret=None, access_token="t")
    with pytest.raises(ValueError, match="identifier_value must not be"):
        delete_user.sync_detailed("email", value, client=client.api_client)
    with pytest.raises(ValueError, match="id must not be"):
        get_offer.sync_detailed(value, client=client.api_client)
    assert httpserver.log == []


def test_async_generated_functions_refuse_dot_segments(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    async def main() -> None:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            await delete_user.asyncio_detailed("id", "..", client=client.api_client)

    with pytest.raises(ValueError, match=re.escape("identifier_value must not be '..'")):
        run(main())
    assert httpserver.log == []
