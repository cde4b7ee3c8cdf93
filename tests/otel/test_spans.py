"""Spans and metrics of calls (README, "Tracing and metrics"): one INTERNAL span per operation, one CLIENT span per
attempt with the stable HTTP attributes, the token fetch and rate-limit waits under them; never a secret, a body or
a path value. Against pytest-httpserver and a dead port, with the SDK's in-memory exporter and reader."""

from __future__ import annotations

import asyncio
import random
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from otel_helpers import Metrics, by_kind, call, children, only, text_of
from propello import APIConnectionError, AsyncPropello, Backoff, NotFoundError, Propello, RateLimit
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, SECRET, TOKEN_PATH, json_response, serve_sequence, serve_tokens, token

READ_PATH = "/v3/user/get/id/7"
TEMPLATE = "/v3/user/get/{identifier}/{identifier_value}"
ATTEMPT = f"POST {TEMPLATE}"
TOKEN_ATTEMPT = f"POST {TOKEN_PATH}"
MODES = ["sync", "async"]


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    chosen: str = request.param
    return chosen


@pytest.fixture
def make(
    mode: str, make_client: Callable[..., Propello], make_async_client: Callable[..., AsyncPropello]
) -> Callable[..., Any]:
    """A client of the test's mode (use it through otel_helpers.call)."""
    return make_client if mode == "sync" else make_async_client


def get_user(client: Any) -> Any:
    return client.users.get("id", 7)


def attempt_outcomes(metrics_reader: Metrics) -> dict[str, float]:
    """propello.client.attempts by outcome."""
    points = metrics_reader.points("propello.client.attempts")
    return {point.attributes["propello.attempt.outcome"]: point.value for point in points}


def backoff_delays(count: int) -> list[float]:
    backoff = Backoff(rng=random.Random(7))
    return [backoff.delay(retry) for retry in range(1, count + 1)]


def test_a_call_that_succeeds_first_time(
    httpserver: HTTPServer, mode: str, make: Callable[..., Any], spans: InMemorySpanExporter, metrics_reader: Metrics
) -> None:
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    assert call(mode, make(), get_user).status == 200

    finished = spans.get_finished_spans()
    operation = only(finished, "users.get")
    assert operation.kind == SpanKind.INTERNAL
    assert operation.parent is None
    assert operation.status.status_code == StatusCode.UNSET
    assert operation.attributes is not None
    assert operation.attributes["propello.retries_taken"] == 0
    [attempt] = children(finished, operation)
    assert attempt.name == ATTEMPT
    assert attempt.kind == SpanKind.CLIENT
    assert attempt.context.trace_id == operation.context.trace_id
    assert dict(attempt.attributes or {}) == {
        "http.request.method": "POST",
        "url.template": TEMPLATE,
        "url.scheme": "http",
        "server.address": "127.0.0.1",
        "server.port": httpserver.port,
        "http.response.status_code": 200,
    }
    assert attempt.status.status_code == StatusCode.UNSET
    assert len(finished) == 2

    [duration] = metrics_reader.points("http.client.request.duration")
    assert duration.metric.unit == "s"
    assert duration.count == 1
    assert duration.buckets == (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
    assert duration.attributes == {
        "http.request.method": "POST",
        "url.template": TEMPLATE,
        "url.scheme": "http",
        "server.address": "127.0.0.1",
        "server.port": httpserver.port,
        "http.response.status_code": 200,
    }
    [whole] = metrics_reader.points("propello.client.operation.duration")
    assert whole.metric.unit == "s"
    assert (whole.count, whole.attributes) == (1, {"propello.operation": "users.get"})
    [attempts] = metrics_reader.points("propello.client.attempts")
    assert attempts.value == 1
    assert attempts.attributes["propello.attempt.outcome"] == "ok"
    assert metrics_reader.points("propello.client.token.fetches") == []


def test_a_call_retried_twice_after_503(
    httpserver: HTTPServer,
    mode: str,
    make: Callable[..., Any],
    spans: InMemorySpanExporter,
    metrics_reader: Metrics,
) -> None:
    unavailable = json_response({"message": "try later"}, 503)
    serve_sequence(httpserver, READ_PATH, unavailable, unavailable, json_response(OK_USER))
    assert call(mode, make(), get_user).status == 200

    finished = spans.get_finished_spans()
    operation = only(finished, "users.get")
    assert operation.attributes is not None
    assert operation.attributes["propello.retries_taken"] == 2
    assert operation.status.status_code == StatusCode.UNSET
    attempts = children(finished, operation)
    assert [span.name for span in attempts] == [ATTEMPT] * 3
    assert [span.kind for span in attempts] == [SpanKind.CLIENT] * 3
    statuses = [(span.attributes or {}).get("http.response.status_code") for span in attempts]
    assert statuses == [503, 503, 200]
    assert [(span.attributes or {}).get("http.request.resend_count") for span in attempts] == [None, 1, 2]
    assert [(span.attributes or {}).get("error.type") for span in attempts] == ["503", "503", None]
    assert [span.status.status_code for span in attempts] == [StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET]
    delays = [(span.attributes or {}).get("propello.retry.delay") for span in attempts]
    assert delays == [*backoff_delays(2), None]

    durations = metrics_reader.points("http.client.request.duration")
    assert sorted((p.attributes["http.response.status_code"], p.count) for p in durations) == [(200, 1), (503, 2)]
    assert {p.attributes.get("error.type") for p in durations} == {"503", None}
    outcomes = {
        p.attributes["propello.attempt.outcome"]: p.value for p in metrics_reader.points("propello.client.attempts")
    }
    assert outcomes == {"retried": 2, "ok": 1}
    [whole] = metrics_reader.points("propello.client.operation.duration")
    assert whole.count == 1


def test_a_call_that_waited_on_the_rate_limiter(
    httpserver: HTTPServer,
    mode: str,
    make: Callable[..., Any],
    spans: InMemorySpanExporter,
    metrics_reader: Metrics,
) -> None:
    """One permit a minute: the second call waits the whole minute (on the fake clock) before its attempt."""
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))

    async def twice_async(client: Any) -> None:
        await get_user(client)
        await get_user(client)

    def twice(client: Any) -> Any:
        if mode == "async":
            return twice_async(client)
        get_user(client)
        get_user(client)
        return None

    call(mode, make(rate_limit=RateLimit(calls=1, period=60.0)), twice)

    finished = spans.get_finished_spans()
    first, second = sorted((s for s in finished if s.name == "users.get"), key=lambda s: s.start_time or 0)
    [waited] = children(finished, second)
    [event] = [event for event in waited.events if event.name == "propello.rate_limit.wait"]
    assert event.attributes is not None
    assert event.attributes["propello.rate_limit.wait"] == pytest.approx(60.0)
    assert second.attributes is not None
    assert second.attributes["propello.rate_limit.wait"] == pytest.approx(60.0)
    [not_waited] = children(finished, first)
    assert not [event for event in not_waited.events if event.name == "propello.rate_limit.wait"]

    waits = metrics_reader.points("propello.client.rate_limit.wait")
    assert waits and waits[0].metric.unit == "s"
    assert sum(p.count for p in waits) == 2
    assert sum(p.value for p in waits) == pytest.approx(60.0)


def test_a_call_that_fetched_a_token(
    httpserver: HTTPServer,
    mode: str,
    make: Callable[..., Any],
    credentials: dict[str, Any],
    spans: InMemorySpanExporter,
    metrics_reader: Metrics,
) -> None:
    serve_tokens(httpserver)
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    call(mode, make(**credentials), get_user)

    finished = spans.get_finished_spans()
    operation = only(finished, "users.get")
    fetch, attempt = children(finished, operation)
    assert (fetch.name, fetch.kind) == ("propello.token.fetch", SpanKind.INTERNAL)
    assert (attempt.name, attempt.kind) == (ATTEMPT, SpanKind.CLIENT)
    [token_attempt] = children(finished, fetch)
    assert (token_attempt.name, token_attempt.kind) == (TOKEN_ATTEMPT, SpanKind.CLIENT)
    assert (token_attempt.attributes or {})["url.template"] == TOKEN_PATH
    assert (token_attempt.attributes or {})["http.response.status_code"] == 200
    assert fetch.end_time is not None and attempt.start_time is not None
    assert fetch.end_time <= attempt.start_time

    [fetches] = metrics_reader.points("propello.client.token.fetches")
    assert fetches.value == 1
    assert "error.type" not in fetches.attributes


def test_a_second_call_reuses_the_token_without_a_fetch_span(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    credentials: dict[str, Any],
    spans: InMemorySpanExporter,
) -> None:
    serve_tokens(httpserver)
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    client = make_client(**credentials)
    client.users.get("id", 7)
    spans.clear()
    client.users.get("id", 7)
    assert sorted(span.name for span in spans.get_finished_spans()) == [ATTEMPT, "users.get"]


def test_a_call_that_failed_to_connect(
    mode: str, make: Callable[..., Any], dead_url: str, spans: InMemorySpanExporter, metrics_reader: Metrics
) -> None:
    with pytest.raises(APIConnectionError):
        call(mode, make(base_url=dead_url), get_user)

    finished = spans.get_finished_spans()
    operation = only(finished, "users.get")
    assert operation.status.status_code == StatusCode.ERROR
    assert (operation.attributes or {})["error.type"] == "propello.APIConnectionError"
    assert (operation.attributes or {})["propello.retries_taken"] == 2
    attempts = children(finished, operation)
    assert [span.name for span in attempts] == [ATTEMPT] * 3
    for span in attempts:
        attributes = span.attributes or {}
        assert str(attributes["error.type"]).endswith("ConnectError")
        assert "http.response.status_code" not in attributes
        assert span.status.status_code == StatusCode.ERROR
    assert [(span.attributes or {}).get("http.request.resend_count") for span in attempts] == [None, 1, 2]

    outcomes = {
        p.attributes["propello.attempt.outcome"]: p.value for p in metrics_reader.points("propello.client.attempts")
    }
    assert outcomes == {"retried": 2, "failed": 1}
    [whole] = metrics_reader.points("propello.client.operation.duration")
    assert whole.attributes["error.type"] == "propello.APIConnectionError"


def test_create_many_is_one_operation_over_its_batches(
    httpserver: HTTPServer, make_client: Callable[..., Propello], spans: InMemorySpanExporter
) -> None:
    httpserver.expect_request("/v3/user/create/bulk", method="POST").respond_with_response(
        json_response({"status": 200, "data": {"created": 1}})
    )
    people = [{"email": f"user{i}@example.com", "first_name": f"User{i}"} for i in range(3)]
    make_client().users.create_many(people, batch_size=2)

    finished = spans.get_finished_spans()
    whole = only(finished, "users.create_many")
    assert whole.kind == SpanKind.INTERNAL and whole.parent is None
    batches = children(finished, whole)
    assert [span.name for span in batches] == ["users.create_batch"] * 2
    for batch in batches:
        assert [span.name for span in children(finished, batch)] == ["POST /v3/user/create/bulk"]


def test_parents_are_right_under_64_threads(
    threaded_httpserver: HTTPServer, make_client: Callable[..., Propello], spans: InMemorySpanExporter
) -> None:
    """Each of 64 threads calls inside a span of its own: its operation span is that span's child, and its
    attempt span the operation's (the hook runs in the caller's thread, where the context is)."""
    threaded_httpserver.expect_request(re.compile(r"/v3/user/get/id/\d+"), method="POST").respond_with_response(
        json_response(OK_USER)
    )
    client = make_client(base_url=threaded_httpserver.url_for("/"))
    tracer = trace.get_tracer("tests")
    start = threading.Barrier(64)

    def worker(number: int) -> None:
        start.wait()
        with tracer.start_as_current_span(f"worker-{number}"):
            client.users.get("id", number)

    with ThreadPoolExecutor(64) as pool:
        list(pool.map(worker, range(64)))
    assert_each_caller_owns_its_spans(spans, 64)


def test_parents_are_right_under_200_tasks(
    threaded_httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello], spans: InMemorySpanExporter
) -> None:
    threaded_httpserver.expect_request(re.compile(r"/v3/user/get/id/\d+"), method="POST").respond_with_response(
        json_response(OK_USER)
    )
    tracer = trace.get_tracer("tests")

    async def main() -> None:
        async with make_async_client(base_url=threaded_httpserver.url_for("/")) as client:

            async def worker(number: int) -> None:
                with tracer.start_as_current_span(f"worker-{number}"):
                    await client.users.get("id", number)

            await asyncio.gather(*(worker(number) for number in range(200)))

    asyncio.run(main())
    assert_each_caller_owns_its_spans(spans, 200)


def assert_each_caller_owns_its_spans(spans: InMemorySpanExporter, callers: int) -> None:
    finished = spans.get_finished_spans()
    workers = [span for span in finished if span.name.startswith("worker-")]
    assert len(workers) == callers
    for worker in workers:
        [operation] = children(finished, worker)
        assert operation.name == "users.get"
        [attempt] = children(finished, operation)
        assert attempt.name == ATTEMPT
        assert attempt.context.trace_id == operation.context.trace_id == worker.context.trace_id
    assert len(finished) == 3 * callers


def test_no_span_or_metric_holds_a_secret_a_body_or_a_path_value(
    httpserver: HTTPServer,
    mode: str,
    make: Callable[..., Any],
    credentials: dict[str, Any],
    spans: InMemorySpanExporter,
    metrics_reader: Metrics,
) -> None:
    """A token fetch (the secret in its body, the token in its answer), a call by email that succeeds, and one
    whose 404 echoes the email, the token and the secret back: none of it reaches a span or a metric."""
    email = "jane.doe+hr@example.com"
    serve_tokens(httpserver)
    path = re.compile(r"/v3/user/get/email/.*")
    echo = {"message": f"no user {email}", "token": token(1), "secret": SECRET, "email": email}
    serve_sequence(
        httpserver,
        path,
        json_response(OK_USER, headers={"x-echo": token(1)}),
        json_response(echo, 404, headers={"x-echo": SECRET}),
    )

    async def both_async(client: Any) -> None:
        await client.users.get("email", email)
        await client.users.get("email", email)

    def both(client: Any) -> Any:
        if mode == "async":
            return both_async(client)
        client.users.get("email", email)
        client.users.get("email", email)
        return None

    with pytest.raises(NotFoundError):
        call(mode, make(**credentials), both)

    finished = spans.get_finished_spans()
    assert len(by_kind(finished, SpanKind.CLIENT)) == 3
    exported = text_of(finished, metrics_reader.points())
    for secret in (SECRET, token(1), email, "jane.doe", "%40example", "pre-issued", "first_name", "no user"):
        assert secret not in exported
    for span in finished:
        assert not {"url.full", "url.path", "url.query", "http.url", "http.target"} & set(span.attributes or {})


def test_tracing_off_records_nothing(
    httpserver: HTTPServer, make_client: Callable[..., Propello], spans: InMemorySpanExporter, metrics_reader: Metrics
) -> None:
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    make_client(tracing=False).users.get("id", 7)
    assert spans.get_finished_spans() == ()
    assert metrics_reader.points() == []


@pytest.mark.parametrize(("value", "traced"), [("1", True), ("true", True), ("0", False), ("", False)])
def test_the_environment_switch(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    spans: InMemorySpanExporter,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    traced: bool,
) -> None:
    """tracing=None (the default) reads PROPELLO_TRACING; an explicit tracing= wins over it."""
    monkeypatch.setenv("PROPELLO_TRACING", value)
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    make_client(tracing=None).users.get("id", 7)
    assert bool(spans.get_finished_spans()) is traced
    spans.clear()
    make_client(tracing=not traced).users.get("id", 7)
    assert bool(spans.get_finished_spans()) is not traced


def test_a_bad_environment_switch_is_refused_naming_it(
    make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch
) -> None:
    from propello import InvalidArgumentError

    monkeypatch.setenv("PROPELLO_TRACING", "sometimes")
    with pytest.raises(InvalidArgumentError, match="PROPELLO_TRACING"):
        make_client(tracing=None)
