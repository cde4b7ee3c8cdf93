"""How long one request may take: `timeout` bounds each attempt as a whole, from connect (name resolution included)
to the last byte of the body; `deadline` bounds the request across its attempts and the waits between them.

httpx's timeouts apply per phase and per read, so a server that sends one byte within each read timeout keeps an
attempt alive for as long as it likes. Instead, each request has a RequestTime (made by the retry layer, retry.py):

- the attempt's clock starts at the pool layer (pool.py calls start_attempt()), after any wait for a rate-limit
  permit, which the limiter bounds and which does not count;
- while the attempt runs, the network layer (network.py) gives each connect, read and write at most what is left
  of it (left_of()), and raises httpcore's timeout for its phase once nothing is;
- between attempts, the retry layer retries only while the wait before the next one ends within the deadline.

The current attempt's RequestTime is found through a context variable: it follows the calling thread (sync) or task
(async) down through httpx and httpcore, which pass no such thing along.
"""

from __future__ import annotations

import math
from contextvars import ContextVar

import httpx

from .._clock import Clock

CURRENT: ContextVar[RequestTime | None] = ContextVar("propello_request_time", default=None)
"""The RequestTime of the attempt running in this thread or task (set by retry.Attempts), or None."""


class RequestTime:
    """The time one request has: `timeout` for each attempt, `deadline` for all of them and the waits between."""

    __slots__ = ("_clock", "_deadline", "_ends", "_spent", "_started", "_timeout", "sent")

    def __init__(self, clock: Clock, request: httpx.Request, deadline: float) -> None:
        """`clock`: the client's (tests pass one they move by hand). `request`: its timeout extension, which httpx
        fills from the client's timeout, gives the attempt's bound, the largest of its phases. `deadline`: seconds
        for the whole request."""
        phases = (request.extensions.get("timeout") or {}).values()
        self._timeout = max((float(phase) for phase in phases if phase is not None), default=math.inf)
        self._clock, self._deadline = clock, deadline
        self._spent = 0.0
        """Seconds of the deadline used: by finished attempts, and the waits before the next ones."""
        self._started: float | None = None
        self._ends = math.inf
        self.sent = False
        """Whether the running attempt wrote anything yet (network.py sets it)."""

    def start(self) -> None:
        """The attempt reaches the pool: from now on it has its timeout, or what is left of the deadline."""
        now = self._clock.monotonic()
        self._started, self.sent = now, False
        self._ends = now + min(self._timeout, self._deadline - self._spent)

    def stop(self) -> None:
        """The attempt ended (answered, failed or cut)."""
        if self._started is not None:
            self._spent += self._clock.monotonic() - self._started
            self._started, self._ends = None, math.inf

    def left(self) -> float:
        """Seconds the running attempt has left (infinite outside an attempt); zero or less once it ran out."""
        return self._ends - self._clock.monotonic()

    def allows_wait(self, seconds: float) -> bool:
        """Whether a next attempt after waiting `seconds` starts before the deadline; if so, the wait is counted."""
        if self._spent + seconds >= self._deadline:
            return False
        self._spent += seconds
        return True


def start_attempt() -> None:
    """Called by the pool layer as an attempt reaches it: starts the attempt's clock."""
    current = CURRENT.get()
    if current is not None:
        current.start()


RAN_OUT = "the attempt ran out of time (timeout bounds a whole attempt, deadline a whole call, with its retries)"


def left_of(timeout: float | None, expired: type[Exception]) -> float | None:
    """What a connect, read or write may wait: its own `timeout` (httpx's, per phase), or less when the attempt
    has less left. Raises `expired` (httpcore's timeout for the phase) when the attempt has nothing left."""
    current = CURRENT.get()
    if current is None:
        return timeout
    left = current.left()
    if timeout is not None and timeout <= left:
        return timeout
    if left <= 0:
        raise expired(RAN_OUT)
    return left if left < math.inf else None
