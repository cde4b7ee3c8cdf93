"""Every exception the client raises. Messages carry status, operation template and the server's message, never
the request's headers or body, so they are safe to log."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import httpx

from .texts import field_summary


class PropelloError(Exception):
    """Base of every error raised by this package."""


class InvalidArgumentError(PropelloError, ValueError):
    """Bad input, found before anything was sent."""


class TokenStoreError(PropelloError):
    """A token store could not be used: its file belongs to another user or is open to group or others, or the
    operating system refused (an unwritable directory, a vanished path). Never carries the token."""


class APIError(PropelloError):
    """A request that did not produce a usable response."""

    may_have_been_processed: bool
    """False only when the server surely did not act on the request: safe to resend a write."""

    retries_taken: int = 0
    """How often the request was sent again before this error (0: its first attempt failed, or it was never
    sent)."""
    request_id: str | None = None
    """The server's id for the request (x-request-id or request-id header) when it answered, for support tickets."""

    def __init__(self, message: str, *, may_have_been_processed: bool) -> None:
        super().__init__(message)
        self.message = message
        self.may_have_been_processed = may_have_been_processed


class APIStatusError(APIError):
    """The server answered with a non-2xx status."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        errors: dict[str, list[str]],
        retry_after: float | None,
        may_have_been_processed: bool | None = None,
    ) -> None:
        """`may_have_been_processed` defaults to what the status says: only a 5xx may have been processed."""
        if may_have_been_processed is None:
            may_have_been_processed = response.status_code >= 500
        super().__init__(message, may_have_been_processed=may_have_been_processed)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        """Parsed JSON when the body is JSON, else its text; None when empty."""
        self.errors = errors
        """Field errors by field (e.g. `{"email": ["The email field is required."]}`); empty when none."""
        self.retry_after = retry_after
        """Seconds the server asked us to wait (Retry-After), when it said."""
        self.request_id = request_id_of(response.headers)


def request_id_of(headers: httpx.Headers) -> str | None:
    found: str | None = headers.get("x-request-id") or headers.get("request-id")
    return found


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401: bad credentials, or a token the API rejected twice."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422: see `.errors` for the fields the API rejected."""


class RateLimitError(APIStatusError):
    """429 that retries did not resolve, or whose Retry-After was too long to wait out (see `.retry_after`)."""


class InternalServerError(APIStatusError):
    """5xx."""


class APIConnectionError(APIError):
    """No HTTP response: the connection failed or broke."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIResponseValidationError(APIError):
    """A 2xx response whose body is not what the operation returns (or nests JSON deeper than any real answer), or
    a token response this client cannot use (then the call that needed the token was not processed)."""

    def __init__(self, message: str, *, may_have_been_processed: bool = True) -> None:
        super().__init__(message, may_have_been_processed=may_have_been_processed)


class ResponseTooLargeError(APIError):
    """The response body (counted after decompression) is larger than `max_response_bytes`: it was not read to the
    end. The server answered, so it may have processed the request (unless it was the token request)."""

    def __init__(self, message: str, *, limit: int, may_have_been_processed: bool = True) -> None:
        super().__init__(message, may_have_been_processed=may_have_been_processed)
        self.limit = limit
        """The max_response_bytes in force."""


class ClientClosedError(APIError):
    """The client (or the http_client you passed it) was closed before this call: nothing was sent. Create a new
    client, or keep this one open until your last call."""

    def __init__(self, message: str) -> None:
        super().__init__(message, may_have_been_processed=False)


class EventLoopError(APIError):
    """An AsyncPropello was used from an event loop other than the one it first ran in (a second asyncio.run(), or
    another thread's loop): nothing was sent. Its connections and locks belong to that first loop; create one
    client per event loop, inside it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, may_have_been_processed=False)


class BulkCreateError(PropelloError):
    """`create_many` stopped at a failing batch. The users are the objects you passed, in your order: the first
    `accepted_count` were accepted, `failed_batch` is the batch that failed, and `not_sent` iterates over the
    rest, never sent. Resending `not_sent` (and `failed_batch` when `may_have_been_processed` is False) never
    duplicates a user. The error keeps the input's iterator, not a copy of what is left, so its memory is the
    failed batch's."""

    def __init__(
        self,
        *,
        accepted_count: int,
        failed_batch: Sequence[Any],
        not_sent: Iterator[Any],
        not_sent_count: int | None,
        results: list[Any],
        error: APIError,
    ) -> None:
        self.accepted_count = accepted_count
        """How many users (the first ones) were in batches the API accepted."""
        self.failed_batch = list(failed_batch)
        """The users of the batch that failed."""
        self.not_sent = not_sent
        """The users after the failed batch, never sent: an iterator over the rest of your input (one pass)."""
        self.not_sent_count = not_sent_count
        """How many users `not_sent` holds; None when the input was an iterator of unknown length."""
        self.results = results
        """The API's response for each accepted batch."""
        self.error = error
        """Why the batch failed (also `__cause__`)."""
        self.may_have_been_processed = error.may_have_been_processed
        """Whether the API may have created (some of) `failed_batch` anyway."""
        self.errors = _by_input_index(error.errors if isinstance(error, APIStatusError) else {}, accepted_count)
        """The server's field errors, by the failing user's place in your input: `users[103].email` for the
        server's `data.3.email` in the batch that started with your 101st user."""
        maybe = "may have been processed" if self.may_have_been_processed else "not processed"
        rest = "the rest of the input" if not_sent_count is None else str(not_sent_count)
        super().__init__(
            f"bulk create stopped: {accepted_count} users accepted, {len(self.failed_batch)} in the failed batch "
            f"({maybe}: {type(error).__name__}"
            + (f" {error.status_code}" if isinstance(error, APIStatusError) else "")
            + f"), {rest} not sent"
            + (f"; {field_summary(self.errors)}" if self.errors else "")
        )


_BATCH_ITEM = re.compile(r"data\.(\d+)(\..+)?")


def _by_input_index(errors: dict[str, list[str]], offset: int) -> dict[str, list[str]]:
    """Field errors of a bulk body (`data.N.field`) keyed by the user's index in the input (`users[offset+N].field`);
    other keys are kept as they are."""
    mapped: dict[str, list[str]] = {}
    for key, messages in errors.items():
        item = _BATCH_ITEM.fullmatch(key)
        name = f"users[{offset + int(item[1])}]{item[2] or ''}" if item else key
        mapped.setdefault(name, []).extend(messages)
    return mapped
