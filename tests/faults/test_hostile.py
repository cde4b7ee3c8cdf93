"""A hostile (or badly broken) server: JSON nested 100,000 deep, gzip bombs, errors that echo our secrets back, token
responses that cannot be trusted. Every outcome is a result or the typed error the README promises, claims about
processing stay true, and no secret is reachable from an error."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest
from drivers import Call, Flow, Mode, Outcome, run_flows
from propello import (
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    PropelloError,
    ResponseTooLargeError,
    UnprocessableEntityError,
)
from propello._tokens.auth import DEFAULT_LIFETIME
from scenarios import DEADLINE, SECRET, check_no_secrets, check_reads, check_writes, each, user
from server import DROP_FIELD, HOSTILE, Fault, FaultServer, Kind, ScriptedPlan, bomb

TOKEN_PATH = "/v3/oauth/token"
CREATE_PATH = "/v3/user/create"
READ_PATH = "/v3/user/get/email/one%40example.com"
EVERY_ATTEMPT = (1, 2, 3)
"""max_retries is 2 in these tests."""

EXPECTED: dict[Fault, type[PropelloError]] = {
    Fault(Kind.DEEP, 200): APIResponseValidationError,
    Fault(Kind.DEEP, 422): UnprocessableEntityError,
    Fault(Kind.DEEP, 503, processed=True): InternalServerError,
    Fault(Kind.BOMB, 200): ResponseTooLargeError,
    Fault(Kind.BOMB, 503): ResponseTooLargeError,
    Fault(Kind.ECHO, 422): UnprocessableEntityError,
    Fault(Kind.ECHO, 500): InternalServerError,
}
assert set(EXPECTED) == set(HOSTILE)


@pytest.fixture(autouse=True, scope="module")
def bomb_made() -> None:
    """Compressing the bomb takes longer than a read timeout: not while a client waits for it."""
    bomb(FaultServer.BOMB_BYTES)


def fault_id(fault: Fault) -> str:
    return str(fault).replace(" ", "-")


def check_error(fault: Fault, error: PropelloError | None) -> None:
    assert type(error) is EXPECTED[fault], error
    if fault.kind is Kind.DEEP and fault.status >= 300:
        assert isinstance(error.body, str) and error.body.startswith("[[[["), "a too-deep error body is kept as text"
    if fault.kind is Kind.ECHO:
        assert "***" in str(error) and "***" in str(error.errors)


@pytest.mark.parametrize("fault", HOSTILE, ids=fault_id)
def test_a_read_meets_a_hostile_answer_on_every_attempt(
    mode: Mode, fault: Fault, server: FaultServer, options: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    server.plan = ScriptedPlan(READ_PATH, dict.fromkeys(EVERY_ATTEMPT, fault))
    calls = [Call("users.create", (user("one"),)), Call("users.get", ("email", "one@example.com"))]

    [[created, read]] = run_flows(mode, options, [each(calls)], deadline=DEADLINE)

    assert created.error is None
    check_reads([read])
    check_error(fault, read.error)
    check_no_secrets([read.error] if read.error else [], logs, server.api)


@pytest.mark.parametrize("fault", HOSTILE, ids=fault_id)
def test_a_create_meets_a_hostile_answer(
    mode: Mode, fault: Fault, server: FaultServer, options: dict[str, Any], logs: pytest.LogCaptureFixture
) -> None:
    server.plan = ScriptedPlan(CREATE_PATH, {1: fault})

    [[outcome]] = run_flows(mode, options, [each([Call("users.create", (user("one"),))])], deadline=DEADLINE)

    check_writes([outcome], server.api)  # "not processed" claims are true, nothing was replayed after a commit
    check_error(fault, outcome.error)
    check_no_secrets([outcome.error] if outcome.error else [], logs, server.api)


def token_fault(**fields: object) -> Fault:
    return Fault(Kind.TOKEN, fields=tuple(fields.items()))


TOKEN_REFUSED: list[tuple[Fault, type[PropelloError]]] = [
    (token_fault(token_type="MAC"), APIResponseValidationError),
    (token_fault(token_type=7), APIResponseValidationError),
    (token_fault(access_token="tok\r\nX-Injected: 1"), APIResponseValidationError),
    (token_fault(access_token="tök-non-ascii-123"), APIResponseValidationError),
    (token_fault(access_token="tok\x00nul-0123456"), APIResponseValidationError),
    (token_fault(access_token=42), APIResponseValidationError),
    (token_fault(access_token=""), APIResponseValidationError),
    (token_fault(access_token=DROP_FIELD), APIResponseValidationError),
    (Fault(Kind.DEEP, 200), APIResponseValidationError),
    (Fault(Kind.BOMB, 200), ResponseTooLargeError),
    (Fault(Kind.ECHO, 400), BadRequestError),
    (Fault(Kind.ECHO, 401), AuthenticationError),
    (Fault(Kind.STATUS, 503), InternalServerError),
    (Fault(Kind.STALL), APITimeoutError),
]


@pytest.mark.parametrize(("fault", "kind"), TOKEN_REFUSED, ids=[fault_id(f) for f, _ in TOKEN_REFUSED])
def test_an_unusable_token_answer_fails_the_call_which_was_not_processed(
    mode: Mode,
    fault: Fault,
    kind: type[PropelloError],
    server: FaultServer,
    options: dict[str, Any],
    logs: pytest.LogCaptureFixture,
) -> None:
    server.plan = ScriptedPlan(TOKEN_PATH, dict.fromkeys(EVERY_ATTEMPT, fault))

    [[outcome]] = run_flows(mode, options, [each([Call("users.create", (user("one"),))])], deadline=DEADLINE)

    error = outcome.error
    assert type(error) is kind, error
    assert "POST /v3/oauth/token" in str(error) and "/v3/user/create" not in str(error)
    assert "the call that needed the token was not processed" in str(error)
    assert error.may_have_been_processed is False
    assert server.to_path(CREATE_PATH) == []
    response = getattr(error, "response", None)
    if response is not None:  # the token endpoint's own error answer
        assert SECRET not in response.request.content.decode() and b'"client_secret": "***"' in response.request.content
        assert response.history == []
    check_no_secrets([error], logs, server.api)


@pytest.mark.parametrize(
    "fault",
    [token_fault(token_type="bearer"), token_fault(token_type="BEARER"), token_fault(token_type=DROP_FIELD)],
    ids=fault_id,
)
def test_a_bearer_token_in_any_case_or_without_token_type_is_used(
    mode: Mode, fault: Fault, server: FaultServer, options: dict[str, Any]
) -> None:
    server.plan = ScriptedPlan(TOKEN_PATH, {1: fault})
    [[outcome]] = run_flows(mode, options, [each([Call("users.create", (user("one"),))])], deadline=DEADLINE)
    assert outcome.error is None
    assert server.api.commits["one@example.com"] == 1


def renewals(clock: Any) -> Flow[list[Outcome]]:
    """A read, one just before the default lifetime (less its 10% margin) is over, and one just after."""
    outcomes = [(yield Call("users.list"))]
    clock.advance(DEFAULT_LIFETIME * 0.9 - 1)
    outcomes.append((yield Call("users.list")))
    clock.advance(2)
    outcomes.append((yield Call("users.list")))
    return outcomes


@pytest.mark.parametrize("expires_in", [0, -5, "3600", 1.5, True, None, DROP_FIELD, 10**12], ids=repr)
def test_an_expires_in_that_is_no_positive_integer_means_a_short_lifetime_and_a_warning(
    mode: Mode,
    expires_in: object,
    server: FaultServer,
    options: dict[str, Any],
    logs: pytest.LogCaptureFixture,
) -> None:
    server.plan = ScriptedPlan(TOKEN_PATH, dict.fromkeys((1, 2), token_fault(expires_in=expires_in)))

    [outcomes] = run_flows(mode, options, [renewals(options["_clock"])], deadline=DEADLINE)

    assert [o.error for o in outcomes] == [None, None, None]
    assert server.api.token_requests == 2  # the first token served the first two reads
    warnings = [r.getMessage() for r in logs.records if r.levelname == "WARNING"]
    assert len(warnings) == 2 and all("expires_in is not a positive number of seconds" in w for w in warnings)
    assert f"using the token for {DEFAULT_LIFETIME} s" in warnings[0]


@pytest.mark.parametrize("cap", [None, 4 << 20], ids=["default-24MiB", "4MiB"])
def test_a_gzip_bomb_stops_at_the_cap_in_bounded_memory(
    mode: Mode, cap: int | None, server: FaultServer, options: dict[str, Any]
) -> None:
    """64 MiB inflated from 64 KiB: the read stops at the cap, holding little more than the cap at any moment."""
    server.plan = ScriptedPlan("/v3/user/list", {1: Fault(Kind.BOMB, 200)})
    chosen = {**options, "max_retries": 0} if cap is None else {**options, "max_retries": 0, "max_response_bytes": cap}
    tracemalloc.start()
    try:
        [[outcome]] = run_flows(mode, chosen, [each([Call("users.list")])], deadline=DEADLINE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    limit = cap or 24 << 20
    assert isinstance(outcome.error, ResponseTooLargeError) and outcome.error.limit == limit
    assert f"larger than max_response_bytes ({limit} bytes" in str(outcome.error)
    assert peak < limit + (8 << 20), f"peak {peak >> 20} MiB for a {limit >> 20} MiB cap"


def test_a_huge_plain_body_over_a_configured_cap(mode: Mode, server: FaultServer, options: dict[str, Any]) -> None:
    server.plan = ScriptedPlan("/v3/user/list", {1: Fault(Kind.HUGE, 200)})  # 4 MiB
    chosen = {**options, "max_response_bytes": 1 << 20}
    [[outcome]] = run_flows(mode, chosen, [each([Call("users.list")])], deadline=DEADLINE)
    assert isinstance(outcome.error, ResponseTooLargeError) and outcome.error.may_have_been_processed
    assert len(server.to_path("/v3/user/list")) == 1  # an answer too large is not retried: it would be again
