"""`timeout` bounds a whole attempt, from connect (name resolution included) to the last byte of the body, and
`deadline` a whole call across its retries: a server that trickles its answer, one that never answers and a
resolver that takes seconds all end in APITimeoutError within the bound plus a small margin, sync and async,
for reads and writes; a write's `may_have_been_processed` says whether the server got it."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from propello import APIConnectionError, APITimeoutError, AsyncPropello, Backoff, Propello
from stalling_server import Behaviour, StallingServer

MARGIN = 1.0
"""Seconds a call may outlast its bound: scheduling on a loaded machine, closing the connection."""
TIMEOUT = 1.0


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], StallingServer]]:
    servers: list[StallingServer] = []

    def start(behaviour: Behaviour) -> StallingServer:
        servers.append(StallingServer(behaviour))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def call(mode: str, kind: str, base_url: str, *, after: Callable[[Any], Any] | None = None, **options: Any) -> float:
    """Make one read (users.get) or write (users.create) call that must raise APITimeoutError; its duration, and
    the error's may_have_been_processed checked by `after`."""
    options = {"access_token": "t", "base_url": base_url, "rate_limit": None, **options}
    started = time.monotonic()

    def check(error: APITimeoutError) -> None:
        if after is not None:
            after(error)

    if mode == "sync":
        with Propello(**options) as client, pytest.raises(APITimeoutError) as raised:
            client.users.get("id", 1) if kind == "read" else client.users.create({"email": "a@example.com"})
        check(raised.value)
    else:

        async def main() -> None:
            async with AsyncPropello(**options) as client:
                with pytest.raises(APITimeoutError) as raised:
                    if kind == "read":
                        await client.users.get("id", 1)
                    else:
                        await client.users.create({"email": "a@example.com"})
                check(raised.value)

        asyncio.run(main())
    return time.monotonic() - started


def processed_claim(expected: bool) -> Callable[[APITimeoutError], None]:
    def check(error: APITimeoutError) -> None:
        assert error.may_have_been_processed is expected, str(error)

    return check


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("kind", ["read", "write"])
@pytest.mark.parametrize("behaviour", ["trickle-head", "trickle-body"])
def test_a_trickling_server_is_cut_at_the_timeout(
    serve: Callable[[Behaviour], StallingServer], mode: str, kind: str, behaviour: Behaviour
) -> None:
    """Every byte comes within the read timeout, but the attempt as a whole may not last longer than it."""
    server = serve(behaviour)
    took = call(mode, kind, server.url, timeout=TIMEOUT, max_retries=0, after=processed_claim(True))
    assert took < TIMEOUT + MARGIN, f"a trickling server kept a {TIMEOUT} s call alive for {took:.1f} s"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_deadline_bounds_a_read_across_its_retries(serve: Callable[[Behaviour], StallingServer], mode: str) -> None:
    """A silent server: each attempt times out after 1 s and reads are retried, but never past the deadline."""
    server = serve("silent")
    took = call(mode, "read", server.url, timeout=TIMEOUT, max_retries=5, backoff=Backoff(), deadline=2.5)
    assert took < 2.5 + MARGIN, f"a call with deadline=2.5 took {took:.1f} s"
    assert server.requests >= 2, "the read was not retried within its deadline"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_deadline_bounds_the_retries_through_an_http_client_of_yours(
    serve: Callable[[Behaviour], StallingServer], mode: str
) -> None:
    """Within an attempt, a client of yours applies httpx's own timeouts (its transport is yours); the deadline still
    ends the retries."""
    server = serve("silent")
    yours: Any = httpx.Client() if mode == "sync" else httpx.AsyncClient()
    took = call(
        mode, "read", server.url, timeout=TIMEOUT, max_retries=5, backoff=Backoff(), deadline=2.5, http_client=yours
    )
    assert took < 2.5 + MARGIN, f"a call with deadline=2.5 took {took:.1f} s"
    assert server.requests >= 2, "the read was not retried within its deadline"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_with_options_sets_the_deadline(serve: Callable[[Behaviour], StallingServer], mode: str) -> None:
    server = serve("silent")
    options = {"access_token": "t", "base_url": server.url, "rate_limit": None, "timeout": TIMEOUT, "max_retries": 5}
    started = time.monotonic()
    if mode == "sync":
        with Propello(**options) as client, pytest.raises(APITimeoutError):
            client.with_options(deadline=1.5).users.get("id", 1)
    else:

        async def main() -> None:
            async with AsyncPropello(**options) as client:
                with pytest.raises(APITimeoutError):
                    await client.with_options(deadline=1.5).users.get("id", 1)

        asyncio.run(main())
    assert time.monotonic() - started < 1.5 + MARGIN


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_silent_server_times_a_write_out_as_possibly_processed(
    serve: Callable[[Behaviour], StallingServer], mode: str
) -> None:
    server = serve("silent")
    took = call(mode, "write", server.url, timeout=TIMEOUT, max_retries=2, after=processed_claim(True))
    assert took < TIMEOUT + MARGIN
    assert server.requests == 1, "a write the server may have processed was sent again"


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("kind", ["read", "write"])
def test_a_slow_resolver_is_cut_at_the_connect_timeout(
    serve: Callable[[Behaviour], StallingServer], monkeypatch: pytest.MonkeyPatch, mode: str, kind: str
) -> None:
    """Resolving `localhost` takes 3 s; the connect timeout (1 s) covers it, and a write that never left says so."""
    server = serve("trickle-body")
    resolve = socket.getaddrinfo

    def slow(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("localhost", b"localhost"):
            time.sleep(3.0)
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    timeout = httpx.Timeout(5.0, connect=TIMEOUT)
    took = call(
        mode, kind, f"http://localhost:{server.port}", timeout=timeout, max_retries=0, after=processed_claim(False)
    )
    assert took < TIMEOUT + MARGIN, f"a 3 s name resolution outlasted a {TIMEOUT} s connect timeout: {took:.1f} s"
    assert server.requests == 0


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_name_that_does_not_resolve_fails_at_once_unsent(
    serve: Callable[[Behaviour], StallingServer], monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    server = serve("trickle-body")
    resolve = socket.getaddrinfo

    def unknown(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("localhost", b"localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    options = {"access_token": "t", "base_url": f"http://localhost:{server.port}", "rate_limit": None}
    if mode == "sync":
        with Propello(**options) as client, pytest.raises(APIConnectionError) as raised:
            client.users.create({"email": "a@example.com"})
    else:

        async def main() -> None:
            async with AsyncPropello(**options) as client:
                await client.users.create({"email": "a@example.com"})

        with pytest.raises(APIConnectionError) as raised:
            asyncio.run(main())
    assert not isinstance(raised.value, APITimeoutError)
    assert "Name or service not known" in str(raised.value)
    assert raised.value.may_have_been_processed is False
    assert server.requests == 0


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_each_address_of_a_name_is_tried_in_turn(
    serve: Callable[[Behaviour], StallingServer], monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """`localhost` resolves to 127.0.0.2 first, where nothing listens (connection refused), then to the server."""
    server = serve("trickle-body")
    resolve = socket.getaddrinfo

    def two(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("localhost", b"localhost"):
            return [*resolve("127.0.0.2", port, *args, **kwargs), *resolve("127.0.0.1", port, *args, **kwargs)]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two)
    call(mode, "read", f"http://localhost:{server.port}", timeout=0.5, max_retries=0)
    assert server.requests == 1, "the second address was not tried"
