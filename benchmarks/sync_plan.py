"""The sync engine's plan over a large export, in a process of its own so its peak memory is its own.

    python sync_plan.py setup DIR USERS   # a state of USERS active users and a weekly export against it
    python sync_plan.py plan DIR          # time make_plan; prints {"seconds", "peak_mb", "counts"} as JSON

The export keeps every user but: 1% with a changed last name, 0.5% leavers, and as many joiners."""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from pathlib import Path

from propello import Propello
from propello.sync import make_plan
from propello.sync.state import State, StateUser


def person(i: int) -> dict[str, str]:
    return {"email": f"user{i:07d}@example.com", "first_name": f"First{i}", "last_name": f"Last{i}"}


def setup(folder: Path, users: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with State(folder / "state.db", identifier="email") as state:
        with state.transaction():
            state.put_users(
                StateUser(p["email"], p["email"], p, "active", "sync") for p in (person(i) for i in range(users))
            )
        state.mark_refreshed()
    leavers, joiners = users // 200, users // 200
    with open(folder / "export.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["email", "first_name", "last_name", "department"])
        writer.writeheader()
        for i in range(leavers, users + joiners):
            row = {**person(i), "department": "Sales"}
            if i % 100 == 0:
                row["last_name"] = "Changed"
            writer.writerow(row)


def plan(folder: Path) -> None:
    started = time.perf_counter()
    with Propello(access_token="unused", base_url="http://127.0.0.1:9") as client:  # no call: the state is known
        made = make_plan(
            client, folder / "export.csv", state=folder / "state.db", activation_email="skip", max_deactivate="1%"
        )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "counts": made.counts, "calls": made.calls}))


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        plan(Path(sys.argv[2]))
