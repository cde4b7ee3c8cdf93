"""Error mapping: each status to its class, any body shape parsed without crashing, no raw httpx exception."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from propello import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncPropello,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    Propello,
    PropelloError,
    RateLimitError,
    UnprocessableEntityError,
)
from propello_api.api import get_user_detail
from pytest_httpserver import HTTPServer
from unit_helpers import requests_after_server_finished, run
from werkzeug import Request, Response

PATH = "/v3/user/get/id/7"
TEMPLATE = "POST /v3/user/get/{identifier}/{identifier_value}"
PRISM_422 = {
    "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
    "title": "Invalid request",
    "status": 422,
    "detail": "Your request is not valid and no HTTP validation response was found in the spec.",
    "validation": [
        {
            "location": ["path", "identifier"],
            "severity": "Error",
            "code": "enum",
            "message": "Request path parameter identifier must be equal to one of the allowed values: email, UID, id",
        }
    ],
}


@pytest.fixture
def client(make_client: Callable[..., Propello]) -> Propello:
    """A pre-issued token (no renewal on 401) and no retries: one request, one response, one error."""
    return make_client(client_id=None, client_secret=None, access_token="pre-issued-token", max_retries=0)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (599, InternalServerError),
        (418, APIStatusError),
        (302, APIStatusError),
    ],
)
def test_status_maps_to_error_class(httpserver: HTTPServer, client: Propello, status: int, kind: type) -> None:
    httpserver.expect_request(PATH).respond_with_json({"message": "Nope."}, status=status)
    with pytest.raises(APIStatusError) as caught:
        client.users.get("id", 7)
    error = caught.value
    assert type(error) is kind
    assert error.status_code == status
    assert error.body == {"message": "Nope."}
    assert error.message == str(error)
    assert TEMPLATE in str(error) and str(error).endswith(": Nope.")
    assert error.may_have_been_processed is (status >= 500)


def respond(server: HTTPServer, body: str | bytes, content_type: str, status: int = 422, **headers: str) -> None:
    server.expect_request(PATH).respond_with_response(
        Response(body, status=status, content_type=content_type, headers=headers)
    )


def raised(client: Propello) -> APIStatusError:
    with pytest.raises(APIStatusError) as caught:
        client.users.get("id", 7)
    return caught.value


def test_laravel_field_errors(httpserver: HTTPServer, client: Propello) -> None:
    body = (
        '{"message": "The given data was invalid.", "errors": {"email": ["The email field is required."], "x": "Bad"}}'
    )
    respond(httpserver, body, "application/json")
    error = raised(client)
    assert isinstance(error, UnprocessableEntityError)
    assert error.errors == {"email": ["The email field is required."], "x": ["Bad"]}
    assert str(error).endswith("The given data was invalid. [email: The email field is required.; x: Bad]")


def test_many_field_errors_are_summed_up(httpserver: HTTPServer, client: Propello) -> None:
    errors = {f"field{n}": [f"problem {n} " + "x" * 300] for n in range(5)}
    httpserver.expect_request(PATH).respond_with_json({"message": "Invalid.", "errors": errors}, status=422)
    text = str(raised(client))
    assert "field0: problem 0" in text and "field2: problem 2" in text and "field3" not in text
    assert text.endswith("…; and 2 more fields]")
    assert len(text) < 600


def test_prism_validation_errors(httpserver: HTTPServer, client: Propello) -> None:
    httpserver.expect_request(PATH).respond_with_json(PRISM_422, status=422)
    error = raised(client)
    assert error.errors == {"path.identifier": [PRISM_422["validation"][0]["message"]]}  # type: ignore[index]
    assert "Your request is not valid" in str(error)


def test_a_mock_only_header_is_not_read(httpserver: HTTPServer, client: Propello) -> None:
    """The shipped client knows nothing about the Prism mock: its sl-violations header is the test's to read."""
    violations = [{"location": ["request", "body", "email"], "code": "type", "message": "must be string"}]
    httpserver.expect_request(PATH).respond_with_json({}, status=422, headers={"sl-violations": json.dumps(violations)})
    assert raised(client).errors == {}


def test_list_of_field_errors(httpserver: HTTPServer, client: Propello) -> None:
    httpserver.expect_request(PATH).respond_with_json({"errors": [{"field": "email", "message": "taken"}]}, status=409)
    assert raised(client).errors == {"email": ["taken"]}


@pytest.mark.parametrize(
    ("body", "content_type", "parsed", "detail"),
    [
        ("Service temporarily unavailable", "text/plain", "Service temporarily unavailable", True),
        ("", "text/plain", None, False),
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", None, False),
        ("{oops", "application/json", "{oops", True),
        ("[1, 2]", "application/json", [1, 2], False),
        ('"just a string"', "application/json", "just a string", True),
        ("\xff\xfe binary", "application/octet-stream", None, True),
    ],
)
def test_any_body_shape_is_parsed_without_crashing(
    httpserver: HTTPServer, client: Propello, body: str, content_type: str, parsed: object, detail: bool
) -> None:
    respond(httpserver, body, content_type, status=503)
    error = raised(client)
    assert isinstance(error, InternalServerError)
    if content_type == "text/html":
        assert isinstance(error.body, str) and "<h1>" in error.body
        assert "<" not in str(error)
    elif parsed is not None:
        assert error.body == parsed
    assert error.errors == {}
    assert str(error).startswith(f"503 Service Unavailable for {TEMPLATE}")
    assert (":" in str(error).removeprefix(f"503 Service Unavailable for {TEMPLATE}")) is detail


def test_long_detail_is_cut_to_one_short_line(httpserver: HTTPServer, client: Propello) -> None:
    respond(httpserver, "line one\nline two " + "x" * 500, "text/plain", status=500)
    message = str(raised(client))
    assert "\n" not in message
    assert len(message) < 300


@pytest.mark.parametrize("header", ["x-request-id", "request-id"])
def test_request_id_is_kept(httpserver: HTTPServer, client: Propello, header: str) -> None:
    respond(httpserver, "{}", "application/json", status=404, **{header: "req-123"})
    error = raised(client)
    assert error.request_id == "req-123"
    assert "req-123" in str(error)


def test_messages_never_carry_the_request_authorization_or_body(httpserver: HTTPServer, client: Propello) -> None:
    httpserver.expect_request("/v3/user/create").respond_with_json({"message": "Nope."}, status=400)
    with pytest.raises(BadRequestError) as caught:
        client.users.create({"email": "private.person@example.com", "first_name": "Private"})
    text = f"{caught.value} {caught.value!r} {caught.value.args}"
    assert "pre-issued-token" not in text
    assert "private.person" not in text and "Private" not in text


def test_unparsable_200_is_a_validation_error_that_was_processed(httpserver: HTTPServer, client: Propello) -> None:
    respond(httpserver, "<html>maintenance</html>", "text/html", status=200)
    with pytest.raises(APIResponseValidationError) as caught:
        client.users.get("id", 7)
    assert caught.value.may_have_been_processed


def test_other_2xx_is_a_validation_error(httpserver: HTTPServer, client: Propello) -> None:
    respond(httpserver, "{}", "application/json", status=201)
    with pytest.raises(APIResponseValidationError, match=f"expected a {get_user_detail.Result.__name__}"):
        client.users.get("id", 7)


def test_generated_functions_through_api_client_raise_typed_errors(httpserver: HTTPServer, client: Propello) -> None:
    httpserver.expect_request(PATH).respond_with_json({"message": "No such user."}, status=404)
    with pytest.raises(NotFoundError):
        get_user_detail.sync("id", "7", client=client.api_client)
    with pytest.raises(NotFoundError):
        get_user_detail.sync_detailed("id", "7", client=client.api_client)


def test_generated_functions_raise_connection_errors(make_client: Callable[..., Propello], dead_url: str) -> None:
    client = make_client(base_url=dead_url, client_id=None, client_secret=None, access_token="t", max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        get_user_detail.sync("id", "7", client=client.api_client)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert not caught.value.may_have_been_processed


def test_read_timeout_is_an_api_timeout_error(httpserver: HTTPServer, client: Propello) -> None:
    def slow(_: Request) -> Response:
        asyncio.run(asyncio.sleep(0.3))
        return Response("{}", content_type="application/json")

    httpserver.expect_request(PATH).respond_with_handler(slow)
    with pytest.raises(APITimeoutError) as caught:
        get_user_detail.sync("id", "7", client=client.with_options(timeout=0.1).api_client)
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.may_have_been_processed
    requests_after_server_finished(httpserver, PATH)


def test_async_generated_functions_raise_typed_errors(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    httpserver.expect_request(PATH).respond_with_json({"message": "gone"}, status=404)

    async def main() -> None:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            await get_user_detail.asyncio("id", "7", client=client.api_client)

    with pytest.raises(NotFoundError):
        run(main())


def test_api_client_refuses_the_other_mode(httpserver: HTTPServer, client: Propello, options: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="use AsyncPropello"):
        run(get_user_detail.asyncio("id", "7", client=client.api_client))

    async_client = AsyncPropello(**{**options, "client_id": None, "client_secret": None, "access_token": "t"})
    with pytest.raises(TypeError, match="use Propello"):
        get_user_detail.sync("id", "7", client=async_client.api_client)
    assert httpserver.log == []


def test_error_hierarchy() -> None:
    assert issubclass(APIStatusError, APIError) and issubclass(APIError, PropelloError)
    assert issubclass(APITimeoutError, APIConnectionError) and issubclass(APIConnectionError, APIError)
    for kind in (BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError):
        assert issubclass(kind, APIStatusError)
    for kind in (UnprocessableEntityError, RateLimitError, InternalServerError):
        assert issubclass(kind, APIStatusError)


def test_exported_classes_show_as_propello_x() -> None:
    import propello

    exported = [getattr(propello, name) for name in propello.__all__ if isinstance(getattr(propello, name), type)]
    assert exported
    assert [cls for cls in exported if cls.__module__ != "propello"] == []
    assert repr(propello.NotFoundError) == "<class 'propello.NotFoundError'>"


def test_a_bug_in_a_request_hook_is_not_called_a_processed_response(httpserver: HTTPServer, client: Propello) -> None:
    """Only what fails after a response arrived is an unparsable response; a hook's own error, raised before
    anything was sent, comes out as itself."""
    httpserver.expect_request(PATH).respond_with_json({"status": 200, "data": {}})

    def broken_hook(request: object) -> None:
        raise TypeError("bug in my hook")

    client.api_client.get_httpx_client().event_hooks["request"].append(broken_hook)
    with pytest.raises(TypeError, match="bug in my hook"):
        client.users.get("id", 7)
    assert httpserver.log == []
