"""create_many interrupted (KeyboardInterrupt, task cancellation) while a batch is in flight: a progress object
the caller holds says how many batches were sent, how many the API confirmed, and which users were in flight, so
a resume settles that batch by a lookup and sends nobody twice. The server here processes the 4th batch and is
slow to answer it; the interruption comes in between."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
from typing import Any

import propello
import pytest
from propello import AsyncPropello, Propello
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SIZE, BATCHES = 10, 6
USERS = [{"email": f"user{n}@example.com", "first_name": "A", "last_name": "B"} for n in range(SIZE * BATCHES)]


class BulkApi:
    def __init__(self, server: HTTPServer) -> None:
        self.processed: list[list[str]] = []
        self.fourth = threading.Event()
        self.release = threading.Event()

        def bulk(request: Request) -> Response:
            emails = [user["email"] for user in json.loads(request.data)["data"]]
            self.processed.append(emails)
            if len(self.processed) == 4:
                self.fourth.set()
                self.release.wait(5.0)
            body = {"status": 200, "timestamp": "2026-01-01T00:00:00Z", "data": [{"email": e} for e in emails]}
            return Response(json.dumps(body), 200, content_type="application/json")

        server.expect_request("/v3/user/create/bulk").respond_with_handler(bulk)
        self.url = server.url_for("/").rstrip("/")


def options(api: BulkApi) -> dict[str, Any]:
    return {"access_token": "t", "base_url": api.url, "rate_limit": None, "timeout": 10.0}


def check(progress: Any, api: BulkApi) -> None:
    """The progress is exact, and a resume from it (the in-flight batch settled: this server processed it) sends
    every other user once."""
    assert len(api.processed) == 4, "the server did not process the 4th batch before the interruption"
    assert progress.batches_sent == 4
    assert progress.batches_accepted == 3
    assert progress.users_accepted == 3 * SIZE
    assert progress.in_flight_start == 3 * SIZE
    assert [user["email"] for user in progress.in_flight] == api.processed[3]
    with Propello(**options(api)) as client:
        client.users.create_many(USERS[progress.in_flight_start + len(progress.in_flight) :], batch_size=SIZE)
    sent = [email for batch in api.processed for email in batch]
    assert sent == [user["email"] for user in USERS]  # each user once, in order


@pytest.mark.usefixtures("ctrl_c")
@pytest.mark.parametrize("raw", [False, True], ids=["create_many", "with_raw_response.create_many"])
def test_keyboard_interrupt_during_a_batch_leaves_an_exact_progress(httpserver: HTTPServer, raw: bool) -> None:
    api = BulkApi(httpserver)
    progress = propello.BulkProgress()

    def interrupt() -> None:
        if api.fourth.wait(5.0):
            os.kill(os.getpid(), signal.SIGINT)

    interrupter = threading.Thread(target=interrupt, daemon=True)
    interrupter.start()
    try:
        with Propello(**options(api)) as client, pytest.raises(KeyboardInterrupt):
            users = client.users.with_raw_response if raw else client.users
            users.create_many(USERS, batch_size=SIZE, progress=progress)
    finally:
        api.fourth.set()
        api.release.set()
        interrupter.join(5.0)
    check(progress, api)


def test_a_cancelled_task_leaves_an_exact_progress(httpserver: HTTPServer) -> None:
    api = BulkApi(httpserver)
    progress = propello.BulkProgress()

    async def main() -> None:
        async with AsyncPropello(**options(api)) as client:
            task = asyncio.ensure_future(client.users.create_many(USERS, batch_size=SIZE, progress=progress))
            assert await asyncio.get_running_loop().run_in_executor(None, api.fourth.wait, 5.0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    try:
        asyncio.run(main())
    finally:
        api.release.set()
    check(progress, api)
