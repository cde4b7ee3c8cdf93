"""When to retry and how long to wait, decided once for both the sync and the async transport.

`RetryPolicy.flow()` is a generator in the style of httpx's auth flow: it yields the delay before each attempt
and is sent each attempt's outcome (a response or a transport exception); when it stops, the last outcome is
final. Reads are retried on anything transient; writes only when the server surely did not act on them (the
connection failed before the request was sent, or it answered 429), so a write is never replayed after a 5xx or
a read timeout.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime
from typing import Literal

import httpx

from .._checks import is_positive_seconds
from .._errors import InvalidArgumentError

Outcome = httpx.Response | httpx.TransportError

SURELY_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Passing failures before the request left this machine: the server cannot have acted on it, so even a write may
be retried."""
NEVER_SENT = (*SURELY_NOT_SENT, httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""Every failure before the request left this machine, including those a retry would only repeat: h11 refusing
to encode it (it validates a request before writing a byte of it) and a URL scheme no transport serves."""

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


def may_have_been_processed(outcome: httpx.Response | httpx.HTTPError) -> bool:
    """False only when the server surely did not act: the request never left, or the answer says so (< 500)."""
    if isinstance(outcome, httpx.Response):
        return outcome.status_code >= 500
    return not isinstance(outcome, NEVER_SENT)


MAX_RETRY_AFTER = 60.0
"""Longest server-requested wait we sit out; a longer one surfaces as an error instead of a silent stall."""


def parse_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait (never negative), or None when no header says it. `now` is wall-clock time, for dates."""
    milliseconds = _number(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return milliseconds / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - now)


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None
