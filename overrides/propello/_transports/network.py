"""The network layer under our connection pools: httpcore network backends (its public extension point) that give
every connect, TLS handshake, read and write at most what is left of the attempt (deadline.py), so a server that
trickles its answer is cut when the attempt's time is up, not only when one read waits too long.

Name resolution is bounded too. httpcore's sync backend resolves inside socket.create_connection, whose timeout
does not cover getaddrinfo: a slow resolver blocks for as long as it likes. Both backends resolve a host name in a
daemon thread and wait for it at most the connect timeout, then connect to the addresses found, in order, each
within the connect timeout (as socket.create_connection does). Only a new connection to a host name pays for that
thread: an IP address needs none, and a kept-alive connection none at all. (httpcore's async backend bounds its own
lookup, but the thread it runs in keeps asyncio.run() from returning until the lookup ends.)
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import httpcore

from .deadline import CURRENT, left_of

SocketOptions = Iterable[Any] | None
"""httpcore's socket options (tuples for setsockopt)."""


def _lookup(host: str, port: int) -> Future[list[str]] | None:
    """The IP addresses of `host`, in the resolver's order, soon: looked up in a thread of its own, a daemon, so
    that a lookup the caller stopped waiting for holds up neither an event loop's shutdown nor the interpreter's
    exit. None for an IP address, which needs no lookup."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    found: Future[list[str]] = Future()

    def resolve() -> None:
        if not found.set_running_or_notify_cancel():  # the caller stopped waiting before it started
            return
        try:
            answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except Exception as exc:  # gaierror, or a name IDNA cannot encode: the caller gets it, not the thread
            found.set_exception(httpcore.ConnectError(str(exc)))
        else:
            found.set_result(list(dict.fromkeys(str(answer[4][0]) for answer in answers)))

    threading.Thread(target=resolve, name="propello-resolve", daemon=True).start()
    return found


def _slow_lookup(timeout: float) -> httpcore.ConnectTimeout:
    return httpcore.ConnectTimeout(f"resolving the host name took longer than the {timeout:.3g} s left to connect")


def _addresses(host: str, port: int, timeout: float | None) -> list[str]:
    """`host`'s addresses, or httpcore's ConnectTimeout after `timeout` s (ConnectError when it does not resolve)."""
    found = _lookup(host, port)
    if found is None:
        return [host]
    try:
        return found.result(timeout)
    except FutureTimeout:
        raise _slow_lookup(timeout or 0) from None


async def _async_addresses(host: str, port: int, timeout: float | None) -> list[str]:
    """_addresses() for an asyncio task (AsyncPropello runs on asyncio)."""
    import asyncio  # here, not at the top: a sync client never needs it

    found = _lookup(host, port)
    if found is None:
        return [host]
    try:
        return await asyncio.wait_for(asyncio.wrap_future(found), timeout)
    except asyncio.TimeoutError:
        raise _slow_lookup(timeout or 0) from None


def left_to_send(timeout: float | None) -> float | None:
    """left_of() for a write. An attempt that ran out before it wrote anything (waiting for a pooled connection took
    its time) raises httpcore's PoolTimeout, not WriteTimeout: nothing of the request left, so its error says it was
    not processed, and even a write may be retried within the deadline."""
    current = CURRENT.get()
    if current is None:
        return timeout
    limit = left_of(timeout, httpcore.WriteTimeout if current.sent else httpcore.PoolTimeout)
    current.sent = True
    return limit


class BoundedBackend(httpcore.NetworkBackend):
    """httpcore's SyncBackend, within the attempt's time, resolving names within the connect timeout."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.NetworkStream:
        """Connect to the first of `host`'s addresses that answers: the name resolved within `timeout`, then each
        address given `timeout` (as socket.create_connection gives it), all within the attempt's time."""
        failure: httpcore.ConnectError | None = None
        for address in _addresses(host, port, left_of(timeout, httpcore.ConnectTimeout)):
            limit = left_of(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(address, port, limit, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
            else:
                return BoundedStream(stream)
        raise failure or httpcore.ConnectError(f"{host} resolved to no address")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: SocketOptions = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the client connects over TCP only")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class BoundedStream(httpcore.NetworkStream):
    """A connection whose every read and write waits at most what is left of the attempt."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, left_of(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, left_to_send(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        limit = left_of(timeout, httpcore.ConnectTimeout)
        return BoundedStream(self._inner.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class AsyncBoundedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's AnyIOBackend (asyncio or trio) within the attempt's time; it resolves names within the connect
    timeout itself."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.AsyncNetworkStream:
        """As BoundedBackend.connect_tcp()."""
        failure: httpcore.ConnectError | None = None
        for address in await _async_addresses(host, port, left_of(timeout, httpcore.ConnectTimeout)):
            limit = left_of(timeout, httpcore.ConnectTimeout)
            try:
                stream = await self._inner.connect_tcp(address, port, limit, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
            else:
                return AsyncBoundedStream(stream)
        raise failure or httpcore.ConnectError(f"{host} resolved to no address")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: SocketOptions = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the client connects over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class AsyncBoundedStream(httpcore.AsyncNetworkStream):
    """The async twin of BoundedStream."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, left_of(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, left_to_send(timeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        limit = left_of(timeout, httpcore.ConnectTimeout)
        return AsyncBoundedStream(await self._inner.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)
