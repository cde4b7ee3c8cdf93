"""Several processes on one budget and one token, through a real Redis, against a loopback API that enforces the
budget by arrival time (benchmarks/bench_server.py). Limits are scaled to 20 calls a second so runs take seconds."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from bench_server import BenchServer
from fleet import Outcome, run_fleet
from redis_server import RedisServer

CALLS, PERIOD = 20, 1.0


def config(api: BenchServer, redis_url: str | None, **options: Any) -> dict[str, Any]:
    return {
        "base_url": api.url,
        "redis_url": redis_url,
        "mode": "sync",
        "callers": 4,
        "calls": 15,
        "rate_limit": [CALLS, PERIOD],
        **options,
    }


def total(outcomes: list[Outcome]) -> tuple[int, int]:
    """Calls that succeeded, and all calls."""
    ok = sum(o.ok for o in outcomes)
    return ok, ok + sum(sum(o.errors.values()) for o in outcomes)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_processes_share_one_budget_and_one_token(api: BenchServer, redis_url: str, mode: str) -> None:
    """4 processes x 4 callers, each limiter at the full budget: together they keep it (no 429) and fetch one
    token. Without Redis the same run drew 57% 429s."""
    api.reset((CALLS, PERIOD))
    outcomes = run_fleet([config(api, redis_url, mode=mode)] * 4)
    stats = api.stats()
    assert total(outcomes) == (60, 60)
    assert stats["statuses"] == {"200": 61}
    assert stats["token_requests"] == 1


def test_clock_skew_between_processes_does_not_matter(api: BenchServer, redis_url: str) -> None:
    """Hosts an hour apart (wall and monotonic clocks): every time that counts is the Redis server's."""
    api.reset((CALLS, PERIOD))
    outcomes = run_fleet([config(api, redis_url, skew=skew) for skew in (-3600.0, -0.7, 0.0, 3600.0)])
    assert total(outcomes) == (60, 60)
    assert api.stats()["statuses"] == {"200": 61}


@pytest.mark.parametrize("shared", ["redis", "file"])
def test_processes_starting_together_make_one_token_request(
    api: BenchServer, redis_url: str, shared: str, tmp_path: Any
) -> None:
    api.reset()
    options = {"redis_url": redis_url} if shared == "redis" else {"redis_url": None, "token_dir": str(tmp_path)}
    outcomes = run_fleet([config(api, callers=2, calls=2, rate_limit=None, **options)] * 6)
    assert total(outcomes) == (12, 12)
    assert api.stats()["token_requests"] == 1


def test_redis_restarted_mid_run(api: BenchServer, own_redis: RedisServer) -> None:
    """Redis goes away for a moment and comes back empty: every call still succeeds, and the fleet shares its
    budget through the new Redis afterwards."""
    api.reset((CALLS, PERIOD))

    def restart() -> None:
        import time

        time.sleep(1.0)
        own_redis.stop()
        time.sleep(0.5)
        own_redis.start()

    outcomes = run_fleet([config(api, own_redis.url, calls=20)] * 4, during=restart)
    assert total(outcomes) == (80, 80)
    with redis.Redis.from_url(own_redis.url) as client:
        assert client.keys("propello:*:answered"), "nobody used the restarted Redis"


def test_losing_redis_mid_run_keeps_90_percent_of_calls(api: BenchServer, own_redis: RedisServer) -> None:
    """6 processes lose Redis for good against a server that enforces the budget and sends no Retry-After:
    each carries on with its share of the budget as last seen (20 // 6), and backs off on a 429."""
    api.reset((CALLS, PERIOD), retry_after="none")

    def lose_redis() -> None:
        import time

        time.sleep(1.5)
        own_redis.stop()

    outcomes = run_fleet([config(api, own_redis.url, callers=3, calls=20)] * 6, during=lose_redis)
    ok, calls = total(outcomes)
    assert ok >= 0.9 * calls, outcomes
