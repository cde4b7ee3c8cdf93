"""Observability-test fixtures: the OpenTelemetry SDK installed once for the session as the global tracer and meter
provider, with an in-memory span exporter and an in-memory metric reader (delta temporality, so each read holds only
what the test did); the `options` that make_client and make_async_client (tests/conftest.py) build clients with:
tracing on, pytest-httpserver, the fake clock and seeded jitter.

OpenTelemetry's global providers can be set once per process, so every test here shares them: `spans` and `metrics`
start each test empty. A client built with tracing off must add nothing to either."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import Counter, Histogram, MeterProvider
from opentelemetry.sdk.metrics.export import AggregationTemporality, InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from propello import Backoff
from pytest_httpserver import HTTPServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from otel_helpers import Metrics
from unit_helpers import SECRET

EXPORTER = InMemorySpanExporter()
READER = InMemoryMetricReader(
    preferred_temporality={Counter: AggregationTemporality.DELTA, Histogram: AggregationTemporality.DELTA}
)


@pytest.fixture(scope="session", autouse=True)
def otel_sdk() -> None:
    """The SDK as the global providers, once: the way users set it up (README, "Tracing and metrics")."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):  # an earlier test (the README's example) may have set the SDK's
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
    metrics.set_meter_provider(MeterProvider(metric_readers=[READER]))


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Finished spans, empty at the start of the test."""
    EXPORTER.clear()
    yield EXPORTER
    EXPORTER.clear()


@pytest.fixture
def metrics_reader() -> Metrics:
    """What was recorded since the test started (an earlier test's points are read and dropped here)."""
    READER.get_metrics_data()
    return Metrics(READER)


@pytest.fixture
def options(httpserver: HTTPServer, clock: Any) -> dict[str, Any]:
    """Constructor options: tracing on, local server, fake clock, no rate limit, reproducible jitter, and a
    pre-issued token (tests of the token fetch pass credentials instead)."""
    return {
        "access_token": "pre-issued",
        "base_url": httpserver.url_for("/"),
        "rate_limit": None,
        "tracing": True,
        "_clock": clock,
        "backoff": Backoff(rng=random.Random(7)),
    }


@pytest.fixture
def credentials() -> dict[str, Any]:
    """Options that make the client fetch its token (instead of the pre-issued one)."""
    return {"access_token": None, "client_id": 1, "client_secret": SECRET}
