"""What the sync engine raises. Each is a propello.PropelloError, and each message says what to do next."""

from __future__ import annotations

from propello import PropelloError


class SyncError(PropelloError):
    """Base of the sync engine's errors: nothing further was sent when one is raised."""


class ExportError(SyncError, ValueError):
    """The export cannot be read at all (no header, no key column, a duplicated column, an unknown format)."""


class StateError(SyncError):
    """The state file cannot be used: another run holds it, or it was written by a newer engine."""


class StalePlanError(SyncError):
    """The plan was made against an older state: another apply (or a refresh) changed the state since."""


class UnsafePlanError(SyncError):
    """A safety rule refused the plan: too many deactivations, or creates without --activation-email."""
