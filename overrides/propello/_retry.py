"""When to retry and how long to wait, decided once for both the sync and the async transport.

`RetryPolicy.flow()` is a generator in the style of httpx's auth flow: it yields the delay before each attempt
and is sent each attempt's outcome (a response or a transport exception); when it stops, the last outcome is
final. Reads are retried on anything transient; writes only when the server surely did not act on them (the
connection failed before the request was sent, or it answered 429), so a write is never replayed after a 5xx or
a read timeout.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Literal

import httpx

from ._error_mapping import SURELY_NOT_SENT
from ._errors import InvalidArgumentError
from ._inputs import is_positive_seconds
from ._retry_after import MAX_RETRY_AFTER, parse_retry_after

Outcome = httpx.Response | httpx.TransportError

READ_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
WRITE_RETRY_STATUSES = frozenset({429})
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: before retry n, wait up to min(cap, base * 2**(n-1)) seconds.
    `full` jitter waits uniformly in [0, that]; `equal` in [that/2, that]. Pass `rng` for reproducible delays."""

    base: float = 0.5
    cap: float = 8.0
    jitter: Literal["full", "equal"] = "equal"
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (is_positive_seconds(self.base) and is_positive_seconds(self.cap)):
            raise InvalidArgumentError("Backoff base and cap must be positive finite numbers of seconds")
        if self.jitter not in ("full", "equal"):
            raise InvalidArgumentError(f"Backoff jitter must be 'full' or 'equal', got {self.jitter!r}")

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1 for the first retry)."""
        ceiling = min(self.cap, self.base * 2 ** (retry - 1))
        floor = 0.0 if self.jitter == "full" else ceiling / 2
        return self.rng.uniform(floor, ceiling)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    backoff: Backoff

    def flow(self, *, read: bool, wall_time: Callable[[], float]) -> Generator[float, Outcome, None]:
        """Yield the delay before each attempt (0 before the first); receive each attempt's outcome."""
        outcome = yield 0.0
        for retry in range(1, self.max_retries + 1):
            delay = self._delay(retry, outcome, read=read, now=wall_time())
            if delay is None:
                return
            outcome = yield delay

    def _delay(self, retry: int, outcome: Outcome, *, read: bool, now: float) -> float | None:
        """Seconds before retry number `retry`, or None when the outcome must not be retried."""
        if isinstance(outcome, httpx.Response):
            if outcome.status_code not in (READ_RETRY_STATUSES if read else WRITE_RETRY_STATUSES):
                return None
            asked = parse_retry_after(outcome.headers, now)
            if asked is not None:
                return asked if asked <= MAX_RETRY_AFTER else None
        elif not (isinstance(outcome, SURELY_NOT_SENT) or (read and isinstance(outcome, _TRANSIENT))):
            return None
        return self.backoff.delay(retry)
