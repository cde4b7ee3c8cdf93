"""How an error names the request that failed. TokenAuth marks the token requests it sends on behalf of a call, so an
error while fetching a token names the token request (not the call), and says the call was not processed: a call
is sent only once it has a token (and a rejected token means it was not processed)."""

from __future__ import annotations

import httpx

from ._operations import describe

FETCHING_TOKEN = "propello_fetching_token"
"""The request extension TokenAuth sets on its token requests."""
CALL_NOT_PROCESSED = "the call that needed the token was not processed"


def fetching_token(request: httpx.Request) -> bool:
    return bool(request.extensions.get(FETCHING_TOKEN))


def subject(request: httpx.Request) -> str:
    """`METHOD /path/{template}`, and for a token request what it was for."""
    return f"{describe(request)} (fetching an access token)" if fetching_token(request) else describe(request)
