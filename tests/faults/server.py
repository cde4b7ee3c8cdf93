"""A loopback HTTP server that answers like the Propello API (fake_api.FakeApi) and misbehaves on request.

For each request a plan picks a Fault: drop the connection, cut the body short, stall past the client's read
timeout, answer 5xx, 429 or 401, send malformed, truncated, HTML or huge bodies; or be hostile: JSON nested
100,000 deep, a gzip bomb, an error that echoes the request's token and body back, a token response with fields
replaced. A fault decides whether the
request is processed (a write committed to the store) before it shows, so both the safe case (a 5xx before
commit) and the dangerous one (a 5xx or a broken connection after commit) are reproducible. Every request is
recorded as an Exchange, with what it committed.

Plain http.server, threaded: the test controls exactly when a connection closes, and a stalled request holds up
only its own connection.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gzip
import hashlib
import json
import random
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

from fake_api import FakeApi, Reply, RetryAfterForm, bearer, json_reply, retry_after_header

HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


class Kind(enum.Enum):
    NONE = "answer normally"
    DROP = "close before answering"
    CUT = "close halfway through the body"
    STALL = "stall past the read timeout, then close"
    STATUS = "error status with a JSON body"
    HTML = "HTML error page"
    THROTTLE = "429 with Retry-After"
    REVOKE = "revoke the token, answer 401"
    MALFORMED = "200 with a body that is not JSON"
    TRUNCATED = "200 with half a JSON body (Content-Length matching)"
    HUGE = "huge body"
    DEEP = "JSON nested far deeper than any parser follows"
    BOMB = "gzip body that inflates far past any sane size"
    ECHO = "error whose body and headers echo the request's token and body (JSON written as PHP does, / as \\/)"
    TOKEN = "token response with some fields replaced"


@dataclass(frozen=True)
class Fault:
    kind: Kind = Kind.NONE
    status: int = 200
    processed: bool = False
    """For faults that can show before or after processing (DROP, STALL, STATUS, HTML, HUGE with status >= 300):
    whether the server processes (commits) the request first."""
    retry_after: RetryAfterForm = "seconds"
    fields: tuple[tuple[str, object], ...] = ()
    """TOKEN: the token response's fields to replace (a value of DROP_FIELD removes the field)."""

    @property
    def processes(self) -> bool:
        if self.kind in (Kind.THROTTLE, Kind.REVOKE):
            return False
        if self.kind in (Kind.NONE, Kind.CUT, Kind.MALFORMED, Kind.TRUNCATED, Kind.TOKEN):
            return True
        return self.processed or (self.kind in (Kind.HUGE, Kind.DEEP, Kind.BOMB) and self.status < 300)

    def __str__(self) -> str:
        with_status = (Kind.STATUS, Kind.HTML, Kind.HUGE, Kind.DEEP, Kind.BOMB, Kind.ECHO)
        detail = str(self.status) if self.kind in with_status else None
        if self.kind is Kind.TOKEN:
            detail = " ".join(f"{name}={value!r}" for name, value in self.fields)
        label = " ".join(filter(None, [self.kind.name.lower(), detail]))
        if self.kind is Kind.THROTTLE:
            label += f" ({self.retry_after})"
        return label + (" after commit" if self.processes and self.kind is not Kind.NONE else "")


NO_FAULT = Fault()
MENU = (
    Fault(Kind.DROP),
    Fault(Kind.DROP, processed=True),
    Fault(Kind.CUT),
    Fault(Kind.STALL),
    Fault(Kind.STALL, processed=True),
    Fault(Kind.STATUS, 500, processed=True),
    Fault(Kind.STATUS, 502),
    Fault(Kind.STATUS, 503),
    Fault(Kind.STATUS, 504, processed=True),
    Fault(Kind.THROTTLE, 429, retry_after="seconds"),
    Fault(Kind.THROTTLE, 429, retry_after="date"),
    Fault(Kind.REVOKE, 401),
    Fault(Kind.MALFORMED),
    Fault(Kind.TRUNCATED),
    Fault(Kind.HTML, 502),
    Fault(Kind.HTML, 503, processed=True),
    Fault(Kind.HUGE, 200),
    Fault(Kind.HUGE, 503),
)
"""Every fault the issue lists, in its processed and unprocessed forms."""

DROP_FIELD = "<no such field>"
HOSTILE = (
    Fault(Kind.DEEP, 200),
    Fault(Kind.DEEP, 422),
    Fault(Kind.DEEP, 503, processed=True),
    Fault(Kind.BOMB, 200),
    Fault(Kind.BOMB, 503),
    Fault(Kind.ECHO, 422),
    Fault(Kind.ECHO, 500),
)
"""Answers from a hostile (or badly broken) server, for any request."""


class Incoming(NamedTuple):
    method: str
    path: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    """Names in lower case."""


Plan = Callable[[Incoming], Fault]


def no_faults(_: Incoming) -> Fault:
    return NO_FAULT


class SeededPlan:
    """A fault for `rate` of the requests, picked from `menu`. The pick depends only on the seed, the request and
    how often this same request was seen, so it does not change with thread or task scheduling."""

    def __init__(self, seed: int, rate: float, menu: tuple[Fault, ...] = MENU) -> None:
        self._seed, self._rate, self._menu = seed, rate, menu
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, incoming: Incoming) -> Fault:
        key = f"{incoming.method} {incoming.path} {hashlib.sha256(incoming.body).hexdigest()}"
        with self._lock:
            self._seen[key] += 1
            attempt = self._seen[key]
        rng = random.Random(f"{self._seed}|{key}|{attempt}")
        return rng.choice(self._menu) if rng.random() < self._rate else NO_FAULT


class ScriptedPlan:
    """`faults[n]` for the n-th request (from 1) to `path`; `pending` keeps those not reached yet."""

    def __init__(self, path: str, faults: dict[int, Fault]) -> None:
        self._path, self.pending = path, dict(faults)
        self._count = 0
        self._lock = threading.Lock()

    def __call__(self, incoming: Incoming) -> Fault:
        if incoming.path != self._path:
            return NO_FAULT
        with self._lock:
            self._count += 1
            return self.pending.pop(self._count, NO_FAULT)


@dataclass(frozen=True)
class Exchange:
    """One request the server received; `committed` lists the users it created (empty: not processed)."""

    method: str
    path: str
    fault: Fault
    committed: tuple[str, ...]


class FaultServer:
    BOMB_BYTES = 64 << 20

    def __init__(
        self,
        api: FakeApi,
        *,
        plan: Plan = no_faults,
        stall_seconds: float = 0.5,
        huge_bytes: int = 4 << 20,
        bomb_bytes: int = BOMB_BYTES,
        deep_levels: int = 100_000,
    ) -> None:
        self.api, self.plan = api, plan
        self.stall_seconds, self.huge_bytes = stall_seconds, huge_bytes
        self.bomb_bytes, self.deep_levels = bomb_bytes, deep_levels
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._http = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._http.owner = self
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        for connection in list(self._http.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._http.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def injected(self) -> Counter[str]:
        """How often each fault was injected."""
        return Counter(str(e.fault) for e in self.exchanges if e.fault.kind is not Kind.NONE)

    def to_path(self, path: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.path == path]

    def serve(self, handler: _Handler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in handler.headers.items()}
        method, path = handler.command, handler.path
        incoming = Incoming(method, path, body, tuple(headers.items()))
        fault = self.plan(incoming)
        handled = self.api.handle(method, path, headers, body) if fault.processes else None
        with self._lock:
            self.exchanges.append(Exchange(method, path, fault, handled.committed if handled else ()))
        if fault.kind is Kind.REVOKE:
            self.api.revoke(bearer(headers))
        if fault.kind in (Kind.DROP, Kind.STALL):
            if fault.kind is Kind.STALL:
                time.sleep(self.stall_seconds)
            handler.close_connection = True
            return
        reply = handled.reply if handled else None
        _write(handler, self._faulty_reply(fault, reply, incoming), cut=fault.kind is Kind.CUT)

    def _faulty_reply(self, fault: Fault, reply: Reply | None, incoming: Incoming) -> Reply:
        kind, status = fault.kind, fault.status
        if reply is not None and kind in (Kind.NONE, Kind.CUT):
            return reply
        if reply is not None and kind is Kind.TRUNCATED:
            return Reply(reply.status, reply.body[: len(reply.body) // 2], reply.headers)
        if reply is not None and kind is Kind.HUGE and status < 300:
            return _padded(reply, self.huge_bytes)
        if kind is Kind.THROTTLE:
            header = retry_after_header(1.0, fault.retry_after, self.api.clock)
            return json_reply(429, {"message": "Too Many Attempts."}, header)
        if kind is Kind.REVOKE:
            return json_reply(401, {"message": "Unauthenticated."})
        if kind is Kind.MALFORMED:
            return Reply(200, b'<br />\n<b>Warning</b>: {"status":200,', (("Content-Type", "application/json"),))
        if kind is Kind.HTML:
            return Reply(status, HTML_PAGE, (("Content-Type", "text/html"),))
        if kind is Kind.HUGE:
            return Reply(status, b"Service Unavailable " * (self.huge_bytes // 20), (("Content-Type", "text/plain"),))
        if reply is not None and kind is Kind.TOKEN:
            return _replaced(reply, fault.fields)
        if kind is Kind.DEEP:
            return Reply(status, b"[" * self.deep_levels + b"]" * self.deep_levels)
        if kind is Kind.BOMB:
            return Reply(status, bomb(self.bomb_bytes), (("Content-Type", "application/json"), GZIP))
        if kind is Kind.ECHO:
            return _echo(status, incoming)
        return json_reply(status, {"message": "Server Error"})


GZIP = ("Content-Encoding", "gzip")


@functools.cache
def bomb(size: int) -> bytes:
    """`size` bytes of JSON whitespace, gzipped: about a thousandth of that on the wire."""
    return gzip.compress(b" " * size, compresslevel=9)


def _replaced(reply: Reply, fields: tuple[tuple[str, object], ...]) -> Reply:
    payload = {**json.loads(reply.body), **dict(fields)}
    return json_reply(reply.status, {name: value for name, value in payload.items() if value != DROP_FIELD})


def _echo(status: int, incoming: Incoming) -> Reply:
    """What a careless server does: quote the credentials and body it was sent, in its message, its field errors,
    its body and a header. JSON is written as PHP does, with / escaped."""
    headers = dict(incoming.headers)
    sent = incoming.body.decode("utf-8", "replace")
    payload = {
        "message": f"Rejected {headers.get('authorization', 'no token')} with body {sent}",
        "errors": {"authorization": [f"{headers.get('authorization')} is not allowed"], "body": [sent]},
        "request": {"headers": headers, "body": sent},
    }
    body = json.dumps(payload).replace("/", "\\/").encode()
    echoed = (("X-Echo", headers.get("authorization", "none")), ("X-Echo-Body", sent[:500]))
    return Reply(status, body, (("Content-Type", "application/json"), *echoed))


def _padded(reply: Reply, size: int) -> Reply:
    payload: Any = json.loads(reply.body)
    payload["padding"] = "x" * size
    return json_reply(reply.status, payload)


def _write(handler: _Handler, reply: Reply, *, cut: bool) -> None:
    """`cut` sends the head and half the body, then closes."""
    data = reply.http()
    if cut:
        data = data[: len(data) - len(reply.body) + len(reply.body) // 2]
    handler.close_connection = cut
    try:
        handler.wfile.write(data)
    except OSError:
        handler.close_connection = True


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    owner: FaultServer

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.connections: set[socket.socket] = set()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (after its read timeout, say) is part of the game, not an error to print."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def do_POST(self) -> None:
        self.server.owner.serve(self)

    do_DELETE = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the exchanges are the log."""
