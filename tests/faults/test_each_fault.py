"""Each fault once, on the first attempt of a create and of a read: what the client must do, case by case.

A write is replayed only when the server said it did not act (429, 401); otherwise the error's claim is checked
against the store. A read is retried through anything transient, including a body cut short, and fails (typed)
only when a 200 carries a body it cannot parse."""

from __future__ import annotations

from typing import Any

import pytest
from drivers import Call, Mode, run_flows
from propello import APIResponseValidationError
from scenarios import DEADLINE, check_no_secrets, check_reads, check_writes, each, user
from server import MENU, Fault, FaultServer, Kind, ScriptedPlan

REPLAYABLE = {Kind.THROTTLE, Kind.REVOKE}
"""The server said it did not act on the request."""
UNPARSABLE = {Kind.MALFORMED, Kind.TRUNCATED}


def fault_id(fault: Fault) -> str:
    return str(fault).replace(" ", "-")


@pytest.mark.parametrize("fault", MENU, ids=fault_id)
def test_a_create_meets_one_fault(
    mode: Mode, fault: Fault, server: FaultServer, options: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    server.plan = ScriptedPlan("/v3/user/create", {1: fault})

    [[outcome]] = run_flows(mode, options, [each([Call("users.create", (user("one"),))])], deadline=DEADLINE)

    check_writes([outcome], server.api)
    replayed = fault.kind in REPLAYABLE
    assert len(server.to_path("/v3/user/create")) == (2 if replayed else 1)
    succeeds = replayed or (fault.kind is Kind.HUGE and fault.status < 300)
    assert (outcome.error is None) == succeeds, outcome.error
    check_no_secrets([outcome.error] if outcome.error else [], logs, server.api)


@pytest.mark.parametrize("fault", MENU, ids=fault_id)
def test_a_read_meets_one_fault(
    mode: Mode, fault: Fault, server: FaultServer, options: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    server.plan = ScriptedPlan("/v3/user/get/email/one%40example.com", {1: fault})
    calls = [Call("users.create", (user("one"),)), Call("users.get", ("email", "one@example.com"))]

    [[created, read]] = run_flows(mode, options, [each(calls)], deadline=DEADLINE)

    assert created.error is None
    check_reads([read])
    if fault.kind in UNPARSABLE:
        assert isinstance(read.error, APIResponseValidationError)
    else:
        assert read.error is None, f"a read was not retried after: {fault}"
    check_no_secrets([read.error] if read.error else [], logs, server.api)
