"""The fault scenarios as flows (see drivers), written once for sync and async, and the checks that hold the
client's outcomes against what the server really did."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from drivers import Call, Flow, Outcome
from fake_api import FakeApi
from propello import APIError, BulkCreateError, BulkProgress, NotFoundError, PropelloError

User = dict[str, Any]
CLIENT_ID = 7
SECRET = "fault-secret-6c1f0e9a"
READ_TIMEOUT = 0.2
DEADLINE = 60.0
"""Seconds a whole scenario may take before the test calls it hung (it normally takes a few)."""
MAX_ERROR_MESSAGE = 1000
"""An error message is one line for a log, whatever the server sent (a huge or HTML body)."""


def user(tag: str) -> User:
    return {"email": f"{tag}@example.com", "first_name": "Faulty", "last_name": tag}


def emails(users: Iterable[object]) -> list[str]:
    """Emails of our user dicts (BulkCreateError hands back the very objects we passed)."""
    found = []
    for one in users:
        assert isinstance(one, Mapping), f"expected one of our user dicts, got {type(one).__name__}"
        found.append(one["email"])
    return found


def written(call: Call) -> list[str]:
    """Emails of the users a write call creates."""
    return emails(call.args[0]) if call.method == "users.create_many" else emails([call.args[0]])


def mixed_calls(seed: int, count: int) -> list[Call]:
    """Reads (user by email, known or not; user list; group), creates and bulk creates of 1 to 150 users."""
    rng = random.Random(seed)
    planned: list[str] = []
    calls: list[Call] = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.3:
            calls.append(Call("users.create", (user(f"single-{n}"),)))
            planned.append(calls[-1].args[0]["email"])
        elif roll < 0.45:
            batch = [user(f"bulk-{n}-{i}") for i in range(rng.choice((1, 3, 10, 40, 100, 150)))]
            calls.append(Call("users.create_many", (batch,)))
            planned += emails(batch)
        elif roll < 0.85:
            known = planned and rng.random() < 0.9
            calls.append(Call("users.get", ("email", rng.choice(planned) if known else f"nobody-{n}@example.com")))
        else:
            calls.append(Call("users.list") if roll < 0.95 else Call("groups.get"))
    return calls


def each(calls: list[Call]) -> Flow[list[Outcome]]:
    """Make the calls one after another; return their outcomes."""
    outcomes = []
    for call in calls:
        outcomes.append((yield call))
    return outcomes


def dealt(calls: list[Call], hands: int) -> list[list[Call]]:
    """The calls split round-robin among `hands` concurrent callers."""
    return [calls[i::hands] for i in range(hands)]


@dataclass(frozen=True)
class ImportAttempt:
    sent: list[object]
    error: PropelloError | None
    progress: list[int]
    """`users_accepted` after each accepted batch (BulkProgress.on_batch)."""
    committed: set[str]
    """Emails of the users in `sent` the server had created when the call returned."""
    not_sent: list[object]
    """What the error's `not_sent` iterator held (read once, for the resume and for the checks)."""


def import_users(
    users: list[User], server_knows: Callable[[str], bool], *, max_attempts: int = 50
) -> Flow[list[ImportAttempt]]:
    """Bulk-import `users`, resuming after each failure with what BulkCreateError reports: the failed batch (only
    its users the API does not know, when it may have been processed) and the users never sent.
    `server_knows` looks into the server's store, to record what each attempt really created."""
    attempts: list[ImportAttempt] = []
    remaining: list[object] = list(users)
    while remaining and len(attempts) < max_attempts:
        progress: list[int] = []
        outcome = yield Call("users.create_many", (remaining,), {"progress": _recorder(progress)})
        committed = {e for e in emails(remaining) if server_knows(e)}
        error = outcome.error
        not_sent = list(error.not_sent) if isinstance(error, BulkCreateError) else []
        attempts.append(ImportAttempt(remaining, error, progress, committed, not_sent))
        if error is None:
            return attempts
        assert isinstance(error, BulkCreateError), f"create_many raised {type(error).__name__}, not BulkCreateError"
        retry: list[object] = list(error.failed_batch)
        if error.may_have_been_processed:
            retry = yield from _unknown_to_api(error.failed_batch)
        remaining = [*retry, *not_sent]
    return attempts


def _recorder(progress: list[int]) -> BulkProgress:
    return BulkProgress(on_batch=lambda now: progress.append(now.users_accepted))


def _unknown_to_api(users: Sequence[object]) -> Flow[list[object]]:
    missing: list[object] = []
    for one, email in zip(users, emails(users), strict=True):
        outcome = yield Call("users.get", ("email", email))
        if isinstance(outcome.error, NotFoundError):
            missing.append(one)
        elif outcome.error is not None:
            raise outcome.error
    return missing


def check_writes(outcomes: list[Outcome], api: FakeApi) -> None:
    """Every write the server processed, it processed once; every failed write says whether it may have been
    processed, and "not processed" is true."""
    assert api.duplicate_attempts == 0, f"{api.duplicate_attempts} writes were replayed after the server committed"
    assert max(api.commits.values(), default=0) <= 1
    for outcome in (o for o in outcomes if o.call.is_write):
        sent = written(outcome.call)
        committed = {e for e in sent if api.commits[e]}
        if outcome.error is None:
            assert committed == set(sent), f"{outcome.call.method} succeeded but the server did not commit it all"
        elif isinstance(outcome.error, BulkCreateError):
            check_bulk_error(outcome.error, outcome.call.args[0], committed, list(outcome.error.not_sent))
        else:
            check_claim(outcome.error, committed)


def check_claim(error: PropelloError, committed: set[str]) -> None:
    assert isinstance(error, APIError), f"a failed write raised {type(error).__name__}, which makes no claim"
    assert isinstance(error.may_have_been_processed, bool)
    if not error.may_have_been_processed:
        assert not committed, f"{type(error).__name__} ({error}) says not processed; the server committed it"


def check_bulk_error(error: BulkCreateError, sent: list[object], committed: set[str], rest: list[object]) -> None:
    """The error names exactly the users the API accepted, the batch that failed and the users never sent (`rest`,
    what its not_sent iterator held)."""
    accepted_users = sent[: error.accepted_count]
    assert [*accepted_users, *error.failed_batch, *rest] == sent
    assert error.not_sent_count == len(rest)
    accepted, failed, not_sent = (set(emails(part)) for part in (accepted_users, error.failed_batch, rest))
    assert accepted <= committed, "BulkCreateError lists as accepted users the server did not create"
    assert not not_sent & committed, "BulkCreateError lists as not sent users the server created"
    assert [email for result in error.results for email in emails(_listed(result.data))] == emails(accepted_users)
    check_claim(error.error, failed & committed)
    assert error.may_have_been_processed == error.error.may_have_been_processed


def _listed(data: object) -> list[object]:
    assert isinstance(data, list), f"a bulk response's data is a {type(data).__name__}, not a list"
    return data


def check_reads(outcomes: list[Outcome]) -> None:
    """A user read returns that user (the driver already failed the test on any untyped exception)."""
    for outcome in outcomes:
        if outcome.call.method == "users.get" and outcome.error is None:
            assert outcome.result.data["email"] == outcome.call.args[1]


def check_no_secrets(errors: Iterable[BaseException], logs: pytest.LogCaptureFixture, api: FakeApi) -> None:
    """Neither the client secret nor any token the server issued is in a log record or reachable from an error:
    str, repr, args and attributes of it and of every exception it chains to, the response it holds (body,
    headers, history) and the requests behind them (URL, headers, body)."""
    secrets = [SECRET, *api.issued_tokens]
    texts = [logs.text, *(record.getMessage() for record in logs.records)]
    for error in errors:
        texts += reachable_texts(error)
        assert len(str(error)) <= MAX_ERROR_MESSAGE, f"{type(error).__name__} message is {len(str(error))} chars"
    leaks = {secret for secret in secrets for text in texts if secret in text}
    assert not leaks, f"{len(leaks)} secret(s) leaked into errors or logs"


def reachable_texts(error: BaseException) -> list[str]:
    texts = []
    for link in _chain(error):
        texts += [str(link), repr(link), *map(repr, link.args), repr(vars(link))]
        response = getattr(link, "response", None)
        if isinstance(response, httpx.Response):
            texts += _response_texts(response)
        if isinstance(link, httpx.HTTPError):
            with contextlib.suppress(RuntimeError):  # httpx's way of saying no request was set
                texts += _request_texts(link.request)
    return texts


def _response_texts(response: httpx.Response) -> list[str]:
    texts = [response.content.decode("utf-8", "replace"), repr(response.headers.multi_items())]
    texts += _request_texts(response.request)
    for earlier in response.history:
        texts += _response_texts(earlier)
    return texts


def _request_texts(request: httpx.Request) -> list[str]:
    return [str(request.url), repr(request.headers.multi_items()), request.content.decode("utf-8", "replace")]


def _chain(error: BaseException) -> Iterable[BaseException]:
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        link = pending.pop()
        if link is None or any(link is s for s in seen):
            continue
        seen.append(link)
        pending += [link.__cause__, link.__context__, getattr(link, "error", None)]
    return seen
