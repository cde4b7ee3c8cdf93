"""An in-memory Propello API v3: tokens, users, groups and the API's rolling-window rate limit, as request -> reply
logic without sockets. The fault server (tests) and the benchmark server put it behind their own HTTP layer.

It keeps a real store, so "exactly once" is checkable: `commits` counts how often each email was created, and a
create for an email that already exists is answered 422 and counted in `duplicate_attempts`."""

from __future__ import annotations

import bisect
import itertools
import json
import math
import secrets
import threading
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import formatdate
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import unquote

import yaml

MAX_BATCH = 100
SPEC = Path(__file__).resolve().parents[2] / "openapi" / "openapi.yaml"


def _group_example() -> dict[str, Any]:
    """The group the API's docs show (Get Group Details' 200 example), so our answers match the spec's."""
    spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    example = spec["paths"]["/v3/group"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    group: dict[str, Any] = example["data"]
    return group


GROUP = _group_example()
RetryAfterForm = Literal["seconds", "date", "none"]


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def time(self) -> float: ...


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)

    def http(self) -> bytes:
        """The whole HTTP/1.1 response, to send in one write (no Nagle delay between head and body)."""
        head = f"HTTP/1.1 {self.status} {HTTPStatus(self.status).phrase}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in self.headers)
        return f"{head}Content-Length: {len(self.body)}\r\n\r\n".encode("latin-1") + self.body


@dataclass(frozen=True)
class Handled:
    reply: Reply
    committed: tuple[str, ...] = ()
    """Emails of the users this request created."""


def json_reply(status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(status, body, (("Content-Type", "application/json"), *headers))


def retry_after_header(wait: float, form: RetryAfterForm, clock: Clock) -> tuple[tuple[str, str], ...]:
    """Whole seconds, rounded up so a client that waits exactly this long finds the slot free; no header at all
    for "none" (servers that only say 429)."""
    if form == "none":
        return ()
    if form == "seconds":
        return (("Retry-After", str(math.ceil(wait))),)
    return (("Retry-After", formatdate(math.ceil(clock.time() + wait), usegmt=True)),)


EPSILON = 1e-6
"""Float slack: a client that waits until exactly `period` after a request may arrive a hair early."""


class RollingWindow:
    """At most `calls` requests in any `period` seconds, counting the requests it let through (as Laravel's
    throttle does). It keeps the time of every request (`arrived_at`) and of every one it answered 429."""

    def __init__(self, calls: int, period: float, clock: Clock) -> None:
        self.calls, self.period, self._clock = calls, period, clock
        self._admitted: deque[float] = deque()
        self.arrived_at: list[float] = []
        self.rejected_at: list[float] = []

    def admit(self) -> float | None:
        """None when the request may go through, else the seconds until a slot frees."""
        now = self._clock.monotonic()
        self.arrived_at.append(now)
        while self._admitted and self._admitted[0] <= now - self.period + EPSILON:
            self._admitted.popleft()
        if len(self._admitted) < self.calls:
            self._admitted.append(now)
            return None
        self.rejected_at.append(now)
        return self._admitted[0] + self.period - now

    def busiest(self, since: float) -> int:
        """The most requests that arrived (admitted or not) in any one period from `since` on."""
        times = [t for t in self.arrived_at if t >= since]
        return max((bisect.bisect_right(times, t + self.period - EPSILON) - i for i, t in enumerate(times)), default=0)

    def fill(self) -> None:
        """Another consumer used the whole allowance over the last period, evenly: slots free one by one."""
        now = self._clock.monotonic()
        step = self.period / self.calls
        self._admitted = deque(now - self.period + (i + 1) * step for i in range(self.calls))


class FakeApi:
    """Thread-safe: one lock around every request, as a single database would serialise the writes."""

    def __init__(
        self,
        *,
        client_id: int,
        client_secret: str,
        clock: Clock,
        rate_limit: tuple[int, float] | None = None,
        retry_after: RetryAfterForm = "seconds",
    ) -> None:
        self._client_id, self._client_secret, self.clock = client_id, client_secret, clock
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.window = None if rate_limit is None else RollingWindow(*rate_limit, clock)
        self.retry_after: RetryAfterForm = retry_after
        self.users: dict[str, dict[str, Any]] = {}
        self.commits: Counter[str] = Counter()
        self.duplicate_attempts = 0
        self.token_requests = 0
        self.issued_tokens: list[str] = []
        self._valid_tokens: set[str] = set()

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Handled:
        with self._lock:
            if self.window is not None and (wait := self.window.admit()) is not None:
                header = retry_after_header(wait, self.retry_after, self.clock)
                return Handled(json_reply(429, {"message": "Too Many Attempts."}, header))
            segments = [unquote(s) for s in path.split("?", 1)[0].strip("/").split("/")]
            if segments == ["v3", "oauth", "token"]:
                return Handled(self._token(_json(body)))
            if bearer(headers) not in self._valid_tokens:
                return Handled(json_reply(401, {"message": "Unauthenticated."}))
            return self._route(method, segments, _json(body))

    def revoke(self, token: str | None) -> None:
        with self._lock:
            self._valid_tokens.discard(token or "")

    def _token(self, body: object) -> Reply:
        self.token_requests += 1
        expected = {"client_id": self._client_id, "client_secret": self._client_secret}
        if not isinstance(body, dict) or any(body.get(k) != v for k, v in expected.items()):
            return json_reply(401, {"error": "invalid_client", "message": "Client authentication failed"})
        token = f"tok-{secrets.token_hex(12)}"
        self.issued_tokens.append(token)
        self._valid_tokens.add(token)
        return json_reply(200, {"token_type": "Bearer", "expires_in": 31536000, "access_token": token})

    def _route(self, method: str, segments: list[str], body: object) -> Handled:
        match segments[1:]:
            case ["user", "create"]:
                return self._create([body] if isinstance(body, dict) else [])
            case ["user", "create", "bulk"]:
                data = body.get("data") if isinstance(body, dict) else None
                return self._create(data if isinstance(data, list) else [], bulk=True)
            case ["user", "get", identifier, value]:
                user = self._find(identifier, value)
                if user is None:
                    return Handled(json_reply(404, {"message": "User not found."}))
                return Handled(self._envelope(user))
            case ["user", "list"]:
                return Handled(self._envelope(list(self.users.values())[:15]))
            case ["group"]:
                return Handled(self._envelope(GROUP))
            case ["group", "list"]:
                return Handled(self._envelope([GROUP]))
        return Handled(json_reply(404, {"message": f"No route for {method} /{'/'.join(segments)}."}))

    def _create(self, users: list[Any], *, bulk: bool = False) -> Handled:
        """All or nothing, like one database transaction."""
        if not users or (bulk and len(users) > MAX_BATCH):
            return Handled(json_reply(422, {"message": f"Send 1 to {MAX_BATCH} users."}))
        emails = [u.get("email") if isinstance(u, dict) else None for u in users]
        if not all(isinstance(e, str) and e for e in emails):
            return Handled(_field_error("email", "The email field is required."))
        taken = [e for e in emails if e in self.users]
        if taken or len(set(emails)) < len(emails):
            self.duplicate_attempts += len(taken) or 1
            return Handled(_field_error("email", "The email has already been taken."))
        created = []
        for user in users:
            number = next(self._ids)
            record = {**user, "id": number, "UID": f"uid-{number}"}
            self.users[record["email"]] = record
            self.commits[record["email"]] += 1
            created.append(record)
        return Handled(self._envelope(created if bulk else created[0]), tuple(u["email"] for u in created))

    def _find(self, identifier: str, value: str) -> dict[str, Any] | None:
        if identifier == "email":
            return self.users.get(value)
        key = {"UID": "UID", "id": "id"}.get(identifier)
        return next((u for u in self.users.values() if key and str(u[key]) == value), None)

    def _envelope(self, data: object) -> Reply:
        timestamp = datetime.fromtimestamp(self.clock.time(), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return json_reply(200, {"status": 200, "timestamp": timestamp, "data": data})


def bearer(headers: Mapping[str, str]) -> str | None:
    """The access token a request carries (`headers` with lower-case names)."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token if scheme == "Bearer" else None


def _field_error(field: str, message: str) -> Reply:
    return json_reply(422, {"message": message, "errors": {field: [message]}})


def _json(body: bytes) -> object:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None
