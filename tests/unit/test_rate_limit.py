"""The client-side limiter: never more than `calls` requests in any rolling `period`, exact with a fake clock;
correct with more callers than `calls` (64 threads, 200 tasks against a loopback server enforcing the window);
a caller that gives up while it waits gives its place back."""

from __future__ import annotations

import asyncio
import collections
import math
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from propello import AsyncPropello, InvalidArgumentError, Propello, RateLimit, RateLimitError
from propello._transports.limiter import UNTIL_CHANGE, RateLimiter, Ticket
from propello._transports.rate_limit import await_permit, wait_for_permit
from pytest_httpserver import HTTPServer
from unit_helpers import OK_GROUPS, OK_USER, json_response, run, serve_sequence, serve_tokens, token
from werkzeug import Request, Response

USER_PATH = "/v3/user/get/id/7"


def granted(limiter: RateLimiter) -> Ticket:
    ticket = limiter.join()
    assert ticket.granted
    return ticket


def ignore() -> None:
    return None


def too_many(seconds: str | None = None) -> httpx.Response:
    return httpx.Response(429, headers={} if seconds is None else {"Retry-After": seconds})


def test_a_permit_comes_back_a_period_after_the_answer_not_the_send(clock: Any) -> None:
    """The server counts a request when it arrives, between our send and its answer: a request sent exactly a
    period after another could arrive less than a period after it."""
    limiter = RateLimiter(RateLimit(calls=2, period=1.0), clock)
    first, _second = granted(limiter), granted(limiter)
    clock.advance(0.3)
    limiter.finish(first, None)
    waiting = limiter.join()
    assert not waiting.granted
    assert limiter.poll(waiting, ignore) == pytest.approx(1.0)  # the first answered at +0.3: back at +1.3
    clock.advance(1.0)
    assert limiter.poll(waiting, ignore) is None


def test_a_caller_waits_for_a_change_while_every_permit_is_in_flight(clock: Any) -> None:
    """Nothing is booked ahead: with both permits held by requests not answered yet, the third caller cannot know
    when it may go, so it waits until one of them is answered (that wakes it), then a period."""
    limiter = RateLimiter(RateLimit(calls=2, period=1.0), clock)
    first, _second = granted(limiter), granted(limiter)
    third, woken = limiter.join(), threading.Event()
    assert limiter.poll(third, woken.set) == UNTIL_CHANGE
    clock.advance(0.5)
    limiter.finish(first, None)
    assert woken.is_set()
    assert limiter.poll(third, ignore) == pytest.approx(1.0)


def test_callers_go_in_order(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=1, period=1.0), clock)
    limiter.finish(granted(limiter), None)
    first, second = limiter.join(), limiter.join()
    clock.advance(1.0)
    assert limiter.poll(second, ignore) == UNTIL_CHANGE  # its permit is the one `first` is about to take
    assert limiter.poll(first, ignore) is None


def test_no_window_ever_holds_more_than_calls(clock: Any) -> None:
    """One caller at a time, random pauses and random answer times: every send k + calls comes at least a period
    after the answer to send k, and no later than needed."""
    calls, period = 5, 2.0
    limiter, rng = RateLimiter(RateLimit(calls=calls, period=period), clock), random.Random(11)
    sent: list[float] = []
    answered: list[float] = []
    for _ in range(2000):
        clock.advance(rng.expovariate(4.0) if rng.random() < 0.9 else rng.uniform(0, 5))
        arrival = clock.monotonic()
        ticket = limiter.join()
        wait_for_permit(limiter, ticket, clock)
        sent.append(clock.monotonic())
        clock.advance(rng.uniform(0, 0.3))
        limiter.finish(ticket, None)
        answered.append(clock.monotonic())
        earliest = max(arrival, answered[-1 - calls] + period if len(answered) > calls else arrival)
        assert sent[-1] == pytest.approx(earliest, abs=1e-9)
    assert all(later >= end + period - 1e-9 for end, later in zip(answered, sent[calls:], strict=False))


def test_a_429_without_retry_after_pauses_a_period_and_halves_the_permits(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=10, period=10.0), clock)
    limiter.finish(granted(limiter), too_many())
    waiting = limiter.join()
    assert limiter.poll(waiting, ignore) == 10.0
    clock.advance(10.0)  # 10 // 2 permits, plus a tenth of 10 for the quiet period the pause was
    tickets = [waiting, *(limiter.join() for _ in range(6))]
    assert [limiter.poll(t, ignore) is None for t in tickets] == [True] * 6 + [False]
    clock.advance(10.0)
    assert limiter.poll(tickets[-1], ignore) is None


def test_a_429_with_retry_after_pauses_for_it_without_halving(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=2, period=10.0), clock)
    limiter.finish(granted(limiter), too_many("4"))
    waiting = limiter.join()
    assert limiter.poll(waiting, ignore) == 4.0
    clock.advance(4.0)
    assert limiter.poll(waiting, ignore) is None
    assert limiter.join().granted is False  # both permits out (the 429 counted), not one of one


def test_limit_to_caps_the_permits_until_lifted(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=4, period=1.0), clock)
    limiter.limit_to(1)
    first, second = granted(limiter), limiter.join()
    assert not second.granted
    limiter.limit_to(None)
    assert limiter.poll(second, ignore) is None
    limiter.finish(first, None)


class FrozenClock:
    """Time stands still and every timed wait lasts until cancelled: nothing moves but what the test does."""

    def monotonic(self) -> float:
        return 1000.0

    def time(self) -> float:
        return 1_700_000_000.0

    def sleep(self, seconds: float) -> None:
        raise AssertionError("no thread sleeps here")

    async def asleep(self, seconds: float) -> None:
        await asyncio.Event().wait()


def test_cancelled_tasks_give_their_places_back() -> None:
    """100 tasks queue on RateLimit(5, 1) and are cancelled: the next caller waits only for the window it finds,
    not for theirs (19.8 s before the fix)."""
    clock = FrozenClock()
    limiter = RateLimiter(RateLimit(calls=5, period=1.0), clock)

    async def main() -> float | None:
        for ticket in [granted(limiter) for _ in range(5)]:
            limiter.finish(ticket, None)
        queued = [asyncio.ensure_future(await_permit(limiter, limiter.join(), clock)) for _ in range(100)]
        await asyncio.sleep(0.01)
        for task in queued:
            task.cancel()
        await asyncio.gather(*queued, return_exceptions=True)
        return limiter.poll(limiter.join(), ignore)

    assert run(main()) == 1.0


def test_a_wait_for_timeout_gives_the_place_back(clock: Any) -> None:
    limiter = RateLimiter(RateLimit(calls=1, period=1.0), clock)

    async def main() -> float | None:
        in_flight = granted(limiter)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(await_permit(limiter, limiter.join(), clock), 0.05)
        limiter.finish(in_flight, None)
        return limiter.poll(limiter.join(), ignore)

    assert run(main()) == 1.0  # first in line: only the answered request's period, no second permit to wait for


def test_keyboard_interrupt_while_waiting_gives_the_place_back(clock: Any) -> None:
    class InterruptedClock(type(clock)):  # type: ignore[misc]
        def sleep(self, seconds: float) -> None:
            raise KeyboardInterrupt

    limiter = RateLimiter(RateLimit(calls=1, period=1.0), clock)
    limiter.finish(granted(limiter), None)
    with pytest.raises(KeyboardInterrupt):
        wait_for_permit(limiter, limiter.join(), InterruptedClock())
    assert limiter.poll(limiter.join(), ignore) == 1.0


class EnforcingServer:
    """A loopback API answering GET /v3/group, 429 (no Retry-After) past `calls` arrivals in any `period`."""

    def __init__(self, server: HTTPServer, calls: int, period: float) -> None:
        self._calls, self._period = calls, period
        self._lock = threading.Lock()
        self._admitted: collections.deque[float] = collections.deque()
        self.statuses: collections.Counter[int] = collections.Counter()
        server.expect_request("/v3/group").respond_with_handler(self.answer)

    def answer(self, _: Request) -> Response:
        with self._lock:
            now = time.monotonic()
            while self._admitted and self._admitted[0] <= now - self._period:
                self._admitted.popleft()
            status = 200 if len(self._admitted) < self._calls else 429
            if status == 200:
                self._admitted.append(now)
            self.statuses[status] += 1
        return json_response(OK_GROUPS if status == 200 else {"message": "Too Many Attempts."}, status)


CALLS, PERIOD = 20, 0.25
"""A scaled limit for the concurrency tests: 80 calls a second, so 200 calls take about 2.5 s."""


@pytest.fixture
def enforcing(threaded_httpserver: HTTPServer) -> Iterator[EnforcingServer]:
    yield EnforcingServer(threaded_httpserver, CALLS, PERIOD)


def limited_options(server: HTTPServer) -> dict[str, Any]:
    return {
        "access_token": "t",
        "base_url": server.url_for("/"),
        "rate_limit": RateLimit(CALLS, PERIOD),
        "max_retries": 0,
    }


def test_64_threads_keep_the_window(threaded_httpserver: HTTPServer, enforcing: EnforcingServer) -> None:
    with Propello(**limited_options(threaded_httpserver)) as client:
        start = threading.Barrier(64)

        def work() -> None:
            start.wait()
            for _ in range(3):
                client.groups.get()

        threads = [threading.Thread(target=work) for _ in range(64)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert enforcing.statuses == {200: 192}


def test_200_tasks_keep_the_window(threaded_httpserver: HTTPServer, enforcing: EnforcingServer) -> None:
    async def main() -> None:
        async with AsyncPropello(**limited_options(threaded_httpserver)) as client:
            await asyncio.gather(*(client.groups.get() for _ in range(200)))

    run(main())
    assert enforcing.statuses == {200: 200}


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
