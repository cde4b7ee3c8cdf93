"""users.create_many: bulk creation in batches, written once for the sync and the async client.

`batches()` is a generator in the style of httpx's auth flow: it yields each batch's request body, is sent each
batch's result (or has the batch's APIError thrown in, which it turns into a BulkCreateError), and returns a
BatchAnswer per batch: the answer, and the per-user results when they can be read for certain. The drivers below
call the generated bulk-create method with `send` or `await`, nothing else.

A BulkProgress the caller holds is brought up to date before each batch is handed to the transport and after
each answer, in the caller's thread or task, so it stays exact when KeyboardInterrupt or a task's cancellation
ends the call between the two: nothing of an interruption runs inside the flow.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from .._errors import APIError, BulkCreateError, InvalidArgumentError
from . import inputs as check

R = TypeVar("R")


class UserRecord(Protocol):
    """A generated model of a user (what the bulk body's `data` holds): anything with to_dict()."""

    def to_dict(self) -> dict[str, Any]: ...


UserLike = Mapping[str, Any] | UserRecord


@dataclass(frozen=True)
class UserAnswer:
    """What a bulk answer says about one user: the user as sent, and the answer's item that names it."""

    user: dict[str, Any]
    item: dict[str, Any]
    """The item as the API sent it (its fields are not documented)."""

    @property
    def errors(self) -> object | None:
        """The item's `errors` (or `error`) member when it has a non-empty one: the API refused this user even
        though the batch was answered 2xx. None otherwise (which does not prove the user was created)."""
        found = self.item.get("errors") or self.item.get("error")
        return found or None


@dataclass(frozen=True)
class BatchAnswer(Generic[R]):
    """What one bulk-create call answered."""

    response: R
    """The generated model of the answer (propello_api.api.user.bulk_create_user.Result)."""
    users: list[dict[str, Any]]
    """The batch's users, as sent."""
    data: Any
    """The answer's `data`, raw: its shape is not documented."""
    results: list[UserAnswer] | None
    """Per user, in the batch's order, when `data` can be read for certain: a list of objects naming each user
    of the batch exactly once by its email. None otherwise: read `data` yourself, or look the users up."""


@dataclass
class BulkProgress:
    """Where a `create_many` stands: pass one as `progress=` and read it during the call (from another thread, a
    progress bar) or after it, above all after KeyboardInterrupt or a cancelled task, when nothing is returned.

    A batch counts as sent just before it is handed to the transport, so `batches_sent` never undercounts what the
    API may have processed. `in_flight` is the batch whose answer has not arrived as accepted: after an
    interruption (or a BulkCreateError), those users may or may not have been created, so look them up before
    sending them again. The users after them were never sent: for a list, `users[in_flight_start +
    len(in_flight):]`; for an iterator, what your iterator still yields (create_many reads it one batch at a time).
    Each call starts it afresh: it describes the last call it was passed to.
    """

    on_batch: Callable[[BulkProgress], None] | None = field(default=None, repr=False)
    """Called with this object after each accepted batch (a progress bar: `users_accepted` of `total`)."""
    total: int | None = None
    """How many users the call has (None for an iterator, whose length is unknown)."""
    batches_sent: int = 0
    """Batches handed to the transport, the one in flight included."""
    batches_accepted: int = 0
    """Batches the API answered 2xx (per-user refusals inside such an answer are in its BatchAnswer.results)."""
    users_accepted: int = 0
    """Users in accepted batches: your first `users_accepted` users."""
    in_flight: list[Any] = field(default_factory=list, repr=False)
    """The users (your objects) of the batch sent last, until it is accepted: empty when no batch is in doubt.
    Left out of the repr: users are personal data."""
    in_flight_start: int | None = None
    """The place in your input of `in_flight[0]` (None when nothing is in flight)."""

    def _start(self, total: int | None) -> None:
        """A call begins with `total` users (None: an iterator)."""
        self.total, self.batches_sent, self.batches_accepted, self.users_accepted = total, 0, 0, 0
        self.in_flight, self.in_flight_start = [], None

    def _sending(self, batch: list[Any]) -> None:
        """`batch` (the caller's objects) is about to be handed to the transport."""
        self.in_flight, self.in_flight_start = batch, self.users_accepted
        self.batches_sent += 1

    def _accepted(self) -> None:
        """The batch in flight was answered 2xx."""
        self.users_accepted += len(self.in_flight)
        self.batches_accepted += 1
        self.in_flight, self.in_flight_start = [], None
        if self.on_batch is not None:
            self.on_batch(self)


def read_results(users: Sequence[Mapping[str, Any]], data: object) -> list[UserAnswer] | None:
    """Pair each sent user with the one item of `data` that names it by email (case aside), or None when `data`
    is not a list of such items (another shape, an item naming no one, or a user named twice or not at all)."""
    if not isinstance(data, list) or len(data) != len(users):
        return None
    by_email: dict[str, dict[str, Any]] = {}
    for item in data:
        email = item.get("email") if isinstance(item, Mapping) else None
        if not isinstance(email, str) or email.strip().casefold() in by_email:
            return None
        by_email[email.strip().casefold()] = dict(item)
    answers = []
    for user in users:
        email = user.get("email")
        item = by_email.get(email.strip().casefold()) if isinstance(email, str) else None
        if item is None:
            return None
        answers.append(UserAnswer(dict(user), item))
    return answers


def _answer(result: R, data: list[dict[str, Any]]) -> BatchAnswer[R]:
    to_dict = getattr(result, "to_dict", None)
    body = to_dict() if callable(to_dict) else {}
    raw = body.get("data") if isinstance(body, Mapping) else None
    return BatchAnswer(result, data, raw, read_results(data, raw))


Flow = Generator[dict[str, Any], R, list[BatchAnswer[R]]]


def _user(user: object, index: int, body_type: type[Any] | None) -> dict[str, Any]:
    """One user as the bulk body's data item, checked by building a one-user body from it."""
    if isinstance(user, Mapping):
        record = dict(user)
    elif callable(getattr(user, "to_dict", None)):
        record = user.to_dict()  # type: ignore[attr-defined]
    else:
        raise InvalidArgumentError(f"users[{index}] must be a mapping or a generated model, got {type(user).__name__}")
    if body_type is not None:
        check.model(body_type, {"data": [record]}, f"users[{index}]")
    return record


def batches(
    users: Iterable[UserLike],
    *,
    batch_size: int,
    max_batch_size: int,
    progress: BulkProgress | None,
    body_type: type[Any] | None,
) -> Flow[R]:
    """Yield one bulk body per batch, in order, each user once.

    A sequence (list, tuple) is checked whole before the first batch, so a bad record late in it fails before
    anything is sent. Any other iterable is read, checked and sent one batch at a time, so memory stays bounded
    by the batch, not the input."""
    size = check.batch_size(batch_size, max_batch_size)
    if isinstance(users, str | bytes | Mapping) or not isinstance(users, Iterable):
        raise InvalidArgumentError(f"users must be an iterable of users, got {type(users).__name__}")
    total, check_in_batch = None, body_type
    if isinstance(users, Sequence):
        for index, user in enumerate(users):
            _user(user, index, body_type)
        total, check_in_batch = len(users), None  # checked above: a batch only turns them into dicts
    progress = progress if progress is not None else BulkProgress()
    progress._start(total)
    source: Iterator[UserLike] = iter(users)
    done, answers = 0, list[BatchAnswer[R]]()
    while batch := list(itertools.islice(source, size)):
        data = [_user(user, done + offset, check_in_batch) for offset, user in enumerate(batch)]
        progress._sending(batch)
        try:
            result = yield {"data": data}
        except APIError as exc:
            raise BulkCreateError(
                accepted_count=done,
                failed_batch=batch,
                not_sent=source,
                not_sent_count=None if total is None else total - done - len(batch),
                results=[answer.response for answer in answers],
                error=exc,
            ) from exc
        answers.append(_answer(result, data))
        done += len(batch)
        progress._accepted()
    return answers


def run_sync(flow: Flow[R], send: Callable[[dict[str, Any]], R]) -> list[BatchAnswer[R]]:
    """Drive `flow`, sending each batch with `send` (the generated bulk-create method)."""
    try:
        body = next(flow)
        while True:
            try:
                result = send(body)
            except APIError as exc:
                body = flow.throw(exc)
            else:
                body = flow.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def run_async(flow: Flow[R], send: Callable[[dict[str, Any]], Awaitable[R]]) -> list[BatchAnswer[R]]:
    """The asyncio twin of run_sync."""
    try:
        body = next(flow)
        while True:
            try:
                result = await send(body)
            except APIError as exc:
                body = flow.throw(exc)
            else:
                body = flow.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
