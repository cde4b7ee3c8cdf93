"""users.iter_all: every user users.list gives, following its pages only when its answers show paging (the docs
give neither the list's shape nor its paging), and never reading the same page twice."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from propello_api.api import AsyncUsersResource, UsersResource

from .._errors import APIResponseValidationError, InvalidArgumentError


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
