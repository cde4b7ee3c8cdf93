"""The attempt hook (propello.Observer): every attempt's start and end, in the caller's thread or task."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

import propello
from propello import AsyncPropello, Attempt, AttemptEnd, Propello
from pytest_httpserver import HTTPServer
from test_retries import READ_PATH, backoff_delays, failing
from unit_helpers import OK_USER, json_response, run, serve_sequence

CALLER = contextvars.ContextVar("caller", default="none")


class Recorder(propello.Observer):
    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []

    def attempt(self, attempt: Attempt) -> Callable[[AttemptEnd], None] | None:
        self.events.append(("start", attempt.method, attempt.path, attempt.number, CALLER.get()))

        def finished(end: AttemptEnd) -> None:
            status = end.response.status_code if end.response is not None else type(end.error).__name__
            self.events.append(("end", attempt.number, status, end.retry_in, end.rate_limit_wait, CALLER.get()))

        return finished


EXPECTED_PATH = "/v3/user/get/{identifier}/{identifier_value}"


def _expected(delay: float) -> list[tuple[Any, ...]]:
    return [
        ("start", "POST", EXPECTED_PATH, 1, "me"),
        ("end", 1, 503, delay, 0.0, "me"),
        ("start", "POST", EXPECTED_PATH, 2, "me"),
        ("end", 2, 200, None, 0.0, "me"),
    ]


def test_an_observer_sees_each_attempt_start_and_end_in_the_calling_thread(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_sequence(httpserver, READ_PATH, failing(503), json_response(OK_USER))
    recorder = Recorder()
    client = make_client(client_id=None, client_secret=None, access_token="t", observer=recorder)
    CALLER.set("me")
    assert client.users.get("id", 7).status == 200
    assert recorder.events == _expected(backoff_delays(1)[0])


def test_an_async_observer_sees_the_same_in_the_calling_task(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello], clock: Any
) -> None:
    serve_sequence(httpserver, READ_PATH, failing(503), json_response(OK_USER))
    recorder = Recorder()

    async def call() -> None:
        CALLER.set("me")
        async with make_async_client(client_id=None, client_secret=None, access_token="t", observer=recorder) as c:
            assert (await c.users.get("id", 7)).status == 200

    run(call())
    assert recorder.events == _expected(backoff_delays(1)[0])
