"""Tracing and metrics through OpenTelemetry (the [otel] extra): the switch (`tracing=` on both clients, else the
PROPELLO_TRACING environment variable). Everything that touches OpenTelemetry is in otel.py, imported only when the
switch is on, so without the extra, or with tracing off, nothing is imported and no call pays for it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._errors import InvalidArgumentError

if TYPE_CHECKING:
    from .otel import Telemetry

ENVIRONMENT = "PROPELLO_TRACING"
_ON = frozenset({"1", "true", "yes", "on"})
_OFF = frozenset({"", "0", "false", "no", "off"})
INSTALL = "pip install 'propello-cloud[otel]'"


def tracing_on(tracing: object, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a client traces: `tracing` when True or False; None reads PROPELLO_TRACING (1, true, yes, on; unset,
    0, false, no, off)."""
    if tracing is None:
        value = (os.environ if environ is None else environ).get(ENVIRONMENT, "").strip().lower()
        if value not in _ON | _OFF:
            raise InvalidArgumentError(f"{ENVIRONMENT} must be 1 or 0 (true/false, yes/no, on/off), got {value!r}")
        return value in _ON
    if not isinstance(tracing, bool):
        raise InvalidArgumentError(f"tracing must be True, False or None, got {type(tracing).__name__}")
    return tracing


def telemetry(tracing: object, base_url: str) -> Telemetry | None:
    """The client's Telemetry when it traces, else None. Tracing without opentelemetry-api installed is refused,
    naming the install command."""
    if not tracing_on(tracing):
        return None
    try:
        from .otel import Telemetry
    except ImportError as exc:
        if not (exc.name or "").startswith("opentelemetry"):
            raise
        raise InvalidArgumentError(f"tracing needs OpenTelemetry's API: {INSTALL}") from exc
    return Telemetry(base_url)
