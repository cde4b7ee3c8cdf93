"""`may_have_been_processed` is False exactly when the request provably never reached the server: it could not be
encoded, the connection was refused. An earlier attempt that may have got through keeps it True."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest
from propello import APIConnectionError, BulkCreateError, Propello
from pytest_httpserver import HTTPServer

USER = {"email": "jane@example.com", "first_name": "Jane"}


def test_a_request_h11_refuses_to_encode_was_not_sent(
    httpserver: HTTPServer, make_client: Callable[..., Propello]
) -> None:
    """A header added by the caller's own event hook, past our checks: h11 refuses it before writing a byte."""

    def add_bad_header(request: httpx.Request) -> None:
        request.headers["X-Trace"] = "a\nb"

    yours = httpx.Client(event_hooks={"request": [add_bad_header]})
    client = make_client(http_client=yours, client_id=None, client_secret=None, access_token="t")
    with pytest.raises(APIConnectionError, match=r"LocalProtocolError.*; it was not sent") as caught:
        client.users.create(USER)
    assert caught.value.may_have_been_processed is False
    assert httpserver.log == []
    yours.close()


def test_a_refused_connection_was_not_sent_and_a_bulk_create_may_resend_it(
    make_client: Callable[..., Propello], dead_url: str
) -> None:
    client = make_client(base_url=dead_url, client_id=None, client_secret=None, access_token="t")
    with pytest.raises(APIConnectionError, match=r"ConnectError.*; it was not sent") as caught:
        client.users.create(USER)
    assert caught.value.may_have_been_processed is False
    with pytest.raises(BulkCreateError) as bulk:
        client.users.create_many([USER])
    assert bulk.value.may_have_been_processed is False


@pytest.fixture
def answers_once_then_refuses() -> Iterator[str]:
    """A loopback server that takes one request and never answers it, and stops listening as soon as it has it:
    the client times out, and its retry finds the port closed."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    held: list[socket.socket] = []

    def serve() -> None:
        connection, _ = listener.accept()
        connection.recv(65536)
        held.append(connection)
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    thread.join(5)
    for connection in held:
        connection.close()


def test_a_read_whose_first_attempt_may_have_got_through_says_so_when_the_retry_is_refused(
    make_client: Callable[..., Propello], answers_once_then_refuses: str
) -> None:
    client = make_client(
        base_url=answers_once_then_refuses,
        client_id=None,
        client_secret=None,
        access_token="t",
        max_retries=1,
        timeout=httpx.Timeout(5.0, read=0.2),
    )
    with pytest.raises(APIConnectionError, match="ConnectError") as caught:
        client.users.get("id", 7)
    assert "this attempt was not sent, but an earlier one may have been processed" in str(caught.value)
    assert caught.value.may_have_been_processed is True
