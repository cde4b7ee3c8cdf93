"""How error messages shorten what a server said: one line, and the first few field errors."""

from __future__ import annotations

from collections.abc import Mapping

MAX_DETAIL = 200
"""Characters of the server's own message an error message keeps."""


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """`text` with its white space folded, cut to `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def field_summary(errors: Mapping[str, list[str]], *, most: int = 3) -> str:
    """The first few field errors in one line ("email: taken; name: required; and 2 more fields")."""
    shown = [f"{name}: {one_line(' '.join(messages), 100)}" for name, messages in list(errors.items())[:most]]
    more = len(errors) - most
    return "; ".join(shown) + (f"; and {more} more field{'s' if more > 1 else ''}" if more > 0 else "")
