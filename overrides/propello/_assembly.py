"""How a client's stack is put together, one small builder per mode, typed so that `mypy --strict` checks the
assembly end to end:

    SyncAssembly   Propello's:      httpx.Client      over httpx.BaseTransport       with Fleet
    AsyncAssembly  AsyncPropello's: httpx.AsyncClient over httpx.AsyncBaseTransport  with AsyncFleet

Both satisfy Assembly[H, T, F, R] (our httpx client, the transports below retries, the Redis link, the runner
the resources send through), which _client.py's _BaseClient is generic over, as openai's BaseClient is over its
httpx client; Shared[T, F] is what a client and its with_options() copies share. So a sync transport in an
async client, a Fleet in an AsyncPropello or a sync runner behind async resources is a type error, not a
failure at the first call (tests/typing proves it).

The layers themselves live in _transports/, _tokens/ and _fleet/; this module only stacks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import httpx
from propello_api.types import AsyncRunner, SyncRunner

from . import _settings
from ._calls.runner import AsyncRunner as AsyncOperationRunner
from ._calls.runner import SyncRunner as SyncOperationRunner
from ._clock import Clock
from ._lifetime import Release
from ._observe import Observer
from ._tokens.auth import TokenAuth
from ._transports.client import AsyncPropelloHTTPClient, LoopBinding, PropelloHTTPClient
from ._transports.limiter import RateLimit, RateLimiter
from ._transports.pool import (
    AsyncClientTransport,
    ClientTransport,
    Lifetime,
    VerifyOption,
    WrongModeTransport,
    async_connection_pool,
    connection_pool,
)
from ._transports.rate_limit import AsyncRateLimitTransport, RateLimitTransport
from ._transports.retry import AsyncRetryTransport, Backoff, Retrying, RetryPolicy, RetryTransport

if TYPE_CHECKING:
    from propello_api import Client

    from ._fleet import AsyncFleet, Fleet
    from ._fleet.link import FleetLink
    from ._tracing.otel import Telemetry

H = TypeVar("H", httpx.Client, httpx.AsyncClient)
"""Our httpx client, and the type of an http_client a caller may pass."""
T = TypeVar("T", httpx.BaseTransport, httpx.AsyncBaseTransport)
"""The transports below retries: rate limiter and connection pool."""
F = TypeVar("F", "Fleet", "AsyncFleet")
"""The link to Redis (redis_url)."""
R = TypeVar("R", SyncRunner, AsyncRunner, covariant=True)
"""The runner the client's resources send through."""


@dataclass(frozen=True)
class Shared(Generic[T, F]):
    """What a client and its with_options() copies share: token, limiter, connection pool."""

    settings: _settings.Settings
    auth: TokenAuth
    transport: T
    """The transport stack below retries (rate limiter and connection pool)."""
    clock: Clock
    backoff: Backoff
    rate_limit: RateLimit | None
    max_response_bytes: int
    fleet: F | None
    """The link to Redis, or None without redis_url."""
    observers: tuple[Observer, ...]
    """The attempt hooks: the client's LogObserver, its Telemetry (tracing on), then the caller's."""
    lifetime: Lifetime
    """Whether the stack is closed (or the caller's http_client): asked by our httpx clients and the pool."""
    limiter: RateLimiter | None = None
    """The in-process rate limiter (rate_limit_status()), None without a rate limit."""
    telemetry: Telemetry | None = None
    """Spans and metrics (tracing on), or None."""
    loop: LoopBinding = field(default_factory=LoopBinding)
    """AsyncPropello only: the event loop the pool belongs to."""


class Assembly(Protocol[H, T, F, R]):
    """What a client's mode provides to build its stack, bottom up: pool, limiter, Redis link; then, per client
    and per with_options() copy, our httpx client and the runner."""

    @property
    def http_client_type(self) -> type[H]:
        """The class an http_client passed to this mode's client must be an instance of."""
        ...

    def pool(
        self,
        base_url: str,
        proxy: httpx.Proxy | None,
        verify: VerifyOption,
        http_client: H | None,
        lifetime: Lifetime,
        telemetry: Telemetry | None,
    ) -> T:
        """The connection pool: the http_client a caller passed, or one of our own (_transports/pool.py), either
        refusing to send once `lifetime` is closed; with `telemetry`, under the transport that puts the attempt's
        span in the trace headers."""
        ...

    def limited(self, pool: T, limiter: RateLimiter, clock: Clock, fleet: F | None) -> T:
        """The rate limiter over `pool`, waiting also for the fleet's shared budget when `fleet` has one."""
        ...

    def fleet(self, link: FleetLink, limiter: RateLimiter | None) -> F:
        """The Redis client, token store and budget (when `limiter` is set) for this mode."""
        ...

    def released(self, shared: Shared[T, F]) -> Release:
        """What closes `shared`'s Redis link when its client is dropped unclosed (_lifetime.py); None when the
        garbage collector frees everything itself."""
        ...

    def connect(
        self, shared: Shared[T, F], policy: RetryPolicy, timeout: httpx.Timeout, headers: dict[str, str], *, copy: bool
    ) -> H:
        """A client's own httpx client: auth, then retries over the shared stack; `copy`: for a with_options()
        copy (it says so when the stack is closed)."""
        ...

    def wire(self, api: Client, http: H, telemetry: Telemetry | None) -> R:
        """Make `api` (the generated Client) send through `http`, and return the runner the resources send
        through (traced with `telemetry`)."""
        ...


class SyncAssembly:
    """Propello's stack."""

    @property
    def http_client_type(self) -> type[httpx.Client]:
        return httpx.Client

    def pool(
        self,
        base_url: str,
        proxy: httpx.Proxy | None,
        verify: VerifyOption,
        http_client: httpx.Client | None,
        lifetime: Lifetime,
        telemetry: Telemetry | None,
    ) -> httpx.BaseTransport:
        pool: httpx.BaseTransport
        if http_client is None:
            pool = connection_pool(base_url, proxy, verify, lifetime)
        else:
            pool = ClientTransport(http_client, lifetime)
        return pool if telemetry is None else telemetry.propagating(pool)

    def limited(
        self, pool: httpx.BaseTransport, limiter: RateLimiter, clock: Clock, fleet: Fleet | None
    ) -> httpx.BaseTransport:
        return RateLimitTransport(pool, limiter, clock, None if fleet is None else fleet.budget)

    def fleet(self, link: FleetLink, limiter: RateLimiter | None) -> Fleet:
        from ._fleet import Fleet  # only with redis_url: `import propello` stays lean

        return Fleet.open(link, limiter)

    def released(self, shared: Shared[httpx.BaseTransport, Fleet]) -> Release:
        return None if shared.fleet is None else shared.fleet.close  # its report thread would keep it alive for good

    def connect(
        self,
        shared: Shared[httpx.BaseTransport, Fleet],
        policy: RetryPolicy,
        timeout: httpx.Timeout,
        headers: dict[str, str],
        *,
        copy: bool,
    ) -> httpx.Client:
        return PropelloHTTPClient(
            base_url=shared.settings.base_url,
            auth=shared.auth,
            transport=RetryTransport(
                shared.transport,
                Retrying(policy, shared.clock, shared.max_response_bytes, shared.observers),
            ),
            timeout=timeout,
            headers=headers,
            clock=shared.clock,
            lifetime=shared.lifetime,
            copy=copy,
            owner="Propello",
        )

    def wire(self, api: Client, http: httpx.Client, telemetry: Telemetry | None) -> SyncRunner:
        api.set_httpx_client(http)
        api.set_async_httpx_client(
            httpx.AsyncClient(
                transport=WrongModeTransport("Propello.api_client is sync: use AsyncPropello for asyncio")
            )
        )
        return SyncOperationRunner(api) if telemetry is None else telemetry.traced(SyncOperationRunner(api))


class AsyncAssembly:
    """AsyncPropello's stack."""

    @property
    def http_client_type(self) -> type[httpx.AsyncClient]:
        return httpx.AsyncClient

    def pool(
        self,
        base_url: str,
        proxy: httpx.Proxy | None,
        verify: VerifyOption,
        http_client: httpx.AsyncClient | None,
        lifetime: Lifetime,
        telemetry: Telemetry | None,
    ) -> httpx.AsyncBaseTransport:
        pool: httpx.AsyncBaseTransport
        if http_client is None:
            pool = async_connection_pool(base_url, proxy, verify, lifetime)
        else:
            pool = AsyncClientTransport(http_client, lifetime)
        return pool if telemetry is None else telemetry.propagating_async(pool)

    def limited(
        self, pool: httpx.AsyncBaseTransport, limiter: RateLimiter, clock: Clock, fleet: AsyncFleet | None
    ) -> httpx.AsyncBaseTransport:
        return AsyncRateLimitTransport(pool, limiter, clock, None if fleet is None else fleet.budget)

    def fleet(self, link: FleetLink, limiter: RateLimiter | None) -> AsyncFleet:
        from ._fleet import AsyncFleet  # only with redis_url: `import propello` stays lean

        return AsyncFleet.open(link, limiter)

    def released(self, shared: Shared[httpx.AsyncBaseTransport, AsyncFleet]) -> Release:
        return None  # no thread; its connections close when collected (closing them needs an event loop)

    def connect(
        self,
        shared: Shared[httpx.AsyncBaseTransport, AsyncFleet],
        policy: RetryPolicy,
        timeout: httpx.Timeout,
        headers: dict[str, str],
        *,
        copy: bool,
    ) -> httpx.AsyncClient:
        return AsyncPropelloHTTPClient(
            base_url=shared.settings.base_url,
            auth=shared.auth,
            transport=AsyncRetryTransport(
                shared.transport,
                Retrying(policy, shared.clock, shared.max_response_bytes, shared.observers),
            ),
            timeout=timeout,
            headers=headers,
            clock=shared.clock,
            lifetime=shared.lifetime,
            copy=copy,
            loop=shared.loop,
            owner="AsyncPropello",
        )

    def wire(self, api: Client, http: httpx.AsyncClient, telemetry: Telemetry | None) -> AsyncRunner:
        api.set_async_httpx_client(http)
        api.set_httpx_client(
            httpx.Client(transport=WrongModeTransport("AsyncPropello.api_client is async: use Propello for sync"))
        )
        return AsyncOperationRunner(api) if telemetry is None else telemetry.traced_async(AsyncOperationRunner(api))
