"""client.rate_limit_status() with redis_url: the window every process with the same credentials shares, read from
Redis (timed by its clock); and this process's own view when Redis is down."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from propello import AsyncPropello, Propello, RateLimit
from pytest_httpserver import HTTPServer
from redis_server import RedisServer

READ_PATH = "/v3/user/get/id/7"
OK_USER = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": {"id": 7}}
LIMIT = RateLimit(calls=5, period=60.0)


@pytest.fixture
def served(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request(READ_PATH, method="POST").respond_with_json(OK_USER)
    return httpserver


def test_two_clients_see_the_fleet_window(served: HTTPServer, redis_url: str) -> None:
    options = {"access_token": "pre-issued", "base_url": served.url_for("/"), "redis_url": redis_url}
    with Propello(**options, rate_limit=LIMIT) as one, Propello(**options, rate_limit=LIMIT) as other:
        one.users.get("id", 7)
        one.users.get("id", 7)
        other.users.get("id", 7)
        for client in (one, other):
            status = client.rate_limit_status()
            assert status is not None
            assert (status.shared, status.limit, status.remaining) == (True, LIMIT, 2)
            assert 0.0 < status.next_free_in <= 60.0


def test_async_client_reads_the_fleet_window(served: HTTPServer, redis_url: str) -> None:
    options = {"access_token": "pre-issued", "base_url": served.url_for("/"), "redis_url": redis_url}

    async def main() -> None:
        async with AsyncPropello(**options, rate_limit=LIMIT) as client:
            await client.users.get("id", 7)
            status = await client.rate_limit_status()
            assert status is not None
            assert (status.shared, status.remaining) == (True, 4)
            assert 0.0 < status.next_free_in <= 60.0

    asyncio.run(main())


def test_with_redis_down_the_status_is_this_process_own(served: HTTPServer, own_redis: RedisServer) -> None:
    options = {"access_token": "pre-issued", "base_url": served.url_for("/"), "redis_url": own_redis.url}
    with Propello(**options, rate_limit=LIMIT) as client:
        client.users.get("id", 7)
        own_redis.stop()
        status = client.rate_limit_status()
        assert status is not None
        assert status.shared is False
        assert status.remaining <= 4


def test_the_command_line_shows_the_fleet_window(served: HTTPServer, redis_url: str) -> None:
    """`propello rate-limit` (the console script) reads the same window: what another worker spent shows."""
    options = {"access_token": "pre-issued", "base_url": served.url_for("/"), "redis_url": redis_url}
    with Propello(**options, rate_limit=LIMIT) as worker:
        worker.users.get("id", 7)
        worker.users.get("id", 7)
        env = {
            **os.environ,
            "PROPELLO_ACCESS_TOKEN": "pre-issued",
            "PROPELLO_BASE_URL": served.url_for("/"),
            "PROPELLO_REDIS_URL": redis_url,
            "PROPELLO_RATE_LIMIT": "5/60",
        }
        script = Path(sys.executable).with_name("propello")
        done = subprocess.run(
            [str(script), "rate-limit", "--format", "json"], env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["shared"], shown["calls"], shown["remaining"]) == (True, 5, 3)
    assert 0.0 < shown["next_free_in_seconds"] <= 60.0
