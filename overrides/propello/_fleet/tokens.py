"""The access token shared through Redis: one token request for every process and host of a fleet.

The token lives in memory as with MemoryTokenStore; Redis is read and written only around a fetch, under a lock
key with an expiry (LOCK_TTL), so a holder that crashed does not block the rest. The first process that needs a
token takes the lock, finds none, fetches one and stores it, expiring with the token; the others wait for the lock,
then read the token. Its expiry travels as Redis's own time-to-live, so hosts whose clocks differ agree on it.

The wait for the lock is bounded. A lock no client sets (no expiry, or a longer one than LOCK_TTL: left by a crash
under an older version, or planted), a lock or token key of the wrong type, or a lock still held after LOCK_TTL:
the caller fetches its own token at once, without the lock, and RedisHealth logs one warning naming the key.
A token this client was refused (a 401) is never taken back from Redis: it is deleted there instead.

Who can read it: anyone who can read that Redis database. The value is the same bearer token the client holds in
memory, so protect the database as you protect the client secret (AUTH, TLS with rediss://, a private network).

When Redis fails, the token simply stays in memory (RedisHealth logs the one warning) and nothing raises.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from .._forks import follow
from .._tokens.stores import StoredToken
from .link import ROLES, FleetLink, async_redis_pool, redis_errors, sync_redis_pool, wrong_type
from .scripts import DELETE_IF_EQUAL, LOCK_AND_LOAD

if TYPE_CHECKING:
    import redis
    import redis.asyncio

LOCK_TTL = 10.0
"""Seconds the fetch lock lasts unless released: longer than a token request takes, short enough that a crashed
holder costs the others only this wait."""
LOCK_POLL = 0.02
"""Seconds between tries for the lock while another process holds it."""
LOCK_WAIT = LOCK_TTL
"""Seconds a caller waits for a lock another process holds before fetching its own token: a holder's lock has
expired by then, so a lock still held was taken again and again (or lies about its expiry)."""
_OWN_TOKEN = "this process fetches its own token without it (delete the key to share the token again)"
NO_EXPIRY_TTL = 86_400.0
"""Seconds a token without a known expiry stays in Redis unless replaced (keys must expire when idle)."""


class _RedisTokens:
    """The in-memory token, and what to write to Redis when the current fetch ends."""

    def __init__(self, link: FleetLink) -> None:
        """`link`: this fleet's keys, the link's health (shared with the budget) and the clock (the token's expiry,
        the sleeps between tries for the lock)."""
        self._keys, self._health, self._clock, self._url = link.keys, link.health, link.clock, link.url
        self._lock = threading.Lock()
        self._token: StoredToken | None = None
        self._write: StoredToken | None = None
        self._delete: StoredToken | None = None
        self._errors = redis_errors()
        follow(self)

    def after_fork(self) -> None:
        """A forked child keeps the token (still valid) with a new lock; what the parent was about to write to
        Redis is the parent's to write."""
        self._lock = threading.Lock()
        self._write = self._delete = None

    def get(self) -> StoredToken | None:
        return self._token

    def set(self, token: StoredToken) -> None:
        with self._lock:
            self._token, self._write, self._delete = token, token, None

    def clear(self) -> None:
        with self._lock:
            self._token, self._write, self._delete = None, None, self._token or self._delete

    def _loaded(self, value: str | None, milliseconds_left: int) -> None:
        """What Redis holds replaces what we had, and nothing is left to write; unless it is the token this client
        was refused (cleared after a 401): that one is never used again, and is deleted from Redis on the way out."""
        expires_at = self._clock.time() + milliseconds_left / 1000 if milliseconds_left > 0 else None
        with self._lock:
            refused = self._delete is not None and value == self._delete.access_token
            self._token = StoredToken(value, expires_at) if value and not refused else None
            self._write = None
            if not refused:
                self._delete = None

    def _owner(self) -> str | None:
        """A fresh id to hold the lock under, or None while Redis is down (the fetch goes on without the lock)."""
        return uuid.uuid4().hex if self._health.usable() else None

    def _lock_call(self, owner: str) -> dict[str, Any]:
        return {"keys": [self._keys.lock, self._keys.token], "args": [owner, int(LOCK_TTL * 1000)]}

    def _waiting(self, answer: Any, give_up_at: float) -> bool:
        """Whether to try again for the lock after LOCK_AND_LOAD's `answer`: while another process holds it, until
        `give_up_at` (monotonic); past that, one warning, and the caller goes on without the lock."""
        if int(answer[0]) != 0:
            return False
        if self._clock.monotonic() < give_up_at:
            return True
        self._health.distrust(ROLES["lock"], f"is still held after {LOCK_WAIT:.0f} s", _OWN_TOKEN)
        return False

    def _got_lock(self, answer: Any, owner: str) -> str | None:
        """LOCK_AND_LOAD's last answer: what Redis holds replaces what we had, and the owner to release the lock as;
        None when the caller goes on without the lock (waited out, or a lock no client sets: not waited for)."""
        self._health.worked()
        if int(answer[0]) == 0:
            return None
        self._loaded(answer[1], int(answer[2]))
        if int(answer[0]) < 0:
            self._health.distrust(ROLES["lock"], f"has no expiry or one past {LOCK_TTL:.0f} s", _OWN_TOKEN)
            return None
        return owner

    def _failed(self, error: BaseException) -> None:
        """A Redis error around the lock: an outage (RedisHealth), or a lock or token key of the wrong type, which
        only this fetch goes without."""
        if (refused := wrong_type(error)) is not None:
            self._health.distrust(*refused, _OWN_TOKEN)
        else:
            self._health.failed(error)

    def _writes(self) -> tuple[dict[str, Any] | None, StoredToken | None]:
        """SET arguments for a token fetched under the lock, and a stale token to delete if Redis still holds it."""
        with self._lock:
            write, delete, self._write, self._delete = self._write, self._delete, None, None
        if write is None:
            return None, delete
        left = NO_EXPIRY_TTL if write.expires_at is None else write.expires_at - self._clock.time()
        return {"name": self._keys.token, "value": write.access_token, "px": max(1, int(left * 1000))}, delete

    def __repr__(self) -> str:
        return f"{type(self).__name__}(holds_token={self._token is not None})"


class RedisTokenStore(_RedisTokens):
    def __init__(self, client: redis.Redis, link: FleetLink) -> None:
        """`client`: redis-py's client for the shared Redis; the rest as in _RedisTokens."""
        super().__init__(link)
        self._client = client
        self._lock_and_load = client.register_script(LOCK_AND_LOAD)
        self._delete_if_equal = client.register_script(DELETE_IF_EQUAL)

    def after_fork(self) -> None:
        """Also new connections for the Redis client (shared with the budget): the inherited ones are the parent's,
        and redis-py's own pid check takes a lock that a thread of the parent may have held at the fork."""
        super().after_fork()
        self._client.connection_pool = sync_redis_pool(self._url)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the fleet's fetch lock and load the shared token; on the way out, store what was fetched."""
        owner = self._take_lock()
        try:
            yield
        finally:
            self._publish(owner)

    def _take_lock(self) -> str | None:
        """The owner the lock was taken as; None when the caller goes on without it."""
        if (owner := self._owner()) is None:
            return None
        give_up_at = self._clock.monotonic() + LOCK_WAIT
        try:
            while self._waiting(answer := self._lock_and_load(**self._lock_call(owner)), give_up_at):
                self._clock.sleep(LOCK_POLL)
        except self._errors as error:
            self._failed(error)
            return None
        return self._got_lock(answer, owner)

    def _publish(self, owner: str | None) -> None:
        if owner is None:
            return
        write, delete = self._writes()
        try:
            if write is not None:
                self._client.set(**write)
            elif delete is not None:
                self._delete_if_equal(keys=[self._keys.token], args=[delete.access_token])
            self._delete_if_equal(keys=[self._keys.lock], args=[owner])
        except self._errors as error:
            self._health.failed(error)


class AsyncRedisTokenStore(_RedisTokens):
    def __init__(self, client: redis.asyncio.Redis, link: FleetLink) -> None:
        """`client`: redis-py's asyncio client for the shared Redis; the rest as in _RedisTokens."""
        super().__init__(link)
        self._client = client
        self._lock_and_load = client.register_script(LOCK_AND_LOAD)
        self._delete_if_equal = client.register_script(DELETE_IF_EQUAL)

    def after_fork(self) -> None:
        """As RedisTokenStore.after_fork."""
        super().after_fork()
        self._client.connection_pool = async_redis_pool(self._url)

    @contextlib.asynccontextmanager
    async def alocked(self) -> AsyncIterator[None]:
        """As RedisTokenStore.locked, for asyncio tasks."""
        owner = await self._take_lock()
        try:
            yield
        finally:
            await self._publish(owner)

    async def _take_lock(self) -> str | None:
        """As RedisTokenStore._take_lock."""
        if (owner := self._owner()) is None:
            return None
        give_up_at = self._clock.monotonic() + LOCK_WAIT
        try:
            while self._waiting(answer := await self._lock_and_load(**self._lock_call(owner)), give_up_at):
                await self._clock.asleep(LOCK_POLL)
        except self._errors as error:
            self._failed(error)
            return None
        return self._got_lock(answer, owner)

    async def _publish(self, owner: str | None) -> None:
        if owner is None:
            return
        write, delete = self._writes()
        try:
            if write is not None:
                await self._client.set(**write)
            elif delete is not None:
                await self._delete_if_equal(keys=[self._keys.token], args=[delete.access_token])
            await self._delete_if_equal(keys=[self._keys.lock], args=[owner])
        except self._errors as error:
            self._health.failed(error)
