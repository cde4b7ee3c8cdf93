"""Waiting for a rate-limit permit, in a thread or in a task: the two drivers of RateLimiter.poll.

Any exception while waiting (cancellation, asyncio.wait_for's timeout, KeyboardInterrupt) gives the place back
before it propagates, so an abandoned caller never holds up the ones behind it.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from typing import TYPE_CHECKING

from ._clock import Clock
from ._rate_limit import UNTIL_CHANGE, RateLimiter, Ticket

if TYPE_CHECKING:
    import asyncio


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
