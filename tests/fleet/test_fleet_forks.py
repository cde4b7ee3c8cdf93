"""A client with `redis_url` built and used in a parent, then used in forked children against a server that
enforces the budget: the children together keep it (no 429) and Redis counts each of them as a member."""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import redis
from bench_server import CLIENT_ID, CLIENT_SECRET, BenchServer
from propello import Propello, RateLimit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "forks"))

import forking

CALLS, PERIOD = 20, 1.0
THREADS, EACH = 3, 6


def listing_in_threads(child: int) -> dict[str, Any]:
    """THREADS threads x EACH calls with the inherited client; failures by type."""
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def work() -> None:
        for _ in range(EACH):
            try:
                forking.CLIENT.users.list()
            except Exception as error:
                with lock:
                    errors[type(error).__name__] += 1

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"pid": os.getpid(), "errors": dict(errors)}


@pytest.mark.parametrize("method", forking.METHODS)
def test_forked_children_share_the_budget_as_separate_members(api: BenchServer, redis_url: str, method: str) -> None:
    api.reset((CALLS, PERIOD))
    options = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "base_url": api.url, "redis_url": redis_url}
    with Propello(**options, rate_limit=RateLimit(CALLS, PERIOD), timeout=5.0) as client:
        client.users.list()
        forking.CLIENT = client
        try:
            results = forking.run_children(method, listing_in_threads)
        finally:
            forking.CLIENT = None
    stats = api.stats()
    assert [r["errors"] for r in results] == [{}] * forking.CHILDREN
    assert stats["token_requests"] == 1, "the children fetched tokens instead of keeping the parent's"
    calls = 1 + forking.CHILDREN * THREADS * EACH  # the token request is answered (and counted) too
    assert stats["statuses"] == {"200": 1 + calls}, "the children drew 429s"
    with redis.Redis.from_url(redis_url) as shared:
        [members] = shared.keys("propello:*:members")
        counted = shared.zcard(members)
    children = len({r["pid"] for r in results})
    # members are those seen in the last two periods, so the parent (idle since its first call) and children that
    # finished early may have aged out by now; with the parent's identity inherited, all were one member
    assert 1 < counted <= 1 + children, f"Redis counted {counted} members for {children} children"
