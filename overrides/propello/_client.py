"""Propello and AsyncPropello: the clients integrators use. Both are built the same way (see _BaseClient):

    our httpx client (send() turns failures into typed errors)
      auth = TokenAuth (token cache, single flight, one replay on 401)
      transport = RetryTransport -> RateLimitTransport -> our own pool (an httpx.HTTPTransport, _transports/pool.py),
                  or ClientTransport over the http_client a caller passed

_assembly.py builds that stack, one small typed builder per mode (SyncAssembly, AsyncAssembly), so `mypy --strict`
checks that each client is wired from its own mode's pieces.

`api_client` is the generated propello_api.Client sending through that httpx client, so generated functions get
the same auth, retries, limiter and timeouts. The resources (`users`, `groups`, ...: one per tag of the spec) are
generated too (propello_api.api.Resources); the clients inherit them and send their calls through a runner
bound to `api_client`. Only helpers that add behaviour are written here (`users.create_many`).

With `redis_url`, the rate limiter also waits for the budget every process using the same credentials shares,
and the token lives in Redis too (_fleet/).

Each client declares its own constructor, so its signature, help() and a mistyped keyword show its name and its
own types; both forward to _BaseClient.__init__. The keyword `_clock` is a test seam, not API: the tests and
benchmarks pass a clock whose sleeps only move time forward (tests/conftest.py FakeClock).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic

import httpx
from propello_api.api import AsyncResources, Resources
from propello_api.types import AsyncRunner, SyncRunner

from . import _settings
from ._assembly import Assembly, AsyncAssembly, F, H, R, Shared, SyncAssembly, T
from ._calls.operations import TOKEN_PATH
from ._clock import Clock, SystemClock
from ._errors import InvalidArgumentError
from ._help import ListsResources
from ._lifetime import on_drop
from ._logging import LogObserver, configure_from_env
from ._observe import Observer
from ._tokens.auth import TokenAuth
from ._tokens.stores import MemoryTokenStore, StoredToken, TokenStore
from ._tracing import telemetry as tracing_telemetry
from ._transports.limiter import RateLimit, RateLimiter, RateLimitStatus
from ._transports.pool import Lifetime, ProxyOption, VerifyOption, check_proxy, check_verify
from ._transports.retry import Backoff, RetryPolicy

if TYPE_CHECKING:
    from propello_api import Client
    from typing_extensions import Self

    from ._calls.resources import AsyncUsers, Users
    from ._fleet import AsyncFleet, Fleet  # noqa: F401 (named, quoted, in the clients' base classes)

DEFAULT_RATE_LIMIT = RateLimit()


class _BaseClient(Generic[H, T, F, R], metaclass=ListsResources):
    """What Propello and AsyncPropello share; each declares its own constructor (for its signature and docs)
    and its mode's assembly (_assembly.py), whose types fix the four parameters."""

    _assembly: Assembly[H, T, F, R]
    _shared: Shared[T, F]
    _runner: R

    def __init__(
        self,
        *,
        client_id: int | None,
        client_secret: str | None,
        access_token: str | None,
        scope: str,
        base_url: str,
        timeout: float | httpx.Timeout,
        max_retries: int,
        deadline: float,
        backoff: Backoff | None,
        rate_limit: RateLimit | None,
        redis_url: str | None,
        token_store: TokenStore | None,
        default_headers: Mapping[str, str] | None,
        max_response_bytes: int,
        proxy: ProxyOption,
        verify: VerifyOption,
        http_client: H | None,
        observer: Observer | None,
        tracing: bool | None,
        clock: Clock | None,
    ) -> None:
        """Check every argument, then build the client. The class's docstring describes each argument."""
        configure_from_env()
        settings = _settings.settings(
            client_id=client_id, client_secret=client_secret, access_token=access_token, scope=scope, base_url=base_url
        )
        checked_timeout = _settings.check_timeout(timeout)
        retries = _settings.check_max_retries(max_retries)
        checked_deadline = _settings.check_deadline(deadline)
        headers = _settings.headers(default_headers)
        body_cap = _settings.check_max_response_bytes(max_response_bytes)
        if rate_limit is not None and not isinstance(rate_limit, RateLimit):
            raise InvalidArgumentError(f"rate_limit must be a RateLimit or None, got {type(rate_limit).__name__}")
        if backoff is not None and not isinstance(backoff, Backoff):
            raise InvalidArgumentError(f"backoff must be a Backoff or None, got {type(backoff).__name__}")
        assembly = self._assembly
        if http_client is not None and not isinstance(http_client, assembly.http_client_type):
            raise InvalidArgumentError(
                f"http_client for {type(self).__name__} must be an {assembly.http_client_type.__module__}."
                f"{assembly.http_client_type.__name__}, got {type(http_client).__name__}"
            )
        if http_client is not None and (proxy is not None or verify is not True):
            raise InvalidArgumentError(
                "proxy and verify configure the client's own connection pool: with http_client, set them on the "
                "httpx client you pass"
            )
        checked_proxy, checked_verify = check_proxy(proxy), check_verify(verify)
        telemetry = tracing_telemetry(tracing, settings.base_url)
        if observer is not None and not isinstance(observer, Observer):
            raise InvalidArgumentError(f"observer must be a propello.Observer or None, got {type(observer).__name__}")
        clock = SystemClock() if clock is None else clock
        limiter = None if rate_limit is None else RateLimiter(rate_limit, clock)
        fleet = None
        if redis_url is not None:
            from ._fleet import fleet_link  # only with redis_url: `import propello` stays lean

            fleet = assembly.fleet(fleet_link(redis_url, settings, scope, clock), limiter)
        if token_store is None:
            token_store = fleet.store if fleet is not None and settings.credentials else MemoryTokenStore()
        store = token_store
        if settings.access_token is not None:
            store.set(StoredToken(settings.access_token, expires_at=None))
        auth = TokenAuth(
            token_url=settings.base_url + TOKEN_PATH, credentials=settings.credentials, store=store, clock=clock
        )
        lifetime = Lifetime(http_client)
        pool = assembly.pool(settings.base_url, checked_proxy, checked_verify, http_client, lifetime, telemetry)
        transport = pool if limiter is None else assembly.limited(pool, limiter, clock, fleet)
        shared = Shared(
            settings,
            auth,
            transport,
            clock,
            Backoff() if backoff is None else backoff,
            rate_limit,
            body_cap,
            fleet,
            tuple(hook for hook in (LogObserver(), telemetry, observer) if hook is not None),
            lifetime,
            limiter,
            telemetry,
        )
        self._setup(
            shared, owner=True, timeout=checked_timeout, max_retries=retries, deadline=checked_deadline, headers=headers
        )

    def _setup(
        self,
        shared: Shared[T, F],
        *,
        owner: bool,
        timeout: httpx.Timeout,
        max_retries: int,
        deadline: float,
        headers: dict[str, str],
    ) -> None:
        self._shared, self._owner = shared, owner
        self._timeout, self._max_retries, self._deadline, self._headers = timeout, max_retries, deadline, headers
        self._drop = on_drop(shared.transport, repr(self), self._assembly.released(shared)) if owner else None
        policy = RetryPolicy(max_retries, shared.backoff, deadline)
        self._http: H = self._assembly.connect(shared, policy, timeout, headers, copy=not owner)
        from propello_api import Client  # here: it imports attrs, which `import propello` leaves for the first use

        self._api = Client(base_url=shared.settings.base_url)
        self._runner = self._assembly.wire(self._api, self._http, shared.telemetry)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """A client configured from the environment: PROPELLO_CLIENT_ID and PROPELLO_CLIENT_SECRET (or
        PROPELLO_ACCESS_TOKEN), and optionally PROPELLO_BASE_URL, PROPELLO_REDIS_URL and PROPELLO_RATE_LIMIT
        (calls/period_seconds, e.g. 240/60 for an organisation whose limit was raised; RateLimit.parse).
        PROPELLO_TRACING and PROPELLO_LOG are read by every client, from_env or not.

        Args:
            environ: Where to read the variables; None reads os.environ.
            **options: Any constructor argument; it takes precedence over the environment.
        """
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
        rate_limit = env.get("PROPELLO_RATE_LIMIT", "").strip()
        if rate_limit:
            try:
                found["rate_limit"] = RateLimit.parse(rate_limit)
            except InvalidArgumentError as exc:
                raise InvalidArgumentError(f"PROPELLO_RATE_LIMIT: {exc}") from None
        return cls(**{**found, **options})

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A copy with another timeout, retry count, deadline or extra headers. It shares this client's connection
        pool, token and rate limiter; close the original, not the copy.

        Args:
            timeout: As for the constructor; None keeps this client's.
            max_retries: As for the constructor; None keeps this client's.
            deadline: As for the constructor; None keeps this client's.
            default_headers: Added to (and overriding) this client's headers.
        """
        copy = object.__new__(type(self))
        copy._setup(
            self._shared,
            owner=False,
            timeout=self._timeout if timeout is None else _settings.check_timeout(timeout),
            max_retries=self._max_retries if max_retries is None else _settings.check_max_retries(max_retries),
            deadline=self._deadline if deadline is None else _settings.check_deadline(deadline),
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
        """The API's URL this client sends to, without a trailing slash."""
        return self._shared.settings.base_url

    def __repr__(self) -> str:
        settings, credentials = self._shared.settings, self._shared.settings.credentials
        login = (
            f"client_id={credentials.client_id}, client_secret='***', scope={credentials.scope!r}, "
            if credentials
            else ""
        )
        return (
            f"{type(self).__name__}(base_url={settings.base_url!r}, {login}"
            f"access_token={'***' if settings.access_token else None}, max_retries={self._max_retries}, "
            f"rate_limit={self._shared.rate_limit!r})"
        )


class Propello(_BaseClient[httpx.Client, httpx.BaseTransport, "Fleet", SyncRunner], Resources):
    """Propello Cloud API v3 client. Thread-safe: share one per process, and close it when done (`with
    Propello(...) as client:`, or `close()`).

    Every operation of the API is a method of a resource attribute, one per tag of the spec: `client.users`,
    `client.groups`, `client.offers`, ... (generated from the spec as `propello_api.api.Resources`: see Resources
    in the API reference, or the list that `help(Propello)` ends with). Each method checks its
    arguments before sending and returns the generated model of the response (`propello_api.models`), or raises
    a typed error (`propello.APIStatusError` and its subclasses, `propello.APIConnectionError`, ...).

    Nothing is sent when the client is built: the first call fetches the access token. Every argument is checked
    here, and a bad one raises InvalidArgumentError (a ValueError) naming the problem, never a secret.

    Args:
        client_id: Your API client's id. With `client_secret`, the client fetches an access token on first use,
            keeps it until shortly before it expires, and fetches a new one when the API rejects it.
        client_secret: The secret that goes with `client_id`. It is never shown in a repr, log line or error.
        access_token: A token issued beforehand, instead of `client_id` and `client_secret` (with them too, it
            is used first, and replaced by a fetched one once the API rejects it). One of the two is required.
        scope: The scope tokens are requested for. Default "*": everything your API client may do.
        base_url: The API to talk to. Default "https://api.yourperx.com", the live API; give the URL of a mock
            (`make mock` serves one on http://127.0.0.1:4010) or of a staging host instead. It must use https;
            plain http only for loopback hosts, where test servers run.
        timeout: Seconds allowed for each attempt of a call as a whole, from connecting (name resolution
            included) to the last byte of the answer, and for each phase within it; or an httpx.Timeout per
            phase (connect, read, write, waiting for a pooled connection), whose largest bounds the whole
            attempt. Default: 30 s, and 5 s to connect. None (wait forever) is refused, so no attempt can hang.
        max_retries: How many times a failed attempt is retried. Default 2. Reads are retried on connection
            errors, timeouts, 408, 429 and 5xx; writes only when the server surely did not act on them (the
            connection failed before sending, or 429), so a retry never creates anything twice. 0 turns
            retries off.
        deadline: Seconds a call may take in all: its attempts and the waits between them (backoff,
            Retry-After); a retry that could not start before it is not made. Waiting for a rate-limit permit
            does not count. Default 120 s; None is refused.
        backoff: The wait before each retry: a Backoff. Default `Backoff()`: exponential from 0.5 s up to 8 s,
            with jitter so that many clients do not retry in step. A Retry-After the server sends (up to 60 s)
            is honoured instead. Tune it for your latency budget, or pass `Backoff(rng=random.Random(seed))`
            for delays that repeat run after run (in your tests).
        rate_limit: The most requests this client sends in any rolling period: a RateLimit. Default
            `RateLimit(calls=120, period=60.0)`, the API's limit, shared by every thread and `with_options()`
            copy of this client; callers over it wait their turn instead of drawing 429s. None turns it off
            (when something else keeps to the limit).
        redis_url: A Redis URL ("redis://host:6379/0"; needs `pip install 'propello-cloud[redis]'`) through
            which every process and host using the same base URL, client id and scope share the rate budget and
            the access token. Default None: they are this client's own. When Redis is down the client goes on
            alone; connecting waits for the first call (README, "Running several workers").
        token_store: Where the access token is kept: a TokenStore. Default: in memory for this client (in Redis
            with `redis_url`). `FileTokenStore(path)` shares one token among the processes of one host. A store
            you pass is used for the token even with `redis_url`.
        default_headers: Headers sent with every request, after (and overriding) the client's User-Agent and
            Accept. Names must be HTTP tokens, values printable ASCII. Default None.
        max_response_bytes: The largest response body read, counted after decompression. Default 24 MiB (about
            80,000 users in one list answer), so a huge answer or a gzip bomb cannot exhaust memory; a larger one
            raises ResponseTooLargeError. Parsing a JSON answer peaks near 5 times its size (a dict per record),
            so the default bounds a call near 120 MiB; raise it for a larger organisation's list, knowing that.
        proxy: The proxy every request goes through: a URL ("http://proxy.internal:3128"; "socks5://..." needs
            `httpx[socks]`) or an httpx.Proxy. Default None: the proxy the environment names for `base_url`,
            as httpx would pick it (HTTPS_PROXY or HTTP_PROXY, else ALL_PROXY, unless NO_PROXY lists the host).
        verify: How the server's TLS certificate is checked. Default True: against certifi's CA bundle (or the
            SSL_CERT_FILE / SSL_CERT_DIR the environment names). An ssl.SSLContext for your own CA or a client
            certificate (`ssl.create_default_context(cafile=...)`); False turns checking off, for a local test
            server only.
        http_client: An httpx.Client of yours to send through, for httpx settings beyond `proxy` and `verify`
            (mounts, event hooks, limits, HTTP/2). Default None: the client builds its own connection pool and
            closes it with itself; one you pass stays yours, open after `close()`. With it, set the proxy and
            TLS options on it, not here. Each call then also runs its `send()` (its hooks), which costs a little.
        observer: An attempt hook (a propello.Observer) for tracing, metrics or logs of your own: it sees every
            attempt of every request start and end, in the calling thread or task (see propello.Observer).
            Default None.
        tracing: OpenTelemetry spans and metrics for every call (README, "Tracing and metrics"; needs
            `pip install 'propello-cloud[otel]'`, and your application sets up the SDK and an exporter). Default
            None: on when the environment sets PROPELLO_TRACING=1 (true, yes, on), else off; off, nothing of
            OpenTelemetry is imported and calls cost what they did.
    """

    _assembly = SyncAssembly()

    def __init__(
        self,
        *,
        client_id: int | None = None,
        client_secret: str | None = None,
        access_token: str | None = None,
        scope: str = "*",
        base_url: str = _settings.DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = _settings.DEFAULT_TIMEOUT,
        max_retries: int = _settings.DEFAULT_MAX_RETRIES,
        deadline: float = _settings.DEFAULT_DEADLINE,
        backoff: Backoff | None = None,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        redis_url: str | None = None,
        token_store: TokenStore | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = _settings.DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
        verify: bool | ssl.SSLContext = True,
        http_client: httpx.Client | None = None,
        observer: Observer | None = None,
        tracing: bool | None = None,
        _clock: Clock | None = None,
    ) -> None:
        super().__init__(
            client_id=client_id,
            client_secret=client_secret,
            access_token=access_token,
            scope=scope,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            backoff=backoff,
            rate_limit=rate_limit,
            redis_url=redis_url,
            token_store=token_store,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
            proxy=proxy,
            verify=verify,
            http_client=http_client,
            observer=observer,
            tracing=tracing,
            clock=_clock,
        )

    @cached_property
    def users(self) -> Users:
        """User operations, plus `create_many`."""
        from ._calls.resources import Users  # on first use: it imports the user operations and their models

        return Users(self._runner)

    def rate_limit_status(self) -> RateLimitStatus | None:
        """The rate budget now: calls left in the current window, when the next permit frees, a 429's pause left
        (RateLimitStatus). With redis_url, the fleet's budget read from Redis (`shared` True), else this process's;
        None without a rate limit."""
        limiter, fleet = self._shared.limiter, self._shared.fleet
        if limiter is None:
            return None
        return limiter.status() if fleet is None or fleet.budget is None else fleet.budget.status()

    def close(self) -> None:
        """Close the connection pool (a pool passed as http_client stays open: it is yours). No-op on copies."""
        if self._drop is not None:
            self._drop.detach()
            self._http.close()
            if self._shared.fleet is not None:
                self._shared.fleet.close()

    def __enter__(self) -> Propello:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


class AsyncPropello(
    _BaseClient[httpx.AsyncClient, httpx.AsyncBaseTransport, "AsyncFleet", AsyncRunner], AsyncResources
):
    """The asyncio client: the same resources and methods as Propello, awaited (`async with AsyncPropello(...)
    as client:`, or `await client.close()`). Safe to share among the tasks of one event loop: it belongs to the
    loop it is first used in (another loop gets EventLoopError), so create it inside the coroutine you run.

    Every operation of the API is a coroutine method of a resource attribute, one per tag of the spec:
    `client.users`, `client.groups`, `client.offers`, ... (generated from the spec as
    `propello_api.api.AsyncResources`: see Resources in the API reference, or the list that `help(AsyncPropello)`
    ends with).

    Nothing is sent when the client is built: the first call fetches the access token. Every argument is checked
    here, and a bad one raises InvalidArgumentError (a ValueError) naming the problem, never a secret.

    Args:
        client_id: Your API client's id. With `client_secret`, the client fetches an access token on first use,
            keeps it until shortly before it expires, and fetches a new one when the API rejects it.
        client_secret: The secret that goes with `client_id`. It is never shown in a repr, log line or error.
        access_token: A token issued beforehand, instead of `client_id` and `client_secret` (with them too, it
            is used first, and replaced by a fetched one once the API rejects it). One of the two is required.
        scope: The scope tokens are requested for. Default "*": everything your API client may do.
        base_url: The API to talk to. Default "https://api.yourperx.com", the live API; give the URL of a mock
            (`make mock` serves one on http://127.0.0.1:4010) or of a staging host instead. It must use https;
            plain http only for loopback hosts, where test servers run.
        timeout: Seconds allowed for each attempt of a call as a whole, from connecting (name resolution
            included) to the last byte of the answer, and for each phase within it; or an httpx.Timeout per
            phase (connect, read, write, waiting for a pooled connection), whose largest bounds the whole
            attempt. Default: 30 s, and 5 s to connect. None (wait forever) is refused, so no attempt can hang.
        max_retries: How many times a failed attempt is retried. Default 2. Reads are retried on connection
            errors, timeouts, 408, 429 and 5xx; writes only when the server surely did not act on them (the
            connection failed before sending, or 429), so a retry never creates anything twice. 0 turns
            retries off.
        deadline: Seconds a call may take in all: its attempts and the waits between them (backoff,
            Retry-After); a retry that could not start before it is not made. Waiting for a rate-limit permit
            does not count. Default 120 s; None is refused.
        backoff: The wait before each retry: a Backoff. Default `Backoff()`: exponential from 0.5 s up to 8 s,
            with jitter so that many clients do not retry in step. A Retry-After the server sends (up to 60 s)
            is honoured instead. Tune it for your latency budget, or pass `Backoff(rng=random.Random(seed))`
            for delays that repeat run after run (in your tests).
        rate_limit: The most requests this client sends in any rolling period: a RateLimit. Default
            `RateLimit(calls=120, period=60.0)`, the API's limit, shared by every task and `with_options()`
            copy of this client; callers over it wait their turn instead of drawing 429s. None turns it off
            (when something else keeps to the limit).
        redis_url: A Redis URL ("redis://host:6379/0"; needs `pip install 'propello-cloud[redis]'`) through
            which every process and host using the same base URL, client id and scope share the rate budget and
            the access token. Default None: they are this client's own. When Redis is down the client goes on
            alone; connecting waits for the first call (README, "Running several workers").
        token_store: Where the access token is kept: a TokenStore. Default: in memory for this client (in Redis
            with `redis_url`). `FileTokenStore(path)` shares one token among the processes of one host. A store
            you pass is used for the token even with `redis_url`.
        default_headers: Headers sent with every request, after (and overriding) the client's User-Agent and
            Accept. Names must be HTTP tokens, values printable ASCII. Default None.
        max_response_bytes: The largest response body read, counted after decompression. Default 24 MiB (about
            80,000 users in one list answer), so a huge answer or a gzip bomb cannot exhaust memory; a larger one
            raises ResponseTooLargeError. Parsing a JSON answer peaks near 5 times its size (a dict per record),
            so the default bounds a call near 120 MiB; raise it for a larger organisation's list, knowing that.
        proxy: The proxy every request goes through: a URL ("http://proxy.internal:3128"; "socks5://..." needs
            `httpx[socks]`) or an httpx.Proxy. Default None: the proxy the environment names for `base_url`,
            as httpx would pick it (HTTPS_PROXY or HTTP_PROXY, else ALL_PROXY, unless NO_PROXY lists the host).
        verify: How the server's TLS certificate is checked. Default True: against certifi's CA bundle (or the
            SSL_CERT_FILE / SSL_CERT_DIR the environment names). An ssl.SSLContext for your own CA or a client
            certificate (`ssl.create_default_context(cafile=...)`); False turns checking off, for a local test
            server only.
        http_client: An httpx.AsyncClient of yours to send through, for httpx settings beyond `proxy` and
            `verify` (mounts, event hooks, limits, HTTP/2). Default None: the client builds its own connection
            pool and closes it with itself; one you pass stays yours, open after `close()`. With it, set the proxy
            and TLS options on it, not here. Each call then also runs its `send()` (its hooks), which costs a
            little.
        observer: An attempt hook (a propello.Observer) for tracing, metrics or logs of your own: it sees every
            attempt of every request start and end, in the calling thread or task (see propello.Observer).
            Default None.
        tracing: OpenTelemetry spans and metrics for every call (README, "Tracing and metrics"; needs
            `pip install 'propello-cloud[otel]'`, and your application sets up the SDK and an exporter). Default
            None: on when the environment sets PROPELLO_TRACING=1 (true, yes, on), else off; off, nothing of
            OpenTelemetry is imported and calls cost what they did.
    """

    _assembly = AsyncAssembly()

    def __init__(
        self,
        *,
        client_id: int | None = None,
        client_secret: str | None = None,
        access_token: str | None = None,
        scope: str = "*",
        base_url: str = _settings.DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = _settings.DEFAULT_TIMEOUT,
        max_retries: int = _settings.DEFAULT_MAX_RETRIES,
        deadline: float = _settings.DEFAULT_DEADLINE,
        backoff: Backoff | None = None,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        redis_url: str | None = None,
        token_store: TokenStore | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = _settings.DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
        verify: bool | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        observer: Observer | None = None,
        tracing: bool | None = None,
        _clock: Clock | None = None,
    ) -> None:
        super().__init__(
            client_id=client_id,
            client_secret=client_secret,
            access_token=access_token,
            scope=scope,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            backoff=backoff,
            rate_limit=rate_limit,
            redis_url=redis_url,
            token_store=token_store,
            default_headers=default_headers,
            max_response_bytes=max_response_bytes,
            proxy=proxy,
            verify=verify,
            http_client=http_client,
            observer=observer,
            tracing=tracing,
            clock=_clock,
        )

    @cached_property
    def users(self) -> AsyncUsers:
        """User operations, plus `create_many`."""
        from ._calls.resources import AsyncUsers  # on first use: it imports the user operations and their models

        return AsyncUsers(self._runner)

    async def rate_limit_status(self) -> RateLimitStatus | None:
        """The rate budget now: calls left in the current window, when the next permit frees, a 429's pause left
        (RateLimitStatus). With redis_url, the fleet's budget read from Redis (`shared` True), else this process's;
        None without a rate limit."""
        limiter, fleet = self._shared.limiter, self._shared.fleet
        if limiter is None:
            return None
        return limiter.status() if fleet is None or fleet.budget is None else await fleet.budget.status()

    async def close(self) -> None:
        """Close the connection pool (a pool passed as http_client stays open: it is yours). No-op on copies."""
        if self._drop is not None:
            self._drop.detach()
            await self._http.aclose()
            if self._shared.fleet is not None:
                await self._shared.fleet.aclose()

    async def __aenter__(self) -> AsyncPropello:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()
