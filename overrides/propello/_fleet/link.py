"""The link to the shared Redis (`redis_url=`): its clients, the names of our keys, and what happens when it fails.

Keys are `propello:<hash>:<part>`, the hash taken over (base URL, client id, scope), so every process and host
that uses the same credentials on the same API shares them, and nothing in a key name reveals the secret or a
token. Every key expires when idle.

Redis is a helper, never a requirement: any Redis error marks the link down for RETRY_INTERVAL, logs one warning
for the whole outage (the client carries on with its in-process limiter and in-memory token), and the first call
after that interval tries Redis again; success logs that it is back.

A Redis that answers but lies (a key of the wrong type, a lock no client set, a pause longer than any 429 sets) is
never waited out: the token store and the budget go on without that key, and RedisHealth.distrust logs one warning
per key, naming its role (ROLES), never its value.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._clock import Clock
from .._errors import InvalidArgumentError
from .._forks import follow
from .._logging import PACKAGE, logger

if TYPE_CHECKING:
    import redis
    import redis.asyncio

KEY_PREFIX = f"{PACKAGE}:"
"""`propello:` (or a vendored copy's own path): two copies in one process or one fleet never share keys."""
TIMEOUT = 0.5
"""Seconds to connect to Redis or wait for an answer before treating it as down (a stall must not stall calls)."""
RETRY_INTERVAL = 1.0
"""Seconds after a Redis failure before the next call tries Redis again."""
_SCHEMES = ("redis://", "rediss://", "unix://")
ROLES = {
    "in_flight": "in-flight",
    "answered": "answered",
    "pause": "pause",
    "members": "members",
    "token": "token",
    "lock": "token fetch lock",
}
"""What each key (FleetKeys' field, the key's last part) is for, as warnings name it."""


@dataclass(frozen=True)
class FleetKeys:
    """Names of the shared keys for one (base URL, client id, scope)."""

    in_flight: str
    """Sorted set: requests sent and not answered yet, scored by when their lease runs out (ms, Redis time)."""
    answered: str
    """Sorted set: answered requests, scored by when their permit comes back (ms, Redis time)."""
    pause: str
    """String: until when (ms, Redis time) a 429 paused the fleet."""
    members: str
    """Sorted set: limiters seen lately, scored by when; their count is each one's fair share when Redis fails."""
    token: str
    """String: the access token itself, expiring with it."""
    lock: str
    """String: held while one process fetches the token, with an expiry."""

    @classmethod
    def of(cls, base_url: str, client_id: int | None, scope: str, access_token: str | None) -> FleetKeys:
        """`access_token` stands in for the client id when there is none (a pre-issued token: its digest, not
        the token, goes into the hash)."""
        who = str(client_id) if client_id is not None else "token:" + _digest(access_token or "")
        base = KEY_PREFIX + _digest("\0".join((base_url, who, scope)))[:32]
        return cls(*(f"{base}:{part}" for part in ("in_flight", "answered", "pause", "members", "token", "lock")))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def check_redis_url(url: object) -> str:
    """redis://, rediss:// or unix:// only; checked before anything connects."""
    if not isinstance(url, str) or not url.strip().lower().startswith(_SCHEMES):
        raise InvalidArgumentError("redis_url must be a redis://, rediss:// or unix:// URL, e.g. redis://host:6379/0")
    if any(ch in url for ch in "\r\n\0"):
        raise InvalidArgumentError("redis_url must not contain control characters")
    return url.strip()


def redacted(url: str) -> str:
    """The URL without its password, for log lines."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


def _options() -> dict[str, Any]:
    return {"socket_timeout": TIMEOUT, "socket_connect_timeout": TIMEOUT, "decode_responses": True}


def sync_redis(url: str) -> redis.Redis:
    """A redis-py client that fails fast (no retries of its own: the link retries after RETRY_INTERVAL)."""
    _require_redis()
    import redis

    return redis.Redis.from_pool(sync_redis_pool(url))  # the client owns the pool: closing it closes the pool


def sync_redis_pool(url: str) -> redis.ConnectionPool:
    """The connections of sync_redis: at construction, and new ones in a forked child (never the parent's)."""
    _require_redis()
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    try:
        return redis.ConnectionPool.from_url(url, retry=Retry(NoBackoff(), 0), **_options())
    except ValueError as exc:
        raise InvalidArgumentError(f"redis_url is not a valid Redis URL: {exc}") from None


def async_redis(url: str) -> redis.asyncio.Redis:
    """The asyncio twin of sync_redis."""
    _require_redis()
    import redis.asyncio

    return redis.asyncio.Redis.from_pool(async_redis_pool(url))


def async_redis_pool(url: str) -> redis.asyncio.ConnectionPool:
    """The asyncio twin of sync_redis_pool."""
    _require_redis()
    import redis.asyncio
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    try:
        return redis.asyncio.ConnectionPool.from_url(url, retry=Retry(NoBackoff(), 0), **_options())
    except ValueError as exc:
        raise InvalidArgumentError(f"redis_url is not a valid Redis URL: {exc}") from None


def _require_redis() -> None:
    try:
        import redis  # noqa: F401
    except ImportError:
        raise InvalidArgumentError("redis_url needs redis-py: pip install 'propello-cloud[redis]'") from None


def role_of(key: str) -> str:
    """The role of one of our keys (`propello:<hash>:in_flight` -> "in-flight"), as warnings name it."""
    part = key.rpartition(":")[2]
    return ROLES.get(part, part)


def wrong_type(error: BaseException) -> tuple[str, str] | None:
    """A script's refusal of a key of the wrong type (key_types.lua: `KEY-TYPE <key> <its type> <kind expected>`)
    as (the key's role, what is wrong with it); None for any other error. Only the types are shown, never a value."""
    parts = str(error).split(" ")
    if len(parts) != 4 or parts[0] != "KEY-TYPE":
        return None
    return role_of(parts[1]), f"holds a {parts[2]}, not a {parts[3]}"


def redis_errors() -> tuple[type[BaseException], ...]:
    """What counts as Redis failing: its own errors and the OS's (a reset socket)."""
    import redis

    return (redis.RedisError, OSError)


class RedisHealth:
    """Whether to try Redis now, and the one warning per outage."""

    def __init__(self, where: str, clock: Clock) -> None:
        """`where`: the Redis URL without its password, for the log; `clock`: monotonic time for the retry."""
        self._where, self._clock = where, clock
        self._lock = threading.Lock()
        self._retry_at = -math.inf
        self._down = False
        self._distrusted: set[str] = set()
        """Roles of the keys already warned about (one warning each)."""
        follow(self)

    def after_fork(self) -> None:
        self._lock = threading.Lock()

    def usable(self) -> bool:
        """False while down, until RETRY_INTERVAL has passed since the last failure."""
        return self._clock.monotonic() >= self._retry_at

    def failed(self, error: BaseException) -> None:
        """Redis failed with `error` (only its type is logged: messages can carry addresses or keys). A key of the
        wrong type is not an outage: its own warning (distrust) names the key, once."""
        with self._lock:
            self._retry_at = self._clock.monotonic() + RETRY_INTERVAL
        if (refused := wrong_type(error)) is not None:
            self.distrust(*refused, "this process keeps to its share of the rate limit until the key is deleted")
            return
        with self._lock:
            if self._down:
                return
            self._down = True
        logger.warning(
            "Redis at %s failed (%s): using the in-process rate limiter and token until it is back",
            self._where,
            type(error).__name__,
        )

    def distrust(self, role: str, problem: str, instead: str) -> None:
        """Redis answered, but its `role` key cannot be right (`problem`, e.g. "holds a list, not a string"), so the
        caller goes on without it (`instead`, what it does). One warning per key for this client's life: the key
        stays wrong until someone removes it, and every call would say so again."""
        with self._lock:
            if role in self._distrusted:
                return
            self._distrusted.add(role)
        logger.warning("Redis at %s: the %s key %s; %s", self._where, role, problem, instead)

    def worked(self) -> None:
        """Redis answered: the end of an outage, if there was one."""
        with self._lock:
            if not self._down:
                return
            self._down = False
        logger.info("Redis at %s is back: sharing the rate budget and token again", self._where)

    def __repr__(self) -> str:
        return f"RedisHealth({self._where!r}, down={self._down})"


@dataclass(frozen=True)
class FleetLink:
    """What the token store and the budget of one client share: where Redis is, its keys, its health, the clock."""

    url: str
    keys: FleetKeys
    health: RedisHealth
    clock: Clock
