"""The client-side limiter: never more than `calls` requests in any rolling `period`, exact with a fake clock."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from typing import Any

import pytest
from propello import AsyncPropello, InvalidArgumentError, Propello, RateLimit, RateLimitError
from propello._rate_limit import RateLimiter
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, json_response, run, serve_sequence, serve_tokens, token

USER_PATH = "/v3/user/get/id/7"


def test_fourth_call_waits_until_the_first_leaves_the_window(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=3, period=1.0), clock)
    assert [limiter.reserve().delay for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.reserve().delay == 1.0
    clock.advance(0.25)
    assert limiter.reserve().delay == 0.75  # (start, start + 1] still holds only the 4th: joins it at start + 1
    assert limiter.reserve().delay == 0.75
    assert limiter.reserve().delay == 1.75  # the window ending at start + 1 is full again


def test_a_window_reopens_a_period_after_the_answer_not_the_send(clock: Any) -> None:
    """The server counts a request when it arrives, between our send and its answer: a request sent exactly a
    period after another could arrive less than a period after it."""
    limiter = RateLimiter(RateLimit(calls=2, period=1.0), clock)
    first, second = limiter.reserve(), limiter.reserve()
    clock.advance(0.3)
    limiter.finish(first, None)
    assert limiter.reserve().delay == pytest.approx(1.0)  # the first answered at +0.3: a period later is +1.3
    limiter.finish(second, None)
    assert limiter.reserve().delay == pytest.approx(1.0)  # after the previous slot, and the second's answer + 1


def test_no_window_ever_holds_more_than_calls(clock: Any) -> None:
    calls, period = 5, 2.0
    limiter, rng = RateLimiter(RateLimit(calls=calls, period=period), clock), random.Random(11)
    arrivals: list[float] = []
    slots: list[float] = []
    for _ in range(3000):
        clock.advance(rng.expovariate(4.0) if rng.random() < 0.9 else rng.uniform(0, 5))
        arrivals.append(clock.monotonic())
        slots.append(arrivals[-1] + limiter.reserve().delay)
    tolerance = 1e-9  # slots are rebuilt here as arrival + delay, which rounds
    assert all(later >= earlier - tolerance for earlier, later in itertools.pairwise(slots))
    assert all(later - earlier >= period - tolerance for earlier, later in zip(slots, slots[calls:], strict=False))
    # and nobody waits longer than needed: at arrival, after the previous slot, or when a window frees up
    for i in range(calls, len(slots)):
        needed = max(arrivals[i], slots[i - 1], slots[i - calls] + period)
        assert slots[i] == pytest.approx(needed, abs=tolerance)


def test_pause_until_holds_every_slot_back(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=100, period=60.0), clock)
    limiter.pause_until(clock.monotonic() + 4)
    assert limiter.reserve().delay == 4.0


def test_client_requests_are_spaced_by_the_limiter(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_sequence(httpserver, USER_PATH, json_response(OK_USER))
    client = make_client(client_id=None, client_secret=None, access_token="t", rate_limit=RateLimit(3, 1.0))
    for _ in range(4):
        client.users.get("id", 7)
    assert clock.sleeps == [1.0]


def test_token_call_counts_against_the_limit(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_tokens(httpserver)
    serve_sequence(httpserver, USER_PATH, json_response(OK_USER))
    client = make_client(rate_limit=RateLimit(2, 10.0))
    client.users.get("id", 7)  # token + user: the window is full
    client.users.get("id", 7)
    assert clock.sleeps == [10.0]


def test_copies_share_the_limiter_and_the_token(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_tokens(httpserver)
    serve_sequence(httpserver, USER_PATH, json_response(OK_USER))
    client = make_client(rate_limit=RateLimit(3, 5.0))
    client.users.get("id", 7)
    client.with_options(timeout=3.0).users.get("id", 7)
    client.with_options(max_retries=0).users.get("id", 7)
    assert clock.sleeps == [5.0]
    assert [r.headers.get("Authorization") for r, _ in httpserver.log][1:] == [f"Bearer {token(1)}"] * 3


def test_429_pauses_the_limiter_for_its_retry_after(
    httpserver: HTTPServer, make_client: Callable[..., Propello], clock: Any
) -> None:
    serve_sequence(httpserver, USER_PATH, json_response({}, 429, {"Retry-After": "3"}), json_response(OK_USER))
    client = make_client(client_id=None, client_secret=None, access_token="t", rate_limit=RateLimit(), max_retries=0)
    with pytest.raises(RateLimitError):
        client.users.get("id", 7)
    client.users.get("id", 7)
    assert clock.sleeps == [3.0]


def test_async_client_uses_the_limiter(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello], clock: Any
) -> None:
    serve_sequence(httpserver, USER_PATH, json_response(OK_USER))

    async def main() -> None:
        async with make_async_client(
            client_id=None, client_secret=None, access_token="t", rate_limit=RateLimit(3, 1.0)
        ) as c:
            for _ in range(4):
                await c.users.get("id", 7)

    run(main())
    assert clock.sleeps == [1.0]


@pytest.mark.parametrize(
    ("calls", "period"),
    [(0, 60.0), (-1, 60.0), (1.5, 60.0), (True, 60.0), (10, 0), (10, -1.0), (10, math.inf), (10, math.nan), (10, "60")],
)
def test_rate_limit_is_validated(calls: Any, period: Any) -> None:
    with pytest.raises(InvalidArgumentError):
        RateLimit(calls=calls, period=period)
