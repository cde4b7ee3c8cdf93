"""Retries: reads on anything transient, writes only when surely not processed; Retry-After honoured up to 60 s."""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any

import pytest
from propello import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncPropello,
    Backoff,
    InternalServerError,
    InvalidArgumentError,
    Propello,
    RateLimitError,
)
from pytest_httpserver import HTTPServer
from unit_helpers import (
    OK_USER,
    json_response,
    requests_after_server_finished,
    requests_to,
    run,
    serve_sequence,
)
from werkzeug import Request, Response

READ_PATH = "/v3/user/get/id/7"
WRITE_PATH = "/v3/user/create"


def backoff_delays(count: int) -> list[float]:
    """The delays the test clients' Backoff(rng=Random(7)) produces, in order."""
    backoff = Backoff(rng=random.Random(7))
    return [backoff.delay(retry) for retry in range(1, count + 1)]


def failing(status: int, headers: dict[str, str] | None = None) -> Response:
    return json_response({"message": "try later"}, status, headers)


@pytest.fixture
def client(make_client: Callable[..., Propello]) -> Propello:
    return make_client(client_id=None, client_secret=None, access_token="pre-issued")


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_reads_retry_transient_statuses(httpserver: HTTPServer, client: Propello, clock: Any, status: int) -> None:
    serve_sequence(httpserver, READ_PATH, failing(status), json_response(OK_USER))
    assert client.users.get("id", 7).status == 200
    assert len(requests_to(httpserver, READ_PATH)) == 2
    assert clock.sleeps == backoff_delays(1)


@pytest.mark.parametrize("status", [400, 403, 404, 409, 422, 501])
def test_reads_do_not_retry_other_errors(httpserver: HTTPServer, client: Propello, clock: Any, status: int) -> None:
    serve_sequence(httpserver, READ_PATH, failing(status), json_response(OK_USER))
    with pytest.raises(APIStatusError):
        client.users.get("id", 7)
    assert len(requests_to(httpserver, READ_PATH)) == 1
    assert clock.sleeps == []


def test_reads_give_up_after_max_retries(httpserver: HTTPServer, client: Propello, clock: Any) -> None:
    serve_sequence(httpserver, READ_PATH, failing(500))
    with pytest.raises(InternalServerError) as caught:
        client.users.get("id", 7)
    assert caught.value.may_have_been_processed
    assert len(requests_to(httpserver, READ_PATH)) == 3
    assert clock.sleeps == backoff_delays(2)


def test_max_retries_zero_sends_once(httpserver: HTTPServer, client: Propello) -> None:
    serve_sequence(httpserver, READ_PATH, failing(503))
    with pytest.raises(InternalServerError):
        client.with_options(max_retries=0).users.get("id", 7)
    assert len(requests_to(httpserver, READ_PATH)) == 1


def slow_first(seconds: float) -> Callable[[Request], Response]:
    """Answers the first request only after `seconds` (past the client's read timeout), then at once."""
    calls: list[None] = []

    def answer(_: Request) -> Response:
        calls.append(None)
        if len(calls) == 1:
            time.sleep(seconds)
        return json_response(OK_USER)

    return answer


def test_read_is_retried_after_a_read_timeout(
    threaded_httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    threaded_httpserver.expect_request(READ_PATH).respond_with_handler(slow_first(0.3))
    base_url = threaded_httpserver.url_for("/")
    client = make_client(base_url=base_url, client_id=None, client_secret=None, access_token="t", timeout=0.1)
    assert client.users.get("id", 7).status == 200  # only a retry can answer in time: the first takes 0.3 s


def cut_short() -> Response:
    """Announces the whole body and breaks off halfway through it (the test server then drops the connection)."""
    body = json.dumps(OK_USER).encode()

    def half() -> Iterator[bytes]:
        yield body[: len(body) // 2]
        raise ConnectionAbortedError("cut short on purpose")

    return Response(half(), headers={"Content-Length": str(len(body))}, content_type="application/json")


def test_read_is_retried_when_the_body_is_cut_short(httpserver: HTTPServer, client: Propello) -> None:
    serve_sequence(httpserver, READ_PATH, cut_short(), json_response(OK_USER))
    assert client.users.get("id", 7).status == 200
    assert len(requests_to(httpserver, READ_PATH)) == 2


def test_write_is_not_retried_when_the_body_is_cut_short(httpserver: HTTPServer, client: Propello) -> None:
    serve_sequence(httpserver, WRITE_PATH, cut_short(), json_response(OK_USER))
    with pytest.raises(APIConnectionError) as caught:
        client.users.create({"email": "jane@example.com"})
    assert caught.value.may_have_been_processed
    assert str(caught.value).startswith(
        f"POST /v3/user/create to http://127.0.0.1:{httpserver.port} failed before a complete response arrived ("
    )
    assert "jane" not in str(caught.value)
    assert str(caught.value).endswith("; the server may have processed it")
    assert len(requests_to(httpserver, WRITE_PATH)) == 1


def test_write_is_not_retried_after_a_read_timeout(httpserver: HTTPServer, client: Propello) -> None:
    httpserver.expect_request(WRITE_PATH).respond_with_handler(slow_first(0.3))
    with pytest.raises(APITimeoutError) as caught:
        client.with_options(timeout=0.1).users.create({"email": "jane@example.com"})
    assert caught.value.may_have_been_processed
    assert len(requests_after_server_finished(httpserver, WRITE_PATH)) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_write_is_not_retried_after_a_server_error(
    httpserver: HTTPServer, client: Propello, clock: Any, status: int
) -> None:
    serve_sequence(httpserver, WRITE_PATH, failing(status), json_response(OK_USER))
    with pytest.raises(APIStatusError) as caught:
        client.users.create({"email": "jane@example.com"})
    assert caught.value.status_code == status
    assert caught.value.may_have_been_processed is (status >= 500)
    assert len(requests_to(httpserver, WRITE_PATH)) == 1
    assert clock.sleeps == []


def test_write_is_retried_after_429(httpserver: HTTPServer, client: Propello, clock: Any) -> None:
    serve_sequence(httpserver, WRITE_PATH, failing(429), json_response(OK_USER))
    assert client.users.create({"email": "jane@example.com"}).status == 200
    assert len(requests_to(httpserver, WRITE_PATH)) == 2
    assert clock.sleeps == backoff_delays(1)


def test_write_is_retried_when_the_connection_is_refused(
    make_client: Callable[..., Propello], dead_url: str, clock: Any
) -> None:
    client = make_client(base_url=dead_url, client_id=None, client_secret=None, access_token="pre-issued")
    with pytest.raises(APIConnectionError) as caught:
        client.users.create({"email": "jane@example.com"})
    assert not caught.value.may_have_been_processed
    assert str(caught.value).endswith("; it was not sent")
    assert not isinstance(caught.value, APITimeoutError)
    assert clock.sleeps == backoff_delays(2)  # three attempts


def test_write_retry_waits_for_retry_after_seconds(httpserver: HTTPServer, client: Propello, clock: Any) -> None:
    serve_sequence(httpserver, WRITE_PATH, failing(429, {"Retry-After": "7"}), json_response(OK_USER))
    client.users.create({"email": "jane@example.com"})
    assert clock.sleeps == [7.0]


def test_retry_after_http_date(httpserver: HTTPServer, client: Propello, clock: Any) -> None:
    when = format_datetime(datetime.fromtimestamp(clock.time() + 5, tz=timezone.utc), usegmt=True)
    serve_sequence(httpserver, READ_PATH, failing(503, {"Retry-After": when}), json_response(OK_USER))
    client.users.get("id", 7)
    assert clock.sleeps == [5.0]


def test_retry_after_ms_wins(httpserver: HTTPServer, client: Propello, clock: Any) -> None:
    headers = {"retry-after-ms": "1500", "Retry-After": "9"}
    serve_sequence(httpserver, READ_PATH, failing(429, headers), json_response(OK_USER))
    client.users.get("id", 7)
    assert clock.sleeps == [1.5]


def test_unparsable_retry_after_falls_back_to_backoff(httpserver: HTTPServer, client: Propello, clock: Any) -> None:
    serve_sequence(httpserver, READ_PATH, failing(429, {"Retry-After": "soon"}), json_response(OK_USER))
    client.users.get("id", 7)
    assert clock.sleeps == backoff_delays(1)


@pytest.mark.parametrize("header", [{"Retry-After": "120"}, {"retry-after-ms": "60001"}])
def test_retry_after_over_a_minute_raises_rate_limit_error(
    httpserver: HTTPServer, client: Propello, clock: Any, header: dict[str, str]
) -> None:
    serve_sequence(httpserver, READ_PATH, failing(429, header), json_response(OK_USER))
    with pytest.raises(RateLimitError) as caught:
        client.users.get("id", 7)
    assert caught.value.retry_after == pytest.approx(120.0 if "Retry-After" in header else 60.001)
    assert not caught.value.may_have_been_processed
    assert len(requests_to(httpserver, READ_PATH)) == 1
    assert clock.sleeps == []


def test_async_read_retries_and_write_does_not(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello], clock: Any
) -> None:
    serve_sequence(httpserver, READ_PATH, failing(502), json_response(OK_USER))
    serve_sequence(httpserver, WRITE_PATH, failing(502), json_response(OK_USER))

    async def main() -> None:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            await client.users.get("id", 7)
            with pytest.raises(InternalServerError):
                await client.users.create({"email": "jane@example.com"})

    run(main())
    assert len(requests_to(httpserver, READ_PATH)) == 2
    assert len(requests_to(httpserver, WRITE_PATH)) == 1
    assert clock.sleeps == backoff_delays(1)


def test_async_write_is_retried_when_the_connection_is_refused(
    make_async_client: Callable[..., AsyncPropello], dead_url: str, clock: Any
) -> None:
    async def main() -> None:
        async with make_async_client(base_url=dead_url, client_id=None, client_secret=None, access_token="t") as c:
            await c.users.create({"email": "jane@example.com"})

    with pytest.raises(APIConnectionError) as caught:
        run(main())
    assert not caught.value.may_have_been_processed
    assert clock.sleeps == backoff_delays(2)


@pytest.mark.parametrize("jitter", ["full", "equal"])
def test_backoff_doubles_from_half_a_second_up_to_eight(jitter: Any) -> None:
    backoff = Backoff(jitter=jitter, rng=random.Random(3))
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0), (12, 8.0)]:
        for _ in range(50):
            delay = backoff.delay(retry)
            assert (0 if jitter == "full" else ceiling / 2) <= delay <= ceiling


@pytest.mark.parametrize("settings", [{"base": 0}, {"base": True}, {"cap": math.inf}, {"cap": "8"}, {"jitter": "none"}])
def test_backoff_is_validated(settings: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError, match="Backoff"):
        Backoff(**settings)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_retry_starts_past_the_deadline(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    make_async_client: Callable[..., AsyncPropello],
    clock: Any,
    mode: str,
) -> None:
    """On the client's clock, the waits before retries count toward the deadline: with a first wait of 5-10 s and
    a second of 10-20 s (Backoff(base=10)), a 15 s deadline allows one retry of the five, whatever the jitter."""
    serve_sequence(httpserver, READ_PATH, failing(503))
    options = {
        "max_retries": 5,
        "deadline": 15.0,
        "backoff": Backoff(base=10.0, cap=100.0, rng=random.Random(7)),
        "client_id": None,
        "client_secret": None,
        "access_token": "pre-issued",
    }
    if mode == "sync":
        with pytest.raises(APIStatusError) as raised:
            make_client(**options).users.get("id", 7)
    else:

        async def main() -> None:
            async with make_async_client(**options) as client:
                await client.users.get("id", 7)

        with pytest.raises(APIStatusError) as raised:
            run(main())
    assert raised.value.retries_taken == 1
    assert len(requests_to(httpserver, READ_PATH)) == 2
    assert len(clock.sleeps) == 1
