"""Response bodies: the size cap (counted after decompression, exact at the boundary) and the JSON nesting limit
(brackets inside strings do not count), through resource methods and generated functions alike."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import pytest
from propello import (
    APIConnectionError,
    APIResponseValidationError,
    AsyncPropello,
    BadRequestError,
    Propello,
    ResponseTooLargeError,
)
from propello_api.api.user import get_user_detail
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, run
from werkzeug import Response

PATH = "/v3/user/get/id/7"
CAP = 10_000


def padded(size: int) -> bytes:
    """A valid user response of exactly `size` bytes."""
    bare = json.dumps({**OK_USER, "pad": ""}).encode()
    return json.dumps({**OK_USER, "pad": "x" * (size - len(bare))}).encode()


def serve(server: HTTPServer, body: bytes, *, status: int = 200, compressed: bool = False) -> None:
    headers = {"Content-Encoding": "gzip"} if compressed else {}
    data = gzip.compress(body) if compressed else body
    server.expect_request(PATH).respond_with_response(
        Response(data, status=status, content_type="application/json", headers=headers)
    )


@pytest.fixture
def client(make_client: Callable[..., Propello]) -> Propello:
    return make_client(client_id=None, client_secret=None, access_token="t", max_retries=0, max_response_bytes=CAP)


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_a_body_of_exactly_the_cap_is_read(httpserver: HTTPServer, client: Propello, compressed: bool) -> None:
    serve(httpserver, padded(CAP), compressed=compressed)
    assert client.users.get("id", 7).data.additional_properties == {"id": 7}


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_one_byte_over_the_cap_is_refused(httpserver: HTTPServer, client: Propello, compressed: bool) -> None:
    serve(httpserver, padded(CAP + 1), compressed=compressed)
    with pytest.raises(ResponseTooLargeError, match=r"POST /v3/user/get/\{identifier\}/\{identifier_value\}") as c:
        client.users.get("id", 7)
    assert c.value.limit == CAP and c.value.may_have_been_processed


def test_the_cap_holds_for_error_answers_and_generated_functions(httpserver: HTTPServer, client: Propello) -> None:
    serve(httpserver, b"x" * (CAP + 1), status=500, compressed=True)
    with pytest.raises(ResponseTooLargeError):
        get_user_detail.sync("id", "7", client=client.api_client)


def test_a_compressed_answer_arrives_decoded_and_async_too(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    serve(httpserver, json.dumps(OK_USER).encode(), compressed=True)

    async def main() -> Any:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            return await client.users.get("id", 7)

    assert run(main()).data.additional_properties == {"id": 7}


def nested_user(levels: int) -> bytes:
    """A user response whose JSON opens `levels` arrays and objects inside each other, envelope included."""
    return json.dumps({**OK_USER, "data": {"id": 7, "tags": json.loads("[" * (levels - 2) + "]" * (levels - 2))}})


def test_json_nested_up_to_the_limit_parses_and_one_deeper_is_refused(httpserver: HTTPServer, client: Propello) -> None:
    serve(httpserver, nested_user(100).encode())
    assert client.users.get("id", 7).status == 200
    httpserver.clear()
    serve(httpserver, nested_user(101).encode())
    with pytest.raises(APIResponseValidationError, match="nests JSON deeper than 100 levels") as caught:
        get_user_detail.sync_detailed("id", "7", client=client.api_client)
    assert caught.value.may_have_been_processed


def test_brackets_inside_strings_do_not_count(httpserver: HTTPServer, client: Propello) -> None:
    tricky = '[[[{{{ \\" ]]]' * 500
    serve(httpserver, json.dumps({**OK_USER, "data": {"id": 7, "note": tricky}}).encode())
    assert client.users.get("id", 7).data.additional_properties["note"] == tricky


def test_an_error_body_nested_too_deeply_is_kept_as_text(httpserver: HTTPServer, client: Propello) -> None:
    serve(httpserver, b"[" * 5000 + b"]" * 5000, status=400)
    with pytest.raises(BadRequestError) as caught:
        client.users.get("id", 7)
    assert caught.value.body == "[" * 5000 + "]" * 5000
    assert len(str(caught.value)) < 400  # the detail is one short line


def test_a_body_that_is_not_what_its_content_encoding_says_is_a_typed_error(
    httpserver: HTTPServer, client: Propello
) -> None:
    httpserver.expect_request(PATH).respond_with_response(
        Response(b"not gzip at all", content_type="application/json", headers={"Content-Encoding": "gzip"})
    )
    with pytest.raises(APIConnectionError, match="DecodingError") as caught:
        client.users.get("id", 7)
    assert caught.value.may_have_been_processed
