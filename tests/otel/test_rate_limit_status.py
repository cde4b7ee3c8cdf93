"""client.rate_limit_status(): the calls left in the current window and when the next permit frees, for this
process's limiter (the fake clock times it); through Redis see tests/fleet/test_fleet_rate_limit_status.py."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from propello import AsyncPropello, Propello, RateLimit, RateLimitStatus
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, json_response

READ_PATH = "/v3/user/get/id/7"


@pytest.fixture
def served(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request(READ_PATH, method="POST").respond_with_response(json_response(OK_USER))
    return httpserver


def test_in_process_status(served: HTTPServer, make_client: Callable[..., Propello], clock: Any) -> None:
    client = make_client(tracing=False, rate_limit=RateLimit(calls=3, period=60.0))
    status = client.rate_limit_status()
    assert isinstance(status, RateLimitStatus)
    assert (status.limit, status.remaining, status.next_free_in, status.shared) == (RateLimit(3, 60.0), 3, 0.0, False)

    client.users.get("id", 7)
    client.users.get("id", 7)
    status = client.rate_limit_status()
    assert status is not None
    assert (status.remaining, status.next_free_in) == (1, pytest.approx(60.0))

    clock.advance(45.0)
    client.users.get("id", 7)
    status = client.rate_limit_status()
    assert status is not None
    assert (status.remaining, status.next_free_in) == (0, pytest.approx(15.0))

    clock.advance(15.0)
    status = client.rate_limit_status()
    assert status is not None
    assert status.remaining == 2


def test_copies_share_the_status(served: HTTPServer, make_client: Callable[..., Propello]) -> None:
    client = make_client(tracing=False, rate_limit=RateLimit(calls=5, period=60.0))
    client.with_options(max_retries=0).users.get("id", 7)
    status = client.rate_limit_status()
    assert status is not None and status.remaining == 4


def test_no_rate_limit_no_status(make_client: Callable[..., Propello]) -> None:
    assert make_client(tracing=False, rate_limit=None).rate_limit_status() is None


def test_async_status(served: HTTPServer, make_async_client: Callable[..., AsyncPropello]) -> None:
    async def main() -> RateLimitStatus | None:
        async with make_async_client(tracing=False, rate_limit=RateLimit(calls=3, period=60.0)) as client:
            await client.users.get("id", 7)
            return await client.rate_limit_status()

    status = asyncio.run(main())
    assert status is not None
    assert (status.remaining, status.next_free_in, status.shared) == (2, pytest.approx(60.0), False)
