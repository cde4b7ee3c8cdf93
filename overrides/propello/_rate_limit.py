"""Client-side rate limit: at most `calls` requests in any rolling `period`, shared by every thread and task.

A sliding log, not a token bucket: a bucket refilling at calls/period lets a full burst through at the end of one
server window and another at the start of the next, which a fixed- or sliding-window server answers with 429s.

The server counts requests when they arrive, which is some time after we send them and before their answer is
back. So a window reopens a period after the answer to the request it starts with, not after that request was
sent: otherwise a request that travels faster than the one a period before it lands in the same server window.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass

import httpx

from ._clock import Clock
from ._errors import InvalidArgumentError
from ._inputs import is_positive_seconds
from ._retry_after import MAX_RETRY_AFTER, parse_retry_after


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


@dataclass
class Booking:
    """One request's place in the log: its send slot and, once `RateLimiter.finish` saw it, when it ended."""

    slot: float
    delay: float
    """Seconds to wait from the booking until the slot."""
    ended: float | None = None


class RateLimiter:
    """Hands out send slots. The lock guards arithmetic only; callers sleep outside it (time.sleep in a thread,
    asyncio.sleep in a task), so sync and async users can share one limiter without blocking an event loop."""

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self._limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._recent: deque[Booking] = deque(maxlen=limit.calls)
        self._paused_until = -math.inf

    def reserve(self) -> Booking:
        """Book the earliest slot that keeps every rolling window at `calls` or fewer.

        Slots are handed out in order, so the window ending at a new slot t holds it plus the bookings after
        t - period: fewer than `calls` of those exactly when the `calls`-th latest booking ended by t - period
        (or, still in flight, was sent by then).
        """
        with self._lock:
            now = self._clock.monotonic()
            slot = max(now, self._paused_until, self._recent[-1].slot if self._recent else now)
            if len(self._recent) == self._limit.calls:
                oldest = self._recent[0]
                slot = max(slot, (oldest.slot if oldest.ended is None else oldest.ended) + self._limit.period)
            self._recent.append(Booking(slot, slot - now))
            return self._recent[-1]

    def finish(self, booking: Booking, response: httpx.Response | None) -> None:
        """The request booked is over: its answer (None when it failed) came back now."""
        with self._lock:
            booking.ended = max(booking.slot, self._clock.monotonic())
        if response is not None:
            self.observe(response)

    def pause_until(self, when: float) -> None:
        """Hand out no slot before monotonic time `when` (the server said so with Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, when)

    def observe(self, response: httpx.Response) -> None:
        """A 429 pauses every caller for its Retry-After, when that is short enough to wait out."""
        if response.status_code != 429:
            return
        wait = parse_retry_after(response.headers, self._clock.time())
        if wait is not None and wait <= MAX_RETRY_AFTER:
            self.pause_until(self._clock.monotonic() + wait)

    def __repr__(self) -> str:
        return f"RateLimiter({self._limit!r})"
