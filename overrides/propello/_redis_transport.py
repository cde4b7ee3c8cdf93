"""The transport layer that spends the shared (Redis) rate budget, under the in-process limiter:

    RetryTransport -> RateLimitTransport (in-process) -> SharedBudgetTransport (Redis) -> ClientTransport

The in-process limiter stays in front: it queues this process's callers in order and takes over alone, with this
process's share of the budget, whenever Redis is down. Below it, one caller at a time (the turn) asks Redis, so a
busy process sends one ask per wake-up instead of one per thread or task.

Each request costs two Redis round trips: the ask before the send and the report of its answer after it (the
arrival-time rule needs the answer's time); waiting callers ask again when Redis says a permit comes back.
"""

from __future__ import annotations

import asyncio
import threading

import httpx

from ._clock import Clock
from ._redis_budget import AsyncSharedBudget, SharedBudget


class SharedBudgetTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, budget: SharedBudget, clock: Clock) -> None:
        """`inner`: the connection pool; `budget`: the Redis budget; `clock`: sleeps the waits Redis asks for."""
        self._inner, self._budget, self._clock = inner, budget, clock
        self._turn = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._turn:
            while (answer := self._budget.acquire()) is not None and answer.entry is None:
                self._clock.sleep(answer.wait)
        entry, response = None if answer is None else answer.entry, None
        try:
            response = self._inner.handle_request(request)
        finally:
            if entry is not None:
                self._budget.finish(entry, response)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncSharedBudgetTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, budget: AsyncSharedBudget, clock: Clock) -> None:
        """As SharedBudgetTransport, with the asyncio Redis client."""
        self._inner, self._budget, self._clock = inner, budget, clock
        self._turn = asyncio.Lock()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self._turn:
            while (answer := await self._budget.acquire()) is not None and answer.entry is None:
                await self._clock.asleep(answer.wait)
        entry, response = None if answer is None else answer.entry, None
        try:
            response = await self._inner.handle_async_request(request)
        finally:
            if entry is not None:
                await self._budget.finish(entry, response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
