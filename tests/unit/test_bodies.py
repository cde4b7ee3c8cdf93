"""Response bodies: the size cap (counted after decompression, exact at the boundary), the JSON nesting limit
(brackets inside strings do not count), through resource methods and generated functions alike, and the memory a
large answer takes to parse."""

from __future__ import annotations

import gzip
import json
import random
import tracemalloc
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
from propello._transports import bodies
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


def depth(value: object) -> int:
    """How many arrays and objects `value` (parsed JSON) opens inside each other."""
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def hostile(rng: random.Random, levels: int) -> object:
    """Nested arrays and objects, `levels` deep, whose strings are full of brackets, quotes and backslashes."""
    text = "".join(
        rng.choice(['"', "\\", "[", "]", "{", "}", "\\\\", '\\"', "é", "x"]) for _ in range(rng.randrange(9))
    )
    if levels == 0:
        return text
    inner = [hostile(rng, levels - 1 if i == 0 else rng.randrange(min(levels, 3))) for i in range(rng.randrange(1, 3))]
    return {text: inner[0], "more": inner[1:]} if rng.random() < 0.5 else [text, *inner]


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64, 1 << 18])
def test_the_depth_scan_is_exact_whatever_its_piece_size(monkeypatch: pytest.MonkeyPatch, piece: int) -> None:
    """json_too_deep reads a body a piece at a time: a piece boundary inside a string, an escape or a run of
    backslashes changes nothing."""
    monkeypatch.setattr(bodies, "_SCAN", piece)
    rng = random.Random(piece)
    for _ in range(40):
        value = hostile(rng, rng.randrange(90, 115))
        content = json.dumps(value, ensure_ascii=rng.random() < 0.5).encode()
        assert bodies.json_too_deep(content) is (depth(value) > bodies.MAX_JSON_DEPTH)


def test_a_large_user_list_parses_within_eight_times_its_size(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    """Issue 21: a 32 MiB user list peaked at 14 times its size, 13 of them in the nesting check's regex. Parsing
    now holds the body, its decoded text for a moment and the parsed users: each a dict, 3 to 4 times its JSON for
    these short records (docs/benchmarks.md), so about 6 times in all."""
    users = [
        {"id": n, "email": f"user{n}@example.com", "first_name": "Jane", "last_name": f"Doe {n}", "status": "active"}
        for n in range(40_000)
    ]
    body = json.dumps({**OK_USER, "data": users}).encode()
    httpserver.expect_request("/v3/user/list").respond_with_response(Response(body, content_type="application/json"))
    options = {"client_id": None, "client_secret": None, "access_token": "t", "max_response_bytes": len(body)}
    with make_client(**options) as client:
        tracemalloc.start()
        try:
            answer = client.users.list()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(answer.data) == len(users)
    assert peak < 8 * len(body), f"peak {peak / len(body):.1f} times the body"


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
