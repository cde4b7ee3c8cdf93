"""The client's own connection pool: a WireTransport (AsyncWireTransport for AsyncPropello: wire.py, what
httpx.HTTPTransport is, on a network layer that keeps each attempt within its time) with the proxy and TLS settings
the caller passed, else those the environment names, as httpx.Client would choose them for the base URL. Every
request a client sends goes to its base URL's host, so one transport serves them all, and a call is one
handle_request() under our retries and limiter (no second send()).

A caller's own http_client is sent through with its full send() instead (ClientTransport, below): its own transport
applies httpx's per-phase timeouts only, so within an attempt nothing cuts a trickling answer, but the deadline still
bounds the retries. WrongModeTransport fills the generated client's slot of the other mode.

Every transport here starts the attempt's clock (deadline.py) as the attempt reaches it."""

from __future__ import annotations

import ssl
import urllib.request
from collections.abc import Callable

import httpx

from .._errors import ClientClosedError, InvalidArgumentError
from .._forks import follow
from .deadline import start_attempt
from .wire import AsyncWireTransport, WireTransport

ProxyOption = str | httpx.URL | httpx.Proxy | None
"""What `proxy=` takes: a proxy URL (http, https, socks5 or socks5h), an httpx.Proxy, or None for the environment."""
VerifyOption = bool | ssl.SSLContext
"""What `verify=` takes: True (certifi's CAs, or SSL_CERT_FILE / SSL_CERT_DIR), False, or an ssl.SSLContext."""

_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
_CALLER_CLOSED = (
    "the connection pool is closed: the http_client you passed was closed; nothing was sent. Pass an open one to a "
    "new client."
)
_CLOSED_DURING_CALL = (
    "the connection pool is closed: the client (or the one this was copied from with with_options) was closed "
    "during this call, before its next request; that one was not sent. Create a new client."
)


class Lifetime:
    """Whether a client's stack may still send: the one "is it closed" check. The stack (limiter, pool) is shared
    by a client and its with_options() copies, and closing any of their httpx clients closes it for all; an
    http_client a caller passed can be closed by its owner at any time. Our httpx clients' send() asks before
    anything else (so a closed client refuses with a message naming itself or the client it was copied from),
    and the pool asks again before each request it sends (a close in another thread or task during a call, between
    the token fetch and the call or between attempts): an httpx transport would quietly open new connections
    after its close(), and a closed httpx.Client would raise its RuntimeError."""

    __slots__ = ("_caller", "closed")

    def __init__(self, caller: httpx.Client | httpx.AsyncClient | None) -> None:
        """`caller`: the http_client a caller passed, or None when the client has its own pool."""
        self.closed = False
        self._caller = caller

    def check(self, closed_says: str = _CLOSED_DURING_CALL) -> None:
        """Raise ClientClosedError when the stack or the caller's client is closed; `closed_says`: the message for
        a closed stack, as the asking layer can best say why."""
        if self.closed:
            raise ClientClosedError(closed_says)
        if self._caller is not None and self._caller.is_closed:
            raise ClientClosedError(_CALLER_CLOSED)


def check_verify(verify: object) -> VerifyOption:
    if isinstance(verify, (bool, ssl.SSLContext)):
        return verify
    raise InvalidArgumentError(
        f"verify must be True, False or an ssl.SSLContext, got {type(verify).__name__} "
        "(for your own CA: verify=ssl.create_default_context(cafile=...))"
    )


def check_proxy(proxy: object, *, source: str = "proxy") -> httpx.Proxy | None:
    """An httpx.Proxy for `proxy`, or InvalidArgumentError naming what is wrong but never the URL, which may carry
    a password. `source` names where the URL came from."""
    if proxy is None or isinstance(proxy, httpx.Proxy):
        return proxy
    if not isinstance(proxy, (str, httpx.URL)):
        raise InvalidArgumentError(f"{source} must be a URL string or an httpx.Proxy, got {type(proxy).__name__}")
    try:
        url = httpx.URL(proxy)
    except httpx.InvalidURL:
        raise InvalidArgumentError(f"{source} is not a valid URL") from None
    if url.scheme not in _PROXY_SCHEMES or not url.host:
        raise InvalidArgumentError(
            f"{source} must be an http://, https://, socks5:// or socks5h:// URL with a host, got scheme {url.scheme!r}"
        )
    return httpx.Proxy(url)


def environment_proxy(base_url: str) -> httpx.Proxy | None:
    """The proxy the environment names for `base_url`, as httpx.Client would use it: HTTPS_PROXY for https (or
    HTTP_PROXY for http), else ALL_PROXY, in either case, unless NO_PROXY exempts the host. Read with the standard
    library (urllib.request, which also knows macOS and Windows system settings): httpx's own lookup is private."""
    url = httpx.URL(base_url)
    found = urllib.request.getproxies()
    proxy = found.get(url.scheme) or found.get("all")
    if not proxy or urllib.request.proxy_bypass(f"{url.host}:{url.port}" if url.port else url.host):
        return None
    if "://" not in proxy:
        proxy = f"http://{proxy}"  # what httpx does with a bare host:port
    variable = f"{url.scheme.upper()}_PROXY" if found.get(url.scheme) else "ALL_PROXY"
    return check_proxy(proxy, source=f"the proxy in {variable}")


def connection_pool(
    base_url: str, proxy: httpx.Proxy | None, verify: VerifyOption, lifetime: Lifetime
) -> PoolTransport:
    """Propello's own pool: httpx's defaults (100 connections, 20 kept alive), the given or environment proxy;
    `lifetime`: the client's, asked before each request."""
    chosen = proxy if proxy is not None else environment_proxy(base_url)
    return PoolTransport(lambda: WireTransport(chosen, verify), lifetime)


def async_connection_pool(
    base_url: str, proxy: httpx.Proxy | None, verify: VerifyOption, lifetime: Lifetime
) -> AsyncPoolTransport:
    """AsyncPropello's own pool, built like connection_pool()."""
    chosen = proxy if proxy is not None else environment_proxy(base_url)
    return AsyncPoolTransport(lambda: AsyncWireTransport(chosen, verify), lifetime)


class PoolTransport(httpx.BaseTransport):
    """The connection pool a Propello builds for itself; closed with the client, after which it sends nothing
    (Lifetime). A forked child gets a new one (_forks.py): the inherited connections are the parent's, left open
    for it and never used by the child."""

    def __init__(self, new: Callable[[], httpx.BaseTransport], lifetime: Lifetime) -> None:
        """`new`: builds the httpx transport, now and again in each forked child; `lifetime`: the client's."""
        self._new, self._transport, self._lifetime = new, new(), lifetime
        follow(self)

    def after_fork(self) -> None:
        self._transport = self._new()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._lifetime.check()
        start_attempt()
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


class AsyncPoolTransport(httpx.AsyncBaseTransport):
    """The async twin of PoolTransport."""

    def __init__(self, new: Callable[[], httpx.AsyncBaseTransport], lifetime: Lifetime) -> None:
        """`new`, `lifetime`: as in PoolTransport."""
        self._new, self._transport, self._lifetime = new, new(), lifetime
        follow(self)

    def after_fork(self) -> None:
        self._transport = self._new()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._lifetime.check()
        start_attempt()
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()


class ClientTransport(httpx.BaseTransport):
    """Sends through the httpx.Client a caller passed as http_client, with its full send(), so its proxies, TLS
    settings, mounts and event hooks apply. The client stays the caller's: closing ours leaves it open. (A
    Propello's own pool is a plain transport instead: pool.py.)"""

    def __init__(self, client: httpx.Client, lifetime: Lifetime) -> None:
        """`lifetime`: the client's, which knows `client` and is asked before each request."""
        self._client, self._lifetime = client, lifetime

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._lifetime.check()
        start_attempt()
        response = self._client.send(request, stream=True, auth=None, follow_redirects=False)
        return _detached(response)


class AsyncClientTransport(httpx.AsyncBaseTransport):
    """The async twin of ClientTransport."""

    def __init__(self, client: httpx.AsyncClient, lifetime: Lifetime) -> None:
        """`lifetime`: as in ClientTransport."""
        self._client, self._lifetime = client, lifetime

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._lifetime.check()
        start_attempt()
        response = await self._client.send(request, stream=True, auth=None, follow_redirects=False)
        return _detached(response)


def _detached(response: httpx.Response) -> httpx.Response:
    """A transport-level response over the same open stream, for the outer client to bind and read: the caller's
    client has bound this one to its own request already."""
    return httpx.Response(
        response.status_code, headers=response.headers, stream=response.stream, extensions=response.extensions
    )


class WrongModeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Fills the generated client's other slot (async on Propello, sync on AsyncPropello), which would otherwise
    build a bare httpx client without our auth, retries and limiter and send through it."""

    def __init__(self, message: str) -> None:
        self._message = message

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise TypeError(self._message)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise TypeError(self._message)
