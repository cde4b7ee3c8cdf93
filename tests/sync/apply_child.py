"""One apply in a process of its own, for the kill -9 tests.

    python apply_child.py BASE_URL PLAN STATE CALLS PERIOD

Prints "ready" once the client is built, then applies the plan, then prints "finished"."""

from __future__ import annotations

import sys

from propello import Backoff, Propello, RateLimit
from propello.sync import apply_plan


def main(url: str, plan: str, state: str, calls: str, period: str) -> None:
    limit = RateLimit(int(calls), float(period))
    with Propello(access_token="test-token", base_url=url, rate_limit=limit, backoff=Backoff(0.01, 0.05)) as client:
        print("ready", flush=True)
        apply_plan(client, plan, state=state, rate_limit=limit, catch_interrupt=False)
        print("finished", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])
