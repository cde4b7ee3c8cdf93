"""Helpers for the observability tests: reading what the in-memory metric reader holds, and the span tree."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from opentelemetry.sdk.metrics.export import HistogramDataPoint, InMemoryMetricReader, Metric, NumberDataPoint
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind


@dataclass
class Point:
    """One data point of a metric: its attributes, and its value (a counter's sum) or a histogram's count/sum."""

    metric: Metric
    attributes: dict[str, Any]
    value: float
    count: int
    buckets: tuple[float, ...] | None


class Metrics:
    """What a test recorded: the reader's delta since the fixture made it (each `points()` reads on)."""

    def __init__(self, reader: InMemoryMetricReader) -> None:
        self._reader = reader
        self._seen: list[Point] = []

    def points(self, name: str | None = None) -> list[Point]:
        """Every point recorded so far in this test, of the metric `name` (or of all metrics)."""
        self._seen.extend(self._read())
        return [point for point in self._seen if name is None or point.metric.name == name]

    def _read(self) -> Iterator[Point]:
        data = self._reader.get_metrics_data()
        if data is None:
            return
        for resource in data.resource_metrics:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    for point in metric.data.data_points:
                        yield _point(metric, point)


def _point(metric: Metric, point: Any) -> Point:
    attributes = dict(point.attributes or {})
    if isinstance(point, HistogramDataPoint):
        return Point(metric, attributes, point.sum, point.count, tuple(point.explicit_bounds))
    assert isinstance(point, NumberDataPoint)
    return Point(metric, attributes, point.value, 1, None)


def by_kind(spans: Iterable[ReadableSpan], kind: SpanKind) -> list[ReadableSpan]:
    return [span for span in spans if span.kind == kind]


def children(spans: Iterable[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    """The spans whose parent is `parent`, in the order they started."""
    found = [span for span in spans if span.parent is not None and span.parent.span_id == parent.context.span_id]
    return sorted(found, key=lambda span: span.start_time or 0)


def only(spans: Iterable[ReadableSpan], name: str) -> ReadableSpan:
    found = [span for span in spans if span.name == name]
    assert len(found) == 1, f"expected one span named {name!r}, got {[span.name for span in spans]}"
    return found[0]


def text_of(spans: Iterable[ReadableSpan], points: Iterable[Point]) -> str:
    """Everything spans and metric points would export, as one text: names, attribute keys and values, event names
    and attributes, status descriptions, resources left out (they are the user's)."""
    parts: list[str] = []
    for span in spans:
        parts += [span.name, str(span.status.description or "")]
        parts += [f"{key}={value}" for key, value in (span.attributes or {}).items()]
        for event in span.events:
            parts += [event.name, *(f"{key}={value}" for key, value in (event.attributes or {}).items())]
        for link in span.links:
            parts += [f"{key}={value}" for key, value in (link.attributes or {}).items()]
    for point in points:
        parts += [point.metric.name, *(f"{key}={value}" for key, value in point.attributes.items())]
    return "\n".join(parts)


def call(mode: str, client: Any, action: Callable[[Any], Any]) -> Any:
    """`action(client)` on a sync client, or awaited on an async one inside its own event loop (closed there)."""
    if mode == "sync":
        return action(client)

    async def main() -> Any:
        async with client:
            return await action(client)

    return asyncio.run(main())
