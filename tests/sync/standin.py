"""A stateful stand-in of the Propello user directory on loopback, for the sync engine's tests and benchmark.

Real HTTP (http.server, HTTP/1.1 keep-alive) with users in memory. It answers the user operations the way the
engine must cope with, in shapes the docs leave open (which is the point: the engine may not rely on them):
- users.get: 200 {status, timestamp, data: user} for an active user; 404 for an unknown or deactivated one (a
  soft delete hides the user, as Laravel's does);
- users.create_batch: over 100 users -> 422; a field value containing "REJECT" -> 422 for the whole batch with
  `data.N.field` errors (nothing created); otherwise 200 with one item per user: {id, email} when created,
  {email, errors} when the email is taken;
- users.list: `list_mode` "plain" (every active user in data), "paged" (a Laravel paginator object, 15 a page,
  reading `page` from the body), "paged_ignoring_page" (the same, always page 1), "truncated" (a plain list of
  the first 15 users, saying nothing about paging);
- users.update / delete (deactivate) / restore: 404 for a missing user; delete of a deactivated user 404;
  restore of an active user changes nothing (200).
It enforces a rolling window (`calls` arrivals per `period`; over it: 429 with Retry-After), and can process a
write and then drop the connection without answering (`drop_rate`, seeded). It counts everything a test checks:
creates per email (a second create of one email is a duplicate), calls per operation, 429s, activation emails.
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

MAX_BATCH = 100
WRITES = ("create_batch", "create", "update", "delete", "restore")
_ROUTES = [
    ("POST", re.compile(r"/v3/user/create/bulk"), "create_batch"),
    ("POST", re.compile(r"/v3/user/create"), "create"),
    ("POST", re.compile(r"/v3/user/list"), "list"),
    ("POST", re.compile(r"/v3/user/get/([^/]+)/([^/]+)"), "get"),
    ("POST", re.compile(r"/v3/user/update/([^/]+)/([^/]+)"), "update"),
    ("DELETE", re.compile(r"/v3/user/delete/([^/]+)/([^/]+)"), "delete"),
    ("POST", re.compile(r"/v3/user/restore/([^/]+)/([^/]+)"), "restore"),
    ("POST", re.compile(r"/v3/oauth/token"), "token"),
]


@dataclass
class Directory:
    """The users, and the counters tests read."""

    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    active: dict[int, bool] = field(default_factory=dict)
    creates: Counter[str] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)
    activation_emails: int = 0
    activation_flags: Counter[str] = field(default_factory=Counter)
    """How bulk bodies set send_activation_email: "True", "False" or "absent" (the group's setting), per call."""
    rejected_429: int = 0
    dropped: int = 0
    next_id: int = 1

    by_email: dict[str, int] = field(default_factory=dict)
    by_uid: dict[str, int] = field(default_factory=dict)

    def find(self, identifier: str, value: str) -> int | None:
        if identifier == "id":
            return int(value) if value.isdigit() and int(value) in self.users else None
        if identifier == "UID":
            return self.by_uid.get(value)
        return self.by_email.get(value.casefold()) if identifier == "email" else None

    def add(self, fields: dict[str, Any], *, active: bool = True) -> int:
        user_id, self.next_id = self.next_id, self.next_id + 1
        self.users[user_id] = {key: value for key, value in fields.items() if not key.startswith("send_activation")}
        self.by_email[str(fields["email"]).casefold()] = user_id
        if "UID" in fields:
            self.by_uid[str(fields["UID"])] = user_id
        self.active[user_id] = active
        self.creates[str(fields["email"]).casefold()] += 1
        return user_id

    def snapshot(self) -> dict[str, tuple[bool, dict[str, Any]]]:
        """email -> (active, fields): what a test compares with the expected directory."""
        return {
            str(user["email"]).casefold(): (self.active[user_id], dict(user)) for user_id, user in self.users.items()
        }

    def duplicates(self) -> dict[str, int]:
        return {email: count for email, count in self.creates.items() if count > 1}


class StandIn:
    """The stand-in server. `with StandIn() as api:` serves on 127.0.0.1:<free port>; `api.url` is its base URL."""

    def __init__(self, *, calls: int = 1000, period: float = 1.0, list_mode: str = "plain", seed: int = 0) -> None:
        self.directory = Directory()
        self.calls, self.period, self.list_mode = calls, period, list_mode
        self.drop_rate = 0.0
        self.create_batch_handler: Callable[[Any], tuple[int, Any]] | None = None
        """When set, answers bulk creates instead of the directory (which then creates nobody)."""
        self.blank_gets = False
        """When set, users.get answers 200 with an empty user for every key (as a mock of the spec does)."""
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self._arrivals: deque[float] = deque()
        self._index: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def seed_users(self, users: list[dict[str, Any]], *, active: bool = True) -> None:
        with self.lock:
            for user in users:
                self.directory.add(user, active=active)
            self.directory.creates.clear()

    @contextmanager
    def dropping(self, rate: float) -> Iterator[None]:
        self.drop_rate = rate
        try:
            yield
        finally:
            self.drop_rate = 0.0
        self.create_batch_handler: Callable[[Any], tuple[int, Any]] | None = None
        """When set, answers bulk creates instead of the directory (which then creates nobody)."""
        self.blank_gets = False
        """When set, users.get answers 200 with an empty user for every key (as a mock of the spec does)."""

    # request handling, under the lock

    def over_window(self) -> float | None:
        """Count an arrival; the wait until a slot frees when the window is full (the request is refused)."""
        now = time.monotonic()
        while self._arrivals and self._arrivals[0] <= now - self.period:
            self._arrivals.popleft()
        if len(self._arrivals) >= self.calls:
            return self._arrivals[0] + self.period - now
        self._arrivals.append(now)
        return None

    def handle(self, operation: str, path: tuple[str, ...], body: Any) -> tuple[int, Any]:
        d = self.directory
        d.calls[operation] += 1
        if operation == "token":
            return 200, {"token_type": "Bearer", "expires_in": 31536000, "access_token": "standin-token"}
        if operation == "list":
            return 200, self._list(body)
        if operation == "create_batch":
            return self._create_batch(body) if self.create_batch_handler is None else self.create_batch_handler(body)
        if operation == "create":
            return self._create_batch({"data": [body], **{k: v for k, v in body.items() if k.startswith("send_")}})
        identifier, value = path
        user_id = d.find(identifier, value)
        if operation == "get" and self.blank_gets:
            return 200, _envelope({})
        if operation == "get":
            if user_id is None or not d.active[user_id]:
                return 404, {"message": "User not found."}
            return 200, _envelope({"id": user_id, **d.users[user_id]})
        if user_id is None:
            return 404, {"message": "User not found."}
        if operation == "update":
            if not d.active[user_id]:
                return 404, {"message": "User not found."}
            d.users[user_id].update(body or {})
        elif operation == "delete":
            if not d.active[user_id]:
                return 404, {"message": "User not found."}
            d.active[user_id] = False
        elif operation == "restore":
            d.active[user_id] = True
        return 200, _envelope({"id": user_id, **d.users[user_id]})

    def _list(self, body: Any) -> dict[str, Any]:
        d = self.directory
        users = [{"id": uid, **user} for uid, user in d.users.items() if d.active[uid]]
        if self.list_mode in ("paged", "paged_ignoring_page"):
            asked = body.get("page", 1) if isinstance(body, dict) and self.list_mode == "paged" else 1
            last = max(1, -(-len(users) // 15))
            following = f"{self.url}/v3/user/list?page={asked + 1}" if asked < last else None
            page = {"current_page": asked, "data": users[(asked - 1) * 15 : asked * 15], "last_page": last}
            return _envelope({**page, "next_page_url": following})
        if self.list_mode == "truncated":
            users = users[:15]
        return _envelope(users)

    def _create_batch(self, body: Any) -> tuple[int, Any]:
        d = self.directory
        users = body.get("data") if isinstance(body, dict) else None
        if not isinstance(users, list):
            return 422, {"message": "The data field is required.", "errors": {"data": ["The data field is required."]}}
        if len(users) > MAX_BATCH:
            return 422, {
                "message": "Too many users.",
                "errors": {"data": ["The data may not have more than 100 items."]},
            }
        errors = {
            f"data.{index}.{name}": [f"The {name.replace('_', ' ')} is invalid."]
            for index, user in enumerate(users)
            for name, value in user.items()
            if isinstance(value, str) and "REJECT" in value
        }
        if errors:
            return 422, {"message": "The given data was invalid.", "errors": errors}
        d.activation_flags[str(body.get("send_activation_email", "absent"))] += 1
        items = []
        for user in users:
            if d.find("email", str(user.get("email", ""))) is not None:
                items.append({"email": user.get("email"), "errors": {"email": ["The email has already been taken."]}})
                continue
            user_id = d.add(user)
            d.activation_emails += 1 if body.get("send_activation_email") else 0
            items.append({"id": user_id, "email": user["email"]})
        return 200, _envelope(items)


def _route(method: str, path: str) -> tuple[str, tuple[str, ...]] | None:
    """(operation, path parameters) for a request, or None when no operation has that method and path."""
    for route_method, pattern, operation in _ROUTES:
        found = pattern.fullmatch(path)
        if found and route_method == method:
            return operation, tuple(unquote(group) for group in found.groups())
    return None


def _envelope(data: Any) -> dict[str, Any]:
    return {"status": 200, "timestamp": "2026-01-05T09:00:00.000000Z", "data": data}


def _handler(api: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms delayed-ACK stall per call

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            routed = _route(method, self.path)
            if routed is None:
                self._reply(404, {"message": "No such route."})
                return
            operation, path = routed
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                self._reply(400, {"message": "Malformed JSON."})
                return
            with api.lock:
                wait = api.over_window()
                if wait is not None:
                    api.directory.rejected_429 += 1
                    self._reply(429, {"message": "Too Many Attempts."}, (("Retry-After", str(max(1, round(wait)))),))
                    return
                status, payload = api.handle(operation, path, body)
                drop = operation in WRITES and status == 200 and api.random.random() < api.drop_rate
                if drop:
                    api.directory.dropped += 1
            if drop:  # processed, then the connection drops before any answer
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self._reply(status, payload)

        def _reply(self, status: int, payload: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
