"""The Lua scripts the shared budget and token run on the Redis server, read from the .lua files beside this module
(shipped in the wheel). A script runs atomically, so each check and what it books happen as one step for the whole
fleet; every time in them is the server's (TIME), so hosts whose clocks differ agree. Times are milliseconds.

acquire.lua, report_alone.lua and status.lua share now.lua (the server's time) and report.lua (booking answered
requests); every script that reads a key first checks its type (key_types.lua), so a key of the wrong type is
refused by name (KeyTypeError) before anything is written, never half-way through a script."""

from __future__ import annotations

from importlib.resources import files


def _lua(*names: str) -> str:
    return "".join((files(__package__) / name).read_text(encoding="utf-8") for name in names)


ACQUIRE = _lua("key_types.lua", "now.lua", "report.lua", "acquire.lua")
"""Ask for a permit, reporting answered requests on the way (acquire.lua says what goes in and out)."""
REPORT = _lua("key_types.lua", "now.lua", "report.lua", "report_alone.lua")
"""Report answered requests alone, and a 429's pause (report_alone.lua)."""
STATUS = _lua("key_types.lua", "now.lua", "report.lua", "status.lua")
"""Read the fleet's window for rate_limit_status(), booking queued reports first (status.lua)."""
LOCK_AND_LOAD = _lua("key_types.lua", "lock_and_load.lua")
"""Take the token fetch lock and read the token."""
DELETE_IF_EQUAL = _lua("delete_if_equal.lua")
"""Delete a key only if it still holds a value (our lock, or the token we know is stale)."""
