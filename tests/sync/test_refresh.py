"""Refresh: users.list is used only when its answer is certainly a plain list of every user; otherwise one
users.get per key, announced with its duration first. Users the server has are matched, never created twice."""

from __future__ import annotations

from typing import Any

import pytest
from standin import StandIn
from sync_helpers import Runner, expected_directory, person


@pytest.mark.parametrize(
    ("list_mode", "why"),
    [
        ("paged", "its data is not a list"),
        ("truncated", "the list lacked exist (users.get): the list is partial"),
    ],
)
def test_a_list_that_is_not_certainly_whole_falls_back_to_lookups(
    api: StandIn, runner: Runner, list_mode: str, why: str
) -> None:
    api.list_mode = list_mode
    existing = [person(i) for i in range(40)]
    api.seed_users(existing)
    events: list[dict[str, Any]] = []
    rows = [person(i) for i in range(60)]
    plan = runner.plan(rows, on_event=events.append)
    assert plan.refresh is not None and plan.refresh.method == "lookup" and why in plan.refresh.why
    announced = next(event for event in events if event["event"] == "refresh")
    assert announced["calls"] == 60 and "seconds" in announced  # said before the first lookup
    assert plan.refresh.found == 40 and plan.counts["create"] == 20 and plan.counts["unchanged"] == 40
    runner.apply(plan)
    assert not api.directory.duplicates() and api.directory.snapshot() == expected_directory(rows)


def test_a_plain_list_is_used_and_shows_no_leaver_it_cannot_see(api: StandIn, runner: Runner) -> None:
    api.seed_users([person(i) for i in range(10)])
    plan = runner.plan([person(i) for i in range(5, 12)])
    assert plan.refresh is not None and plan.refresh.method == "list" and plan.refresh.calls == 1 + 2
    assert (plan.counts["create"], plan.counts["unchanged"], plan.counts["deactivate"]) == (2, 5, 5)


def test_refresh_forgets_users_deleted_behind_the_states_back(api: StandIn, runner: Runner) -> None:
    rows = [person(i) for i in range(10)]
    runner.sync(rows)
    gone = api.directory.find("email", rows[3]["email"])
    assert gone is not None
    api.directory.active[gone] = False  # deactivated in the admin UI, not by a sync
    api.list_mode = "paged"
    plan = runner.plan(rows, refresh_first=True)
    assert plan.refresh is not None and plan.refresh.forgotten == 1
    # the state no longer claims it is active: the plan creates it, and the API's refusal is reported
    assert plan.counts["create"] == 1
    result = runner.apply(plan)
    assert result.failed and "already been taken" in result.failed[0]["reason"]
    assert not api.directory.duplicates()
