"""The retry and rate-limit layers of the stack (see __init__.py): RetryTransport -> RateLimitTransport -> the
connection pool (the client's own, pool.py, or ClientTransport over the http_client a caller passed).

Each layer comes as a sync and an async twin that only drive the shared logic (RetryPolicy.flow, RateLimiter);
the twins differ in `await`, nothing else.

RetryTransport reads each response body as part of its attempt, so a connection that breaks mid-body is that
attempt's transport error: a read is retried like any other connection failure, and a write is not. It reads at
most `max_response_bytes` of it (ResponseTooLargeError beyond), and hands the body on in memory. When the last
attempt fails without an answer it raises the APIConnectionError itself: only it knows the request that failed
(the token request, say, rather than the call that needed a token) and whether an earlier attempt got through.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from typing import TYPE_CHECKING

import httpx

from .._calls.operations import describe
from .._clock import Clock
from .._logging import logger
from .limiter import UNTIL_CHANGE, RateLimiter, Ticket
from .retry import RATE_LIMIT_WAIT

if TYPE_CHECKING:
    import asyncio

    from .._fleet.budget import AsyncSharedBudget, SharedBudget


class RateLimitTransport(httpx.BaseTransport):
    """Waits for a permit of the in-process limiter and, with `budget` (redis_url), of the fleet's shared budget;
    sends; and hands both back with the answer's time. A caller interrupted before the send (cancelled, timed
    out, KeyboardInterrupt) gives its place back instead.

    The in-process limiter stays in front with a budget too: it queues this process's callers in order, and takes
    over alone, with this process's share, whenever Redis is down."""

    def __init__(
        self, inner: httpx.BaseTransport, limiter: RateLimiter, clock: Clock, budget: SharedBudget | None = None
    ) -> None:
        self._inner, self._limiter, self._clock, self._budget = inner, limiter, clock, budget

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        ticket, entry, response, sending = self._limiter.join(), None, None, False
        try:
            waited = 0.0
            if not ticket.granted:
                _log_wait(request)
                started = self._clock.monotonic()
                wait_for_permit(self._limiter, ticket, self._clock)
                waited = self._clock.monotonic() - started
            if self._budget is not None:  # the fleet's budget: its waits and round trips to Redis count as waiting
                started = self._clock.monotonic()
                entry = self._budget.permit()
                waited += self._clock.monotonic() - started
            if waited:
                request.extensions[RATE_LIMIT_WAIT] = waited
            sending = True
            response = self._inner.handle_request(request)
        finally:
            _settle(self._limiter, ticket, response, sent=sending)
            if entry is not None and self._budget is not None:
                self._budget.finish(entry, response)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncRateLimitTransport(httpx.AsyncBaseTransport):
    """The async twin of RateLimitTransport."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        limiter: RateLimiter,
        clock: Clock,
        budget: AsyncSharedBudget | None = None,
    ) -> None:
        self._inner, self._limiter, self._clock, self._budget = inner, limiter, clock, budget

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        ticket, entry, response, sending = self._limiter.join(), None, None, False
        try:
            waited = 0.0
            if not ticket.granted:
                _log_wait(request)
                started = self._clock.monotonic()
                await await_permit(self._limiter, ticket, self._clock)
                waited = self._clock.monotonic() - started
            if self._budget is not None:  # the fleet's budget: its waits and round trips to Redis count as waiting
                started = self._clock.monotonic()
                entry = await self._budget.permit()
                waited += self._clock.monotonic() - started
            if waited:
                request.extensions[RATE_LIMIT_WAIT] = waited
            sending = True
            response = await self._inner.handle_async_request(request)
        finally:
            _settle(self._limiter, ticket, response, sent=sending)
            if entry is not None and self._budget is not None:
                await self._budget.finish(entry, response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _settle(limiter: RateLimiter, ticket: Ticket, response: httpx.Response | None, *, sent: bool) -> None:
    """A permit used comes back a period after the answer; one never used comes back now."""
    if sent:
        limiter.finish(ticket, response)
    else:
        limiter.cancel(ticket)


def _log_wait(request: httpx.Request) -> None:
    logger.debug("%s: rate limit, waiting for a permit", describe(request))


def wait_for_permit(limiter: RateLimiter, ticket: Ticket, clock: Clock) -> None:
    """Block this thread until `limiter` grants `ticket` (from its join()); `clock` sleeps the timed waits."""
    try:
        while not ticket.granted:
            changed = threading.Event()
            delay = limiter.poll(ticket, changed.set)
            if delay == UNTIL_CHANGE:
                changed.wait()
            elif delay is not None:
                clock.sleep(delay)
    except BaseException:
        limiter.cancel(ticket)
        raise


async def await_permit(limiter: RateLimiter, ticket: Ticket, clock: Clock) -> None:
    """Suspend this task until `limiter` grants `ticket` (from its join()); `clock` sleeps the timed waits."""
    import asyncio  # here, not at the top: a sync client never needs it

    try:
        loop = asyncio.get_running_loop()
        while not ticket.granted:
            changed = loop.create_future()
            delay = limiter.poll(ticket, functools.partial(_call_soon, loop, changed))
            if delay == UNTIL_CHANGE:
                await changed
            elif delay is not None:
                await clock.asleep(delay)
    except BaseException:
        limiter.cancel(ticket)
        raise


def _call_soon(loop: asyncio.AbstractEventLoop, changed: asyncio.Future[None]) -> None:
    """Resolve `changed` on its own loop (the change may come from another thread). A loop already closed has no
    waiter left to wake."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(_resolve, changed)


def _resolve(changed: asyncio.Future[None]) -> None:
    if not changed.done():
        changed.set_result(None)
