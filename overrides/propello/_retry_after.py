"""How long the server asked us to wait: `retry-after-ms`, or `Retry-After` as delta-seconds or an HTTP date."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import timezone
from email.utils import parsedate_to_datetime

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
