"""A closed client, and an AsyncPropello used from another event loop, refuse clearly: a typed error that says what
to do, nothing sent, never httpx's or asyncio's RuntimeError."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import httpx
import pytest
from propello import (
    AsyncPropello,
    Attempt,
    AttemptEnd,
    BulkCreateError,
    ClientClosedError,
    EventLoopError,
    Observer,
    Propello,
)
from propello_api.api.group import get_group_list
from pytest_httpserver import HTTPServer
from unit_helpers import OK_GROUPS, run, serve_tokens

GROUPS = "/v3/group/list"


@pytest.fixture(autouse=True)
def api(httpserver: HTTPServer) -> None:
    serve_tokens(httpserver)
    httpserver.expect_request(GROUPS).respond_with_json(OK_GROUPS)


def sent(httpserver: HTTPServer) -> int:
    return len(httpserver.log)


def test_a_closed_client_refuses_calls(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    with make_client() as client:
        client.groups.list()
    before = sent(httpserver)
    with pytest.raises(ClientClosedError, match=r"this client is closed .* Create a new one") as caught:
        client.groups.list()
    assert caught.value.may_have_been_processed is False
    with pytest.raises(ClientClosedError):
        get_group_list.sync(client=client.api_client)  # generated functions through api_client too
    assert sent(httpserver) == before


def test_a_copy_of_a_closed_client_refuses_calls(httpserver: HTTPServer, make_client: Callable[..., Propello]) -> None:
    client = make_client()
    copy = client.with_options(max_retries=0)
    client.close()
    with pytest.raises(ClientClosedError, match="the connection pool is closed"):
        copy.groups.list()
    assert sent(httpserver) == 0


def test_a_closed_http_client_of_yours_is_reported_as_such(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    yours = httpx.Client()
    client = make_client(http_client=yours)
    yours.close()
    with pytest.raises(ClientClosedError, match="the http_client you passed was"):
        client.groups.list()
    assert sent(httpserver) == 0


class CloseAfterAttempt(Observer):
    """Closes `closing` (another thread's close(), at a known moment) when an attempt of a call ends."""

    def __init__(self) -> None:
        self.closing: Callable[[], None] = lambda: None

    def attempt(self, attempt: Attempt) -> Callable[[AttemptEnd], None] | None:
        return None if attempt.fetching_token else lambda end: self.closing()


@pytest.mark.parametrize("copied", [False, True])
def test_a_client_closed_during_a_call_sends_nothing_more(
    httpserver: HTTPServer, make_client: Callable[..., Propello], copied: bool
) -> None:
    """close() while a call waits to retry: its next attempt is refused, not sent through the closed pool (an
    httpx transport would open a new connection after its close())."""
    httpserver.expect_oneshot_request(GROUPS).respond_with_data("busy", status=503)
    closer = CloseAfterAttempt()
    client = make_client(observer=closer)
    caller = client.with_options(max_retries=2) if copied else client
    closer.closing = client.close
    with pytest.raises(ClientClosedError, match="the connection pool is closed"):
        caller.groups.list()
    assert [entry[0].path for entry in httpserver.log].count(GROUPS) == 1  # the 503; no retry was sent


def test_bulk_create_on_a_closed_client_says_nothing_was_processed(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    client = make_client()
    client.close()
    with pytest.raises(BulkCreateError) as caught:
        client.users.create_many([{"email": "a@example.com"}])
    assert isinstance(caught.value.error, ClientClosedError) and caught.value.may_have_been_processed is False


def test_a_closed_async_client_refuses_calls(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    async def main() -> None:
        async with make_async_client() as client:
            copy = client.with_options(max_retries=0)
            await client.groups.list()
        with pytest.raises(ClientClosedError, match="this client is closed"):
            await client.groups.list()
        with pytest.raises(ClientClosedError, match="the connection pool is closed"):
            await copy.groups.list()

    run(main())
    assert sent(httpserver) == 2  # token and the one list


def test_async_client_refuses_a_second_event_loop(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    client = make_async_client()
    run(client.groups.list())
    with pytest.raises(EventLoopError, match=r"another .* Create one client per event loop") as caught:
        run(client.groups.list())
    assert caught.value.may_have_been_processed is False
    with pytest.raises(EventLoopError):
        run(client.close())  # its connections belong to the first loop
    assert sent(httpserver) == 2


def test_copies_share_the_event_loop_of_the_original(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    client = make_async_client()
    copy = client.with_options(max_retries=1)
    run(client.groups.list())
    with pytest.raises(EventLoopError):
        run(copy.groups.list())


def test_many_tasks_in_a_second_loop_all_get_the_typed_error(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello], clock: object
) -> None:
    """In the first loop the token lock was contended (so asyncio bound it to that loop); in the second, 20 tasks
    needing a new token would each meet asyncio's "bound to a different event loop" without the check."""
    client = make_async_client()

    async def many() -> list[object]:
        return await asyncio.gather(*(client.groups.list() for _ in range(20)), return_exceptions=True)

    assert not any(isinstance(r, BaseException) for r in run(many()))
    clock.advance(7200)  # type: ignore[attr-defined]  # the token expired
    assert all(isinstance(r, EventLoopError) for r in run(many()))


def test_a_client_made_outside_any_loop_works_in_the_loop_that_first_uses_it(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    client = make_async_client()

    async def twice() -> None:
        await client.groups.list()
        await client.groups.list()
        await client.close()

    run(twice())
    assert sent(httpserver) == 3


def test_an_async_client_used_from_another_thread_is_refused(
    httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    client = make_async_client()
    run(client.groups.list())
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            run(client.groups.list())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert [type(e) for e in errors] == [EventLoopError]
