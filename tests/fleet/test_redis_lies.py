"""A Redis that answers but lies never stalls the client: a fetch lock without a TTL, keys of the wrong type, a
pause an hour ahead. Every wait on Redis-held state is bounded; past the bound the client carries on alone and
logs one warning naming the key's role, never its value. The 401 replay never reuses the token just refused."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from typing import Any

import pytest
import redis
from propello import AsyncPropello, Propello, RateLimit
from propello._clock import SystemClock
from propello._fleet.link import FleetKeys, FleetLink, RedisHealth, sync_redis
from propello._fleet.tokens import LOCK_TTL, LOCK_WAIT, RedisTokenStore
from propello._tokens.stores import StoredToken
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

PLANTED = "planted-value-7f3a"
BOUND = 3.0
"""Seconds a call may take when a lying key is in the way (the lock is refused at once, not waited out)."""
GROUP = '{"status": 200, "timestamp": "2026-01-01T00:00:00Z", "data": {"id": 1, "name": "g"}}'


class Api:
    """The token endpoint issues good-1, good-2, ...; /v3/group accepts only tokens not revoked."""

    def __init__(self, server: HTTPServer) -> None:
        self.issued: list[str] = []
        self.refused: list[str] = []
        self.revoked: set[str] = set()
        numbers = itertools.count(1)

        def token(_: Request) -> Response:
            self.issued.append(f"good-{next(numbers)}")
            body = f'{{"token_type": "Bearer", "expires_in": 3600, "access_token": "{self.issued[-1]}"}}'
            return Response(body, 200, content_type="application/json")

        def group(request: Request) -> Response:
            sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if sent not in self.issued or sent in self.revoked:
                self.refused.append(sent)
                return Response('{"message": "Unauthenticated."}', 401, content_type="application/json")
            return Response(GROUP, 200, content_type="application/json")

        server.expect_request("/v3/oauth/token").respond_with_handler(token)
        server.expect_request("/v3/group").respond_with_handler(group)
        self.url = server.url_for("/").rstrip("/")


@pytest.fixture
def api(httpserver: HTTPServer) -> Api:
    return Api(httpserver)


def client(api: Api, redis_url: str, **more: Any) -> Propello:
    options = {"client_id": 1, "client_secret": "s", "base_url": api.url, "redis_url": redis_url, "max_retries": 0}
    return Propello(**{**options, "rate_limit": RateLimit(100, 1.0), **more})


def key_of(redis_url: str, role: str) -> str:
    """The fleet's key for `role` (token, lock, pause, ...), found from the keys a first call wrote."""
    with redis.Redis.from_url(redis_url, decode_responses=True) as shared:
        [token] = shared.keys("propello:*:token")
    return token.removesuffix(":token") + ":" + role


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("propello") and r.levelno >= logging.WARNING]


def timed_first_call(api: Api, redis_url: str, planted: str) -> float:
    """A fresh client's first call, in a thread: its duration, or the bound when it still waits then (the planted
    key is deleted afterwards, which lets a waiting caller go)."""
    fresh = client(api, redis_url)
    done = threading.Event()
    caller = threading.Thread(target=lambda: (fresh.groups.get(), done.set()), daemon=True)
    started = time.monotonic()
    caller.start()
    try:
        done.wait(BOUND + 7.0)
        return time.monotonic() - started
    finally:
        with redis.Redis.from_url(redis_url) as shared:
            shared.delete(planted)
        caller.join(10.0)
        fresh.close()


@pytest.mark.parametrize("planted", ["no-ttl", "hour-ttl", "list"])
def test_a_lock_that_is_not_ours_is_not_waited_out(
    api: Api, redis_url: str, caplog: pytest.LogCaptureFixture, planted: str
) -> None:
    """A fetch lock left without a TTL (a crash under an older version), with a TTL no client sets, or of the
    wrong type: a fresh client fetches its own token at once and warns once."""
    with client(api, redis_url) as first:
        first.groups.get()
    lock = key_of(redis_url, "lock")
    with redis.Redis.from_url(redis_url) as shared:
        if planted == "list":
            shared.rpush(lock, PLANTED)
        else:
            shared.set(lock, PLANTED, ex=3600 if planted == "hour-ttl" else None)
    caplog.set_level(logging.WARNING, logger="propello")
    took = timed_first_call(api, redis_url, lock)
    assert took < BOUND, f"a planted lock ({planted}) held a fresh client's first call for at least {took:.1f} s"
    found = warnings_of(caplog)
    assert len(found) == 1 and "lock key" in found[0], found
    assert PLANTED not in found[0]


@pytest.mark.parametrize("role", ["token", "pause", "in_flight", "members"])
def test_a_key_of_the_wrong_type_is_named_once_and_calls_go_on(
    api: Api, redis_url: str, caplog: pytest.LogCaptureFixture, role: str
) -> None:
    with client(api, redis_url) as first:
        first.groups.get()
    key = key_of(redis_url, role)
    with redis.Redis.from_url(redis_url) as shared:
        shared.delete(key)
        shared.hset(key, "planted", PLANTED)
    caplog.set_level(logging.WARNING, logger="propello")
    started = time.monotonic()
    with client(api, redis_url) as fresh:
        for _ in range(5):
            fresh.groups.get()
    assert time.monotonic() - started < BOUND
    found = warnings_of(caplog)
    assert len(found) == 1, found
    assert f"{role.replace('_', '-')} key" in found[0] and PLANTED not in found[0], found


def pause_an_hour(shared: redis.Redis, pause: str) -> None:
    """Plant a pause an hour ahead (no 429 sets one past 60 s), in the server's time as acquire.lua reads it."""
    seconds, micros = shared.time()
    shared.set(pause, str(seconds * 1000 + micros // 1000 + 3_600_000), px=3_600_000)


def call_in_thread(caller: Propello) -> tuple[threading.Thread, threading.Event]:
    """One call of `caller` in a daemon thread, and the event it sets when the call returns."""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (caller.groups.get(), done.set()), daemon=True)
    thread.start()
    return thread, done


def test_a_pause_an_hour_ahead_ends_when_its_key_goes(api: Api, redis_url: str) -> None:
    with client(api, redis_url) as first:
        first.groups.get()
        pause = key_of(redis_url, "pause")
        with redis.Redis.from_url(redis_url) as shared:
            pause_an_hour(shared, pause)
            _, done = call_in_thread(first)
            time.sleep(1.0)
            assert not done.is_set(), "the pause was not honoured at all"
            deleted = time.monotonic()
            shared.delete(pause)
            ended = done.wait(10.0)
            assert ended, "deleting the pause key did not wake the caller within 10 s"
            assert time.monotonic() - deleted < 1.5, "the caller slept on after the pause key went away"


def test_a_pause_never_lasts_longer_than_60_seconds(
    api: Api, redis_url: str, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """With a clock whose sleeps return at once: the waits for a pause an hour ahead add up to at most 60 s, after
    which the call is sent; one warning names the pause key, not its value."""
    with client(api, redis_url) as first:
        first.groups.get()
    pause = key_of(redis_url, "pause")
    caplog.set_level(logging.WARNING, logger="propello")
    with redis.Redis.from_url(redis_url) as shared:
        pause_an_hour(shared, pause)
        paused = client(api, redis_url, _clock=clock)
        caller, done = call_in_thread(paused)
        try:
            ended = done.wait(10.0)
        finally:
            shared.delete(pause)  # lets a caller that is still waiting go
            caller.join(10.0)
            paused.close()
    assert ended, f"the caller still waited for an hour-long pause; its sleeps so far: {sum(clock.sleeps):.0f} s"
    assert sum(clock.sleeps) <= 60.5, f"slept {sum(clock.sleeps):.0f} s for a pause"
    found = warnings_of(caplog)
    assert len(found) == 1 and "pause key" in found[0], found


def test_the_status_shows_no_more_of_a_pause_than_a_caller_sits_out(api: Api, redis_url: str) -> None:
    """rate_limit_status() (the sync ETA and `propello rate-limit` read it) counts a pause an hour ahead as the
    60 s a caller waits of it, not as an hour."""
    with client(api, redis_url) as first:
        first.groups.get()
        with redis.Redis.from_url(redis_url) as shared:
            pause_an_hour(shared, key_of(redis_url, "pause"))
            status = first.rate_limit_status()
    assert status is not None and status.shared
    assert 59.0 < status.paused_for <= 60.0, status


def test_the_401_replay_never_reuses_the_refused_token(api: Api, redis_url: str) -> None:
    """Redis holds a token the server refuses (revoked): the replay after the 401 fetches a new one instead of
    taking the refused one back from Redis, so the caller never sees AuthenticationError."""
    with client(api, redis_url) as first:
        first.groups.get()
        api.revoked.add(api.issued[-1])
        with client(api, redis_url) as second:
            second.groups.get()  # loads the revoked token from Redis, is refused, must replay with a new one
        first.groups.get()  # its in-memory token was refused too
    assert len(set(api.refused)) == len(api.refused) <= 2 or all(t in api.revoked for t in api.refused)
    assert api.refused.count(api.issued[0]) <= 2, f"the refused token was sent again: {api.refused}"


def test_the_token_store_never_takes_back_a_token_it_was_refused(redis_url: str) -> None:
    """The guarantee under the replay, at the store: once the client cleared a token (a 401 refused it), loading
    under the lock never returns that token, even when Redis still holds it, and the way out deletes it there."""
    link = FleetLink(
        redis_url, FleetKeys.of("https://api.example", 1, "s", None), RedisHealth("r", SystemClock()), SystemClock()
    )
    with sync_redis(redis_url) as connection:
        store = RedisTokenStore(connection, link)
        with store.locked():
            store.set(StoredToken("refused-1", None))  # published to Redis on the way out
        assert connection.get(link.keys.token) == "refused-1"
        store.clear()  # what the replay does with the token the server refused
        with store.locked():
            assert store.get() is None, "the store loaded the token it was refused back from Redis"
        assert connection.get(link.keys.token) is None, "the refused token stayed in Redis for the fleet"


def test_a_lock_held_past_the_bound_is_waited_for_only_that_long(
    api: Api, redis_url: str, clock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A lock that looks like a client's (an expiry within LOCK_TTL) but is held on and on: with a clock whose sleeps
    return at once, the caller gives up after LOCK_WAIT of sleeps, fetches its own token, and warns once."""
    with client(api, redis_url) as first:
        first.groups.get()
    lock = key_of(redis_url, "lock")
    caplog.set_level(logging.WARNING, logger="propello")
    with redis.Redis.from_url(redis_url) as shared:
        shared.set(lock, PLANTED, px=int(LOCK_TTL * 1000))
        waiting = client(api, redis_url, _clock=clock)
        caller, done = call_in_thread(waiting)
        try:
            ended = done.wait(10.0)
        finally:
            shared.delete(lock)
            caller.join(10.0)
            waiting.close()
    assert ended, "the caller still waited for the lock"
    assert LOCK_WAIT <= sum(clock.sleeps) <= LOCK_WAIT + 0.5, f"waited {sum(clock.sleeps):.1f} s for the lock"
    found = warnings_of(caplog)
    assert len(found) == 1 and "lock key is still held" in found[0] and PLANTED not in found[0], found


def test_async_a_lock_not_ours_is_not_waited_out_and_a_deleted_pause_ends(
    api: Api, redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """AsyncPropello, the same bounds: a lock without expiry is not waited for (one warning); a pause an hour
    ahead holds the call until its key is deleted, then ends within a poll."""
    options = {"client_id": 1, "client_secret": "s", "base_url": api.url, "redis_url": redis_url, "max_retries": 0}
    with client(api, redis_url) as first:
        first.groups.get()
    lock, pause = key_of(redis_url, "lock"), key_of(redis_url, "pause")

    async def calls() -> None:
        async with AsyncPropello(**options, rate_limit=RateLimit(100, 1.0)) as fresh:
            await asyncio.wait_for(fresh.groups.get(), BOUND)
            with redis.Redis.from_url(redis_url) as shared:
                pause_an_hour(shared, pause)
                call = asyncio.ensure_future(fresh.groups.get())
                await asyncio.sleep(1.0)
                assert not call.done(), "the pause was not honoured at all"
                shared.delete(pause)
                await asyncio.wait_for(call, 1.5)

    with redis.Redis.from_url(redis_url) as shared:
        shared.set(lock, PLANTED)
    caplog.set_level(logging.WARNING, logger="propello")
    asyncio.run(calls())
    found = warnings_of(caplog)
    assert len(found) == 2 and "lock key" in found[0] and "pause key" in found[1], found
    assert PLANTED not in found[0]
