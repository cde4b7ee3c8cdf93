"""`make bench`: what the client costs and how it keeps to a rate limit, measured side by side with bare httpx
against a loopback server (bench_server.py, in its own process). Prints a table and writes it into
docs/benchmarks.md between its results markers; the prose around them is kept.

Every figure is a median over rounds run in one go, alternating the two sides so drift hits both alike.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import import_cost
import redis
from bench_server import CLIENT_ID, CLIENT_SECRET, BenchServer
from propello import AsyncPropello, Propello, RateLimit
from sync_bench import apply_creates, plan_at_scale

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fleet"))

from fleet import run_fleet
from redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
EMAIL = "jane@example.com"
USER_PATH = f"/v3/user/get/email/{quote(EMAIL, safe='')}"
ROUNDS, CALLS = 21, 500
"""Per-call overhead: rounds of CALLS sequential calls per side. Many short rounds, alternating, so that a burst of
other work on the machine spoils few of them; the median of the per-round ratios then ignores those."""
THROUGHPUT_ROUNDS, THROUGHPUT_CALLS = 3, 1200
LIMIT = RateLimit(calls=20, period=1.0)
"""The API allows 120 a minute; scaled to 20 a second so the rate-limited runs take seconds."""
LIMITED_ROUNDS = 3
NEVER_REACHED = RateLimit(calls=10**9, period=60.0)
"""The limiter on, at a limit no run reaches: its bookkeeping is in the per-call figures, its waits are not."""


@dataclass(frozen=True)
class Row:
    measure: str
    ours: str
    reference: str
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


def options(server: BenchServer, rate_limit: RateLimit | None = None, redis_url: str | None = None) -> dict[str, Any]:
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "base_url": server.url,
        "rate_limit": rate_limit,
        "redis_url": redis_url,
    }


def bearer(server: BenchServer) -> dict[str, str]:
    """What a hand-written integration sends: a token fetched once."""
    body = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "grant_type": "client_credentials", "scope": "*"}
    token = httpx.post(f"{server.url}/v3/oauth/token", json=body).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def plain_get(http: httpx.Client, headers: dict[str, str]) -> None:
    """Bare httpx doing the same call by hand: send, check the status, parse the JSON."""
    response = http.post(USER_PATH, headers=headers)
    response.raise_for_status()
    response.json()


async def aplain_get(http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    response = await http.post(USER_PATH, headers=headers)
    response.raise_for_status()
    response.json()


def seconds(call: Callable[[], object], times: int) -> float:
    start = time.perf_counter()
    for _ in range(times):
        call()
    return time.perf_counter() - start


@dataclass(frozen=True)
class PerCall:
    """Two sides measured against each other: median µs per call of each, and the median per-round ratios of the
    first side to the second, in wall time and in this process's CPU time (what the client itself spends: the
    server, in its own process, is not in it, nor is time this process waited for a core)."""

    wall: dict[str, float]
    ratio: float
    cpu_ratio: float


def per_call(sides: dict[str, Callable[[], object]]) -> PerCall:
    for call in sides.values():
        seconds(call, 300)
    wall: dict[str, list[float]] = {side: [] for side in sides}
    cpu: dict[str, list[float]] = {side: [] for side in sides}
    for round_ in range(ROUNDS):
        for side in sides if round_ % 2 else reversed(sides):
            started = time.process_time()
            wall[side].append(seconds(sides[side], CALLS) / CALLS * 1e6)
            cpu[side].append(time.process_time() - started)
    return PerCall(
        {side: statistics.median(times) for side, times in wall.items()},
        _median_ratio(*wall.values()),
        _median_ratio(*cpu.values()),
    )


def _median_ratio(first: list[float], second: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(first, second, strict=True))


def overhead(server: BenchServer) -> list[Row]:
    server.reset()
    headers = bearer(server)
    with Propello(**options(server, NEVER_REACHED)) as client, httpx.Client(base_url=server.url) as http:
        client.users.create({"email": EMAIL})
        found = per_call({"ours": lambda: client.users.get("email", EMAIL), "bare": lambda: plain_get(http, headers)})
    return [
        Row(
            "per call: `users.get` (in-process limiter) vs bare httpx",
            f"{found.wall['ours']:.0f} µs",
            f"{found.wall['bare']:.0f} µs",
            f"{found.ratio:.3f}",
            "≤ 1.05",
            found.ratio <= 1.05,
        ),
        Row("the same, the client process's CPU time per call", "", "", f"{found.cpu_ratio:.3f}", "recorded"),
    ]


def tracing_cost(server: BenchServer) -> list[Row]:
    """The same call with tracing on, the OpenTelemetry SDK recording every span and metric (spans handed to an
    exporter that drops them: a real exporter's cost is the application's), against bare httpx and against the
    same client with tracing off. Tracing off is the first row: nothing of OpenTelemetry is imported then."""
    from opentelemetry import metrics, trace
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

    class Dropped(SpanExporter):
        def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(Dropped()))
    trace.set_tracer_provider(provider)
    metrics.set_meter_provider(MeterProvider(metric_readers=[InMemoryMetricReader()]))
    server.reset()
    headers = bearer(server)
    with (
        Propello(**options(server, NEVER_REACHED), tracing=True) as traced,
        Propello(**options(server, NEVER_REACHED), tracing=False) as plain,
        httpx.Client(base_url=server.url) as http,
    ):
        traced.users.create({"email": EMAIL})
        found = per_call({"ours": lambda: traced.users.get("email", EMAIL), "bare": lambda: plain_get(http, headers)})
        against_off = per_call(
            {"on": lambda: traced.users.get("email", EMAIL), "off": lambda: plain.users.get("email", EMAIL)}
        ).ratio
    return [
        Row(
            "per call, tracing on (OpenTelemetry SDK, 2 spans and 4 measurements a call) vs bare httpx",
            f"{found.wall['ours']:.0f} µs",
            f"{found.wall['bare']:.0f} µs",
            f"{found.ratio:.3f}",
            "recorded",
        ),
        Row("per call, tracing on vs the same client with tracing off", "", "", f"{against_off:.3f}", "recorded"),
    ]


def redis_cost(server: BenchServer, redis_url: str) -> list[Row]:
    """The same call with the budget shared through Redis (on loopback) against the in-process limiter alone, and
    how many Redis round trips each call makes (from Redis's own command counts)."""
    server.reset()
    with (
        Propello(**options(server, NEVER_REACHED, redis_url)) as shared,
        Propello(**options(server, NEVER_REACHED)) as alone,
    ):
        shared.users.create({"email": EMAIL})
        found = per_call(
            {"redis": lambda: shared.users.get("email", EMAIL), "in-process": lambda: alone.users.get("email", EMAIL)}
        )
        times = found.wall
        with redis.Redis.from_url(redis_url) as control:
            before = _commands(control)
            seconds(lambda: shared.users.get("email", EMAIL), CALLS)
            trips = (_commands(control) - before) / CALLS
    return [
        Row(
            "per call: `users.get` with `redis_url` vs in-process limiter",
            f"{times['redis']:.0f} µs (+{times['redis'] - times['in-process']:.0f} µs)",
            f"{times['in-process']:.0f} µs",
            f"{found.ratio:.3f}",
        ),
        Row(
            "Redis round trips per call (scripts sent)",
            f"{trips:.3f}",
            "",
            "",
            "≤ 1 (+ the last report)",
            trips <= 1 + 1 / CALLS,
        ),
    ]


def _commands(control: redis.Redis) -> int:
    """Commands clients have sent Redis: our per-call path sends scripts only (what they run inside is not a
    round trip)."""
    stats = control.info("commandstats")
    return sum(int(stats.get(name, {}).get("calls", 0)) for name in ("cmdstat_evalsha", "cmdstat_eval"))


def in_threads(call: Callable[[], object], callers: int, total: int) -> float:
    """Seconds for `total` calls made by `callers` threads, timed from when all are ready."""
    ready = threading.Barrier(callers + 1)

    def work() -> None:
        ready.wait()
        for _ in range(total // callers):
            call()

    threads = [threading.Thread(target=work) for _ in range(callers)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


async def in_tasks(call: Callable[[], Awaitable[object]], callers: int, total: int) -> float:
    async def work() -> None:
        for _ in range(total // callers):
            await call()

    start = time.perf_counter()
    await asyncio.gather(*(work() for _ in range(callers)))
    return time.perf_counter() - start


def throughput_row(mode: str, callers: int, timings: dict[str, list[float]]) -> Row:
    rate = {side: THROUGHPUT_CALLS / statistics.median(found) for side, found in timings.items()}
    unit = "thread" if mode == "sync" else "task"
    return Row(
        f"{mode} throughput, {callers} {unit}{'s' if callers > 1 else ''}",
        f"{rate['ours']:,.0f} calls/s",
        f"{rate['bare']:,.0f} calls/s",
        f"{rate['ours'] / rate['bare']:.3f}",
    )


def sync_throughput(server: BenchServer) -> list[Row]:
    server.reset()
    headers = bearer(server)
    rows = []
    with Propello(**options(server)) as client, httpx.Client(base_url=server.url) as http:
        client.users.create({"email": EMAIL})
        sides = {"ours": lambda: client.users.get("email", EMAIL), "bare": lambda: plain_get(http, headers)}
        for callers in (1, 8, 32):
            timings: dict[str, list[float]] = {"ours": [], "bare": []}
            for _ in range(THROUGHPUT_ROUNDS):
                for side, call in sides.items():
                    timings[side].append(in_threads(call, callers, THROUGHPUT_CALLS))
            rows.append(throughput_row("sync", callers, timings))
    return rows


async def async_throughput(server: BenchServer) -> list[Row]:
    server.reset()
    headers = bearer(server)
    rows = []
    async with AsyncPropello(**options(server)) as client, httpx.AsyncClient(base_url=server.url) as http:
        await client.users.create({"email": EMAIL})
        sides = {"ours": lambda: client.users.get("email", EMAIL), "bare": lambda: aplain_get(http, headers)}
        for callers in (1, 8, 32):
            timings: dict[str, list[float]] = {"ours": [], "bare": []}
            for _ in range(THROUGHPUT_ROUNDS):
                for side, call in sides.items():
                    timings[side].append(await in_tasks(call, callers, THROUGHPUT_CALLS))
            rows.append(throughput_row("async", callers, timings))
    return rows


@contextmanager
def limited_client(server: BenchServer) -> Iterator[Propello]:
    """A client at LIMIT against a server enforcing the same rolling window, its token fetched and its window
    empty again, so what follows starts from a clean slate on both sides."""
    server.reset((LIMIT.calls, LIMIT.period))
    with Propello(**options(server, LIMIT)) as client:
        client.groups.get()
        time.sleep(LIMIT.period * 1.05)
        yield client


def fastest(calls: int) -> float:
    """Seconds from the first to the last of `calls` sends at LIMIT: a full window, then one per period."""
    return (math.ceil(calls / LIMIT.calls) - 1) * LIMIT.period


def limited_runs(server: BenchServer, run: Callable[[Propello], object]) -> tuple[float, dict[str, Any]]:
    """Median seconds of `run` over LIMITED_ROUNDS clean starts, and the server's counts summed over them."""
    timings, totals = [], {"429": 0, "bulk calls": 0}
    for _ in range(LIMITED_ROUNDS):
        with limited_client(server) as client:
            timings.append(seconds(lambda: run(client), 1))
        stats = server.stats()
        totals["429"] += stats["statuses"].get("429", 0)
        totals["bulk calls"] += stats["paths"].get("/v3/user/create/bulk", 0)
    return statistics.median(timings), totals


def rate_limit_utilisation(server: BenchServer, callers: int, total: int = 100) -> Row:
    elapsed, counts = limited_runs(server, lambda client: in_threads(client.groups.get, callers, total))
    return limited_row(
        f"{total} calls at {LIMIT.calls}/{LIMIT.period:g} s, {callers} thread{'s' if callers > 1 else ''}",
        elapsed,
        counts["429"],
        total,
    )


def limited_row(measure: str, elapsed: float, rejected: int, requests: int) -> Row:
    ratio = elapsed / fastest(requests)
    return Row(
        measure,
        f"{elapsed:.3f} s, {rejected} x 429",
        f"{fastest(requests):.3f} s, 0 x 429",
        f"{ratio:.3f}",
        "≤ 1.02, no 429",
        ratio <= 1.02 and rejected == 0,
    )


def many_tasks(server: BenchServer, callers: int = 200) -> Row:
    """`callers` asyncio tasks, one call each, from a clean start as in limited_client."""

    async def run() -> float:
        async with AsyncPropello(**options(server, LIMIT)) as client:
            await client.groups.get()
            await asyncio.sleep(LIMIT.period * 1.05)
            return await in_tasks(client.groups.get, callers, callers)

    server.reset((LIMIT.calls, LIMIT.period))
    elapsed = asyncio.run(run())
    rejected = server.stats()["statuses"].get("429", 0)
    return limited_row(
        f"{callers} calls at {LIMIT.calls}/{LIMIT.period:g} s, {callers} tasks", elapsed, rejected, callers
    )


def fleet(server: BenchServer, redis_url: str, mode: str, callers: int, processes: int = 8, each: int = 20) -> Row:
    """`processes` worker processes sharing LIMIT through one Redis, each with `callers` threads or tasks making
    `each` calls, all starting together from nothing (the token is one of the requests)."""
    with redis.Redis.from_url(redis_url) as control:
        control.flushall()
    server.reset((LIMIT.calls, LIMIT.period))
    config = {
        "base_url": server.url,
        "redis_url": redis_url,
        "mode": mode,
        "callers": callers,
        "calls": each,
        "rate_limit": [LIMIT.calls, LIMIT.period],
    }
    outcomes = run_fleet([config] * processes)
    stats = server.stats()
    requests = processes * each + stats["token_requests"]
    unit = "threads" if mode == "sync" else "tasks"
    measure = f"fleet: {processes} processes x {callers} {unit} on one Redis, {processes * each} calls + token"
    return limited_row(measure, max(o.elapsed for o in outcomes), stats["statuses"].get("429", 0), requests)


def bulk(server: BenchServer, count: int = 10_000) -> Row:
    users = [{"email": f"bulk-{n}@example.com", "first_name": "Bulk"} for n in range(count)]
    elapsed, counts = limited_runs(server, lambda client: client.users.create_many(users))
    calls, expected = counts["bulk calls"] / LIMITED_ROUNDS, math.ceil(count / 100)
    return Row(
        f"bulk: {count:,} users through `create_many` at {LIMIT.calls}/{LIMIT.period:g} s",
        f"{calls:g} calls, {elapsed:.3f} s, {counts['429']} x 429",
        f"{expected} calls, {fastest(expected):.3f} s",
        f"{elapsed / fastest(expected):.3f}",
        f"{expected} calls",
        calls == expected and counts["429"] == 0,
    )


def token_single_flight(server: BenchServer, callers: int = 50) -> list[Row]:
    server.reset()
    with Propello(**options(server)) as client:
        in_threads(client.groups.get, callers, callers)
    sync_tokens = server.stats()["token_requests"]
    server.reset()

    async def first_calls() -> None:
        async with AsyncPropello(**options(server)) as client:
            await in_tasks(client.groups.get, callers, callers)

    asyncio.run(first_calls())
    async_tokens = server.stats()["token_requests"]
    return [
        Row(f"token: {callers} concurrent first calls, {mode}", f"{found} token request(s)", "1", "", "1", found == 1)
        for mode, found in (("threads", sync_tokens), ("tasks", async_tokens))
    ]


def wall(command: list[str], runs: int) -> float:
    """Median seconds a fresh process takes to run `command`."""
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        found.append(time.perf_counter() - start)
    return statistics.median(found)


def cold_start() -> list[Row]:
    """What importing the client costs a fresh process (import_cost.py: a clean venv with the runtime dependencies
    only, whole-process runs less the interpreter's start), and what `make generate` takes."""
    with import_cost.clean_venv() as python:
        figures = import_cost.measure(python)
    with tempfile.TemporaryDirectory() as scratch:
        generate = wall([sys.executable, "scripts/generate.py", "--out", f"{scratch}/propello_api"], 3)
    over = figures["import propello"] - figures["httpx"]
    return [
        Row(
            "cold start: `import propello` over `import httpx`, fresh process, clean venv",
            f"{figures['import propello']:.0f} ms ({over:+.0f} ms)",
            f"`import httpx`: {figures['httpx']:.0f} ms",
            "",
            f"≤ +{import_cost.GOAL_MS:.0f} ms",
            over <= import_cost.GOAL_MS,
        ),
        *(
            Row(f"cold start: {name}", f"{figures[name]:.0f} ms ({figures[name] - figures['httpx']:+.0f} ms)", "")
            for name in ("from propello import Propello", "Propello(...) built")
        ),
        Row("`scripts/generate.py --out <tmp>` on the snapshot", f"{generate:.2f} s", ""),
    ]


CLI_START_GOAL = 1.5
"""`propello --version` may take at most this many times `python -c "import httpx"` (issue 18)."""


def cli_start(runs: int = 21) -> Row:
    """Whole-process wall time of `propello --version` against `python -c "import httpx"`, median of `runs` each
    (alternating), in a fresh venv where `propello-cloud[cli]` is installed as users install it (this checkout's
    wheel with the extra, at the pinned versions): no editable install, no dev tools on the path."""
    with tempfile.TemporaryDirectory() as scratch:
        build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", scratch, str(ROOT)]
        subprocess.run(build, check=True, capture_output=True)
        wheel = next(Path(scratch).glob("*.whl"))
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python, script = str(venv / "bin" / "python"), str(venv / "bin" / "propello")
        install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*install, "-c", str(ROOT / "constraints.txt"), f"{wheel}[cli]"], check=True, cwd=scratch)
        timings: dict[str, list[float]] = {"httpx": [], "cli": []}
        for _ in range(runs):
            timings["httpx"].append(wall([python, "-c", "import httpx"], 1))
            timings["cli"].append(wall([script, "--version"], 1))
    httpx_alone, version = statistics.median(timings["httpx"]), statistics.median(timings["cli"])
    return Row(
        'start-up: `propello --version` vs `python -c "import httpx"`, whole process, fresh venv with [cli]',
        f"{version * 1e3:.0f} ms",
        f"{httpx_alone * 1e3:.0f} ms",
        f"{version / httpx_alone:.2f}",
        f"≤ {CLI_START_GOAL}",
        version / httpx_alone <= CLI_START_GOAL,
    )


def memory() -> Row:
    """Peak memory of one call answered with a body at the default cap (benchmarks/memory.py, its own process)."""
    found = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "memory.py")], check=True, capture_output=True, text=True
        ).stdout
    )
    body, peak = found["body_bytes"], found["tracemalloc_peak"]
    return Row(
        f"peak memory, one {body / 2**20:.0f} MiB user list (the default cap; Python allocations; RSS growth)",
        f"{peak / 2**20:.0f} MiB; {found['rss_growth'] / 2**20:.0f} MiB",
        f"body {body / 2**20:.0f} MiB",
        f"{peak / body:.1f}x",
        "≤ 4x",
        peak <= 4 * body,
    )


def table(rows: list[Row]) -> str:
    lines = ["| Measure | propello | Bare httpx / minimum | Ratio | Goal | Met |", "|---|---|---|---|---|---|"]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.measure} | {row.ours} | {row.reference} | {row.ratio} | {row.goal} | {met} |")
    return "\n".join(lines)


def machine() -> str:
    return (
        f"{date.today().isoformat()}, {os.cpu_count()} cores ({platform.machine()}, {platform.system()}), "
        f"Python {platform.python_version()}, httpx {httpx.__version__}"
    )


def write_doc(results: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, found, rest = text.partition(START)
    after = rest.partition(END)[2] if found else "\n"
    DOC.write_text(f"{before}{START}\n{results}\n{END}{after}", encoding="utf-8")


def main() -> None:
    started = time.perf_counter()
    server = BenchServer()
    try:
        rows = overhead(server)
        rows += tracing_cost(server)
        rows += sync_throughput(server)
        rows += asyncio.run(async_throughput(server))
        rows += [rate_limit_utilisation(server, callers) for callers in (1, 8)]
        rows.append(rate_limit_utilisation(server, 64, 128))
        rows.append(many_tasks(server))
        rows.append(bulk(server))
        rows += token_single_flight(server)
        with RedisServer() as shared:
            rows += redis_cost(server, shared.url)
            rows.append(fleet(server, shared.url, "sync", callers=4))
            rows.append(fleet(server, shared.url, "async", callers=8))
    finally:
        server.close()
    rows += cold_start()
    rows.append(cli_start())
    rows.append(memory())
    rows += [Row(**found) for found in apply_creates() + plan_at_scale()]
    results = f"Measured {machine()}; `make bench` took {time.perf_counter() - started:.0f} s.\n\n{table(rows)}"
    print(results)
    write_doc(results)
    print(f"\nwritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
