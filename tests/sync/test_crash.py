"""Crashes and lost answers: kill -9 at random points of an apply (then resume), 5% of writes processed and then
dropped, and a server that enforces its rate window. Each ends with the exact directory and no duplicate create."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from propello import Backoff, Propello, RateLimit
from propello.sync import ApplyStopped, apply_plan, read_status
from standin import StandIn
from sync_helpers import WINDOW, Runner, expected_directory, person

CHILD = Path(__file__).with_name("apply_child.py")
WRITES = ("create_batch", "update", "delete", "restore")


def _week(runner: Runner) -> tuple[Path, list[dict[str, Any]], list[dict[str, Any]]]:
    """A state of 300 users (25 of them deactivated) and a plan with every kind of write: 600 joiners (6 bulk
    calls), 100 changes, 15 returners, 25 leavers. Returns the plan file, the rows and the users left inactive."""
    base = [person(i) for i in range(300)]
    runner.sync(base)
    runner.sync(base[25:])
    target = (
        [person(i) for i in range(15)]
        + [person(i, last_name="Changed") if i < 125 else person(i) for i in range(25, 275)]
        + [person(i) for i in range(1000, 1600)]
    )
    plan = runner.plan(target, max_deactivate="25")
    assert (plan.counts["create"], plan.counts["update"], plan.counts["restore"], plan.counts["deactivate"]) == (
        600,
        100,
        15,
        25,
    )
    return plan.save(runner.tmp / "week.json"), target, base[15:25] + base[275:]


def _kill_after(api: StandIn, runner: Runner, plan: Path, writes: int) -> bool:
    """Run apply in a child process and kill -9 it once the stand-in has seen `writes` more writes. True when
    the kill landed before the apply finished."""
    start = sum(api.directory.calls[name] for name in WRITES)
    child = subprocess.Popen(
        [sys.executable, str(CHILD), api.url, str(plan), str(runner.state), str(WINDOW.calls), str(WINDOW.period)],
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stdout.readline() == b"ready\n"
    deadline = time.monotonic() + 60
    while sum(api.directory.calls[name] for name in WRITES) - start < writes and child.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.0005)
    child.kill()
    child.wait()
    return child.returncode == -9


@pytest.mark.parametrize("seed", range(6))
def test_kill_9_at_random_points_then_resume(api: StandIn, runner: Runner, seed: int) -> None:
    rng = random.Random(seed)
    plan, rows, inactive = _week(runner)
    # seeds 0-2 kill during the 6 bulk creates, the others during the 140 single writes
    killed = _kill_after(api, runner, plan, rng.randrange(1, 7) if seed < 3 else rng.randrange(7, 146))
    assert killed
    if seed % 2:  # and kill the resume too
        _kill_after(api, runner, plan, rng.randrange(1, 40))
    assert (
        read_status(runner.state)["unfinished"] is not None
    )  # the run is journaled as unfinished, with what is in doubt
    result = apply_plan(runner.client, plan, rate_limit=WINDOW, catch_interrupt=False)
    assert result.outcome == "complete" and result.resumed and not result.failed, result.failed
    assert api.directory.snapshot() == expected_directory(rows, inactive)
    assert not api.directory.duplicates()
    assert read_status(runner.state)["unfinished"] is None


@pytest.mark.usefixtures("ctrl_c")
@pytest.mark.parametrize("catch_interrupt", [False, True], ids=["KeyboardInterrupt", "Ctrl-C twice"])
def test_interrupted_while_a_processed_batch_is_in_flight_then_resume(
    api: StandIn, runner: Runner, catch_interrupt: bool
) -> None:
    """The server creates the first batch's 100 users and is slow to answer; Ctrl-C lands in between (once with
    catch_interrupt off, twice with it on: the first only asks to stop after the call). The journal keeps the
    batch in flight as `sent` (create_many's BulkProgress.in_flight), and the resume settles it by lookups before
    sending the other 50: nobody is created twice."""
    rows = [person(i) for i in range(150)]
    path = runner.plan(rows).save(runner.tmp / "plan.json")
    processed, release = threading.Event(), threading.Event()

    def slow_after_processing(body: Any) -> tuple[int, Any]:
        answer = api._create_batch(body)
        processed.set()
        release.wait(10.0)
        return answer

    def interrupt() -> None:
        if processed.wait(10.0):
            for _ in range(2 if catch_interrupt else 1):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.2)

    api.create_batch_handler = slow_after_processing
    interrupter = threading.Thread(target=interrupt, daemon=True)
    interrupter.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            apply_plan(runner.client, path, rate_limit=WINDOW, catch_interrupt=catch_interrupt)
    finally:
        processed.set()
        release.set()
        interrupter.join(10.0)
    api.create_batch_handler = None
    unsettled = read_status(runner.state)["unfinished"]["unsettled"]
    assert len(unsettled) == 100 and {write["kind"] for write in unsettled} == {"create"}
    assert api.directory.calls["create_batch"] == 1 and len(api.directory.snapshot()) == 100
    result = apply_plan(runner.client, path, rate_limit=WINDOW, catch_interrupt=False)
    assert result.outcome == "complete" and result.resumed and result.settled == 100 and not result.failed
    assert api.directory.calls["create_batch"] == 2  # the other 50 only
    assert api.directory.snapshot() == expected_directory(rows) and not api.directory.duplicates()


def test_five_percent_of_writes_processed_then_dropped(api: StandIn, runner: Runner) -> None:
    plan, rows, inactive = _week(runner)
    api.random.seed(5)
    with api.dropping(0.05):
        result = apply_plan(runner.client, plan, rate_limit=WINDOW, catch_interrupt=False)
    assert api.directory.dropped >= 5 and result.settled >= api.directory.dropped
    assert result.outcome == "complete" and not result.failed
    assert api.directory.snapshot() == expected_directory(rows, inactive)
    assert not api.directory.duplicates()


def test_a_window_enforcing_server_sees_no_429_at_the_configured_rate(tmp_path: Path) -> None:
    limit = RateLimit(calls=20, period=0.1)
    with (
        StandIn(calls=limit.calls, period=limit.period) as api,
        Propello(access_token="t", base_url=api.url, rate_limit=limit, backoff=Backoff(0.01, 0.05)) as client,
    ):
        runner = Runner(client, tmp_path)
        people = [person(i) for i in range(250)]
        runner.sync(people)
        runner.sync([person(i, last_name="Renamed") for i in range(250)])
        assert api.directory.calls["update"] == 250 and api.directory.rejected_429 == 0
        assert api.directory.snapshot() == expected_directory([person(i, last_name="Renamed") for i in range(250)])


def test_the_stand_in_does_enforce_its_window(tmp_path: Path) -> None:
    """The control for the test above: a client allowed far more than the server's window draws 429s (and
    still finishes, as the client waits them out)."""
    with (
        StandIn(calls=3, period=0.1) as api,
        Propello(
            access_token="t", base_url=api.url, rate_limit=RateLimit(100, 0.1), backoff=Backoff(0.01, 0.05)
        ) as client,
    ):
        runner = Runner(client, tmp_path)
        runner.sync([person(i) for i in range(20)])  # a list, 3 lookups and a bulk create at once: over 3 a window
        assert api.directory.rejected_429 > 0
        assert api.directory.snapshot() == expected_directory([person(i) for i in range(20)])


def test_a_lookup_that_shows_no_user_leaves_the_create_in_doubt(api: StandIn, runner: Runner) -> None:
    rows = [person(i) for i in range(150)]
    plan = runner.plan(rows)
    path = plan.save(runner.tmp / "plan.json")
    api.blank_gets = True
    with api.dropping(1.0), pytest.raises(ApplyStopped, match="stays in doubt"):
        apply_plan(runner.client, path, rate_limit=WINDOW, catch_interrupt=False)
    unsettled = read_status(runner.state)["unfinished"]["unsettled"]
    assert len(unsettled) == 100 and api.directory.calls["create_batch"] == 1  # nothing more was sent
    api.blank_gets = False
    result = apply_plan(runner.client, path, rate_limit=WINDOW, catch_interrupt=False)
    assert result.outcome == "complete" and result.settled == 100
    assert api.directory.snapshot() == expected_directory(rows) and not api.directory.duplicates()
