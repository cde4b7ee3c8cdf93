"""Propello and AsyncPropello: the clients integrators use. Both are built the same way (see _BaseClient):

    our httpx client (send() turns failures into typed errors)
      auth = TokenAuth (token cache, single flight, one replay on 401)
      transport = RetryTransport -> RateLimitTransport -> ClientTransport(a plain httpx client, or yours)

`api_client` is the generated propello_api.Client sending through that httpx client, so generated functions get
the same auth, retries, limiter and timeouts. The resources (`users`, `groups`, ...: one per tag of the spec) are
generated too (propello_api.api.Resources); the clients inherit them and send their calls through a runner
bound to `api_client`. Only helpers that add behaviour are written here (`users.create_many`).

With `redis_url`, the rate limiter also waits for the budget every process using the same credentials shares,
and the token lives in Redis too (_fleet.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from propello_api import Client
from propello_api.api import AsyncResources, Resources

from . import _settings
from ._auth import TokenAuth
from ._clock import Clock, SystemClock
from ._errors import InvalidArgumentError
from ._http_client import AsyncPropelloHTTPClient, LoopBinding, PropelloHTTPClient
from ._logging import configure_from_env
from ._operations import TOKEN
from ._rate_limit import RateLimit, RateLimiter
from ._resources import AsyncUsers, Users
from ._retry import Backoff, RetryPolicy
from ._runner import AsyncRunner, SyncRunner
from ._token_store import MemoryTokenStore, StoredToken, TokenStore
from ._transports import (
    AsyncClientTransport,
    AsyncRateLimitTransport,
    AsyncRetryTransport,
    ClientTransport,
    RateLimitTransport,
    RetryTransport,
    WrongModeTransport,
)

if TYPE_CHECKING:
    from ._fleet import AsyncFleet, Fleet

DEFAULT_RATE_LIMIT = RateLimit()

H = TypeVar("H", httpx.Client, httpx.AsyncClient)
_C = TypeVar("_C", bound="_BaseClient[Any]")


@dataclass(frozen=True)
class _Shared:
    """What a client and its with_options() copies share: token, limiter, connection pool."""

    settings: _settings.Settings
    auth: TokenAuth
    transport: Any
    """The transport stack below retries (rate limiter and connection pool): sync or async per client type."""
    clock: Clock
    backoff: Backoff
    rate_limit: RateLimit | None
    max_response_bytes: int
    fleet: Any
    """The link to Redis (Fleet or AsyncFleet per client type), or None."""
    loop: LoopBinding = field(default_factory=LoopBinding)
    """AsyncPropello only: the event loop the pool belongs to."""


class _BaseClient(Generic[H]):
    _http_client_type: type[H]

    def __init__(
        self,
        *,
        client_id: int | None = None,
        client_secret: str | None = None,
        access_token: str | None = None,
        base_url: str = _settings.DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = _settings.DEFAULT_TIMEOUT,
        max_retries: int = _settings.DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        scope: str = "*",
        default_headers: Mapping[str, str] | None = None,
        http_client: H | None = None,
        token_store: TokenStore | None = None,
        clock: Clock | None = None,
        backoff: Backoff | None = None,
        max_response_bytes: int = _settings.DEFAULT_MAX_RESPONSE_BYTES,
        redis_url: str | None = None,
    ) -> None:
        """Check every argument (InvalidArgumentError, a ValueError, names the problem) and build the client.
        Nothing is sent until the first call; the token is fetched then. A response body longer than
        `max_response_bytes` (32 MiB, counted after decompression) raises ResponseTooLargeError.

        `redis_url` (e.g. "redis://host:6379/0", needs `propello-cloud[redis]`) shares the rate budget and the
        token with every process and host using the same base URL, client id and scope; without it they are this
        client's own. When Redis is down the client goes on alone (README, "Running several workers"). A
        `token_store` you pass is used for the token even then. Connecting waits for the first call."""
        configure_from_env()
        settings = _settings.settings(
            client_id=client_id, client_secret=client_secret, access_token=access_token, scope=scope, base_url=base_url
        )
        checked_timeout = _settings.check_timeout(timeout)
        retries = _settings.check_max_retries(max_retries)
        headers = _settings.headers(default_headers)
        body_cap = _settings.check_max_response_bytes(max_response_bytes)
        if rate_limit is not None and not isinstance(rate_limit, RateLimit):
            raise InvalidArgumentError(f"rate_limit must be a RateLimit or None, got {type(rate_limit).__name__}")
        if http_client is not None and not isinstance(http_client, self._http_client_type):
            raise InvalidArgumentError(
                f"http_client for {type(self).__name__} must be an {self._http_client_type.__module__}."
                f"{self._http_client_type.__name__}, got {type(http_client).__name__}"
            )
        clock = SystemClock() if clock is None else clock
        limiter = None if rate_limit is None else RateLimiter(rate_limit, clock)
        fleet = None
        if redis_url is not None:
            from ._fleet import fleet_link  # only with redis_url: `import propello` stays lean

            fleet = self._fleet(fleet_link(redis_url, settings, scope, clock), limiter)
        if token_store is None:
            token_store = fleet.store if fleet is not None and settings.credentials else MemoryTokenStore()
        store = token_store
        if settings.access_token is not None:
            store.set(StoredToken(settings.access_token, expires_at=None))
        auth = TokenAuth(
            token_url=settings.base_url + TOKEN.path, credentials=settings.credentials, store=store, clock=clock
        )
        transport = self._open(http_client, limiter, clock, fleet)
        shared = _Shared(
            settings, auth, transport, clock, Backoff() if backoff is None else backoff, rate_limit, body_cap, fleet
        )
        self._setup(shared, owner=True, timeout=checked_timeout, max_retries=retries, headers=headers)

    def _setup(
        self, shared: _Shared, *, owner: bool, timeout: httpx.Timeout, max_retries: int, headers: dict[str, str]
    ) -> None:
        self._shared, self._owner = shared, owner
        self._timeout, self._max_retries, self._headers = timeout, max_retries, headers
        self._http: H = self._connect(shared, RetryPolicy(max_retries, shared.backoff), timeout, headers)
        self._api = Client(base_url=shared.settings.base_url)
        self._wire(self._api, self._http)

    @classmethod
    def from_env(cls: type[_C], environ: Mapping[str, str] | None = None, **options: Any) -> _C:
        """A client configured from PROPELLO_CLIENT_ID and PROPELLO_CLIENT_SECRET (or PROPELLO_ACCESS_TOKEN) and
        optionally PROPELLO_BASE_URL and PROPELLO_REDIS_URL; keyword options (as for the constructor) take
        precedence."""
        env = os.environ if environ is None else environ
        found: dict[str, Any] = {}
        client_id = env.get("PROPELLO_CLIENT_ID", "").strip()
        if client_id:
            if not (client_id.isascii() and client_id.isdigit()):
                raise InvalidArgumentError("PROPELLO_CLIENT_ID must be a positive integer")
            found["client_id"] = int(client_id)
        for variable, option in (
            ("PROPELLO_CLIENT_SECRET", "client_secret"),
            ("PROPELLO_ACCESS_TOKEN", "access_token"),
            ("PROPELLO_BASE_URL", "base_url"),
            ("PROPELLO_REDIS_URL", "redis_url"),
        ):
            if env.get(variable, "").strip():
                found[option] = env[variable].strip()
        return cls(**{**found, **options})

    def with_options(
        self: _C,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> _C:
        """A copy with another timeout, retry count or extra headers (None keeps the current value). It shares
        this client's connection pool, token and rate limiter; close the original, not the copy."""
        copy = object.__new__(type(self))
        copy._setup(
            self._shared,
            owner=False,
            timeout=self._timeout if timeout is None else _settings.check_timeout(timeout),
            max_retries=self._max_retries if max_retries is None else _settings.check_max_retries(max_retries),
            headers={**self._headers, **_settings.check_headers(default_headers)},
        )
        return copy

    @property
    def api_client(self) -> Client:
        """The generated client, wired through our auth, retries, limiter and timeouts: pass it as `client=` to
        any propello_api.api function (sync ones with Propello, asyncio ones with AsyncPropello)."""
        return self._api

    @property
    def base_url(self) -> str:
        return self._shared.settings.base_url

    def __repr__(self) -> str:
        settings = self._shared.settings
        return (
            f"{type(self).__name__}(base_url={settings.base_url!r}, credentials={settings.credentials!r}, "
            f"access_token={'***' if settings.access_token else None}, max_retries={self._max_retries}, "
            f"rate_limit={self._shared.rate_limit!r})"
        )

    def _open(self, http_client: H | None, limiter: RateLimiter | None, clock: Clock, fleet: Any) -> Any:
        """The shared transport stack: rate limiter over the fleet's budget (with `fleet`, a Fleet or AsyncFleet)
        over the connection pool (yours, or a plain httpx client)."""
        raise NotImplementedError

    def _fleet(self, link: Any, limiter: RateLimiter | None) -> Any:
        """The Redis clients, token store and budget (when `limiter` is set) for this client type."""
        raise NotImplementedError

    def _connect(self, shared: _Shared, policy: RetryPolicy, timeout: httpx.Timeout, headers: dict[str, str]) -> H:
        """This client's own httpx client: auth, then retries over the shared stack."""
        raise NotImplementedError

    def _wire(self, api: Client, http: H) -> None:
        """Make `api` send through `http`, and set the runner the resources send through."""
        raise NotImplementedError


class Propello(_BaseClient[httpx.Client], Resources):
    """Propello Cloud API v3 client. Thread-safe: share one per process (`with Propello(...) as client:`)."""

    _http_client_type = httpx.Client

    @cached_property
    def users(self) -> Users:
        """User operations, plus `create_many`."""
        return Users(self._runner)

    def _open(
        self, http_client: httpx.Client | None, limiter: RateLimiter | None, clock: Clock, fleet: Fleet | None
    ) -> httpx.BaseTransport:
        pool = ClientTransport(http_client or httpx.Client(), owned=http_client is None)
        budget = None if fleet is None else fleet.budget
        return pool if limiter is None else RateLimitTransport(pool, limiter, clock, budget)

    def _fleet(self, link: Any, limiter: RateLimiter | None) -> Fleet:
        from ._fleet import Fleet

        return Fleet.open(link, limiter)

    def _connect(
        self, shared: _Shared, policy: RetryPolicy, timeout: httpx.Timeout, headers: dict[str, str]
    ) -> httpx.Client:
        return PropelloHTTPClient(
            base_url=shared.settings.base_url,
            auth=shared.auth,
            transport=RetryTransport(
                shared.transport, policy, shared.clock, max_response_bytes=shared.max_response_bytes
            ),
            timeout=timeout,
            headers=headers,
            clock=shared.clock,
        )

    def _wire(self, api: Client, http: httpx.Client) -> None:
        self._runner = SyncRunner(api)
        api.set_httpx_client(http)
        api.set_async_httpx_client(
            httpx.AsyncClient(
                transport=WrongModeTransport("Propello.api_client is sync: use AsyncPropello for asyncio")
            )
        )

    def close(self) -> None:
        """Close the connection pool (a pool passed as http_client stays open: it is yours). No-op on copies."""
        if self._owner:
            self._http.close()
            if self._shared.fleet is not None:
                self._shared.fleet.close()

    def __enter__(self) -> Propello:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class AsyncPropello(_BaseClient[httpx.AsyncClient], AsyncResources):
    """The asyncio client: the same API with `await` (`async with AsyncPropello(...) as client:`)."""

    _http_client_type = httpx.AsyncClient

    @cached_property
    def users(self) -> AsyncUsers:
        """User operations, plus `create_many`."""
        return AsyncUsers(self._runner)

    def _open(
        self, http_client: httpx.AsyncClient | None, limiter: RateLimiter | None, clock: Clock, fleet: AsyncFleet | None
    ) -> httpx.AsyncBaseTransport:
        pool = AsyncClientTransport(http_client or httpx.AsyncClient(), owned=http_client is None)
        budget = None if fleet is None else fleet.budget
        return pool if limiter is None else AsyncRateLimitTransport(pool, limiter, clock, budget)

    def _fleet(self, link: Any, limiter: RateLimiter | None) -> AsyncFleet:
        from ._fleet import AsyncFleet

        return AsyncFleet.open(link, limiter)

    def _connect(
        self, shared: _Shared, policy: RetryPolicy, timeout: httpx.Timeout, headers: dict[str, str]
    ) -> httpx.AsyncClient:
        return AsyncPropelloHTTPClient(
            base_url=shared.settings.base_url,
            auth=shared.auth,
            transport=AsyncRetryTransport(
                shared.transport, policy, shared.clock, max_response_bytes=shared.max_response_bytes
            ),
            timeout=timeout,
            headers=headers,
            clock=shared.clock,
            loop=shared.loop,
        )

    def _wire(self, api: Client, http: httpx.AsyncClient) -> None:
        self._runner = AsyncRunner(api)
        api.set_async_httpx_client(http)
        api.set_httpx_client(
            httpx.Client(transport=WrongModeTransport("AsyncPropello.api_client is async: use Propello for sync"))
        )

    async def close(self) -> None:
        """Close the connection pool (a pool passed as http_client stays open: it is yours). No-op on copies."""
        if self._owner:
            await self._http.aclose()
            if self._shared.fleet is not None:
                await self._shared.fleet.aclose()

    async def __aenter__(self) -> AsyncPropello:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()
