"""Fleet-test fixtures: a real redis-server for the session on a free loopback port (always stopped at the end),
emptied before each test, and the benchmarks' loopback API server (its own process) enforcing a rolling window.

These tests never skip: without a redis-server they fail, saying how to get one (`make setup`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis_server import RedisServer, RedisServerError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from bench_server import BenchServer


@pytest.fixture(scope="session")
def redis_session() -> Iterator[RedisServer]:
    try:
        server = RedisServer()
        server.start()
    except RedisServerError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_session: RedisServer) -> str:
    """The session's Redis, emptied (keys of earlier tests would share their budget and token)."""
    with redis.Redis.from_url(redis_session.url) as client:
        client.flushall()
    return redis_session.url


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A Redis of this test's own, to stop and start mid-run."""
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def api() -> Iterator[BenchServer]:
    server = BenchServer()
    try:
        yield server
    finally:
        server.close()
