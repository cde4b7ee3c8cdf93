"""Fixtures for the sync tests: the stand-in directory on loopback and a client tuned to its window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from propello import Backoff, Propello
from standin import StandIn
from sync_helpers import WINDOW, Runner


@pytest.fixture
def api() -> Iterator[StandIn]:
    with StandIn(calls=WINDOW.calls, period=WINDOW.period) as server:
        yield server


@pytest.fixture
def client(api: StandIn) -> Iterator[Propello]:
    with Propello(access_token="test-token", base_url=api.url, rate_limit=WINDOW, backoff=Backoff(0.01, 0.05)) as c:
        yield c


@pytest.fixture
def runner(client: Propello, tmp_path: Path) -> Runner:
    return Runner(client, tmp_path)
