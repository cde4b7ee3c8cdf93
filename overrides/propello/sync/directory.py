"""The calls the engine makes, through the client's generated resource methods (so through its limiter, retries
and, with PROPELLO_REDIS_URL, the fleet's shared budget), and what it reads from their answers.

The docs leave every user answer's shape open (propello-api.md §3.3-3.5). So this module reads an answer only
where the reading cannot be wrong in a way that loses or duplicates a user:
- users.get: a 2xx answer means the user exists, a 404 that it does not. Its fields are read only to skip an
  update that would send the same values (a misread sends an update that changes nothing).
- users.create_batch: a user counts as created from the answer alone when one item of a `data` list names it by
  its key and carries an `id`, without `error`/`errors`. Every other user of the batch is settled by users.get.
- users.list: see refresh.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from propello import APIStatusError, NotFoundError, Propello

ACTIVATION = {"send": True, "skip": False, "group-default": None}
"""--activation-email -> the bulk body's send_activation_email (None: left out, the group's setting applies)."""


def user_data(answer: object) -> dict[str, Any]:
    """The `data` object of a user answer as a dict ({} when the answer has none we can read)."""
    to_dict = getattr(answer, "to_dict", None)
    body = to_dict() if callable(to_dict) else answer
    data = body.get("data") if isinstance(body, Mapping) else None
    return dict(data) if isinstance(data, Mapping) else {}


def api_message(error: Exception) -> str:
    """The API's own message for a failed call: its field errors when it gave some, else the error's text."""
    if isinstance(error, APIStatusError) and error.errors:
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in sorted(error.errors.items()))
    return str(error)


@dataclass
class BatchReading:
    """What a bulk-create answer says for sure: users created (by match), and messages the answer gave for others."""

    created: set[str] = field(default_factory=set)
    messages: dict[str, str] = field(default_factory=dict)


class Directory:
    """The organisation's users as the engine reaches them: one method per call, counted."""

    def __init__(self, client: Propello, identifier: str) -> None:
        """`identifier` is the API's name for what keys are (email, UID or id)."""
        self.client = client
        self.identifier = identifier
        self.calls = 0
        """Calls made through this object (each is one request, before the client's retries)."""

    def get(self, key: str, identifier: str | None = None) -> dict[str, Any] | None:
        """The user's data when the API has the user; None on 404. `identifier` defaults to the keys' own."""
        self.calls += 1
        try:
            return user_data(self.client.users.get(identifier or self.identifier, key))  # type: ignore[arg-type]
        except NotFoundError:
            return None

    def create_batch(self, users: Sequence[Mapping[str, Any]], activation_email: str) -> object:
        """One bulk-create call (at most 100 users); returns the answer's body as parsed JSON."""
        self.calls += 1
        flag = ACTIVATION[activation_email]
        extra = {} if flag is None else {"send_activation_email": flag}
        # The flag goes on the batch (where the PHP SDK puts it) and on each user (where the create docs put it):
        # whichever the API reads, the operator's choice holds.
        body: dict[str, Any] = {**extra, "data": [{**user, **extra} for user in users]}
        return self.client.users.create_batch(body).to_dict()

    def update(self, key: str, fields: Mapping[str, Any]) -> None:
        self.calls += 1
        self.client.users.update(self.identifier, key, dict(fields))  # type: ignore[arg-type]

    def deactivate(self, key: str) -> None:
        """users.delete: "Deactivate a user record" (the docs' summary), never anonymise."""
        self.calls += 1
        self.client.users.delete(self.identifier, key)  # type: ignore[arg-type]

    def restore(self, key: str) -> None:
        """users.restore: "Restore a deactivated user record"."""
        self.calls += 1
        self.client.users.restore(self.identifier, key)  # type: ignore[arg-type]

    def list_once(self) -> object:
        """One users.list call with no filters; the answer's body as parsed JSON."""
        self.calls += 1
        return self.client.users.list().to_dict()


def read_batch_answer(answer: object, key_field: str, batch: Mapping[str, str]) -> BatchReading:
    """What a bulk-create `answer` says for sure about `batch` (match -> key as sent).

    `key_field` is the body field that carries the key (email). Anything not read here is settled by a lookup."""
    reading = BatchReading()
    data = answer.get("data") if isinstance(answer, Mapping) else None
    if not isinstance(data, list):
        return reading
    by_key = {key.casefold() if key_field == "email" else key: match for match, key in batch.items()}
    named: dict[str, int] = {}
    for item in data:
        if not isinstance(item, Mapping):
            continue
        value = item.get(key_field)
        if not isinstance(value, str):
            continue
        match = by_key.get(value.strip().casefold() if key_field == "email" else value.strip())
        if match is None:
            continue
        named[match] = named.get(match, 0) + 1
        problem = item.get("errors", item.get("error"))
        if problem:
            reading.messages[match] = _text(problem)
        elif isinstance(item.get("id"), int | str) and item.get("id") not in ("", None):
            reading.created.add(match)
    reading.created = {match for match in reading.created if named[match] == 1 and match not in reading.messages}
    return reading


def _text(problem: object) -> str:
    if isinstance(problem, Mapping):
        parts = []
        for name, messages in problem.items():
            words = " ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
            parts.append(f"{name}: {words}")
        return "; ".join(parts)
    if isinstance(problem, list):
        return " ".join(str(part) for part in problem)
    return str(problem)
