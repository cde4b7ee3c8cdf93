"""A year of weekly runs against the stand-in: first load, joiners/changes/leavers/returners, nothing to do; the
safety rules (deactivation limit, leavers modes, protected keys, activation emails) and stale plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from propello.sync import StalePlanError, StateError, UnsafePlanError, apply_plan, make_plan, read_status
from standin import StandIn
from sync_helpers import Runner, expected_directory, person, write_csv


def test_first_load_then_weekly_runs_then_nothing_to_do(api: StandIn, runner: Runner) -> None:
    people = [person(i) for i in range(5000)]
    plan = runner.plan(people)
    assert plan.refresh is not None and plan.refresh.method == "list"
    assert plan.counts["create"] == 5000 and plan.calls == 50 and not plan.problems
    before = api.directory.calls.copy()
    result = runner.apply(plan)
    assert api.directory.calls - before == {"create_batch": 50}  # 50 bulk calls and nothing else
    assert result.outcome == "complete" and result.done == {"create": 5000} and not result.failed
    assert api.directory.snapshot() == expected_directory(people)
    assert api.directory.activation_flags == {"False": 50} and api.directory.activation_emails == 0

    # week 2: 100 joiners, 50 changed names, 40 leavers
    week2 = [person(i, last_name="Married") if i < 50 else person(i) for i in range(40, 5100)]
    plan = runner.plan(week2)
    assert plan.refresh is None  # the state is known: no lookups
    assert {k: plan.counts[k] for k in ("create", "update", "deactivate", "restore", "unchanged")} == {
        "create": 100,
        "update": 10,
        "deactivate": 40,
        "restore": 0,
        "unchanged": 4950,
    }
    update = next(action for action in plan.actions if action.kind == "update")
    assert update.diff == {"last_name": ["Last40", "Married"]} and update.fields == {
        "first_name": "First40",
        "last_name": "Married",
    }
    before = api.directory.calls.copy()
    runner.apply(plan)
    assert api.directory.calls - before == {"create_batch": 1, "update": 10, "delete": 40}
    leavers = [person(i) for i in range(40)]
    assert api.directory.snapshot() == expected_directory(week2, inactive=leavers)

    # week 3: 10 of the leavers return (one with a new name), 5 joiners, 5 more leavers
    returners = [person(i, first_name="Back") if i == 0 else person(i) for i in range(10)]
    week3 = returners + week2[5:] + [person(i) for i in range(6000, 6005)]
    plan = runner.plan(week3)
    assert (plan.counts["restore"], plan.counts["update"], plan.counts["create"], plan.counts["deactivate"]) == (
        10,
        1,
        5,
        5,
    )
    kinds = [action.kind for action in plan.actions]
    assert kinds.index("restore") < kinds.index("update")  # a returner is restored before its fields change
    runner.apply(plan)
    gone = [person(i) for i in range(10, 40)] + week2[:5]
    assert api.directory.snapshot() == expected_directory(week3, inactive=gone)
    assert not api.directory.duplicates() and api.directory.rejected_429 == 0

    # week 4: nothing to do
    plan = runner.plan(week3)
    assert plan.actions == [] and plan.calls == 0 and plan.counts["unchanged"] == len(week3)
    before = api.directory.calls.copy()
    result = runner.apply(plan)
    assert api.directory.calls == before and result.done == {} and result.calls == 0
    status = read_status(runner.state)
    assert status["users"] == {"active": len(week3), "deactivated": len(gone), "found_by_refresh": 0}
    assert status["unfinished"] is None and status["last_run"]["outcome"] == "complete"


def test_deactivation_limit_refuses_then_allows_when_raised(api: StandIn, runner: Runner) -> None:
    people = [person(i) for i in range(300)]
    runner.sync(people)
    staying = people[40:]
    plan = runner.plan(staying)
    assert plan.counts["deactivate"] == 40 and plan.problems
    assert "over the limit of 30 (10% of 300 active users, and at least 25)" in plan.problems[0]
    with pytest.raises(UnsafePlanError):
        plan.save(runner.tmp / "refused.json")
    assert all(api.directory.active.values())  # nothing was deactivated

    reported = runner.plan(staying, leavers="report")
    assert not reported.problems and reported.counts["deactivate"] == 0 and len(reported.reported_leavers) == 40
    ignored = runner.plan(staying, leavers="ignore")
    assert not ignored.problems and ignored.actions == [] and ignored.reported_leavers == []

    for raised in ("40", "14%"):
        assert not runner.plan(staying, max_deactivate=raised).problems
    assert runner.plan(staying, max_deactivate="13%").problems  # 39 < 40
    runner.sync(staying, max_deactivate="40")
    assert api.directory.snapshot() == expected_directory(staying, inactive=people[:40])


def test_small_numbers_of_leavers_pass_under_the_floor_of_25(runner: Runner) -> None:
    people = [person(i) for i in range(30)]
    runner.sync(people)
    plan = runner.plan(people[25:])  # 25 of 30 leave: 83%, but not more than 25
    assert plan.counts["deactivate"] == 25 and not plan.problems


def test_protected_keys_are_never_written(api: StandIn, runner: Runner) -> None:
    admins = [{"email": "admin@example.com", "first_name": "Ad", "last_name": "Min"}]
    people = [person(i) for i in range(20)]
    runner.sync(admins + people)
    plan = runner.plan([person(i, last_name="New") for i in range(20)], protect=[r"^admin@"])
    assert plan.counts["deactivate"] == 0 and plan.counts["protected"] == 1 and plan.counts["update"] == 20
    runner.apply(plan)
    assert api.directory.snapshot()["admin@example.com"][0] is True


def test_creates_need_an_activation_email_choice(api: StandIn, runner: Runner) -> None:
    plan = runner.plan([person(1)], activation_email=None)
    assert plan.problems and "--activation-email send, skip or group-default" in plan.problems[0]
    with pytest.raises(UnsafePlanError):
        runner.apply(plan)
    assert api.directory.calls["create_batch"] == 0
    runner.sync([person(1), person(2)], activation_email="send")
    runner.sync([person(1), person(2), person(3)], activation_email="group-default")
    assert api.directory.activation_flags == {"True": 1, "absent": 1} and api.directory.activation_emails == 2


def test_a_stale_plan_is_refused(api: StandIn, runner: Runner) -> None:
    runner.sync([person(i) for i in range(5)])
    first = runner.plan([person(i) for i in range(6)])
    first_path = first.save(runner.tmp / "first.json")
    second = runner.plan([person(i) for i in range(7)])
    second_path = second.save(runner.tmp / "second.json")
    apply_plan(runner.client, first_path, catch_interrupt=False)
    with pytest.raises(StalePlanError, match="Make a new plan"):
        apply_plan(runner.client, second_path, catch_interrupt=False)
    with pytest.raises(StalePlanError):
        apply_plan(runner.client, first_path, catch_interrupt=False)  # applying it twice is refused too
    assert api.directory.creates["user00006@example.com"] == 0 and not api.directory.duplicates()


def test_a_state_keyed_by_email_refuses_another_key(runner: Runner) -> None:
    runner.sync([person(1)])
    with pytest.raises(StateError, match="keys users by email"):
        runner.plan([{**person(1), "employee_id": "E1"}], key="UID=employee_id")


def test_writes_name_a_user_by_the_key_the_state_knows(runner: Runner) -> None:
    runner.sync([person(1)])
    shouted = {**person(1, last_name="New"), "email": "USER00001@EXAMPLE.COM"}
    plan = runner.plan([shouted])
    assert [(a.kind, a.key, a.fields) for a in plan.actions] == [
        ("update", "user00001@example.com", {"first_name": "First1", "last_name": "New"})
    ]


def test_a_plan_made_with_a_relative_state_applies_from_anywhere(
    api: StandIn, runner: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    export = write_csv(tmp_path / "hr.csv", [person(1)])
    plan = make_plan(runner.client, "hr.csv", state="rel.db", activation_email="skip").save(export.with_name("p.json"))
    monkeypatch.chdir(tmp_path.parent)
    apply_plan(runner.client, plan, catch_interrupt=False)
    assert set(api.directory.snapshot()) == {person(1)["email"]}
