"""Turns httpx outcomes into this package's errors: a non-2xx response into an APIStatusError subclass (whatever
its body: JSON, text, HTML, nothing, or JSON too deep to parse), an httpx exception into APIConnectionError/
APITimeoutError. What an error keeps is redacted (see redaction.py): it may be logged or shown anywhere."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

import httpx

from .._observe import facts_of
from .._transports.bodies import MAX_JSON_DEPTH, in_memory, json_too_deep
from .._transports.retry import connection_error, parse_retry_after
from . import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PropelloError,
    RateLimitError,
    UnprocessableEntityError,
    request_id_of,
)
from .redaction import mask, masked, redacted_request, scrub
from .texts import CALL_NOT_PROCESSED, fetching_token, field_summary, one_line, subject

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


Secrets = Callable[[], Collection[str]]
"""What to mask in errors: asked only when there is an error (a token store may have to be read)."""


@contextmanager
def typed_errors(request: httpx.Request, secrets: Secrets) -> Iterator[None]:
    """Re-raise any httpx exception as APIConnectionError or APITimeoutError, naming the request that failed (the
    token request, when fetching a token failed) rather than `request`, the call that needed it; mask `secrets()`
    in the messages of every error that leaves, and of the exceptions it chains to."""
    try:
        yield
    except httpx.HTTPError as exc:
        error = connection_error(_request_of(exc, request), exc)
        error.__cause__ = exc  # now, so that scrub() reaches it
        scrub(error, secrets())
        raise error from exc
    except PropelloError as exc:
        scrub(exc, secrets())
        raise


def _request_of(exc: httpx.HTTPError, fallback: httpx.Request) -> httpx.Request:
    try:
        return exc.request
    except RuntimeError:  # httpx's way of saying it was never set
        return fallback


def check_response(response: httpx.Response, *, now: float, secrets: Secrets) -> None:
    """Raise the APIStatusError subclass for a non-2xx response, with `secrets()` masked wherever the server's
    answer could have echoed them; APIResponseValidationError for a 2xx one whose JSON nests too deeply to parse.
    The body must have been read."""
    if not response.is_success:
        raise _status_error(response, now=now, secrets=secrets())
    if json_too_deep(response.content):
        raise APIResponseValidationError(
            f"{subject(response.request)}: the response body nests JSON deeper than {MAX_JSON_DEPTH} levels, so it "
            "was not parsed; the request was processed"
        )


def _status_error(response: httpx.Response, *, now: float, secrets: Collection[str]) -> APIStatusError:
    status = response.status_code
    kind = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    parsed = _parse_body(response)
    body = masked(parsed, secrets)
    public = _public_response(response, body, secrets, echoed=body != parsed)
    detail = _detail(body, public)
    request_id = request_id_of(public.headers)
    reason = httpx.codes.get_reason_phrase(status) or response.reason_phrase
    token = fetching_token(response.request)
    errors = _field_errors(body)
    message = f"{status} {reason} for {subject(response.request)}"
    message += f": {detail}" if detail else ""
    message += f" [{field_summary(errors)}]" if errors else ""
    message += f" (request id {request_id})" if request_id else ""
    message += f"; {CALL_NOT_PROCESSED}" if token else ""
    error = kind(
        mask(message, secrets),
        response=public,
        body=body,
        errors=errors,
        retry_after=parse_retry_after(public.headers, now),
        may_have_been_processed=False if token else None,
    )
    error.retries_taken = facts_of(response).retries_taken
    return error


def _public_response(
    response: httpx.Response, body: object, secrets: Collection[str], *, echoed: bool
) -> httpx.Response:
    """What an error keeps of the answer: its request redacted, no history (httpx lists the token response there),
    and when the server echoed a secret, headers and body masked (the body re-encoded from the masked one)."""
    content = response.content
    if echoed:
        content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    headers = [(name, mask(value, secrets)) for name, value in response.headers.multi_items()]
    return in_memory(response, content, headers=headers, request=redacted_request(response.request))


def _parse_body(response: httpx.Response) -> object:
    """Parsed JSON; the text when it is not JSON or nests too deeply to parse; None when empty."""
    text = response.content.decode(response.encoding or "utf-8", errors="replace")
    if not text.strip():
        return None
    if json_too_deep(response.content):
        return text
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
                return one_line(value)
        return None
    is_html = "html" in response.headers.get("content-type", "") or str(body).lstrip().startswith("<")
    return one_line(body) if isinstance(body, str) and not is_html else None


def _field_errors(body: object) -> dict[str, list[str]]:
    """Field errors in the shapes we know: Laravel's {"errors": {field: [msg]}}, a list of {field, message}, and
    {"validation": [{"location": [...], "message": ...}]}."""
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
