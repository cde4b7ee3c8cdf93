"""`propello sync plan|apply|status` through Click, with a stand-in of the command line's context object."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from propello.sync.cli import sync
from standin import StandIn
from sync_helpers import CommandLine, expected_directory, person, write_csv

CHILD = Path(__file__).with_name("cli_child.py")


def run(api: StandIn, *args: str, output_format: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(sync, list(args), obj=CommandLine(api.url, output_format=output_format))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_plan_apply_status_and_detailed_exitcode(api: StandIn, tmp_path: Path) -> None:
    state, plan = str(tmp_path / "s.db"), str(tmp_path / "plan.json")
    export = str(write_csv(tmp_path / "hr.csv", [person(i) for i in range(150)]))
    code, out, _ = run(api, "plan", export, "--state", state, "--out", plan)
    assert code == 1 and "REFUSED" in out and "--activation-email send, skip or group-default" in out
    assert not Path(plan).exists()
    code, out, _ = run(
        api, "plan", export, "--state", state, "--out", plan, "--activation-email", "skip", "--detailed-exitcode"
    )
    assert code == 2, out
    assert "+ create           150" in out and "2 bulk creates (up to 100 users each) = 2 calls" in out
    assert "none gets an activation email" in out and f"propello sync apply {plan}" in out
    code, out, _ = run(api, "apply", plan)
    assert code == 0 and "Done: 150 create (2 calls" in out
    assert api.directory.snapshot() == expected_directory([person(i) for i in range(150)])
    code, out, _ = run(api, "plan", export, "--state", state, "--detailed-exitcode", "--format", "json")
    assert code == 0 and json.loads(out)["counts"]["unchanged"] == 150
    code, out, _ = run(api, "apply", plan)
    assert code == 1 and "the plan is stale" in out + _
    code, out, _ = run(api, "status", "--state", state)
    assert code == 0 and "Users: 150 active, 0 deactivated" in out and "Last run: complete" in out


def test_apply_jsonl_events_and_failed_file(api: StandIn, tmp_path: Path) -> None:
    state, plan = str(tmp_path / "s.db"), str(tmp_path / "plan.json")
    rows = [person(i) for i in range(120)]
    rows[105]["last_name"] = "REJECTME"  # the stand-in refuses it (422 with data.5.last_name)
    export = str(write_csv(tmp_path / "hr.csv", rows))
    code, out, _ = run(api, "plan", export, "--state", state, "--out", plan, "--activation-email", "skip")
    assert code == 0, out
    api.seed_users([person(110)])  # created by someone else since the plan: refused inside the bulk 200, then found
    code, out, _ = run(api, "apply", plan, "--format", "jsonl")
    events = [json.loads(line) for line in out.splitlines()]
    assert events[0]["event"] == "start" and events[-1]["event"] == "summary"
    assert any(event["event"] == "progress" for event in events)
    summary = events[-1]
    assert code == 1 and summary["done"] == {"create": 119} and summary["failed"] == 1
    assert summary["failures"][0]["reason"] == "last_name: The last name is invalid."
    failed = Path(summary["failed_file"]).read_text()
    assert failed.splitlines()[0] == "email,first_name,last_name,line,error,write"
    assert "user00105@example.com,First105,REJECTME,107,last_name: The last name is invalid.,create" in failed
    assert not api.directory.duplicates()


def test_ctrl_c_stops_after_the_call_in_flight_and_says_how_to_resume(api: StandIn, tmp_path: Path) -> None:
    state, plan = str(tmp_path / "s.db"), str(tmp_path / "plan.json")
    rows = [person(i) for i in range(200)]
    export = str(write_csv(tmp_path / "hr.csv", rows))
    assert run(api, "plan", export, "--state", state, "--out", plan, "--activation-email", "skip")[0] == 0
    run(api, "apply", plan)
    changed = [person(i, last_name="New") for i in range(200)]
    export = str(write_csv(tmp_path / "hr2.csv", changed))
    assert run(api, "plan", export, "--state", state, "--out", plan)[0] == 0
    child = subprocess.Popen(
        [sys.executable, str(CHILD), api.url, "apply", plan], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    while api.directory.calls["update"] < 20:
        assert child.poll() is None
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, (out, err)
    assert b"Stopped after the call in flight" in out and f"`propello sync apply {plan}`".encode() in out
    assert b"Traceback" not in err
    code, out, _ = run(api, "status", "--state", state)
    assert "Unfinished apply" in out and "0 sent with no known outcome" in out
    code, out, _ = run(api, "apply", plan)
    assert code == 0 and "Resumed an unfinished apply" in out
    assert api.directory.snapshot() == expected_directory(changed)
