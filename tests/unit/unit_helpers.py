"""Helpers for the unit tests: canned server responses and request counting."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Coroutine
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SECRET = "client-secret-3f9a1c"
TOKEN_PATH = "/v3/oauth/token"
OK_USER = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": {"id": 7}}
OK_GROUPS = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": [{"id": 1, "name": "example_org"}]}


def token(n: int) -> str:
    return f"access-token-{n}-8d1e0b"


def json_response(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers, content_type="application/json")


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [request for request, _ in server.log if request.path == path]


def serve_tokens(server: HTTPServer, expires_in: int | None = 3600) -> None:
    """The token endpoint, issuing token(1), token(2), ... in turn."""
    numbers = itertools.count(1)

    def issue(_: Request) -> Response:
        body: dict[str, object] = {"token_type": "Bearer", "access_token": token(next(numbers))}
        if expires_in is not None:
            body["expires_in"] = expires_in
        return json_response(body)

    server.expect_request(TOKEN_PATH, method="POST").respond_with_handler(issue)


def serve_sequence(server: HTTPServer, path: str, *responses: Response) -> None:
    """`path` answers with `responses` in turn, then keeps answering with the last one."""
    queue = list(responses)

    def answer(_: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    server.expect_request(path).respond_with_handler(answer)


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


def requests_after_server_finished(server: HTTPServer, path: str) -> list[Request]:
    """requests_to(), once the server has logged at least one request to `path` (it logs after answering, which a
    deliberately slow handler may still be doing when the client has already timed out)."""
    deadline = time.monotonic() + 5
    while not requests_to(server, path) and time.monotonic() < deadline:
        time.sleep(0.01)
    return requests_to(server, path)
