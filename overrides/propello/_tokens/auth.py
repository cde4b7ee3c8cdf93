"""Bearer tokens for every request: fetched with the client credentials, cached until shortly before expiry,
fetched once however many threads or tasks need one at the same moment, and renewed once on a 401.

The logic is one generator (`_flow`) shared by the sync and the async client. Besides requests it yields lock
steps; the two small drivers below turn those into a threading.Lock or an asyncio.Lock (this process's callers)
and, for a store that processes share (FileTokenStore, the Redis store), that store's own lock (the other
processes), read each response body, and pass requests to httpx. The token request is yielded like any other
request, so it goes through the same transports: retried as a read, counted by the rate limiter.
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import AsyncGenerator, Generator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx
from propello_api.types import OPERATION_EXTENSION

from .._calls.operations import describe, operation_of, token_operation
from .._checks import VALUE_RULE, is_header_value
from .._clock import Clock
from .._errors import APIResponseValidationError
from .._errors.texts import CALL_NOT_PROCESSED, FETCHING_TOKEN, subject
from .._forks import follow
from .._logging import logger
from .._transports.bodies import json_too_deep
from .stores import AsyncSharedTokenStore, SharedTokenStore, StoredToken, TokenStore

if TYPE_CHECKING:
    import asyncio

_MAX_EXPIRY_MARGIN = 60.0
"""Stop using a token this long before it expires (or at 90% of its lifetime, whichever is sooner)."""
DEFAULT_LIFETIME = 300
"""Seconds a token is used when the token endpoint gives no usable expires_in. Short, as its real lifetime is
unknown; a 401 before then renews it anyway."""
_MAX_LIFETIME = 10 * 366 * 24 * 3600
"""Longer is not a lifetime but a broken (or hostile) server; it is treated like a missing one."""


@dataclass(frozen=True)
class ClientCredentials:
    client_id: int
    client_secret: str = field(repr=False)
    scope: str

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret='***', scope={self.scope!r})"


class _Lock(enum.Enum):
    ACQUIRE = "acquire"
    """This process's lock."""
    ACQUIRE_SHARED = "acquire shared"
    """The store's lock across processes (nothing for a store that only this process uses); loads the store."""
    RELEASE = "release"
    """The lock acquired last."""


_Step = httpx.Request | _Lock
_Flow = Generator[_Step, httpx.Response | None, None]


class TokenAuth(httpx.Auth):
    """httpx auth for the Propello API. Without credentials (a pre-issued access token only) nothing can be
    renewed, so a 401 is final."""

    def __init__(
        self, *, token_url: str, credentials: ClientCredentials | None, store: TokenStore, clock: Clock
    ) -> None:
        self._token_url = token_url
        self._credentials = credentials
        self._store = store
        self._clock = clock
        self._thread_lock = threading.Lock()
        self._task_lock_made: asyncio.Lock | None = None
        follow(self)

    def after_fork(self) -> None:
        """A forked child gets new single-flight locks: a thread of the parent may have held one at the fork (it
        was fetching the token), and that thread does not exist in the child to release it."""
        self._thread_lock = threading.Lock()
        self._task_lock_made = None

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        flow, held, reply = self._flow(request), list[AbstractContextManager[object]](), None
        try:
            while True:
                step = flow.send(reply)
                if isinstance(step, httpx.Request):
                    reply = yield step
                    reply.read()
                    continue
                reply = None
                if step is _Lock.RELEASE:
                    held.pop().__exit__(None, None, None)
                    continue
                lock = self._thread_lock if step is _Lock.ACQUIRE else self._shared_lock()
                lock.__enter__()
                held.append(lock)
        except StopIteration:
            return
        finally:
            while held:
                held.pop().__exit__(None, None, None)
            flow.close()

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow, held, reply = self._flow(request), list[AbstractAsyncContextManager[object]](), None
        try:
            while True:
                step = flow.send(reply)
                if isinstance(step, httpx.Request):
                    reply = yield step
                    await reply.aread()
                    continue
                reply = None
                if step is _Lock.RELEASE:
                    await held.pop().__aexit__(None, None, None)
                    continue
                lock = self._task_lock() if step is _Lock.ACQUIRE else self._shared_alock()
                await lock.__aenter__()
                held.append(lock)
        except StopIteration:
            return
        finally:
            while held:
                await held.pop().__aexit__(None, None, None)
            flow.close()

    def _task_lock(self) -> asyncio.Lock:
        """This process's lock for asyncio tasks, made on first async use, so a sync client never imports asyncio.
        Made in the event loop's thread with no await in between, so two tasks cannot both make one."""
        if self._task_lock_made is None:
            import asyncio

            self._task_lock_made = asyncio.Lock()
        return self._task_lock_made

    def _shared_lock(self) -> AbstractContextManager[object]:
        store = self._store
        return store.locked() if isinstance(store, SharedTokenStore) else contextlib.nullcontext()

    def _shared_alock(self) -> AbstractAsyncContextManager[object]:
        store = self._store
        return store.alocked() if isinstance(store, AsyncSharedTokenStore) else contextlib.nullcontext()

    def _flow(self, request: httpx.Request) -> _Flow:
        operation = operation_of(request)
        if operation is not None and not operation.requires_auth:
            yield request  # the spec secures it with nothing (the token request itself): no token, no fetch, no replay
            return
        token = self._usable_token(stale=None)
        credentials = self._credentials
        if token is None and credentials is not None:
            token = yield from self._fetch(request, credentials, stale=None)
            if token is None:
                return  # the token endpoint's error response is the final response
        response = yield self._authorized(request, token)
        if response is None or response.status_code != 401 or credentials is None:
            return
        logger.info("%s: access token rejected (401); fetching a new one and replaying once", describe(request))
        token = yield from self._fetch(request, credentials, stale=token)
        if token is not None:
            yield self._authorized(request, token)

    def _fetch(
        self, request: httpx.Request, credentials: ClientCredentials, *, stale: str | None
    ) -> Generator[_Step, httpx.Response | None, str | None]:
        """Single flight: under this process's lock, first take a token another caller fetched meanwhile; then,
        under the store's lock across processes, one that another process stored."""
        yield _Lock.ACQUIRE
        token = self._usable_token(stale=stale)
        if token is None:
            yield _Lock.ACQUIRE_SHARED
            token = self._usable_token(stale=stale)
            if token is None:
                logger.debug("requesting an access token")
                response = yield self._token_request(request, credentials)
                token = self._accept(response) if response is not None else None
            yield _Lock.RELEASE
        yield _Lock.RELEASE
        return token

    def _usable_token(self, *, stale: str | None) -> str | None:
        """The stored token unless it expired or is `stale` (rejected by a 401), in which case it is dropped.
        Called with `stale` only under the lock, so a token fetched meanwhile by another caller is never dropped."""
        stored = self._store.get()
        if stored is None:
            return None
        if stored.access_token == stale:
            self._store.clear()
            return None
        if stored.expires_at is not None and self._clock.time() >= stored.expires_at:
            return None
        return stored.access_token

    def _token_request(self, request: httpx.Request, credentials: ClientCredentials) -> httpx.Request:
        body = {  # the fields of the docs' Generate Access Tokens
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
            "grant_type": "client_credentials",
            "scope": credentials.scope,
        }
        headers = {"Accept": "application/json", "User-Agent": request.headers.get("User-Agent", "")}
        # FETCHING_TOKEN: an error while fetching names the token request and says the call was not processed
        extensions: dict[str, object] = {OPERATION_EXTENSION: token_operation(), FETCHING_TOKEN: True}
        if "timeout" in request.extensions:
            extensions["timeout"] = request.extensions["timeout"]
        return httpx.Request("POST", self._token_url, json=body, headers=headers, extensions=extensions)

    def _accept(self, response: httpx.Response) -> str | None:
        """Store the token from a 2xx token response; None for an error response, which becomes the final one.
        The token must be a string that can go in a header, and a Bearer token (token_type, when given, compared
        case-insensitively); otherwise APIResponseValidationError, and nothing is stored."""
        if not response.is_success:
            return None
        if json_too_deep(response.content):
            raise _unusable(response, "answered with JSON nested too deeply to parse")
        try:
            parsed = response.json()
        except ValueError as exc:
            raise _unusable(response, "answered with a body that is not JSON") from exc
        if not isinstance(parsed, dict):
            raise _unusable(response, "answered with a body that is not a JSON object")
        token, token_type = parsed.get("access_token"), parsed.get("token_type", "Bearer")
        if not isinstance(token, str) or not token:
            raise _unusable(response, "answered without an access_token")
        if not is_header_value(token):
            raise _unusable(response, f"issued an access_token that cannot be sent in a header ({VALUE_RULE})")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            raise _unusable(response, "issued a token whose token_type is not Bearer, the only kind this client sends")
        self._store.set(StoredToken(token, self._expires_at(parsed.get("expires_in"))))
        return token

    def _expires_at(self, lifetime: object) -> float:
        """When to stop using a token that lives `lifetime` seconds (expires_in). It must be a positive integer;
        anything else (missing, 0, -5, "3600", 1.5) means DEFAULT_LIFETIME, with a warning."""
        if isinstance(lifetime, bool) or not isinstance(lifetime, int) or not 0 < lifetime <= _MAX_LIFETIME:
            shown = repr(lifetime) if isinstance(lifetime, int) else f"a {type(lifetime).__name__}"
            logger.warning(
                "the token endpoint's expires_in is not a positive number of seconds (got %s); "
                "using the token for %d s",
                shown,
                DEFAULT_LIFETIME,
            )
            lifetime = DEFAULT_LIFETIME
        return self._clock.time() + lifetime - min(_MAX_EXPIRY_MARGIN, lifetime / 10)

    def known_secrets(self) -> list[str]:
        """The client secret and the stored access token: what no error may show, even when a server echoes it."""
        stored = self._store.get()
        found = [] if self._credentials is None else [self._credentials.client_secret]
        return found + ([] if stored is None else [stored.access_token])

    @staticmethod
    def _authorized(request: httpx.Request, token: str | None) -> httpx.Request:
        if token is not None:
            request.headers["Authorization"] = f"Bearer {token}"
        return request

    def __repr__(self) -> str:
        return f"TokenAuth(credentials={self._credentials!r}, store={self._store!r})"


def _unusable(response: httpx.Response, problem: str) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"{subject(response.request)}: the token endpoint {problem}; {CALL_NOT_PROCESSED}",
        may_have_been_processed=False,
    )
