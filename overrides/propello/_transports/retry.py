"""The retry layer: everything about retrying, for both the sync and the async transport.

- whether to retry and how long to wait (`RetryPolicy.delay`: from the Operation, the outcome and the attempt),
  Retry-After included;
- "was it sent" (SURELY_NOT_SENT, NEVER_SENT, may_have_been_processed), and the error for a request that got no
  answer (connection_error);
- the attempt bookkeeping (`Attempts`: one driver that serves `for` and `async for`, as stamina's retry context
  does), which also calls the attempt hook (_observe.py);
- RetryTransport and AsyncRetryTransport, which only send and read inside that loop;
- the time a request has (deadline.py): each attempt within `timeout` as a whole, all of them and the waits
  between within the policy's `deadline`; a retry whose wait would end past it is not made.

Each attempt reads its response body (at most `max_response_bytes`, bodies.py), so a connection that breaks mid-body
is that attempt's transport error. Reads are retried on anything transient; writes only when the server surely did
not act on them (the connection failed before the request was sent, or it answered 429), so a write is never
replayed after a 5xx or a read timeout.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from contextvars import Token
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Literal

import httpx
from propello_api.types import Operation

from .._calls.operations import operation_of
from .._checks import is_positive_seconds
from .._clock import Clock
from .._errors import APIConnectionError, APITimeoutError, InvalidArgumentError
from .._errors.redaction import redacted_request
from .._errors.texts import CALL_NOT_PROCESSED, fetching_token, subject
from .._observe import CALL_FACTS, Attempt, AttemptEnd, AttemptFinished, CallFacts, Observer
from .bodies import aread_capped, read_capped
from .deadline import CURRENT, RequestTime

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
    deadline: float = math.inf
    """Seconds a request may take in all, its attempts and the waits between them (deadline.py)."""

    def delay(self, operation: Operation | None, outcome: Outcome, attempt: int, *, now: float) -> float | None:
        """Seconds before the attempt after attempt number `attempt` (1 for the first), or None when `outcome` is
        final. Only operations the overlay marks replayable are retried after they may have reached the server."""
        if attempt > self.max_retries:
            return None
        read = operation is not None and operation.replayable
        return self._delay(attempt, outcome, read=read, now=now)

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


def connection_error(
    request: httpx.Request, exc: httpx.HTTPError, *, earlier_attempt_reached: bool = False
) -> APIConnectionError:
    """The APIConnectionError (APITimeoutError for a timeout) for `request` failing with `exc`, which is left
    holding a redacted copy of the request. `earlier_attempt_reached`: an earlier attempt of this same request may
    have been processed, so the error may not claim otherwise whatever the last attempt ran into."""
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    token, reached = fetching_token(request), may_have_been_processed(exc)
    if token:
        outcome = CALL_NOT_PROCESSED
    elif reached:
        outcome = "the server may have processed it"
    elif earlier_attempt_reached:
        outcome = "this attempt was not sent, but an earlier one may have been processed"
    else:
        outcome = "it was not sent"
    exc.request = redacted_request(request)
    return kind(
        f"{subject(request)} to {origin(request.url)} failed before a complete response arrived ({reason}); {outcome}",
        may_have_been_processed=not token and (reached or earlier_attempt_reached),
    )


def origin(url: httpx.URL) -> str:
    """scheme://host:port of a request: where it went, without its path (which may hold an email)."""
    port = url.port or {"https": 443, "http": 80}.get(url.scheme)
    return f"{url.scheme}://{url.host}:{port}"


RATE_LIMIT_WAIT = "propello.rate_limit_wait"
"""The request extension in which the rate-limit layer leaves how long the current attempt waited for a permit."""


class Attempts:
    """The attempts of one request: the one retry driver, for both twins. Use::

        attempts = Attempts(request, policy, clock, observers)
        for attempt in attempts:            # `async for` in the async twin: the waits between attempts differ
            with attempt:                   # a transport error ends the attempt, not the loop
                attempt.answered(read_capped(inner.handle_request(request), ...))
        return attempts.result()            # the final response, or the APIConnectionError

    It keeps the bookkeeping (attempt number, the last outcome, whether an earlier attempt may have got through),
    asks the policy after each attempt, and calls the observers' attempt hooks."""

    def __init__(
        self, request: httpx.Request, policy: RetryPolicy, clock: Clock, observers: Sequence[Observer]
    ) -> None:
        self._request, self._policy, self._clock, self._observers = request, policy, clock, observers
        self._operation = operation_of(request)
        self._number = 0
        self._delay: float | None = 0.0
        self._outcome: Outcome | None = None
        self._reached = False
        self._waited = 0.0
        self._finished: list[AttemptFinished] = []
        self._time = RequestTime(clock, request, policy.deadline)
        self._running: Token[RequestTime | None] | None = None

    def __iter__(self) -> Attempts:
        return self

    def __next__(self) -> Attempts:
        if self._delay is None:
            raise StopIteration
        if self._delay:
            self._clock.sleep(self._delay)
        return self._start()

    def __aiter__(self) -> Attempts:
        return self

    async def __anext__(self) -> Attempts:
        if self._delay is None:
            raise StopAsyncIteration
        if self._delay:
            await self._clock.asleep(self._delay)
        return self._start()

    def _start(self) -> Attempts:
        self._number += 1
        if self._outcome is not None:
            self._reached = self._reached or may_have_been_processed(self._outcome)
        self._outcome = None
        if self._observers:
            request, operation = self._request, self._operation
            attempt = Attempt(
                operation,
                request.method,
                operation.path if operation else "<path not in the spec>",
                self._number,
                fetching_token(request),
            )
            self._finished = [f for o in self._observers if (f := o.attempt(attempt)) is not None]
        return self

    def answered(self, response: httpx.Response) -> None:
        """The attempt got `response`, its body read."""
        self._outcome = response

    def __enter__(self) -> Attempts:
        self._running = CURRENT.set(self._time)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> bool:
        if self._running is not None:
            CURRENT.reset(self._running)
            self._running = None
        self._time.stop()
        if error is not None and not isinstance(error, httpx.TransportError):
            self._delay = None  # anything else ends the request as it is (a cap, a cancellation)
            self._end(None, error)
            return False
        if isinstance(error, httpx.TransportError):
            self._outcome = error
        outcome = self._outcome
        assert outcome is not None, "an attempt ends with answered() or a transport error"
        self._delay = self._policy.delay(self._operation, outcome, self._number, now=self._clock.time())
        if self._delay is not None and not self._time.allows_wait(self._delay):
            self._delay = None  # the next attempt would start past the deadline
        if isinstance(outcome, httpx.Response):
            self._end(outcome, None)
        else:
            self._end(None, outcome)
        return True

    def _end(self, response: httpx.Response | None, error: BaseException | None) -> None:
        waited = self._request.extensions.pop(RATE_LIMIT_WAIT, 0.0)
        self._waited += waited
        if self._finished:
            end = AttemptEnd(response, error, self._delay, waited)
            for finished in self._finished:
                finished(end)
            self._finished = []

    def result(self) -> httpx.Response:
        """The final response, or the APIConnectionError for a request whose last attempt got no answer."""
        outcome = self._outcome
        if isinstance(outcome, httpx.Response):
            outcome.extensions[CALL_FACTS] = CallFacts(self._number - 1, self._waited)
            return outcome
        assert outcome is not None, "result() comes after the attempts"
        error = connection_error(self._request, outcome, earlier_attempt_reached=self._reached)
        error.retries_taken = self._number - 1
        raise error from outcome


@dataclass(frozen=True)
class Retrying:
    """What both retry transports of a client (and its with_options() copies, each with its own max_retries) need."""

    policy: RetryPolicy
    clock: Clock
    max_response_bytes: int
    """Each attempt reads at most this much of its body (bodies.py)."""
    observers: Sequence[Observer] = ()
    """The attempt hooks (_observe.py)."""

    def attempts(self, request: httpx.Request) -> Attempts:
        return Attempts(request, self.policy, self.clock, self.observers)


class RetryTransport(httpx.BaseTransport):
    """Sends each request through `inner` as many times as the policy allows (see Attempts)."""

    def __init__(self, inner: httpx.BaseTransport, retrying: Retrying) -> None:
        self._inner, self._retrying = inner, retrying

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = self._retrying.attempts(request)
        for attempt in attempts:
            with attempt:
                response = self._inner.handle_request(request)
                attempt.answered(read_capped(response, request, self._retrying.max_response_bytes))
        return attempts.result()

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, retrying: Retrying) -> None:
        self._inner, self._retrying = inner, retrying

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = self._retrying.attempts(request)
        async for attempt in attempts:
            with attempt:
                response = await self._inner.handle_async_request(request)
                attempt.answered(await aread_capped(response, request, self._retrying.max_response_bytes))
        return attempts.result()

    async def aclose(self) -> None:
        await self._inner.aclose()
