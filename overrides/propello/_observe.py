"""The attempt hook: what an observer (logging, tracing, metrics) sees of each attempt of each request.

Every request the client sends, the token request included, goes through the retry layer
(_transports/retry.py) as one or more attempts. For each attempt the layer calls `Observer.attempt(Attempt)`
before anything is sent (before the rate-limit wait), in the caller's thread or task, so context variables
(a span's parent) are those of the call; what it returns, if not None, is called with `AttemptEnd` once the
attempt has its outcome (the body read, or the error), again in the caller's thread or task, before the wait for
the next attempt. A token fetch shows as the attempts of a request whose `fetching_token` is True.

With no observer whose level asks for it, the only per-attempt cost is building one small Attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
from propello_api.types import Operation


@dataclass(frozen=True)
class Attempt:
    """One attempt about to be sent."""

    operation: Operation | None
    """The spec's operation (path template, method, replayable); None for a request the generated code did not
    build."""
    method: str
    """The HTTP method."""
    path: str
    """The path template (`/v3/user/get/{identifier}/{identifier_value}`), never the concrete path."""
    number: int
    """1 for the first attempt; `number - 1` is how often the request was resent."""
    fetching_token: bool
    """True for the token request sent on behalf of a call."""


@dataclass(frozen=True)
class AttemptEnd:
    """How an attempt ended."""

    response: httpx.Response | None
    """The answer, its body read; None when the attempt got none."""
    error: BaseException | None
    """Why there was no answer: an httpx transport error (connection, timeout), one of this package's errors
    (ResponseTooLargeError), or cancellation/KeyboardInterrupt; None with a response."""
    retry_in: float | None
    """Seconds until the next attempt; None when this attempt is the last."""
    rate_limit_wait: float
    """Seconds this attempt waited for a rate-limit permit before it was sent."""


AttemptFinished = Callable[[AttemptEnd], None]
"""What `Observer.attempt` returns to hear how the attempt ended."""


class Observer:
    """Subclass and override `attempt`; pass one as `observer=` to Propello or AsyncPropello.

    Example, a metric per attempt::

        class Timing(propello.Observer):
            def attempt(self, attempt: propello.Attempt) -> Callable[[propello.AttemptEnd], None] | None:
                started = time.monotonic()
                return lambda end: record(attempt.path, end.response, time.monotonic() - started)
    """

    def attempt(self, attempt: Attempt) -> AttemptFinished | None:
        """Called before `attempt` is sent; return a callable to hear how it ended, or None."""
        return None


CALL_FACTS = "propello.call_facts"
"""The response extension in which the retry layer leaves the CallFacts of the request it answers."""


@dataclass(frozen=True)
class CallFacts:
    """How a request went, all its attempts together: what a RawResponse and an APIStatusError report."""

    retries_taken: int
    """How often it was sent again (0: the first attempt got the answer)."""
    rate_limit_wait: float
    """Seconds its attempts waited for rate-limit permits (in-process, and through Redis with redis_url)."""


NO_FACTS = CallFacts(0, 0.0)


def facts_of(response: httpx.Response) -> CallFacts:
    """The CallFacts the retry layer left on `response`; none for a response that did not come through it."""
    found = response.extensions.get(CALL_FACTS)
    return found if isinstance(found, CallFacts) else NO_FACTS
