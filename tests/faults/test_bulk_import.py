"""A bulk import of 1,000 users whose batches fail mid-run in every way, resumed each time from what
BulkCreateError reports, ends with each user created exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from drivers import Mode, run_flows
from propello import BulkCreateError
from scenarios import DEADLINE, check_bulk_error, check_no_secrets, emails, import_users, user
from server import Fault, FaultServer, Kind, ScriptedPlan

BULK = "/v3/user/create/bulk"
SCRIPT = {
    2: Fault(Kind.STATUS, 503, processed=True),
    3: Fault(Kind.DROP),
    4: Fault(Kind.THROTTLE, 429, retry_after="seconds"),
    5: Fault(Kind.THROTTLE, 429, retry_after="date"),
    6: Fault(Kind.THROTTLE, 429, retry_after="seconds"),
    8: Fault(Kind.STALL, processed=True),
    9: Fault(Kind.REVOKE, 401),
    11: Fault(Kind.TRUNCATED),
    12: Fault(Kind.STATUS, 500),
    14: Fault(Kind.CUT),
    15: Fault(Kind.HTML, 502),
    17: Fault(Kind.STALL),
}
"""Faults by bulk request number. 4-6 exhaust the retries (max_retries=2) of one batch: a RateLimitError, which
says the batch was not processed; the others fail a batch that was, or may have been, processed."""


def test_bulk_import_resumes_without_duplicates(
    mode: Mode, server: FaultServer, options: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    plan = ScriptedPlan(BULK, SCRIPT)
    server.plan = plan
    users = [user(f"import-{n:04}") for n in range(1000)]

    [attempts] = run_flows(mode, options, [import_users(users, server.api.users.__contains__)], deadline=DEADLINE)

    assert not plan.pending, f"the import ended before faults {sorted(plan.pending)}"
    assert attempts[-1].error is None, "the import gave up"
    api = server.api
    assert sorted(api.users) == sorted(emails(users))
    assert api.duplicate_attempts == 0 and set(api.commits.values()) == {1}
    failures = attempts[:-1]
    errors = [a.error for a in failures if isinstance(a.error, BulkCreateError)]
    assert len(errors) == len(failures), "a failed create_many raised something else than BulkCreateError"
    for attempt, error in zip(failures, errors, strict=True):
        check_bulk_error(error, attempt.sent, attempt.committed, attempt.not_sent)
        assert attempt.progress[-1:] == ([error.accepted_count] if error.accepted_count else [])
    assert {error.may_have_been_processed for error in errors} == {True, False}
    check_no_secrets([a.error for a in attempts if a.error], logs, api)
