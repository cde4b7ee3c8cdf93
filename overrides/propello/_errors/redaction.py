"""Keeps the client secret and access tokens out of everything an error carries: its message and those of the
exceptions it chains to, the server's answer it holds (body, field errors, headers) and the request behind it.

Two means: requests are redacted by shape (the Authorization header, the token request's client_secret field), and
text that came from a server is searched for our own secrets (a server may echo what we sent it)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from urllib.parse import quote, quote_plus

import httpx

from .._calls.operations import operation_of, token_operation
from . import APIError

REDACTED = "***"
_SHORTEST_SECRET = 8
"""Shorter strings are not searched for: no real credential is that short, and masking every "t" in a message
would garble it."""


def mask(text: str, secrets: Collection[str]) -> str:
    """`text` with each secret replaced, also where it appears JSON-escaped (with or without escaped slashes, as
    PHP writes it) or URL-encoded."""
    for secret in secrets:
        if len(secret) >= _SHORTEST_SECRET:
            for form in _forms(secret):
                text = text.replace(form, REDACTED)
    return text


def _forms(secret: str) -> set[str]:
    escaped = json.dumps(secret)[1:-1]
    return {secret, escaped, escaped.replace("/", "\\/"), quote(secret, safe=""), quote_plus(secret)}


def masked(value: object, secrets: Collection[str]) -> object:
    """A parsed JSON body (or text) with every string in it masked, keys included."""
    if isinstance(value, str):
        return mask(value, secrets)
    if isinstance(value, dict):
        return {mask(str(key), secrets): masked(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [masked(item, secrets) for item in value]
    return value


def scrub(error: BaseException, secrets: Collection[str]) -> None:
    """Mask the secrets in the messages of `error` and of every exception it chains to, in place (a server can get
    them there too: a malformed answer is quoted in the protocol error it causes)."""
    for link in _chain(error):
        link.args = tuple(mask(arg, secrets) if isinstance(arg, str) else arg for arg in link.args)
        if isinstance(link, APIError):
            link.message = mask(link.message, secrets)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: list[BaseException] = []
    pending = [error]
    while pending:
        link = pending.pop()
        if any(link is done for done in seen):
            continue
        seen.append(link)
        yield link
        pending += [cause for cause in (link.__cause__, link.__context__) if cause is not None]


def sent_token(request: httpx.Request) -> list[str]:
    """The access token `request` carries, if any."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return [token] if scheme.lower() == "bearer" and token else []


def redacted_request(request: httpx.Request) -> httpx.Request:
    """A copy of `request` to keep in an error: no Authorization value, and no client_secret in the token request's
    body."""
    headers = [
        (name, REDACTED if name.lower() == "authorization" else value)
        for name, value in request.headers.multi_items()
        if name.lower() != "content-length"
    ]
    return httpx.Request(request.method, request.url, headers=headers, content=_redacted_body(request))


def _redacted_body(request: httpx.Request) -> bytes:
    try:
        content = request.content
    except httpx.RequestNotRead:
        return b""
    if operation_of(request) != token_operation():
        return content
    try:
        fields = json.loads(content)
    except ValueError:
        return b""
    if not isinstance(fields, dict):
        return b""
    return json.dumps({**fields, "client_secret": REDACTED}).encode()
