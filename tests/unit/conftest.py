"""Unit-test fixtures: clients pointed at pytest-httpserver with a fake clock, no rate limit and seeded jitter."""

from __future__ import annotations

import random
import socket
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from propello import AsyncPropello, Backoff, Propello
from pytest_httpserver import HTTPServer
from unit_helpers import SECRET


@pytest.fixture
def options(httpserver: HTTPServer, clock: Any) -> dict[str, Any]:
    """Constructor options for a test client: local server, fake clock, no rate limit, reproducible jitter."""
    return {
        "client_id": 1,
        "client_secret": SECRET,
        "base_url": httpserver.url_for("/"),
        "rate_limit": None,
        "_clock": clock,
        "backoff": Backoff(rng=random.Random(7)),
    }


@pytest.fixture(scope="session")
def tls() -> ssl.SSLContext:
    """One TLS context for the session: building one loads the CA bundle (~20 ms), and every client would."""
    return httpx.create_ssl_context()


def _as_users_build_it(overrides: dict[str, Any], tls: ssl.SSLContext) -> dict[str, Any]:
    """A client's own connection pool, as users get it (no http_client): only `verify` passes the session's TLS
    context, the same checks as verify=True without loading the CA bundle again. A test passing http_client gets
    that path instead."""
    return overrides if "http_client" in overrides else {"verify": tls, **overrides}


@pytest.fixture
def make_client(options: dict[str, Any], tls: ssl.SSLContext) -> Iterator[Callable[..., Propello]]:
    """Propello with the test options, built the way users build it; closed after the test."""
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

    def make(**overrides: Any) -> AsyncPropello:
        return AsyncPropello(**{**options, **_as_users_build_it(overrides, tls)})

    return make


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
