"""Turns httpx outcomes into this package's errors: a non-2xx response into an APIStatusError subclass (whatever
its body: JSON, text, HTML or nothing), an httpx exception into APIConnectionError/APITimeoutError."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    request_id_of,
)
from ._operations import describe
from ._retry_after import parse_retry_after

SURELY_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Failures before the request left this machine: the server cannot have acted on it."""

_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}
_MESSAGE_KEYS = ("message", "detail", "title", "error", "error_description")
_MAX_DETAIL = 200


@contextmanager
def mapped_transport_errors(request: httpx.Request) -> Iterator[None]:
    """Re-raise any httpx exception as APIConnectionError or APITimeoutError."""
    try:
        yield
    except httpx.HTTPError as exc:
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        maybe = not isinstance(exc, SURELY_NOT_SENT)
        outcome = "the server may have processed it" if maybe else "it was not sent"
        raise kind(
            f"{describe(request)} failed before a complete response arrived ({reason}); {outcome}",
            may_have_been_processed=maybe,
        ) from exc


def raise_for_status(response: httpx.Response, *, now: float) -> None:
    """Raise the APIStatusError subclass for a non-2xx response (its body must have been read)."""
    if response.is_success:
        return
    status = response.status_code
    kind = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    body = _parse_body(response)
    detail = _detail(body, response)
    request_id = request_id_of(response.headers)
    reason = httpx.codes.get_reason_phrase(status) or response.reason_phrase
    message = f"{status} {reason} for {describe(response.request)}"
    message += f": {detail}" if detail else ""
    message += f" (request id {request_id})" if request_id else ""
    raise kind(
        message,
        response=response,
        body=body,
        errors=_field_errors(body) or _prism_header_field_errors(response.headers),
        retry_after=parse_retry_after(response.headers, now),
    )


def _parse_body(response: httpx.Response) -> object:
    text = response.content.decode(response.encoding or "utf-8", errors="replace")
    if not text.strip():
        return None
    try:
        parsed: object = json.loads(text)
    except ValueError:
        return text
    return parsed


def _detail(body: object, response: httpx.Response) -> str | None:
    """The server's own one-line explanation, if it gave one; an HTML page is not one."""
    if isinstance(body, dict):
        for key in _MESSAGE_KEYS:
            value = body.get(key)
            if isinstance(value, dict):
                value = value.get("message")
            if isinstance(value, str) and value.strip():
                return _one_line(value)
        return None
    is_html = "html" in response.headers.get("content-type", "") or str(body).lstrip().startswith("<")
    return _one_line(body) if isinstance(body, str) and not is_html else None


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_DETAIL else line[: _MAX_DETAIL - 1] + "…"


def _prism_header_field_errors(headers: httpx.Headers) -> dict[str, list[str]]:
    """Field errors from the Prism mock's sl-violations header: where the spec declares an error response, Prism
    answers with that response's example and lists what it rejected in the header instead of its own body. Its
    header locations start with "request", which its body omits ("request.path.identifier" is "path.identifier")."""
    try:
        violations = json.loads(headers.get("sl-violations", "[]"))
    except ValueError:
        return {}
    if not isinstance(violations, list):
        return {}
    in_request = [
        {**violation, "location": violation["location"][1:]}
        for violation in violations
        if isinstance(violation, dict) and isinstance(violation.get("location"), list)
        if violation["location"][:1] == ["request"] and len(violation["location"]) > 1
    ]
    return _field_errors({"validation": in_request})


def _field_errors(body: object) -> dict[str, list[str]]:
    """Field errors in the shapes we know: Laravel's {"errors": {field: [msg]}}, a list of {field, message}, and
    Prism's {"validation": [{"location": [...], "message": ...}]}."""
    if not isinstance(body, dict):
        return {}
    found: dict[str, list[str]] = {}
    errors = body.get("errors")
    if isinstance(errors, dict):
        for name, messages in errors.items():
            listed = messages if isinstance(messages, list) else [messages]
            found[str(name)] = [str(m) for m in listed]
    entries = [e for key in ("errors", "validation") if isinstance(body.get(key), list) for e in body[key]]
    for entry in entries:
        if isinstance(entry, dict) and "message" in entry:
            where = entry.get("location", entry.get("field", entry.get("path", "")))
            name = ".".join(map(str, where)) if isinstance(where, list) else str(where)
            found.setdefault(name, []).append(str(entry["message"]))
    return found
