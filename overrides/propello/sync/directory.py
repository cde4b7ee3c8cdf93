"""The calls the engine makes, through the client's generated resource methods (so through its limiter, retries
and, with PROPELLO_REDIS_URL, the fleet's shared budget), and what it reads from their answers.

The docs leave every user answer's shape open (propello-api.md §3.3-3.5). So this module reads an answer only
where the reading cannot be wrong in a way that loses or duplicates a user:
- users.get: a 2xx answer means the user exists, a 404 that it does not. Its fields are read only to skip an
  update that would send the same values (a misread sends an update that changes nothing).
- users.create_many (one batch per call): a user counts as created from the answer alone when create_many could
  pair the answer's items with the users by email and the user's item carries an `id`, without errors. Every
  other user of the batch is settled by users.get.
- users.list: see refresh.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from propello import ActivationEmail, APIStatusError, BulkCreateError, NotFoundError, Propello

ACTIVATION = {"send": True, "skip": False, "group-default": None}
"""--activation-email (create_many's activation_email words) -> each user's send_activation_email (None: left
out, the group's setting applies)."""


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


class UserAnswer(Protocol):
    """What create_many's per-user result (propello's UserAnswer) offers: the answer's item, and its errors."""

    @property
    def item(self) -> dict[str, Any]: ...

    @property
    def errors(self) -> object | None: ...


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

    def create_batch(self, matches: Sequence[str], users: Sequence[Mapping[str, Any]], activation: str) -> BatchReading:
        """One bulk-create call of at most 100 `users` (through users.create_many, as one batch), and what its
        answer says for sure about each, by `matches` (in the same order). A failed call raises its APIError."""
        self.calls += 1
        flag = ACTIVATION[activation]
        extra = {} if flag is None else {"send_activation_email": flag}
        # The flag goes on the batch (where the PHP SDK puts it) and on each user (where the create docs put it):
        # whichever the API reads, the operator's choice holds.
        try:
            (answer,) = self.client.users.create_many(
                [{**user, **extra} for user in users],
                batch_size=len(users),
                activation_email=cast(ActivationEmail, activation),
            )
        except BulkCreateError as exc:
            raise exc.error from exc
        return read_batch_answer(answer.results, matches)

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


def read_batch_answer(results: Sequence[UserAnswer] | None, matches: Sequence[str]) -> BatchReading:
    """What a bulk answer says for sure. `results` are create_many's per-user results (None when the answer could
    not be paired with the users by email). A user counts as created only when its item carries an `id` and no
    errors; a user with errors gets the API's message; anything else is settled by a lookup."""
    reading = BatchReading()
    for match, result in zip(matches, results or (), strict=False):
        if result.errors:
            reading.messages[match] = _text(result.errors)
        elif isinstance(result.item.get("id"), int | str) and result.item.get("id") != "":
            reading.created.add(match)
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
