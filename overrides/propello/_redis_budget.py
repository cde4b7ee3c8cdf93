"""The rate budget shared through Redis: at most `calls` requests in any rolling `period` across every process and
host that uses the same base URL, client id and scope.

The same rule as the in-process limiter (_rate_limit.py): a request takes a permit when sent, and the permit comes
back a `period` after its answer. Each decision is one Lua script, so the check and the booking are atomic on the
server, and every time in it is the Redis server's (TIME), so hosts whose clocks differ still agree. A script
answers a caller with a wait: exact when the permits it needs come back at known times, a short poll while they are
held by requests in flight. A request that never reports its answer (its process died) holds its permit for at most
LEASE beyond its period. A 429's pause is a key that every acquire checks.

Why not `limits` or `pyrate-limiter`: both time entries with the client's clock (hosts disagree), neither knows
when a request was answered (the arrival-time rule), nor gives a permit back, nor shares a 429's pause.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from ._clock import Clock
from ._rate_limit import RateLimit, RateLimiter, pause_after
from ._redis_link import FleetKeys, RedisHealth, redis_errors

if TYPE_CHECKING:
    import redis
    import redis.asyncio

LEASE = 60.0
"""Seconds past its period that a request whose answer was never reported keeps its permit."""
POLL = 0.01
"""Seconds between asks while the permits a caller needs are held by requests still in flight."""

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000\n"

ACQUIRE = (
    _NOW
    + """
local calls, period, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local idle = math.ceil(period + lease)
redis.call('ZADD', KEYS[4], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 2 * period)
redis.call('PEXPIRE', KEYS[4], idle)
local members = redis.call('ZCARD', KEYS[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local paused = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if paused > now then
  return {0, tostring(paused - now), members}
end
local answered = redis.call('ZCARD', KEYS[2])
local held = redis.call('ZCARD', KEYS[1]) + answered
if held < calls then
  redis.call('ZADD', KEYS[1], now + period + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], idle)
  return {1, '0', members}
end
local needed = held - calls
if needed < answered then
  local back = redis.call('ZRANGE', KEYS[2], needed, needed, 'WITHSCORES')
  return {0, tostring(tonumber(back[2]) - now), members}
end
return {0, '-1', members}
"""
)
"""KEYS: in_flight, answered, pause, members. ARGV: calls, period ms, lease ms, entry, member.
Returns {granted 0/1, ms to wait (-1: a request in flight holds it), members seen in the last two periods}."""

FINISH = (
    _NOW
    + """
local period, pause, lease = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now + period, ARGV[1])
redis.call('PEXPIRE', KEYS[2], math.ceil(period + lease))
if pause > 0 and now + pause > (tonumber(redis.call('GET', KEYS[3]) or '0') or 0) then
  redis.call('SET', KEYS[3], tostring(now + pause), 'PX', math.ceil(pause))
end
return 1
"""
)
"""KEYS: in_flight, answered, pause. ARGV: entry, period ms, pause ms (0: none), lease ms."""


@dataclass(frozen=True)
class Answer:
    entry: str | None
    """Granted: the entry to finish after the send. None: ask again after `wait` seconds."""
    wait: float


class _Budget:
    """What the sync and async budgets share: script arguments, answers, and falling back when Redis fails."""

    def __init__(self, keys: FleetKeys, local: RateLimiter, health: RedisHealth, clock: Clock) -> None:
        """`keys`: this fleet's keys; `local`: the in-process limiter, limited to this process's share while Redis
        is down; `health`: the link's state, shared with the token store; `clock`: wall time for Retry-After."""
        self._keys, self._local, self._health, self._clock = keys, local, health, clock
        self._limit: RateLimit = local.limit
        self._member = uuid.uuid4().hex[:16]
        self._numbers = itertools.count()
        self._members = 1
        self._alone = False
        self._errors = redis_errors()

    def _acquire_call(self) -> tuple[str, dict[str, Any]]:
        entry = f"{self._member}:{next(self._numbers)}"
        keys = [self._keys.in_flight, self._keys.answered, self._keys.pause, self._keys.members]
        args = [self._limit.calls, self._limit.period * 1000, LEASE * 1000, entry, self._member]
        return entry, {"keys": keys, "args": args}

    def _answer(self, entry: str, raw: Any) -> Answer:
        granted, wait_ms, members = raw
        self._members = max(1, int(members))
        self._worked()
        if int(granted):
            return Answer(entry, 0.0)
        wait = float(wait_ms) / 1000
        return Answer(None, POLL if wait < 0 else wait)

    def _finish_call(self, entry: str, response: httpx.Response | None) -> dict[str, Any]:
        pause = None if response is None else pause_after(response, self._limit, self._clock)
        keys = [self._keys.in_flight, self._keys.answered, self._keys.pause]
        args = [entry, self._limit.period * 1000, 0 if pause is None else pause.seconds * 1000, LEASE * 1000]
        return {"keys": keys, "args": args}

    def _worked(self) -> None:
        self._health.worked()
        if self._alone:
            self._alone = False
            self._local.limit_to(None)

    def _failed(self, error: BaseException) -> None:
        """Carry on alone with this process's share of the budget, as seen when Redis last answered."""
        self._alone = True
        self._local.limit_to(self._limit.calls // self._members)
        self._health.failed(error)


class SharedBudget(_Budget):
    def __init__(
        self, client: redis.Redis, keys: FleetKeys, local: RateLimiter, health: RedisHealth, clock: Clock
    ) -> None:
        """`client`: redis-py's client for the shared Redis; the rest as for the async twin (see _Budget)."""
        super().__init__(keys, local, health, clock)
        self._acquire = client.register_script(ACQUIRE)
        self._finish = client.register_script(FINISH)
        self._turn = threading.Lock()

    def permit(self) -> str | None:
        """Wait (sleeping as Redis says) for a permit; its entry, or None when Redis is down. One caller of this
        process at a time asks (the turn), so a busy process sends one ask per wake-up, not one per thread."""
        with self._turn:
            while (answer := self.acquire()) is not None and answer.entry is None:
                self._clock.sleep(answer.wait)
        return None if answer is None else answer.entry

    def acquire(self) -> Answer | None:
        """A permit or a wait from Redis; None when Redis is down (go on with the in-process limiter alone)."""
        if not self._health.usable():
            return None
        entry, call = self._acquire_call()
        try:
            return self._answer(entry, self._acquire(**call))
        except self._errors as error:
            self._failed(error)
            return None

    def finish(self, entry: str, response: httpx.Response | None) -> None:
        """Report the answer (or failure: `response` None) of the request sent under `entry`."""
        try:
            self._finish(**self._finish_call(entry, response))
        except self._errors as error:
            self._failed(error)


class AsyncSharedBudget(_Budget):
    def __init__(
        self, client: redis.asyncio.Redis, keys: FleetKeys, local: RateLimiter, health: RedisHealth, clock: Clock
    ) -> None:
        """`client`: redis-py's asyncio client for the shared Redis; the rest as in _Budget."""
        super().__init__(keys, local, health, clock)
        self._acquire = client.register_script(ACQUIRE)
        self._finish = client.register_script(FINISH)
        self._turn = asyncio.Lock()

    async def permit(self) -> str | None:
        """As SharedBudget.permit."""
        async with self._turn:
            while (answer := await self.acquire()) is not None and answer.entry is None:
                await self._clock.asleep(answer.wait)
        return None if answer is None else answer.entry

    async def acquire(self) -> Answer | None:
        """As SharedBudget.acquire."""
        if not self._health.usable():
            return None
        entry, call = self._acquire_call()
        try:
            return self._answer(entry, await self._acquire(**call))
        except self._errors as error:
            self._failed(error)
            return None

    async def finish(self, entry: str, response: httpx.Response | None) -> None:
        """As SharedBudget.finish."""
        try:
            await self._finish(**self._finish_call(entry, response))
        except self._errors as error:
            self._failed(error)
