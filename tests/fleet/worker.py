"""One worker process of a fleet: `python worker.py '<json>'` builds a Propello (threads) or AsyncPropello (tasks)
client, prints "ready", waits for a line on stdin (so a fleet starts together), makes its calls and prints one
JSON line: {"ok": successes, "errors": {error type: count}, "elapsed": seconds}.

Options: base_url, redis_url (null: none), mode ("sync" | "async"), callers, calls (in total, spread over callers),
rate_limit [calls, period], max_retries, skew (seconds added to this process's clock, wall and monotonic),
token_dir (a FileTokenStore there instead of Redis's), client_secret.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from propello import AsyncPropello, FileTokenStore, Propello, PropelloError, RateLimit
from propello._clock import SystemClock


class SkewedClock(SystemClock):
    """The system clock, off by `skew` seconds: a host whose clock is wrong."""

    def __init__(self, skew: float) -> None:
        self._skew = skew

    def monotonic(self) -> float:
        return super().monotonic() + self._skew

    def time(self) -> float:
        return super().time() + self._skew


def client_options(config: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "client_id": 1,
        "client_secret": config.get("client_secret", "bench-secret"),
        "base_url": config["base_url"],
        "redis_url": config.get("redis_url"),
        "rate_limit": RateLimit(*config["rate_limit"]) if config.get("rate_limit") else None,
        "max_retries": config.get("max_retries", 2),
        "_clock": SkewedClock(config.get("skew", 0.0)),
    }
    if config.get("token_dir"):
        options["token_store"] = FileTokenStore(Path(config["token_dir"]) / "token.json")
    return options


def run_sync(config: dict[str, Any], outcomes: Counter[str]) -> float:
    """Seconds from the go to the last call's end."""
    callers, lock = config["callers"], threading.Lock()
    with Propello(**client_options(config)) as client:
        started = ready()

        def work(count: int) -> None:
            for _ in range(count):
                outcome = call(client.groups.get)
                with lock:
                    outcomes[outcome] += 1

        threads = [threading.Thread(target=work, args=(n,)) for n in shares(config["calls"], callers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


async def run_async(config: dict[str, Any], outcomes: Counter[str]) -> float:
    async with AsyncPropello(**client_options(config)) as client:
        started = await asyncio.get_running_loop().run_in_executor(None, ready)

        async def work(count: int) -> None:
            for _ in range(count):
                try:
                    await client.groups.get()
                    outcomes["ok"] += 1
                except PropelloError as error:
                    outcomes[type(error).__name__] += 1

        await asyncio.gather(*(work(n) for n in shares(config["calls"], config["callers"])))
        return time.monotonic() - started


def call(method: Any) -> str:
    try:
        method()
    except PropelloError as error:
        return type(error).__name__
    return "ok"


def shares(total: int, callers: int) -> list[int]:
    return [total // callers + (1 if n < total % callers else 0) for n in range(callers)]


def ready() -> float:
    """Say so, wait for the go, and answer when it came."""
    print("ready", flush=True)
    sys.stdin.readline()
    return time.monotonic()


def main() -> None:
    config = json.loads(sys.argv[1])
    outcomes: Counter[str] = Counter()
    elapsed = run_sync(config, outcomes) if config["mode"] == "sync" else asyncio.run(run_async(config, outcomes))
    ok = outcomes.pop("ok", 0)
    print(json.dumps({"ok": ok, "errors": dict(outcomes), "elapsed": elapsed}), flush=True)


if __name__ == "__main__":
    main()
