"""How error messages name the request that failed, and shorten what a server said (one line, the first few
field errors).

TokenAuth marks the token requests it sends on behalf of a call, so an error while fetching a token names the
token request (not the call), and says the call was not processed: a call is sent only once it has a token (and a
rejected token means it was not processed)."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from .._calls.operations import describe

FETCHING_TOKEN = "propello_fetching_token"
"""The request extension TokenAuth sets on its token requests."""
CALL_NOT_PROCESSED = "the call that needed the token was not processed"


def fetching_token(request: httpx.Request) -> bool:
    return bool(request.extensions.get(FETCHING_TOKEN))


def subject(request: httpx.Request) -> str:
    """`METHOD /path/{template}`, and for a token request what it was for."""
    return f"{describe(request)} (fetching an access token)" if fetching_token(request) else describe(request)


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
