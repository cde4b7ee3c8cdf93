"""The two client additions the sync needs: users.create_many says what each batch answered, and users.list
iterates over pages only when the answer shows paging."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from propello import AsyncPropello, InvalidArgumentError, Propello
from propello_api.api.user import bulk_create_user
from standin import StandIn
from sync_helpers import WINDOW, person


def test_create_many_returns_each_batch_answer_with_per_user_results(api: StandIn, client: Propello) -> None:
    api.seed_users([person(3)])
    answers = client.users.create_many([person(i) for i in range(150)], activation_email="skip")
    assert [len(answer.users) for answer in answers] == [100, 50]
    assert all(isinstance(answer.response, bulk_create_user.Result) for answer in answers)
    results = answers[0].results
    assert results is not None and [r.user["email"] for r in results] == [person(i)["email"] for i in range(100)]
    refused = [r for r in results if r.errors]
    assert [r.user["email"] for r in refused] == [person(3)["email"]]  # refused inside a 200: now visible
    assert refused[0].errors == {"email": ["The email has already been taken."]}


def test_create_many_keeps_an_unreadable_answer_raw(api: StandIn, client: Propello) -> None:
    def unreadable(body: object) -> tuple[int, object]:
        return 200, {"status": 200, "data": {"queued": 2}}

    api.create_batch_handler = unreadable
    (answer,) = client.users.create_many([person(1), person(2)])
    assert answer.results is None and answer.data == {"queued": 2}


def test_iter_all_reads_one_plain_page_and_says_so(api: StandIn, client: Propello) -> None:
    api.seed_users([person(i) for i in range(40)])
    listing = client.users.iter_all()
    assert len(list(listing)) == 40
    assert (listing.pages, listing.paged, listing.complete) == (1, False, None)
    assert "shows no paging: this is the one page users.list gave (40 users)" in listing.note


def test_iter_all_follows_pages_when_the_answer_shows_paging(api: StandIn, client: Propello) -> None:
    api.list_mode = "paged"
    api.seed_users([person(i) for i in range(40)])
    listing = client.users.iter_all()
    emails = [user["email"] for user in listing]
    assert emails == [person(i)["email"] for i in range(40)]
    assert (listing.pages, listing.paged, listing.complete) == (3, True, True)
    assert api.directory.calls["list"] == 3


def test_iter_all_never_reads_the_same_page_twice(api: StandIn, client: Propello) -> None:
    api.list_mode = "paged_ignoring_page"
    api.seed_users([person(i) for i in range(40)])
    listing = client.users.iter_all()
    assert len(list(listing)) == 15
    assert (listing.pages, listing.complete) == (1, False) and "ignore the page number" in listing.note
    assert api.directory.calls["list"] == 2


def test_async_iter_all_follows_pages(api: StandIn) -> None:
    api.list_mode = "paged"
    api.seed_users([person(i) for i in range(20)])

    async def read() -> list[Any]:
        async with AsyncPropello(access_token="t", base_url=api.url, rate_limit=WINDOW) as client:
            return [user async for user in client.users.iter_all()]

    assert len(asyncio.run(read())) == 20


def test_iter_all_checks_its_filters_and_async_listings_can_be_awaited(api: StandIn, client: Propello) -> None:
    with pytest.raises(InvalidArgumentError, match="filters must be a mapping"):
        client.users.iter_all(42)  # type: ignore[arg-type]
    api.seed_users([person(i) for i in range(3)])

    async def read() -> list[Any]:
        async with AsyncPropello(access_token="t", base_url=api.url, rate_limit=WINDOW) as async_client:
            return await async_client.users.iter_all({})

    assert len(asyncio.run(read())) == 3
