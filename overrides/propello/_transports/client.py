"""Our httpx clients: plain httpx plus one rule in send(), so it also holds for generated functions called through
`api_client`: no httpx exception and no non-2xx response gets out, only this package's typed errors, with our
secrets masked in whatever they carry. A closed client, or an async one used from another event loop, says so
before anything is sent.

The mapping sits in send(), outside the auth flow, because the auth flow must see a 401 to renew the token.

They keep no cookies: the API authenticates with a token, and httpx's cookie extraction on every response (it
builds urllib request objects for the cookie jar) cost more than all of this package's own per-call work (about a
tenth of a call on loopback: docs/benchmarks.md). httpx's public `cookies` property is overridden with a jar that
stays empty; setting it is refused."""

from __future__ import annotations

import functools
import threading
import weakref
from typing import TYPE_CHECKING, Any

import httpx

from .._clock import Clock
from .._errors import EventLoopError, InvalidArgumentError
from .._errors.redaction import sent_token
from .._errors.status import check_response, typed_errors
from .._forks import follow
from .._tokens.auth import TokenAuth
from .pool import Lifetime

if TYPE_CHECKING:
    import asyncio

_CLOSED = "this client is closed (close() was called, or its `with` block ended); nothing was sent. Create a new one."
_COPY_CLOSED = (
    "the connection pool is closed: the client this one was copied from (with_options) was closed; nothing was "
    "sent. Create a new client."
)


class _NoCookies(httpx.Cookies):
    """A cookie jar that stays empty, so nothing is extracted from responses and no Cookie header is sent."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _OurHTTPClient:
    """What both our httpx clients add: a `cookies` property (httpx's public one, overridden) that stays empty,
    a repr that names the client they serve, not this private module, and what their send() checks with."""

    def __init__(
        self, *, owner: str, clock: Clock, auth: TokenAuth, lifetime: Lifetime, copy: bool, **kwargs: Any
    ) -> None:
        """`owner`: the client's class name, for the repr. `clock`: the client's (Retry-After dates in errors).
        `auth`: the token flow, also asked which secrets to mask in errors. `lifetime`: the stack's, shared with
        the client's copies (checked before anything is sent, so a closed client refuses with its own message).
        `copy`: this one serves a with_options() copy."""
        self._no_cookies = _NoCookies()
        self._owner_name = owner
        self._clock, self._token_auth = clock, auth
        self._lifetime, self._closed_says = lifetime, _COPY_CLOSED if copy else _CLOSED
        super().__init__(**{**kwargs, "auth": auth})  # httpx.Client's or httpx.AsyncClient's, which this mixes into

    def __repr__(self) -> str:
        return f"<the httpx client of a propello.{self._owner_name}>"

    @property
    def cookies(self) -> httpx.Cookies:
        """Always empty: the API authenticates with a token."""
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        raise InvalidArgumentError("this client keeps no cookies: the API authenticates with a token")


class PropelloHTTPClient(_OurHTTPClient, httpx.Client):
    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        self._lifetime.check(self._closed_says)
        secrets = functools.partial(_secrets, self._token_auth, request)
        with typed_errors(request, secrets):
            response = super().send(request, **kwargs)
            try:
                response.read()  # already in memory (RetryTransport read it), whatever `stream` asked
            finally:
                if not response.is_success:
                    response.close()
            check_response(response, now=self._clock.time(), secrets=secrets)
        return response

    def close(self) -> None:
        self._lifetime.closed = True
        super().close()


class AsyncPropelloHTTPClient(_OurHTTPClient, httpx.AsyncClient):
    def __init__(self, *, loop: LoopBinding, **kwargs: Any) -> None:
        """`loop`: the event loop the stack belongs to; the rest as for _OurHTTPClient."""
        super().__init__(**kwargs)
        self._loop = loop

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        self._lifetime.check(self._closed_says)
        self._loop.check()
        secrets = functools.partial(_secrets, self._token_auth, request)
        with typed_errors(request, secrets):
            response = await super().send(request, **kwargs)
            try:
                await response.aread()  # already in memory (AsyncRetryTransport read it), whatever `stream` asked
            finally:
                if not response.is_success:
                    await response.aclose()
            check_response(response, now=self._clock.time(), secrets=secrets)
        return response

    async def aclose(self) -> None:
        """Its connections can only be closed from the loop they belong to."""
        self._loop.check(binding=False)
        self._lifetime.closed = True
        await super().aclose()


def _secrets(auth: TokenAuth, request: httpx.Request) -> list[str]:
    return [*auth.known_secrets(), *sent_token(request)]


class LoopBinding:
    """The event loop an AsyncPropello and its with_options() copies run in: the first one to use it. Its pooled
    connections and its token lock belong to that loop, so using it from another loop (a second asyncio.run(),
    another thread) is refused with EventLoopError instead of failing somewhere inside httpx or asyncio."""

    def __init__(self) -> None:
        self._loop: weakref.ref[asyncio.AbstractEventLoop] | None = None
        self._lock = threading.Lock()
        follow(self)

    def after_fork(self) -> None:
        """A forked child has a new pool (pool.py), free to bind to the child's first loop."""
        self._loop, self._lock = None, threading.Lock()

    def check(self, *, binding: bool = True) -> None:
        """Raise EventLoopError unless the running loop is the bound one; `binding`: bind to it if none is yet."""
        import asyncio  # here, not at the top: a sync client never needs it

        running = asyncio.get_running_loop()
        with self._lock:
            if self._loop is None:
                if binding:
                    self._loop = weakref.ref(running)
                return
            bound = self._loop()
        if bound is not running:
            raise EventLoopError(
                "this AsyncPropello belongs to the event loop it was first used in, and is now used from another "
                "(a second asyncio.run(), or another thread's loop); nothing was sent. Create one client per event "
                "loop, inside it: `async with AsyncPropello(...) as client:` in the coroutine you pass to asyncio.run()"
            )
