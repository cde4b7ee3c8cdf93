"""The asyncio client across a fork: an AsyncPropello used on the parent's event loop (so it holds a token and a
pooled connection), then used by forked children, each on an event loop of its own with many tasks. Every answer
reaches its task, the children keep the parent's token, and the parent's loop and pool are undisturbed."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from typing import Any

import forking
from echo_server import CLIENT_ID, CLIENT_SECRET, EchoServer
from propello import AsyncPropello

TASKS, CALLS = 8, 5


async def calls(client: AsyncPropello, first: int, count: int) -> dict[str, Any]:
    """`count` calls of users.get by ids no other process asks for, as `TASKS` concurrent tasks."""
    crossed: list[tuple[int, object]] = []
    errors: Counter[str] = Counter()

    async def one(number: int) -> None:
        asked = forking.own_id(first + number)
        try:
            got = (await client.users.get("id", asked)).data["id"]
        except Exception as error:  # every failure counts; the test shows them
            errors[f"{type(error).__name__}: {str(error)[:120]}"] += 1
            return
        if got != asked:
            crossed.append((asked, got))

    for start in range(0, count, TASKS):
        await asyncio.gather(*(one(number) for number in range(start, min(start + TASKS, count))))
    return {"pid": os.getpid(), "calls": count, "crossed": crossed, "errors": dict(errors)}


def test_forked_children_of_an_async_client_get_their_own_answers(echo: EchoServer) -> None:
    loop = asyncio.new_event_loop()
    client = AsyncPropello(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=echo.url, timeout=3.0)
    try:
        before = loop.run_until_complete(calls(client, 0, 1))
        assert before["errors"] == {} and before["crossed"] == []

        def child(_: int) -> dict[str, Any]:
            # a new loop in the child: the parent's loop (and the connections bound to it) stay the parent's
            return asyncio.run(calls(client, 100, TASKS * CALLS))

        results = forking.run_children("os.fork", work=child)
        for result in results:
            assert result["crossed"] == [], f"child {result['pid']} got answers meant for others"
            assert result["errors"] == {}, f"child {result['pid']} failed calls"
        assert sum(result["calls"] for result in results) == forking.CHILDREN * TASKS * CALLS
        after = loop.run_until_complete(calls(client, 500, 20))
        assert after["errors"] == {} and after["crossed"] == [], "the parent's pool was disturbed by its children"
    finally:
        loop.run_until_complete(client.close())
        loop.close()
    assert echo.stats()["token_requests"] == 1, "the children fetched tokens instead of keeping the parent's"
