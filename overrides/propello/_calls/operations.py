"""Which operation a request belongs to. Every generated request carries its `propello_api.types.Operation`
(from the spec and openapi/overlay.yaml) as a request extension, so the transports read replay safety and the
path template from there: no table here, and no matching of URLs."""

from __future__ import annotations

from functools import cache

import httpx
from propello_api.api import find_operation
from propello_api.types import OPERATION_EXTENSION, Operation

TOKEN_PATH = "/v3/oauth/token"
"""Where client credentials are exchanged for an access token (the docs' Generate Access Tokens)."""


@cache
def token_operation() -> Operation:
    """The token operation as the spec describes it; if a spec lacked it, a write (never replayed) that needs no
    token. Looked up when the first token is fetched, so importing the client loads no operation module."""
    found = find_operation("POST", TOKEN_PATH)
    return found or Operation(id="oauth-request", method="POST", path=TOKEN_PATH, requires_auth=False)


def operation_of(request: httpx.Request) -> Operation | None:
    """The operation a request was built for, or None for a request the generated code did not build."""
    found = request.extensions.get(OPERATION_EXTENSION)
    return found if isinstance(found, Operation) else None


def is_read(request: httpx.Request) -> bool:
    """Whether the request may be replayed after it may have reached the server: only operations the overlay
    marks x-propello-replayable; unknown ones are writes."""
    operation = operation_of(request)
    return operation is not None and operation.replayable


def describe(request: httpx.Request) -> str:
    """`METHOD /path/{template}` for logs and error messages: never the concrete path (it may hold an email)."""
    operation = operation_of(request)
    return f"{request.method} {operation.path if operation else '<path not in the spec>'}"
