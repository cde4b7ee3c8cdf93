"""Shared fixtures: a fake clock, loopback test servers on 127.0.0.1 (one threaded), a dead loopback URL, one TLS
context for the session; the `reconstruction` marker."""

from __future__ import annotations

import asyncio
import signal
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import yaml
from pytest_httpserver import HTTPServer

if TYPE_CHECKING:
    from propello import AsyncPropello, Propello

SNAPSHOT = Path(__file__).resolve().parents[1] / "openapi" / "openapi.yaml"
NOT_THE_RECONSTRUCTION = (
    "openapi/openapi.yaml is no longer the reconstruction from the docs (it has no x-reconstructed marks): "
    "upstream's spec replaced it, so checks of the reconstruction's own facts do not apply"
)


def has_reconstructed_marks(node: Any) -> bool:
    """True when some object in the document is marked `x-reconstructed: true`, as every part of the
    reconstruction that the docs do not show is. The real upstream bundle has no such mark."""
    if isinstance(node, dict):
        return node.get("x-reconstructed") is True or any(has_reconstructed_marks(value) for value in node.values())
    return isinstance(node, list) and any(has_reconstructed_marks(value) for value in node)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `reconstruction` check facts of the docs-derived snapshot (its 16 operations, quoted prose,
    x-reconstructed marks, schema names we made up). They run while openapi/openapi.yaml is that reconstruction
    and are skipped, with the reason, once a fetched upstream spec has replaced it."""
    marked = [item for item in items if item.get_closest_marker("reconstruction")]
    if not marked or has_reconstructed_marks(yaml.safe_load(SNAPSHOT.read_text(encoding="utf-8"))):
        return
    for item in marked:
        item.add_marker(pytest.mark.skip(reason=NOT_THE_RECONSTRUCTION))


class FakeClock:
    """A clock whose sleeps return at once and only move time forward, so timing tests are exact and fast.
    `sleeps` records every sleep, in order."""

    def __init__(self, wall: float = 1_700_000_000.0, monotonic: float = 1_000.0) -> None:
        self._wall, self._monotonic = wall, monotonic
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._monotonic

    def time(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._wall += seconds
            self._monotonic += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 (not "localhost", which may resolve to ::1 first), on a free port."""
    return ("127.0.0.1", 0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def tls() -> ssl.SSLContext:
    """One TLS context for the session: building one loads the CA bundle (~20 ms), and every client would."""
    return httpx.create_ssl_context()


@pytest.fixture
def dead_url() -> str:
    """A loopback URL where nothing listens: connecting is refused, so the request surely was not sent."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def threaded_httpserver() -> Iterator[HTTPServer]:
    """A server that answers each connection in its own thread: a slow handler does not hold up the next request."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def _as_users_build_it(overrides: dict[str, Any], tls: ssl.SSLContext) -> dict[str, Any]:
    """A client's own connection pool, as users get it (no http_client): only `verify` passes the session's TLS
    context, the same checks as verify=True without loading the CA bundle again. A test passing http_client gets
    that path instead."""
    return overrides if "http_client" in overrides else {"verify": tls, **overrides}


@pytest.fixture
def make_client(options: dict[str, Any], tls: ssl.SSLContext) -> Iterator[Callable[..., Propello]]:
    """Propello with the `options` of the test's folder, built the way users build it; closed after the test."""
    from propello import Propello

    made: list[Propello] = []

    def make(**overrides: Any) -> Propello:
        made.append(Propello(**{**options, **_as_users_build_it(overrides, tls)}))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def make_async_client(options: dict[str, Any], tls: ssl.SSLContext) -> Callable[..., AsyncPropello]:
    """AsyncPropello, built like make_client's. Async clients live inside one asyncio.run(); close them there
    (`async with`)."""
    from propello import AsyncPropello

    def make(**overrides: Any) -> AsyncPropello:
        return AsyncPropello(**{**options, **_as_users_build_it(overrides, tls)})

    return make


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt in the main thread, as Ctrl-C does in a terminal. A process that a shell
    without job control starts in the background (as CI runners and `cmd &` in a script do) inherits SIGINT
    ignored, and Python then installs no handler of its own: a test that sends SIGINT needs this one."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
