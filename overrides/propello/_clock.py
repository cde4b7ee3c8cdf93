"""Time as a dependency: limiter, backoff, Retry-After dates and token expiry all read it from here, so tests
can swap in a clock whose sleep only advances a number."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """What the client needs to know about time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (rate limiter, backoff)."""
        ...

    def time(self) -> float:
        """Wall-clock seconds since the epoch (token expiry, Retry-After dates)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block this thread."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Suspend this task without blocking the event loop."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # here, not at the top: a sync client never needs it

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"
