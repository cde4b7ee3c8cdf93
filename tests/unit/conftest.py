"""Unit-test fixtures: the options make_client and make_async_client (tests/conftest.py) build clients with:
pytest-httpserver, a fake clock, no rate limit and seeded jitter."""

from __future__ import annotations

import random
from typing import Any

import pytest
from propello import Backoff
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
