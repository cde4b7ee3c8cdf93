"""Client-side rate limit: at most `calls` requests in any rolling `period`, shared by every thread and task.

A semaphore whose permits come back late: sending a request takes one of `calls` permits, and that permit comes
back one `period` after the request's answer (or its failure). Why the answer and not the send: the server counts
a request when it *arrives*, some time after we sent it and before its answer is back. Were a permit to come
back a period after the send, a request that travels faster than the one a period before it would land in the same
server window (on loopback that drew 2-6 429s per 100 calls at 20/s; docs/benchmarks.md).

Why this keeps every server window at `calls` or fewer: take the requests that arrive in one window of length
`period` and the one among them sent last, at t. Every other one was sent before t and answered after its arrival,
so later than the window's start, which is after t - period: at t it still held its permit. So the others are at
most `calls - 1`.

Callers that find no free permit queue in order and wait: for a time, when the permits they need come back at
known moments (their requests were answered), or for a change, when those permits are held by requests still in
flight. Nothing is booked ahead of time, so a caller that is cancelled, times out or is interrupted while it waits
just leaves the queue: it owes nothing and the next caller moves up at once.

A 429 pauses every caller: for its Retry-After when that is short enough to wait out, else (no Retry-After) for
one full `period`, the longest a rolling window that was full when the 429 came can stay full of those requests.
A 429 without Retry-After also halves the permits this limiter hands out (someone else is spending the same
budget, e.g. other processes that lost their shared limiter); they grow back by a tenth of `calls` per quiet
period.

The lock guards arithmetic only; callers wait outside it (time.sleep or an event in a thread, asyncio.sleep or a
future in a task; see rate_limit.py), so sync and async callers can share one limiter.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from .._checks import is_positive_seconds
from .._clock import Clock
from .._errors import InvalidArgumentError
from .._forks import follow
from .retry import MAX_RETRY_AFTER, parse_retry_after

UNTIL_CHANGE = math.inf
"""What `RateLimiter.poll` answers when the caller must wait for a request in flight to finish."""


@dataclass(frozen=True)
class RateLimit:
    """At most `calls` requests in any `period` seconds (the API allows 120 a minute)."""

    calls: int = 120
    period: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.calls, bool) or not isinstance(self.calls, int) or self.calls < 1:
            raise InvalidArgumentError(f"RateLimit calls must be a positive integer, got {self.calls!r}")
        if not is_positive_seconds(self.period):
            raise InvalidArgumentError(
                f"RateLimit period must be a positive, finite number of seconds, got {self.period!r}"
            )

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """A rate limit written `calls/period_seconds`, e.g. "240/60" when an organisation's limit was raised to
        240 a minute: how PROPELLO_RATE_LIMIT, the command line's --rate-limit and its config file give it.

        Args:
            text: The limit as text.

        Raises:
            InvalidArgumentError: `text` is not two positive numbers around a slash.
        """
        calls, slash, period = text.strip().partition("/")
        try:
            if not slash:
                raise ValueError
            parsed_calls, parsed_period = int(calls), float(period)
        except ValueError:
            raise InvalidArgumentError(
                f"a rate limit must be calls/period_seconds, e.g. 240/60 (240 calls a minute), got {text!r}"
            ) from None
        return cls(parsed_calls, parsed_period)


@dataclass(frozen=True)
class Pause:
    seconds: float
    halve: bool
    """True for a 429 without Retry-After: someone else spends the same budget."""


def pause_after(response: httpx.Response, limit: RateLimit, clock: Clock) -> Pause | None:
    """How a `response` slows every caller: None unless it is a 429. Its Retry-After when that is short enough to
    wait out (a longer one surfaces as RateLimitError, not as a silent stall); without one, a whole `period`.
    `clock` reads wall time for Retry-After dates."""
    if response.status_code != 429:
        return None
    wait = parse_retry_after(response.headers, clock.time())
    if wait is None:
        return Pause(limit.period, halve=True)
    return Pause(wait, halve=False) if wait <= MAX_RETRY_AFTER else None


@dataclass(frozen=True)
class RateLimitStatus:
    """The rate budget now, as `client.rate_limit_status()` reads it."""

    limit: RateLimit
    """The budget: at most `limit.calls` requests in any rolling `limit.period` seconds."""
    remaining: int
    """Requests that may start now without waiting (less the callers already waiting for a permit)."""
    next_free_in: float
    """Seconds until the next permit in use comes back; 0.0 when none is in use. A permit held by a request still
    in flight counts as a whole period away (it comes back a period after its answer)."""
    paused_for: float
    """Seconds left of the pause a 429 imposed on every caller; 0.0 when none."""
    shared: bool
    """True when read from Redis: the budget of every process and host with the same credentials (redis_url).
    False for this process alone (no redis_url, or Redis out of reach)."""


class Ticket:
    """One caller's place: waiting in the queue until `granted`, then holding a permit until `finish`."""

    __slots__ = ("granted", "wake")

    def __init__(self) -> None:
        self.granted = False
        self.wake: Callable[[], None] | None = None
        """Called (once, under the limiter's lock) when something changed that may let this waiting caller go."""


class RateLimiter:
    """Hands out permits in arrival order. Use: `join()`; while not granted, wait as `poll()` says; send; `finish()`.
    On any exception before the send, `cancel()` gives the place (or the permit) back."""

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        """`limit`: the budget; `clock`: monotonic time for permits and pauses, wall time for Retry-After dates."""
        self._limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: deque[Ticket] = deque()
        self._in_flight = 0
        self._returns: list[float] = []
        """Monotonic times at which permits of answered requests come back, sorted."""
        self._paused_until = -math.inf
        self._ceiling = limit.calls
        """Permits allowed by `limit_to` (a fleet share while the shared budget is out of reach)."""
        self._halved_to = limit.calls
        self._halved_at = -math.inf
        self._regrowth = math.ceil(limit.calls / 10)
        follow(self)

    def after_fork(self) -> None:
        """A forked child starts with a new lock and an empty queue: the waiting callers were the parent's threads.
        The parent's requests in flight are never answered here: their permits come back a period from now."""
        self._lock, self._queue = threading.Lock(), deque()
        back = self._clock.monotonic() + self._limit.period
        self._returns = sorted([*self._returns, *[back] * self._in_flight])
        self._in_flight = 0

    @property
    def limit(self) -> RateLimit:
        return self._limit

    def join(self) -> Ticket:
        """A place in the queue, granted at once when nobody waits and a permit is free."""
        ticket = Ticket()
        with self._lock:
            now = self._clock.monotonic()
            if not self._queue and now >= self._paused_until and self._held(now) < self._capacity(now):
                self._grant(ticket)
            else:
                self._queue.append(ticket)
        return ticket

    def poll(self, ticket: Ticket, wake: Callable[[], None]) -> float | None:
        """None once `ticket` is granted (send now); else the seconds to wait before polling again, or
        UNTIL_CHANGE: wait until `wake` is called (it is kept for that)."""
        with self._lock:
            if ticket.granted:
                return None
            now = self._clock.monotonic()
            capacity, held = self._capacity(now), self._held(now)
            position = self._queue.index(ticket)
            if position < capacity - held:
                if now >= self._paused_until:
                    self._queue.remove(ticket)
                    self._grant(ticket)
                    return None
                return self._paused_until - now
            needed = held - capacity + position  # how many permits must come back first, minus one
            if needed >= len(self._returns):  # some of them are held by requests still in flight
                ticket.wake = wake
                return UNTIL_CHANGE
            return max(self._returns[needed], self._paused_until) - now

    def cancel(self, ticket: Ticket) -> None:
        """The caller gave up before sending: it leaves the queue, or gives back the permit it was granted."""
        with self._lock:
            if ticket.granted:
                ticket.granted = False
                self._in_flight -= 1
            elif ticket in self._queue:
                self._queue.remove(ticket)
            self._wake()

    def finish(self, ticket: Ticket, response: httpx.Response | None) -> None:
        """The request sent under `ticket` is over (its answer came back now, or it failed: `response` None)."""
        with self._lock:
            if ticket.granted:
                ticket.granted = False
                self._in_flight -= 1
                bisect.insort(self._returns, self._clock.monotonic() + self._limit.period)
                if self._queue:
                    self._wake()
        if response is not None and response.status_code == 429:
            self.observe(response)

    def limit_to(self, permits: int | None) -> None:
        """Hand out at most `permits` (at least 1) until called with None: this process's share of a budget that
        several processes spend, while they cannot coordinate."""
        with self._lock:
            self._ceiling = self._limit.calls if permits is None else max(1, min(permits, self._limit.calls))
            self._wake(everyone=True)

    def observe(self, response: httpx.Response) -> None:
        """A 429 pauses every caller, and without Retry-After halves the permits (see the module docstring)."""
        pause = pause_after(response, self._limit, self._clock)
        if pause is None:
            return
        now = self._clock.monotonic()
        with self._lock:
            self._paused_until = max(self._paused_until, now + pause.seconds)
            if pause.halve:
                self._halved_to = max(1, self._capacity(now) // 2)
                self._halved_at = now

    def _capacity(self, now: float) -> int:
        quiet_periods = (now - self._halved_at) // self._limit.period if self._halved_at > -math.inf else 0
        grown = self._halved_to + self._regrowth * int(quiet_periods)
        return min(self._ceiling, grown, self._limit.calls)

    def _held(self, now: float) -> int:
        """Permits out now: requests in flight, and answered ones whose permit has not come back yet."""
        expired = bisect.bisect_right(self._returns, now)
        if expired:
            del self._returns[:expired]
        return self._in_flight + len(self._returns)

    def _grant(self, ticket: Ticket) -> None:
        ticket.granted, ticket.wake = True, None
        self._in_flight += 1

    def _wake(self, *, everyone: bool = False) -> None:
        """Wake callers waiting for a change. Usually one more permit's return time is known, or one place fewer
        is ahead: of the callers waiting for a change only the first in line can use that, so only it is woken (no
        herd of threads each time). A larger `limit_to` may let `everyone` go."""
        for waiting in self._queue:
            if waiting.wake is not None:
                wake, waiting.wake = waiting.wake, None
                wake()
                if not everyone:
                    return

    def status(self) -> RateLimitStatus:
        """This process's budget now (see RateLimitStatus)."""
        with self._lock:
            now = self._clock.monotonic()
            held = self._held(now)
            remaining = max(0, self._capacity(now) - held - len(self._queue))
            next_free = self._returns[0] - now if self._returns else self._limit.period if held else 0.0
            paused_for = max(0.0, self._paused_until - now)
        return RateLimitStatus(self._limit, remaining, next_free, paused_for, shared=False)

    def __repr__(self) -> str:
        return f"RateLimiter({self._limit!r})"
