"""Spans and metrics through OpenTelemetry, for a client built with tracing on (`tracing=True` or PROPELLO_TRACING=1;
the [otel] extra). This module is imported only then, so without it no call pays for it.

What a call records (README, "Tracing and metrics"):
- an INTERNAL span per operation, named after the resource method (`users.get`; `users.create_many` over its
  batches), the parent of the rest: `propello.retries_taken`, `propello.rate_limit.wait`, `error.type`;
- a CLIENT span per attempt, named `{METHOD} {path template}`, with OpenTelemetry's stable HTTP client attributes,
  `http.request.resend_count` from the second attempt on, `propello.retry.delay` on an attempt that is retried, and
  an event `propello.rate_limit.wait` when the attempt waited for a permit (in-process or through Redis);
- an INTERNAL span `propello.token.fetch` over the attempts of a token request;
- metrics: http.client.request.duration (per attempt), propello.client.operation.duration (per call),
  propello.client.rate_limit.wait (per attempt), propello.client.attempts (by outcome: ok, retried, failed) and
  propello.client.token.fetches.

Never a body, a header, a secret or the concrete path: the path template stands for it (emails are personal data).
The server's error messages are left out too (they may quote what was sent): error.type is the status code, or the
error's class.

With opentelemetry-instrumentation-httpx also on, each attempt would get a second CLIENT span (with the full URL,
path values and all) and be counted twice: the pool send runs under its public `suppress_http_instrumentation()`,
as HTTP instrumentations built over another one do, and our attempt span is the one the traceparent header names.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

import httpx
from opentelemetry import context, metrics, propagate, trace
from opentelemetry.trace import Span, SpanKind, StatusCode
from propello_api.types import AsyncRunner, OperationModule, RawResponse, SyncRunner

from .._logging import PACKAGE
from .._observe import Attempt, AttemptEnd, AttemptFinished, Observer
from .._settings import VERSION as __version__

_suppress_http: Callable[[], contextlib.AbstractContextManager[object]] = contextlib.nullcontext
"""Turns OpenTelemetry's HTTP instrumentations off inside it: theirs when one is installed, else nothing to do."""
try:  # installed with every OpenTelemetry HTTP instrumentation, opentelemetry-instrumentation-httpx among them
    from opentelemetry.instrumentation.utils import suppress_http_instrumentation

    _suppress_http = suppress_http_instrumentation
except ImportError:  # none installed: nothing to suppress
    pass

T = TypeVar("T")

HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
"""OpenTelemetry's advice for http.client.request.duration."""
LONG_BUCKETS = (*HTTP_BUCKETS, 15.0, 30.0, 60.0, 120.0)
"""For what retries and rate-limit waits stretch: a whole call, a wait for a permit (the API's window is a minute)."""
RATE_LIMIT_WAIT = "propello.rate_limit.wait"
TOKEN_FETCH = "propello.token.fetch"

Record = Callable[[int, float], None]
"""Records a call's retries taken and rate-limit wait (seconds) on its span."""


def error_type(error: BaseException) -> str:
    """An error's class as users import it: `propello.APIConnectionError`, `httpx.ConnectError`, `KeyboardInterrupt`."""
    kind, module = type(error), type(error).__module__
    if module == "builtins":
        return kind.__qualname__
    return f"{module.split('.')[0] if module.startswith('httpx.') else module}.{kind.__qualname__}"


def _failure(end: AttemptEnd) -> str | None:
    """error.type for how an attempt ended: the status code of an error answer, or the error's class; None for an
    answer below 400."""
    if end.response is not None:
        return str(end.response.status_code) if end.response.status_code >= 400 else None
    return None if end.error is None else error_type(end.error)


_fetching: ContextVar[tuple[Span, object] | None] = ContextVar("propello_token_fetch", default=None)
"""The token-fetch span open in this thread or task, with the token that keeps it current until its last attempt
ends."""


class Telemetry(Observer):
    """One client's tracer, meter and instruments, shared by its with_options() copies. As the attempt hook it
    opens and closes the attempt spans and the token-fetch span; `operation()` is a call's span; `traced()` and
    `propagating()` wrap the runner and the pool."""

    def __init__(self, base_url: str) -> None:
        """`base_url`: where every request of the client goes (url.scheme, server.address, server.port)."""
        url = httpx.URL(base_url)
        self._server: dict[str, Any] = {
            "url.scheme": url.scheme,
            "server.address": url.host,
            "server.port": url.port or (443 if url.scheme == "https" else 80),
        }
        self._tracer = trace.get_tracer(PACKAGE, __version__)
        meter = metrics.get_meter(PACKAGE, __version__)
        self._request_duration = meter.create_histogram(
            "http.client.request.duration",
            unit="s",
            description="Duration of HTTP client requests: one per attempt, its wait for a rate-limit permit left out.",
            explicit_bucket_boundaries_advisory=HTTP_BUCKETS,
        )
        self._operation_duration = meter.create_histogram(
            "propello.client.operation.duration",
            unit="s",
            description="Duration of a client call: its attempts, the waits between them and for permits, its token.",
            explicit_bucket_boundaries_advisory=LONG_BUCKETS,
        )
        self._rate_limit_wait = meter.create_histogram(
            "propello.client.rate_limit.wait",
            unit="s",
            description="Time an attempt waited for a rate-limit permit (in-process, and through Redis).",
            explicit_bucket_boundaries_advisory=LONG_BUCKETS,
        )
        self._attempts = meter.create_counter(
            "propello.client.attempts", unit="{attempt}", description="Attempts, by outcome: ok, retried or failed."
        )
        self._token_fetches = meter.create_counter(
            "propello.client.token.fetches", unit="{fetch}", description="Access-token requests."
        )

    def traced(self, runner: SyncRunner) -> TracedRunner:
        return TracedRunner(runner, self)

    def traced_async(self, runner: AsyncRunner) -> AsyncTracedRunner:
        return AsyncTracedRunner(runner, self)

    @contextlib.contextmanager
    def operation(self, name: str) -> Iterator[Record]:
        """The INTERNAL span of one call named `name` (`users.get`), current inside. Yields the function that
        records the call's retries taken and rate-limit wait."""
        started = time.perf_counter()
        measured: dict[str, Any] = {"propello.operation": name}
        with self._tracer.start_as_current_span(
            name, kind=SpanKind.INTERNAL, record_exception=False, set_status_on_exception=False
        ) as span:

            def record(retries_taken: int, rate_limit_wait: float) -> None:
                span.set_attribute("propello.retries_taken", retries_taken)
                if rate_limit_wait:
                    span.set_attribute(RATE_LIMIT_WAIT, rate_limit_wait)

            try:
                yield record
            except BaseException as error:
                measured["error.type"] = error_type(error)
                span.set_attribute("error.type", measured["error.type"])
                span.set_status(StatusCode.ERROR)
                taken = getattr(error, "retries_taken", None)
                if isinstance(taken, int):
                    span.set_attribute("propello.retries_taken", taken)
                raise
            finally:
                self._operation_duration.record(time.perf_counter() - started, measured)

    def attempt(self, attempt: Attempt) -> AttemptFinished:
        """Open the attempt's CLIENT span (under a token-fetch span for a token request), current until the attempt
        ends, so the pool's send (PropagatingTransport) names it in the traceparent header."""
        fetch = _fetching.get()
        if attempt.fetching_token and fetch is None:
            opened = self._tracer.start_span(TOKEN_FETCH, kind=SpanKind.INTERNAL)
            fetch = (opened, context.attach(trace.set_span_in_context(opened)))
            _fetching.set(fetch)
        attributes: dict[str, Any] = {"http.request.method": attempt.method, "url.template": attempt.path}
        attributes.update(self._server)
        if attempt.number > 1:
            attributes["http.request.resend_count"] = attempt.number - 1
        span = self._tracer.start_span(f"{attempt.method} {attempt.path}", kind=SpanKind.CLIENT, attributes=attributes)
        current = context.attach(trace.set_span_in_context(span))
        started = time.perf_counter()

        def finished(end: AttemptEnd) -> None:
            context.detach(current)
            self._end_attempt(span, attributes, end, time.perf_counter() - started)
            if fetch is not None and attempt.fetching_token and end.retry_in is None:
                self._end_fetch(fetch, attempt, end)

        return finished

    def _end_attempt(self, span: Span, attributes: dict[str, Any], end: AttemptEnd, seconds: float) -> None:
        failure = _failure(end)
        ended: dict[str, Any] = {}
        if end.response is not None:
            ended["http.response.status_code"] = end.response.status_code
        if failure is not None:
            ended["error.type"] = failure
            span.set_status(StatusCode.ERROR)
        span.set_attributes(ended)
        if end.retry_in is not None:
            span.set_attribute("propello.retry.delay", end.retry_in)
        if end.rate_limit_wait:
            span.add_event(RATE_LIMIT_WAIT, {RATE_LIMIT_WAIT: end.rate_limit_wait})
        span.end()
        measured = {key: value for key, value in attributes.items() if key != "http.request.resend_count"}
        measured.update(ended)
        self._request_duration.record(max(0.0, seconds - end.rate_limit_wait), measured)
        operation = {key: attributes[key] for key in ("http.request.method", "url.template")}
        self._rate_limit_wait.record(end.rate_limit_wait, operation)
        outcome = "retried" if end.retry_in is not None else "ok" if failure is None else "failed"
        self._attempts.add(1, {**operation, **ended, "propello.attempt.outcome": outcome})

    def _end_fetch(self, fetch: tuple[Span, object], attempt: Attempt, end: AttemptEnd) -> None:
        """The token request's last attempt ended: close the fetch span, count the fetch."""
        span, current = fetch
        _fetching.set(None)
        context.detach(current)  # type: ignore[arg-type]
        failure = _failure(end)
        span.set_attribute("propello.retries_taken", attempt.number - 1)
        if failure is not None:
            span.set_attribute("error.type", failure)
            span.set_status(StatusCode.ERROR)
        span.end()
        self._token_fetches.add(1, {} if failure is None else {"error.type": failure})

    def propagating(self, pool: httpx.BaseTransport) -> httpx.BaseTransport:
        return PropagatingTransport(pool)

    def propagating_async(self, pool: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        return AsyncPropagatingTransport(pool)


class TracedRunner:
    """A client's runner with tracing on: each call inside its operation span (Telemetry.operation)."""

    def __init__(self, inner: SyncRunner, telemetry: Telemetry) -> None:
        self._inner, self._telemetry = inner, telemetry

    def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        return self.run_raw(operation, expected, *path, **arguments).parse()

    def run_raw(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> RawResponse[T]:
        with self._telemetry.operation(_name(operation)) as record:
            raw = self._inner.run_raw(operation, expected, *path, **arguments)
            record(raw.retries_taken, raw.rate_limit_wait)
            return raw

    def operation(self, name: str) -> contextlib.AbstractContextManager[object]:
        """A span over several calls (runner.operation_span)."""
        return self._telemetry.operation(name)


class AsyncTracedRunner:
    """The asyncio twin of TracedRunner."""

    def __init__(self, inner: AsyncRunner, telemetry: Telemetry) -> None:
        self._inner, self._telemetry = inner, telemetry

    async def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        return (await self.run_raw(operation, expected, *path, **arguments)).parse()

    async def run_raw(
        self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any
    ) -> RawResponse[T]:
        with self._telemetry.operation(_name(operation)) as record:
            raw = await self._inner.run_raw(operation, expected, *path, **arguments)
            record(raw.retries_taken, raw.rate_limit_wait)
            return raw

    def operation(self, name: str) -> contextlib.AbstractContextManager[object]:
        """A span over several calls (runner.operation_span)."""
        return self._telemetry.operation(name)


def _name(operation: OperationModule) -> str:
    return operation.OPERATION.name or operation.OPERATION.id


class PropagatingTransport(httpx.BaseTransport):
    """Right above the pool, inside the attempt span: names that span in the request's trace headers (traceparent,
    and whatever propagators the application set), and sends with OpenTelemetry's HTTP instrumentations suppressed,
    so opentelemetry-instrumentation-httpx adds no second span and no second measurement for the attempt."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        propagate.inject(request.headers)
        with _suppress_http():
            return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class AsyncPropagatingTransport(httpx.AsyncBaseTransport):
    """The async twin of PropagatingTransport."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        propagate.inject(request.headers)
        with _suppress_http():
            return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
