"""How our spans compose with opentelemetry-instrumentation-httpx (README, "Tracing and metrics"): with tracing on,
each attempt is one CLIENT span, ours (it has url.template and resend_count); the instrumentation is suppressed for
Propello's requests (OpenTelemetry's suppress_http_instrumentation context key, as higher-level HTTP instrumentations
use it), so nothing is counted twice, and our span is the one the traceparent header names. With tracing off, the
instrumentation sees nothing of the client's own pool (not an httpx.HTTPTransport, the class it patches), so no
full URL, emails and all, reaches a span."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from otel_helpers import Metrics, by_kind, call, children, only
from propello import AsyncPropello, Propello
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, json_response, requests_to, serve_sequence

READ_PATH = "/v3/user/get/id/7"
ATTEMPT = "POST /v3/user/get/{identifier}/{identifier_value}"


@pytest.fixture
def instrumented() -> Iterator[HTTPXClientInstrumentor]:
    """opentelemetry-instrumentation-httpx on for the test (it patches httpx's transports process-wide)."""
    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument()
    try:
        yield instrumentor
    finally:
        instrumentor.uninstrument()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_client_span_per_attempt_with_both_on(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    make_async_client: Callable[..., AsyncPropello],
    instrumented: HTTPXClientInstrumentor,
    spans: InMemorySpanExporter,
    metrics_reader: Metrics,
    mode: str,
) -> None:
    serve_sequence(httpserver, READ_PATH, json_response({"message": "later"}, 503), json_response(OK_USER))
    client = make_client() if mode == "sync" else make_async_client()
    call(mode, client, lambda c: c.users.get("id", 7))

    finished = spans.get_finished_spans()
    operation = only(finished, "users.get")
    attempts = by_kind(finished, SpanKind.CLIENT)
    assert [span.name for span in attempts] == [ATTEMPT, ATTEMPT]
    assert children(finished, operation) == sorted(attempts, key=lambda span: span.start_time or 0)
    assert len(finished) == 3

    sent = requests_to(httpserver, READ_PATH)
    for request, attempt in zip(sent, sorted(attempts, key=lambda span: span.start_time or 0), strict=True):
        trace_id, span_id = request.headers["traceparent"].split("-")[1:3]
        assert int(trace_id, 16) == attempt.context.trace_id
        assert int(span_id, 16) == attempt.context.span_id

    durations = metrics_reader.points("http.client.request.duration")
    assert sum(point.count for point in durations) == 2
    assert all("url.template" in point.attributes for point in durations)
    assert metrics_reader.points("http.client.duration") == []


def test_your_own_httpx_calls_keep_their_instrumentation(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    instrumented: HTTPXClientInstrumentor,
    spans: InMemorySpanExporter,
) -> None:
    """Suppression covers Propello's requests only: a request of yours, after a Propello call, gets its span."""
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    httpserver.expect_request("/elsewhere").respond_with_data("ok")
    make_client().users.get("id", 7)
    with httpx.Client() as yours:
        yours.get(httpserver.url_for("/elsewhere"))
    names = sorted(span.name for span in spans.get_finished_spans())
    assert names == ["GET", ATTEMPT, "users.get"]


def test_an_http_client_of_yours_that_is_instrumented(
    httpserver: HTTPServer, make_client: Callable[..., Propello], spans: InMemorySpanExporter
) -> None:
    """instrument_client on the http_client you pass: still one CLIENT span per attempt, ours."""
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    with httpx.Client() as yours:
        HTTPXClientInstrumentor.instrument_client(yours)
        make_client(http_client=yours).users.get("id", 7)
    assert sorted(span.name for span in spans.get_finished_spans()) == [ATTEMPT, "users.get"]


def test_with_tracing_off_the_instrumentation_sees_nothing_of_the_own_pool(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    instrumented: HTTPXClientInstrumentor,
    spans: InMemorySpanExporter,
) -> None:
    serve_sequence(httpserver, READ_PATH, json_response({"message": "later"}, 503), json_response(OK_USER))
    make_client(tracing=False).users.get("id", 7)
    assert spans.get_finished_spans() == ()
    with httpx.Client() as yours:  # while it does see httpx's own transports
        yours.get(httpserver.url_for("/elsewhere"))
    assert [span.name for span in spans.get_finished_spans()] == ["GET"]
