"""Helpers that add behaviour to the generated resources (propello_api.api): everything else a resource offers
is generated from the spec. Resource and method names come from openapi/overlay.yaml."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from propello_api.api import AsyncUsersResource, UsersResource, bulk_create_user

from . import _bulk
from ._bulk import BatchAnswer, ProgressCallback, UserLike
from ._errors import APIResponseValidationError, InvalidArgumentError
from ._inputs import MAX_BATCH_SIZE

BatchResult = bulk_create_user.Result
"""What one bulk-create call returns (the generated model of its 200 response)."""


def _batches(
    users: Iterable[UserLike], batch_size: int, send_activation_email: bool | None, on_progress: ProgressCallback | None
) -> _bulk.Flow[BatchResult]:
    """create_many's batches, each checked against the bulk-create body the spec defines."""
    return _bulk.batches(
        users,
        batch_size=batch_size,
        send_activation_email=send_activation_email,
        on_progress=on_progress,
        body_type=bulk_create_user.OPERATION.body_type,
    )


@dataclass(frozen=True)
class _Page:
    items: list[Any]
    number: int | None
    """The page number the answer says it is, when it shows paging."""
    more: bool
    """The answer says another page follows."""


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _read_page(body: Mapping[str, Any]) -> _Page:
    """One users.list answer as a page. The docs show neither its shape nor its paging, so only these are read:
    `data` a list (no paging shown: one page); `data` a paginator object (`data` list with `current_page` and
    `last_page` or `next_page_url`); `data` a list with `meta` {current_page, last_page} and/or `links` {next}."""
    data = body.get("data")
    if isinstance(data, Mapping) and isinstance(data.get("data"), list):
        number, last = _int(data.get("current_page")), _int(data.get("last_page"))
        if number is not None and (last is not None or "next_page_url" in data):
            more = bool(data.get("next_page_url")) or (last is not None and number < last)
            return _Page(list(data["data"]), number, more)
    if isinstance(data, list):
        meta: Mapping[str, Any] = body["meta"] if isinstance(body.get("meta"), Mapping) else {}
        links: Mapping[str, Any] = body["links"] if isinstance(body.get("links"), Mapping) else {}
        number, last = _int(meta.get("current_page")), _int(meta.get("last_page"))
        if number is not None:
            return _Page(list(data), number, bool(links.get("next")) or (last is not None and number < last))
        return _Page(list(data), None, False)
    raise APIResponseValidationError(
        "users.list answered a shape iter_all cannot read (data is neither a list nor a page of one); call "
        "users.list() and read its data yourself"
    )


def _checked_filters(filters: object) -> dict[str, Any] | None:
    """The list body as a dict (None stays None), or InvalidArgumentError before anything is sent."""
    if filters is None:
        return None
    to_dict = getattr(filters, "to_dict", None)
    found = to_dict() if callable(to_dict) else filters
    if not isinstance(found, Mapping):
        raise InvalidArgumentError(f"filters must be a mapping, a ListFilters or None, got {type(filters).__name__}")
    return dict(found)


class _Listing:
    """What an iteration over users.list read, filled in as it goes (UserListing and AsyncUserListing)."""

    def __init__(self, filters: Mapping[str, Any] | None) -> None:
        self.filters = _checked_filters(filters)
        self.pages = 0
        """Pages read so far."""
        self.paged: bool | None = None
        """True when the answers showed paging (and it was followed), False when the one answer showed none."""
        self.complete: bool | None = None
        """True: the last page said no more follow. False: iteration stopped early (see `note`). None: no paging
        was shown, so whether the API holds more users than that one page is not known."""
        self.note = ""
        """A plain sentence on what was read and what it means for completeness."""
        self._seen: set[str] = set()

    def _take(self, page: _Page, requested: int | None) -> bool:
        """Count `page`; False when it must not be yielded (a repeat of an earlier page, or not the one asked)."""
        digest = hashlib.sha256(json.dumps(page.items, sort_keys=True, default=str).encode()).hexdigest()
        if requested is not None and (page.number != requested or (page.items and digest in self._seen)):
            self.complete = False
            self.note = (
                f"page {requested} was answered as page {page.number} or repeated an earlier page (the API seems "
                f"to ignore the page number in the body): stopped after {self.pages} page(s), none read twice"
            )
            return False
        self._seen.add(digest)
        self.pages += 1
        if page.number is None:
            self.paged, self.complete = False, None
            self.note = (
                f"the answer shows no paging: this is the one page users.list gave ({len(page.items)} users); "
                "whether the API holds more is not documented"
            )
        else:
            self.paged = True
            self.complete = True if not page.more else None
            self.note = f"read {self.pages} page(s); the last says no more follow" if not page.more else ""
        return True

    def _next(self, page: _Page) -> dict[str, Any] | None:
        """The body asking for the page after `page` (the filters plus `page`, where Laravel-style paginators read
        it), or None when there is none to ask for."""
        if page.number is None or not page.more:
            return None
        return {**(self.filters or {}), "page": page.number + 1}


class UserListing(_Listing):
    """`users.iter_all()`: iterate over it for the users; `pages`, `paged`, `complete` and `note` say what was read.
    Each iteration calls the API afresh."""

    def __init__(self, users: UsersResource, filters: Mapping[str, Any] | None) -> None:
        super().__init__(filters)
        self._users = users

    def __iter__(self) -> Iterator[Any]:
        body, requested = self.filters, None
        while True:
            page = _read_page(self._users.list(body).to_dict())
            if not self._take(page, requested):
                return
            yield from page.items
            following = self._next(page)
            if following is None:
                return
            body, requested = following, following["page"]


class AsyncUserListing(_Listing):
    """`users.iter_all()` of AsyncPropello: `async for` over it (or `await` it for a list of every user, as every
    async method is awaitable); the same attributes as UserListing."""

    def __init__(self, users: AsyncUsersResource, filters: Mapping[str, Any] | None) -> None:
        super().__init__(filters)
        self._users = users

    def __await__(self) -> Generator[Any, None, list[Any]]:
        return self._all().__await__()

    async def _all(self) -> list[Any]:
        return [item async for item in self]

    async def __aiter__(self) -> AsyncIterator[Any]:
        body, requested = self.filters, None
        while True:
            page = _read_page((await self._users.list(body)).to_dict())
            if not self._take(page, requested):
                return
            for item in page.items:
                yield item
            following = self._next(page)
            if following is None:
                return
            body, requested = following, following["page"]


class Users(UsersResource):
    """User operations, plus `create_many` for any number of users and `iter_all` over the list."""

    def iter_all(self, filters: Mapping[str, Any] | None = None) -> UserListing:
        """Every user users.list gives, following its pages only when its answers show paging.

        The docs give neither the list's shape nor its paging. When the answer's data is a plain list, that one page
        is all this yields, and the listing's `note` says so plainly (`complete` is None: not known). When the
        answer shows paging (a Laravel-style paginator: current_page with last_page or a next link), the next page
        is asked for with `page` in the body, and iteration stops, saying why in `note`, if an answer is not the
        page asked for or repeats one already read: it never loops over the same page.

        Args:
            filters: The list's body (not documented, passed through); None sends none.

        Returns:
            A UserListing: iterate over it, then read its `pages`, `paged`, `complete` and `note`.
        """
        return UserListing(self, filters)

    def create_many(
        self,
        users: Iterable[UserLike],
        *,
        batch_size: int = MAX_BATCH_SIZE,
        send_activation_email: bool | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[BatchAnswer[BatchResult]]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        Args:
            users: Mappings (or generated models) of user fields. A list or tuple is checked whole before the first
                call, so a bad record late in it fails before anything is sent; any other iterable (a generator
                over a large export) is read, checked and sent one batch at a time, so memory stays bounded.
            batch_size: Users per call, 1 to 100 (the API's limit).
            send_activation_email: Sent with every batch when given; None leaves it to the group's settings.
            on_progress: Called after each accepted batch as `on_progress(users_done, total)`; `total` is None
                for an iterator, whose length is unknown.

        Returns:
            A BatchAnswer per batch, in order: the API's response, the users sent, the answer's raw `data`, and
            `results`, one UserAnswer per user (with the API's `errors` for a user it refused inside a 2xx answer)
            when the answer names every user of the batch by email; None when its shape cannot be read for
            certain (the docs do not give it), and then `data` is all there is.

        Raises:
            BulkCreateError: A batch failed. It says how many users were accepted, holds the failed batch, and
                `not_sent` iterates over the users never sent, so a resume creates nobody twice.
        """
        flow = _batches(users, batch_size, send_activation_email, on_progress)
        return _bulk.run_sync(flow, self.create_batch)


class AsyncUsers(AsyncUsersResource):
    """User operations for AsyncPropello, plus `create_many` for any number of users and `iter_all`."""

    def iter_all(self, filters: Mapping[str, Any] | None = None) -> AsyncUserListing:
        """The same as `Propello.users.iter_all` (see there), for `async for`."""
        return AsyncUserListing(self, filters)

    async def create_many(
        self,
        users: Iterable[UserLike],
        *,
        batch_size: int = MAX_BATCH_SIZE,
        send_activation_email: bool | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[BatchAnswer[BatchResult]]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        The same as `Propello.users.create_many` (see there for every argument), awaited."""
        flow = _batches(users, batch_size, send_activation_email, on_progress)
        return await _bulk.run_async(flow, self.create_batch)
