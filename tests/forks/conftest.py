"""Fork-test fixtures: the echo server (its own process) for the session, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from echo_server import EchoServer

if not hasattr(__import__("os"), "fork"):
    pytest.skip("this platform has no fork()", allow_module_level=True)


@pytest.fixture(scope="session")
def echo_session() -> Iterator[EchoServer]:
    server = EchoServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def echo(echo_session: EchoServer) -> EchoServer:
    echo_session.reset()
    return echo_session
