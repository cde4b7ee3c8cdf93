"""One client with `redis_url`, in this process: what it stores in Redis, how a 429 reaches the fleet, and that
Redis failing (down from the start) or a cancelled caller costs nothing but one warning line."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from typing import Any

import pytest
import redis
from bench_server import CLIENT_ID, CLIENT_SECRET, BenchServer
from propello import AsyncPropello, InvalidArgumentError, Propello, RateLimit, RateLimitError
from propello._fleet.budget import SharedBudget
from propello._fleet.link import RETRY_INTERVAL, FleetKeys, FleetLink, RedisHealth
from propello._transports.limiter import RateLimiter
from pytest_httpserver import HTTPServer
from redis_server import RedisServer, free_port
from werkzeug import Response


def options(api: BenchServer, redis_url: str, **more: Any) -> dict[str, Any]:
    return {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "base_url": api.url, "redis_url": redis_url, **more}


def test_keys_are_named_by_a_hash_and_expire(api: BenchServer, redis_url: str) -> None:
    api.reset()
    with Propello(**options(api, redis_url, rate_limit=RateLimit(5, 1.0))) as client:
        client.groups.get()
    with redis.Redis.from_url(redis_url, decode_responses=True) as shared:
        keys = shared.keys("*")
        [token_key] = [key for key in keys if key.endswith(":token")]
        token = shared.get(token_key)
        assert token and token.startswith("tok-")  # the bearer token itself: README says who can read it
        for key in keys:
            assert key.startswith("propello:")
            assert CLIENT_SECRET not in key and token not in key and api.url not in key
            assert shared.pttl(key) > 0, f"{key} never expires"


def test_a_429_pauses_every_client_of_the_fleet(httpserver: HTTPServer, redis_url: str) -> None:
    httpserver.expect_ordered_request("/v3/group").respond_with_response(
        Response('{"message": "Too Many Attempts."}', 429, {"Retry-After": "2"}, content_type="application/json")
    )
    first = Propello(access_token="t", base_url=httpserver.url_for("/"), redis_url=redis_url, max_retries=0)
    with first, pytest.raises(RateLimitError):
        first.groups.get()
    with redis.Redis.from_url(redis_url, decode_responses=True) as shared:
        [pause] = shared.keys("propello:*:pause")
        assert 1000 < shared.pttl(pause) <= 2000


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_idle_client_still_reports_its_answers(api: BenchServer, redis_url: str, mode: str) -> None:
    """Reports ride on the next ask; with no next call, the background flush sends them, so another process
    never waits on a request that was answered long ago."""
    api.reset()
    with redis.Redis.from_url(redis_url) as shared:

        def reported() -> bool:
            [answered] = shared.keys("propello:*:answered") or [b""]
            [in_flight] = shared.keys("propello:*:in_flight") or [b""]
            return bool(answered) and shared.zcard(answered) == 2 and (not in_flight or shared.zcard(in_flight) == 0)

        def wait_until_reported() -> bool:
            deadline = time.monotonic() + 5
            while not reported() and time.monotonic() < deadline:
                time.sleep(0.01)
            return reported()

        if mode == "sync":
            with Propello(**options(api, redis_url, rate_limit=RateLimit(5, 60.0))) as client:
                client.groups.get()  # the token and this call
                assert wait_until_reported()
        else:

            async def main() -> bool:
                async with AsyncPropello(**options(api, redis_url, rate_limit=RateLimit(5, 60.0))) as client:
                    await client.groups.get()
                    return await asyncio.get_running_loop().run_in_executor(None, wait_until_reported)

            assert asyncio.run(main())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_redis_down_from_the_start_warns_once_and_never_raises(
    api: BenchServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    api.reset((5, 1.0))
    dead = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    caplog.set_level(logging.INFO, logger="propello")
    limited = options(api, dead, rate_limit=RateLimit(5, 1.0))
    if mode == "sync":
        with Propello(**limited) as client:
            for _ in range(8):
                client.groups.get()
    else:

        async def main() -> None:
            async with AsyncPropello(**limited) as client:
                await asyncio.gather(*(client.groups.get() for _ in range(8)))

        asyncio.run(main())
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "using the in-process rate limiter and token" in warnings[0]
    assert "hunter2" not in caplog.text
    assert api.stats()["statuses"] == {"200": 9}


def test_a_task_cancelled_while_it_waits_for_the_shared_budget_leaves_nothing_behind(
    api: BenchServer, redis_url: str
) -> None:
    api.reset()

    async def main() -> None:
        async with AsyncPropello(**options(api, redis_url, rate_limit=RateLimit(2, 30.0))) as client:
            await client.groups.get()  # the token and this call: the shared window is full for 30 s
            waiting = asyncio.ensure_future(client.groups.get())
            await asyncio.sleep(0.3)
            assert not waiting.done()
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting

    asyncio.run(main())
    with redis.Redis.from_url(redis_url, decode_responses=True) as shared:
        [in_flight] = shared.keys("propello:*:in_flight") or [None]
        assert in_flight is None or shared.zcard(in_flight) == 0
        [answered] = shared.keys("propello:*:answered")
        assert shared.zcard(answered) == 2
    assert api.stats()["paths"] == {"/v3/oauth/token": 1, "/v3/group": 1}


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "127.0.0.1:6379", "redis://host:6379/0\r\nSET x y", "", 6379])
def test_a_bad_redis_url_is_refused_before_anything_connects(url: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="redis_url"):
        Propello(client_id=1, client_secret="s", redis_url=url)


def test_from_env_reads_propello_redis_url(api: BenchServer, redis_url: str) -> None:
    environ = {"PROPELLO_CLIENT_ID": "1", "PROPELLO_CLIENT_SECRET": CLIENT_SECRET, "PROPELLO_BASE_URL": api.url}
    api.reset()
    with Propello.from_env({**environ, "PROPELLO_REDIS_URL": redis_url}) as client:
        client.groups.get()
    with redis.Redis.from_url(redis_url) as shared:
        assert shared.keys("propello:*:token")


def test_redis_url_without_the_extra_installed_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)  # what `import redis` meets without propello-cloud[redis]
    with pytest.raises(InvalidArgumentError, match=r"pip install 'propello-cloud\[redis\]'"):
        Propello(client_id=1, client_secret="s", redis_url="redis://127.0.0.1:6379/0")


def test_a_token_another_client_renewed_is_read_from_redis_not_fetched_again(api: BenchServer, redis_url: str) -> None:
    """Two clients (as two processes would) share the token. The server forgets it: the first to get a 401 fetches
    a new one under the lock; the other, rejected too, finds that one in Redis."""
    api.reset()
    with Propello(**options(api, redis_url)) as first, Propello(**options(api, redis_url)) as second:
        first.groups.get()
        second.groups.get()
        assert api.stats()["token_requests"] == 1
        api.reset()  # a new server: every token it issued before is unknown now
        first.groups.get()
        second.groups.get()
        stats = api.stats()
    assert stats["token_requests"] == 1
    assert stats["statuses"] == {"401": 2, "200": 3}


def test_a_process_keeps_its_share_for_a_period_after_redis_comes_back(own_redis: RedisServer, clock: Any) -> None:
    """While Redis is down this process may use its share (calls // members seen); back on a Redis that may have
    restarted empty, it keeps to that share for one more period, then the shared budget alone decides."""
    limiter = RateLimiter(RateLimit(calls=8, period=10.0), clock)
    link = FleetLink(own_redis.url, FleetKeys.of("https://api.example", 1, "*", None), RedisHealth("r", clock), clock)
    with redis.Redis.from_url(own_redis.url, decode_responses=True) as client:
        budget = SharedBudget(client, link, limiter)
        client.zadd(link.keys.members, {"another-process": 9e15})  # two members: a share of 4
        assert budget.acquire() is not None
        own_redis.stop()
        assert budget.acquire() is None  # down: the in-process limiter alone, at 4 permits

        def permits() -> int:
            tickets = [limiter.join() for _ in range(8)]
            granted = sum(ticket.granted for ticket in tickets)
            for ticket in tickets:
                limiter.cancel(ticket)
            return granted

        assert permits() == 4
        own_redis.start()
        clock.advance(RETRY_INTERVAL)
        answer = budget.acquire()
        assert answer is not None and answer.entry is not None
        assert permits() == 4
        clock.advance(10.0)
        assert budget.acquire() is not None
        assert permits() == 8
        budget.close()
