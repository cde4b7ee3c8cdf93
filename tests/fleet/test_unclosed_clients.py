"""Resources follow the client's life: clients with `redis_url` dropped without close() give back their Redis
report thread and their connections when garbage-collected, with a ResourceWarning naming each one, as httpx and
asyncio do for what they own."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import warnings

from bench_server import CLIENT_ID, CLIENT_SECRET, BenchServer
from propello import AsyncPropello, Propello, RateLimit

COUNT = 50


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def use_and_drop(api: BenchServer, redis_url: str) -> None:
    client = Propello(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=api.url, redis_url=redis_url, rate_limit=RateLimit()
    )
    client.users.list()  # opens a pooled connection and a Redis connection, starts the report thread


def test_clients_dropped_without_close_release_threads_and_connections(api: BenchServer, redis_url: str) -> None:
    api.reset()
    use_and_drop(api, redis_url)  # warm-up: imports, the first connections of anything shared
    gc.collect()
    threads, fds = threading.active_count(), open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(COUNT):
            use_and_drop(api, redis_url)
        gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning) and "Propello" in str(w.message)]
    assert threading.active_count() <= threads + 1, f"{threading.active_count() - threads} threads leaked"
    assert open_fds() <= fds + 2, f"{open_fds() - fds} file descriptors leaked"
    assert len(unclosed) >= COUNT, f"{len(unclosed)} ResourceWarnings naming Propello for {COUNT} unclosed clients"
    assert api.url in str(unclosed[-1].message), "the warning does not say which client"


def test_clients_without_redis_dropped_without_close_release_connections(api: BenchServer) -> None:
    """Without Redis there is no thread, but the pool's connections go back too, and the warning still names it."""
    api.reset()
    drop_without_redis(api)
    gc.collect()
    threads, fds = threading.active_count(), open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(COUNT):
            drop_without_redis(api)
        gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning) and "Propello(" in str(w.message)]
    assert threading.active_count() <= threads
    assert open_fds() <= fds + 2, f"{open_fds() - fds} file descriptors leaked"
    assert len(unclosed) >= COUNT


def drop_without_redis(api: BenchServer) -> None:
    Propello(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=api.url).users.list()


def test_a_copy_in_use_keeps_what_the_dropped_original_shared(api: BenchServer, redis_url: str) -> None:
    """with_options copies share the pool and the Redis link: dropping the original closes nothing while a copy
    is alive, and the copy's own end is what warns and releases."""
    api.reset()
    options = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "base_url": api.url, "redis_url": redis_url}
    copy = Propello(**options, rate_limit=RateLimit()).with_options(timeout=5.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
        copy.users.list()
        copy.users.list()
        assert not [w for w in caught if issubclass(w.category, ResourceWarning)], "warned while a copy was in use"
        del copy
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning) and "Propello(" in str(w.message)]


def test_a_closed_client_does_not_warn(api: BenchServer, redis_url: str) -> None:
    api.reset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for redis in (redis_url, None):
            with Propello(
                client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=api.url, redis_url=redis
            ) as client:
                client.users.list()
            del client
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning) and "Propello" in str(w.message)]


def test_async_clients_dropped_without_close_leak_nothing_and_warn(api: BenchServer, redis_url: str) -> None:
    """AsyncPropello: no thread; its Redis and HTTP connections close themselves when collected (their loop is
    gone, so nothing could await a close), and the client's own warning names it."""

    async def use_and_drop_async() -> None:
        options = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "base_url": api.url}
        await AsyncPropello(**options, redis_url=redis_url, rate_limit=RateLimit()).users.list()

    api.reset()
    asyncio.run(use_and_drop_async())
    gc.collect()
    threads, fds = threading.active_count(), open_fds()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(COUNT // 5):
            asyncio.run(use_and_drop_async())
        gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning) and "AsyncPropello(" in str(w.message)]
    assert threading.active_count() <= threads
    assert open_fds() <= fds + 2, f"{open_fds() - fds} file descriptors leaked"
    assert len(unclosed) >= COUNT // 5
