"""A client built and used in a parent, then used in forked children (gunicorn --preload, Celery prefork,
multiprocessing pools): every child gets its own connections, locks and threads, keeps the parent's token, and
no answer ever reaches another process. Fork tests run wherever fork() exists (never skipped on Linux)."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import forking
import pytest
from echo_server import CLIENT_ID, CLIENT_SECRET, EchoServer
from propello import Propello

TIMEOUT = 3.0
"""Seconds per attempt: a child that waits for an answer another process took fails fast instead of hanging."""


def client_for(echo: EchoServer, **more: Any) -> Propello:
    return Propello(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=echo.url, timeout=TIMEOUT, **more)


def problems(results: list[dict[str, Any]]) -> list[str]:
    found = []
    for result in results:
        if result["crossed"]:
            found.append(f"child {result['pid']} got answers meant for others (asked, got): {result['crossed']}")
        if result["errors"]:
            found.append(f"child {result['pid']} failed calls: {result['errors']}")
    return found


def parent_calls(client: Propello, count: int) -> list[tuple[int, int]]:
    """The parent's own calls; (asked, got) for each answer that was not its own."""
    wrong = []
    for number in range(count):
        asked = forking.own_id(900 + number)
        got = client.users.get("id", asked).data["id"]
        if got != asked:
            wrong.append((asked, got))
    return wrong


@pytest.mark.parametrize("method", forking.METHODS)
def test_forked_children_never_receive_each_others_answers(echo: EchoServer, method: str) -> None:
    """The parent holds a keep-alive connection when it forks 4 children of 4 threads x 5 calls each: every
    answer reaches its caller, the children keep the parent's token, and the parent's own calls (while the
    children run, and after) get their own answers."""
    with client_for(echo) as client:
        assert parent_calls(client, 1) == []  # the parent now holds a token and a pooled connection
        forking.CLIENT = client
        during: list[tuple[int, int]] = []
        beside = threading.Thread(target=lambda: during.extend(parent_calls(client, 20)))
        started = time.monotonic()
        beside.start()
        try:
            results = forking.run_children(method)
        finally:
            forking.CLIENT = None
            beside.join(30)
        assert problems(results) == [], f"{method}, after {time.monotonic() - started:.1f} s"
        assert sum(r["calls"] for r in results) == forking.CHILDREN * forking.THREADS * forking.CALLS
        assert during == [], "the parent got answers meant for its children"
        assert parent_calls(client, 20) == [], "the parent's pool was disturbed by its children"
    assert echo.stats()["token_requests"] == 1, "the children fetched tokens instead of keeping the parent's"


def test_a_child_forked_while_a_thread_holds_the_token_lock_does_not_hang(echo: EchoServer) -> None:
    """A thread of the parent is fetching the token (holding the client's token lock, and a connection) at the
    moment of the fork: the child starts with its own lock and pool, fetches its own token and gets its answers."""
    echo.reset(token_delay=1.5)
    with client_for(echo) as client:
        first = threading.Thread(target=parent_calls, args=(client, 1))
        first.start()
        time.sleep(0.5)  # the thread is inside the token fetch now
        forking.CLIENT = client
        try:
            results = forking.run_children("os.fork", children=1)
        finally:
            forking.CLIENT = None
            first.join(30)
        assert problems(results) == []
        assert parent_calls(client, 5) == []


def test_the_parent_can_close_its_client_while_children_use_theirs(echo: EchoServer) -> None:
    """Closing is per process: the parent closing its client (as gunicorn's master may) does not close the
    children's connections, and a child's exit does not close the parent's."""
    client = client_for(echo)
    parent_calls(client, 1)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(write_end)
            os.read(read_end, 1)  # until the parent has closed its client
            forking.CLIENT = client
            code = 0 if not problems([forking.calls_in_threads(0)]) else 3
        finally:
            os._exit(code)
    os.close(read_end)
    try:
        client.close()
        os.write(write_end, b"x")
        deadline = time.monotonic() + forking.DEADLINE
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
            assert time.monotonic() < deadline, "the child hung"
            time.sleep(0.05)
        assert os.waitstatus_to_exitcode(done[1]) == 0, "the child's calls failed after the parent closed its client"
    finally:
        os.close(write_end)
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
