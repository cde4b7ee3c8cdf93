"""Run a fleet of worker processes (worker.py) that start their calls together, for the fleet tests and the
fleet benchmarks."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORKER = Path(__file__).with_name("worker.py")
DEADLINE = 120.0
"""Seconds a fleet may take before its workers are killed and the run fails."""


@dataclass(frozen=True)
class Outcome:
    ok: int
    errors: dict[str, int]
    elapsed: float
    """Seconds from the common start to this worker's last answer."""


def run_fleet(
    configs: Sequence[dict[str, Any]], during: Callable[[], None] | None = None, *, deadline: float = DEADLINE
) -> list[Outcome]:
    """Start one worker per config, wait until all are ready, start them together, run `during` (e.g. stop Redis
    after a while) in this process meanwhile, and return each worker's outcome."""
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for config in configs
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            line = worker.stdout.readline().strip()
            if line != "ready":
                raise RuntimeError(f"a worker did not start: {line!r} {worker.communicate(timeout=10)[1][-3000:]}")
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
        if during is not None:
            during()
        end = time.monotonic() + deadline
        outcomes = []
        for worker in workers:
            out, err = worker.communicate(timeout=max(1.0, end - time.monotonic()))
            if worker.returncode != 0:
                raise RuntimeError(f"a worker failed (exit {worker.returncode}): {err[-3000:]}")
            outcomes.append(Outcome(**json.loads(out.strip().splitlines()[-1])))
        return outcomes
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
