"""users.create_many: bulk creation in batches, written once for the sync and the async client.

`batches()` is a generator in the style of httpx's auth flow: it yields each batch's request body, is sent each
batch's result (or has the batch's APIError thrown in, which it turns into a BulkCreateError), and returns the
list of results. The drivers below call the generated bulk-create method with `send` or `await`, nothing else.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from . import _inputs as check
from ._errors import APIError, BulkCreateError, InvalidArgumentError

R = TypeVar("R")

ProgressCallback = Callable[[int, "int | None"], None]
"""`on_progress(users_done, total)`: total is None when the users come from an iterator of unknown length."""


class UserRecord(Protocol):
    """A generated model of a user (what the bulk body's `data` holds): anything with to_dict()."""

    def to_dict(self) -> dict[str, Any]: ...


UserLike = Mapping[str, Any] | UserRecord
Flow = Generator[dict[str, Any], R, list[R]]


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
    on_progress: ProgressCallback | None,
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
    source: Iterator[UserLike] = iter(users)
    done, results = 0, list[R]()
    while batch := list(itertools.islice(source, size)):
        data = [_user(user, done + offset, check_in_batch) for offset, user in enumerate(batch)]
        try:
            result = yield {"data": data}
        except APIError as exc:
            raise BulkCreateError(
                accepted_count=done,
                failed_batch=batch,
                not_sent=source,
                not_sent_count=None if total is None else total - done - len(batch),
                results=results,
                error=exc,
            ) from exc
        results.append(result)
        done += len(batch)
        if on_progress is not None:
            on_progress(done, total)
    return results


def run_sync(flow: Flow[R], send: Callable[[dict[str, Any]], R]) -> list[R]:
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


async def run_async(flow: Flow[R], send: Callable[[dict[str, Any]], Awaitable[R]]) -> list[R]:
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
