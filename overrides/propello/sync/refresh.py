"""Refresh: learn which of the export's users (and the state's) the server already has, so none is created twice.

The docs do not show users.list's answer, its paging or its fields (propello-api.md §3.5). So one list call is
made, and its answer is used only when it is *certainly* a plain list of users:
- `data` is a JSON array, and the envelope has nothing beside status, timestamp and data (no paging fields);
- every item is an object carrying the key (the field named like the identifier: email, UID, id) as text;
- and up to PROBES keys of the export that the list lacks are looked up with users.get: if any of them exists,
  the list was partial (paged without saying so) and is not used.
Otherwise every key is looked up with users.get, one call each, and the time that takes is announced first.
The users a list or a lookup shows are recorded as existing; a refresh never marks anyone as absent from a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from propello import RateLimit, RateLimitStatus

from .directory import Directory
from .export import KeySpec
from .state import State, StateUser

PROBES = 3
SAVE_EVERY = 200
Event = Callable[[dict[str, Any]], None]
"""Receives progress events: dicts with an "event" name (refresh, refresh_progress, start, progress, ...)."""


@dataclass(frozen=True)
class RefreshReport:
    """How the refresh learnt what exists."""

    method: str
    """"list" or "lookup"."""
    why: str
    calls: int
    found: int
    forgotten: int


def seconds_for(calls: int, limit: RateLimit, status: RateLimitStatus | None = None) -> float:
    """About how long `calls` calls take at `limit`: those the budget has left go at once, then one every
    period/calls (latency not counted).

    Args:
        calls: The calls still to make.
        limit: The rate limit they are made at.
        status: The budget now (`client.rate_limit_status()`: this process's, or the fleet's through Redis), so the
            estimate counts what other workers already spent and a 429's pause (and uses the client's own limit
            instead of `limit`); None assumes a full budget at `limit`.
    """
    if status is None:
        return max(0, calls - limit.calls) * limit.period / limit.calls
    budget = status.limit
    return status.paused_for + max(0, calls - status.remaining) * budget.period / budget.calls


def readable_fields(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The fields among `names` the server's user `data` shows as plain values (used only to skip updates)."""
    return {name: data[name] for name in names if isinstance(data.get(name), str | int | float | bool)}


def _list_reading(answer: object, key: KeySpec) -> tuple[dict[str, dict[str, Any]] | None, str]:
    """The users of a list answer by match, or None with the reason it is not certainly a plain list."""
    if not isinstance(answer, Mapping):
        return None, "the answer is not a JSON object"
    extra = sorted(set(answer) - {"status", "timestamp", "data"})
    if extra:
        return None, f"the answer carries {', '.join(extra)} beside data (it may be paged)"
    data = answer.get("data")
    if not isinstance(data, list):
        return None, "its data is not a list"
    users: dict[str, dict[str, Any]] = {}
    for item in data:
        value = item.get(key.identifier) if isinstance(item, Mapping) else None
        normalised = key.normalise(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        if normalised is None or isinstance(normalised, str):
            return None, f"an item does not carry a readable {key.identifier}"
        users[normalised[1]] = dict(item)
    return users, f"one users.list call answered a plain list of {len(users)}"


def refresh(
    state: State,
    directory: Directory,
    key: KeySpec,
    export_keys: Callable[[], Iterable[tuple[str, str]]],
    field_names: Iterable[str],
    limit: RateLimit,
    on_event: Event,
) -> RefreshReport:
    """Learn which users exist and record them in `state` (bumping its version).

    Args:
        state: The open state; users found are added as active with origin "found", unless it knows them.
        directory: Where the calls go.
        key: What keys are.
        export_keys: (match, key as sent) of every valid export row, readable more than once.
        field_names: The API fields the export sets: what a found user's data is read for.
        limit: The rate limit the calls go at, for the announced duration.
        on_event: Receives {"event": "refresh", ...} before the lookups start, and progress as they go.
    """
    names = list(field_names)
    calls_before = directory.calls
    listed, why = _list_reading(directory.list_once(), key)
    if listed is not None:
        missing = [pair for pair in export_keys() if pair[0] not in listed][:PROBES]
        partial = [sent for _, sent in missing if directory.get(sent) is not None]
        if partial:
            listed, why = None, f"{len(partial)} user(s) the list lacked exist (users.get): the list is partial"
    if listed is not None:
        found = {match: readable_fields(data, names) for match, data in listed.items()}
        sent = {match: str(data[key.identifier]).strip() for match, data in listed.items()}
        _record(state, found, sent, forgotten=())
        state.mark_refreshed()
        on_event({"event": "refresh", "method": "list", "why": why, "found": len(found)})
        return RefreshReport("list", why, directory.calls - calls_before, len(found), 0)

    to_check: dict[str, str] = {user.match: user.key for user in state.iter_users() if user.status == "active"}
    to_check.update(dict(export_keys()))
    total = len(to_check)
    on_event(
        {
            "event": "refresh",
            "method": "lookup",
            "why": f"users.list was not used: {why}",
            "calls": total,
            "seconds": seconds_for(total, limit),
        }
    )
    found_batch: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}
    gone: list[str] = []
    found_total = gone_total = 0
    for done, (match, value) in enumerate(to_check.items(), start=1):
        data = directory.get(value)
        if data is None:
            if state.user(match) is not None:
                gone.append(match)
        else:
            found_batch[match], keys[match] = readable_fields(data, names), value
        if len(found_batch) + len(gone) >= SAVE_EVERY or done == total:
            _record(state, found_batch, keys, forgotten=gone)
            found_total, gone_total = found_total + len(found_batch), gone_total + len(gone)
            found_batch, keys, gone = {}, {}, []
            on_event({"event": "refresh_progress", "done": done, "total": total})
    state.mark_refreshed()
    return RefreshReport("lookup", why, directory.calls - calls_before, found_total, gone_total)


def _record(
    state: State, found: Mapping[str, dict[str, Any]], keys: Mapping[str, str], forgotten: Iterable[str]
) -> None:
    """Add found users the state does not know (as active, origin "found"); drop active users the server lacks."""
    with state.transaction():
        new = [
            StateUser(match, keys[match], fields, "active", "found")
            for match, fields in found.items()
            if state.user(match) is None
        ]
        state.put_users(new)
        state.forget_users(match for match in forgotten if _is_active(state, match))


def _is_active(state: State, match: str) -> bool:
    user = state.user(match)
    return user is not None and user.status == "active"
