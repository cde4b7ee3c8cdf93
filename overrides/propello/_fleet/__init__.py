"""What `redis_url=` adds to a client: one Redis client (sync or asyncio), the token store and the rate budget
built on it, all sharing one RedisHealth so an outage logs one warning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._clock import Clock
from .._settings import Settings
from .._transports.limiter import RateLimiter
from .budget import AsyncSharedBudget, SharedBudget
from .link import FleetKeys, FleetLink, RedisHealth, async_redis, check_redis_url, redacted, sync_redis
from .tokens import AsyncRedisTokenStore, RedisTokenStore

if TYPE_CHECKING:
    import redis
    import redis.asyncio


def fleet_link(redis_url: object, settings: Settings, scope: object, clock: Clock) -> FleetLink:
    """Check `redis_url` and name the keys of this (base URL, client id, scope); nothing connects yet."""
    url = check_redis_url(redis_url)
    client_id = settings.credentials.client_id if settings.credentials else None
    keys = FleetKeys.of(settings.base_url, client_id, str(scope), settings.access_token)
    return FleetLink(url, keys, RedisHealth(redacted(url), clock), clock)


@dataclass(frozen=True)
class Fleet:
    client: redis.Redis
    store: RedisTokenStore
    budget: SharedBudget | None

    @classmethod
    def open(cls, link: FleetLink, limiter: RateLimiter | None) -> Fleet:
        """`limiter`: the client's in-process limiter; None (no rate limit) shares only the token."""
        client = sync_redis(link.url)
        return cls(
            client, RedisTokenStore(client, link), None if limiter is None else SharedBudget(client, link, limiter)
        )

    def close(self) -> None:
        if self.budget is not None:
            self.budget.close()
        self.client.close()


@dataclass(frozen=True)
class AsyncFleet:
    client: redis.asyncio.Redis
    store: AsyncRedisTokenStore
    budget: AsyncSharedBudget | None

    @classmethod
    def open(cls, link: FleetLink, limiter: RateLimiter | None) -> AsyncFleet:
        """As Fleet.open, with redis-py's asyncio client."""
        client = async_redis(link.url)
        budget = None if limiter is None else AsyncSharedBudget(client, link, limiter)
        return cls(client, AsyncRedisTokenStore(client, link), budget)

    async def aclose(self) -> None:
        if self.budget is not None:
            await self.budget.aclose()
        await self.client.aclose()
