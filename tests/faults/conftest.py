"""Fault-suite fixtures: the fake API on a fault server, client options for it, and DEBUG log capture.

Clients get a 0.2 s read timeout (the server stalls 0.5 s), the shared fake clock (backoff and Retry-After waits
return at once) and no rate limit unless a test sets one."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from drivers import Mode
from fake_api import FakeApi
from propello import Backoff
from scenarios import CLIENT_ID, READ_TIMEOUT, SECRET
from server import FaultServer


@pytest.fixture
def api(clock: Any) -> FakeApi:
    return FakeApi(client_id=CLIENT_ID, client_secret=SECRET, clock=clock)


@pytest.fixture
def server(api: FakeApi) -> Iterator[FaultServer]:
    with FaultServer(api, stall_seconds=READ_TIMEOUT + 0.3) as running:
        yield running


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    chosen: Mode = request.param
    return chosen


@pytest.fixture
def options(server: FaultServer, clock: Any) -> dict[str, Any]:
    return {
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "base_url": server.url,
        "timeout": httpx.Timeout(5.0, read=READ_TIMEOUT),
        "max_retries": 2,
        "rate_limit": None,
        "_clock": clock,
        "backoff": Backoff(rng=random.Random(3)),
    }


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record of the propello logger at DEBUG."""
    caplog.set_level(logging.DEBUG, logger="propello")
    return caplog
