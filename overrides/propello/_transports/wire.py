"""httpx transports over httpcore connection pools that use our network backends (network.py). httpx.HTTPTransport
builds its pool on httpcore's default backend and takes no other, so these do what it does with public httpx and
httpcore pieces: the pool (direct, or through an HTTP or SOCKS proxy) with httpx's default limits, the request
handed to httpcore, and httpcore's exceptions raised as httpx's, while sending and while the body is read."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from .network import AsyncBoundedBackend, BoundedBackend

_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)
"""httpcore's exceptions and the httpx ones they become, the more specific first (as httpx maps them)."""

_LIMITS = {"max_connections": 100, "max_keepalive_connections": 20, "keepalive_expiry": 5.0}
"""httpx's default pool limits."""


@contextmanager
def _httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for theirs, ours in _ERRORS:
            if isinstance(exc, theirs):
                raise ours(str(exc)) from exc
        raise


def _core_pool(proxy: httpx.Proxy | None, verify: Any, backend: Any, *, kinds: tuple[Any, Any, Any]) -> Any:
    """An httpcore pool on `backend`: `kinds` are the pool, HTTP proxy and SOCKS proxy classes of one mode."""
    direct, http_proxy, socks_proxy = kinds
    context = httpx.create_ssl_context(verify=verify)
    if proxy is None:
        return direct(ssl_context=context, network_backend=backend, **_LIMITS)
    url = httpcore.URL(
        scheme=proxy.url.raw_scheme, host=proxy.url.raw_host, port=proxy.url.port, target=proxy.url.raw_path
    )
    if proxy.url.scheme in ("http", "https"):
        return http_proxy(
            proxy_url=url,
            proxy_auth=proxy.raw_auth,
            proxy_headers=proxy.headers.raw,
            ssl_context=context,
            proxy_ssl_context=proxy.ssl_context,
            network_backend=backend,
            **_LIMITS,
        )
    return socks_proxy(
        proxy_url=url, proxy_auth=proxy.raw_auth, ssl_context=context, network_backend=backend, **_LIMITS
    )


def _core_request(request: httpx.Request) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
        headers=request.headers.raw,
        content=request.stream,
        extensions=request.extensions,
    )


class WireTransport(httpx.BaseTransport):
    """What httpx.HTTPTransport(verify=verify, proxy=proxy) is, on BoundedBackend."""

    def __init__(self, proxy: httpx.Proxy | None, verify: Any) -> None:
        """`proxy`: where to connect through, or None. `verify`: as httpx.HTTPTransport takes it."""
        kinds = (httpcore.ConnectionPool, httpcore.HTTPProxy, httpcore.SOCKSProxy)
        self._core = _core_pool(proxy, verify, BoundedBackend(), kinds=kinds)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with _httpx_errors():
            answer = self._core.handle_request(_core_request(request))
        return httpx.Response(
            answer.status, headers=answer.headers, stream=_Body(answer.stream), extensions=answer.extensions
        )

    def close(self) -> None:
        self._core.close()


class AsyncWireTransport(httpx.AsyncBaseTransport):
    """What httpx.AsyncHTTPTransport(verify=verify, proxy=proxy) is, on AsyncBoundedBackend."""

    def __init__(self, proxy: httpx.Proxy | None, verify: Any) -> None:
        """As WireTransport's."""
        kinds = (httpcore.AsyncConnectionPool, httpcore.AsyncHTTPProxy, httpcore.AsyncSOCKSProxy)
        self._core = _core_pool(proxy, verify, AsyncBoundedBackend(), kinds=kinds)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _httpx_errors():
            answer = await self._core.handle_async_request(_core_request(request))
        return httpx.Response(
            answer.status, headers=answer.headers, stream=_AsyncBody(answer.stream), extensions=answer.extensions
        )

    async def aclose(self) -> None:
        await self._core.aclose()


class _Body(httpx.SyncByteStream):
    """httpcore's response body, its errors raised as httpx's."""

    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class _AsyncBody(httpx.AsyncByteStream):
    """The async twin of _Body."""

    def __init__(self, inner: AsyncIterable[bytes]) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for chunk in self._inner:
                yield chunk

    async def aclose(self) -> None:
        aclose = getattr(self._inner, "aclose", None)
        if aclose is not None:
            await aclose()
