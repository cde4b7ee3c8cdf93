"""`make bench`, sync part: a plan over 1,000,000 rows against a 1,000,000-user state (time and peak memory, in a
process of its own: sync_plan.py), and the calls an apply of 5,000 creates makes once the state is known, counted
by the stand-in directory of tests/sync (real HTTP on loopback) at the API's own limit of 120 calls a minute."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from propello import Propello, RateLimit
from propello.sync import apply_plan, make_plan

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sync"))

from standin import StandIn  # noqa: E402
from sync_helpers import person, write_csv  # noqa: E402

PLAN_USERS = 1_000_000
CREATES = 5_000


def plan_at_scale(users: int = PLAN_USERS) -> list[dict[str, Any]]:
    script = str(Path(__file__).with_name("sync_plan.py"))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, script, "setup", folder, str(users)], check=True)
        done = subprocess.run([sys.executable, script, "plan", folder], check=True, capture_output=True, text=True)
    found = json.loads(done.stdout)
    counts = found["counts"]
    changes = f"{counts['create']:,} creates, {counts['update']:,} updates, {counts['deactivate']:,} deactivations"
    return [
        {
            "measure": f"sync plan: {users:,} rows vs a {users:,}-user state ({changes})",
            "ours": f"{found['seconds']:.1f} s",
            "reference": "",
            "goal": "< 60 s",
            "met": found["seconds"] < 60,
        },
        {
            "measure": "sync plan: peak memory (RSS of the planning process)",
            "ours": f"{found['peak_mb']:.0f} MB",
            "reference": "",
            "goal": "< 200 MB",
            "met": found["peak_mb"] < 200,
        },
    ]


def apply_creates(count: int = CREATES) -> list[dict[str, Any]]:
    limit = RateLimit()  # the API's 120 calls a minute
    with tempfile.TemporaryDirectory() as folder, StandIn(calls=limit.calls, period=limit.period) as api:
        export = write_csv(Path(folder) / "hr.csv", [person(i) for i in range(count)])
        with Propello(access_token="bench", base_url=api.url, rate_limit=limit) as client:
            plan = make_plan(client, export, state=Path(folder) / "s.db", activation_email="skip", rate_limit=limit)
            saved = plan.save(Path(folder) / "plan.json")
            before = api.directory.calls.copy()
            started = time.perf_counter()
            result = apply_plan(client, saved, rate_limit=limit, catch_interrupt=False)
            seconds = time.perf_counter() - started
        calls = api.directory.calls - before
        exact = not api.directory.duplicates() and len(api.directory.users) == count and not result.failed
    made = ", ".join(f"{n} {name}" for name, n in sorted(calls.items()))
    return [
        {
            "measure": f"sync apply: {count:,} creates, state known, at 120 calls/min",
            "ours": f"{made} ({seconds:.1f} s)",
            "reference": f"{-(-count // 100)} bulk calls",
            "goal": "50 bulk calls, nothing else",
            "met": dict(calls) == {"create_batch": -(-count // 100)} and exact,
        }
    ]


if __name__ == "__main__":
    for row in apply_creates() + plan_at_scale():
        print(row)
