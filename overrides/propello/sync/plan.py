"""Making a plan: read the export, learn what exists when needed, compare with the state, apply the safety rules.

The export is streamed into a scratch SQLite database (a temporary file beside nothing: SQLite deletes it), so
duplicate keys and leavers are found by SQL over a million rows in bounded memory; only the plan's changes are
kept in memory. The plan file is JSON Lines: a header (the state's id and version it was made against, the key,
the columns, the activation-email choice, the counts) and then one line per write, in the order apply sends them.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from propello import Propello, RateLimit

from .directory import Directory
from .errors import ExportError, StalePlanError, StateError, UnsafePlanError
from .export import KeySpec, Rejection, Row, open_export
from .refresh import Event, RefreshReport, refresh, seconds_for
from .state import State, default_path

FORMAT = "propello-sync-plan"
FORMAT_VERSION = 1
BULK_SIZE = 100
"""Users per bulk-create call: the API's limit ("Bulk create new user records (limit 100)")."""
DEFAULT_LIMIT = RateLimit()
LEAVERS = ("deactivate", "report", "ignore")
ACTIVATION_CHOICES = ("send", "skip", "group-default")
MIN_DEACTIVATION_LIMIT = 25
DEFAULT_DEACTIVATION_SHARE = 10.0
KINDS = ("create", "restore", "update", "deactivate")
"""The order apply sends writes in: a returner is restored before its changed fields are sent."""


@dataclass(frozen=True)
class Action:
    """One write of a plan."""

    kind: str
    """"create", "restore", "update" or "deactivate"."""
    key: str
    match: str
    fields: dict[str, Any] = field(default_factory=dict)
    """What is sent: every field the export sets (for an update, the key aside), nothing for the others."""
    diff: dict[str, list[Any]] = field(default_factory=dict)
    """For an update: field -> [value the state holds (None when unknown), new value]."""
    line: int | None = None
    """The export line it comes from (None for a leaver)."""


@dataclass
class Plan:
    """What `apply` will do, and what was found on the way. `problems` non-empty means the plan is refused: it is
    not saved, and nothing of it can be applied."""

    id: str
    state_path: str
    state_id: str
    state_version: int
    key: KeySpec
    columns: dict[str, str]
    """API field -> export column: how a failed row is written back in the export's own columns."""
    export: str
    activation_email: str | None
    leavers: str
    counts: dict[str, int]
    actions: list[Action]
    rejections: list[Rejection]
    ignored_columns: list[str]
    reported_leavers: list[str]
    problems: list[str]
    rate_limit: RateLimit
    refresh: RefreshReport | None = None
    created_at: float = field(default_factory=time.time)

    @property
    def calls(self) -> int:
        """The calls apply makes: bulk creates of up to 100, one per other write."""
        creates = self.counts.get("create", 0)
        return math.ceil(creates / BULK_SIZE) + sum(self.counts.get(kind, 0) for kind in KINDS[1:])

    @property
    def eta_seconds(self) -> float:
        """About how long apply takes at the configured rate limit."""
        return seconds_for(self.calls, self.rate_limit)

    @property
    def changes(self) -> int:
        return len(self.actions)

    def header(self) -> dict[str, Any]:
        """The plan file's first line, and the head of --format json."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "plan_id": self.id,
            "created_at": self.created_at,
            # absolute, so apply run from another directory finds the same state
            "state": {"path": str(Path(self.state_path).resolve()), "id": self.state_id, "version": self.state_version},
            "key": {"identifier": self.key.identifier, "column": self.key.column},
            "columns": self.columns,
            "export": self.export,
            "activation_email": self.activation_email,
            "leavers": self.leavers,
            "counts": self.counts,
            "calls": self.calls,
            "rate_limit": {"calls": self.rate_limit.calls, "period": self.rate_limit.period},
            "eta_seconds": round(self.eta_seconds, 1),
            "ignored_columns": self.ignored_columns,
            "refresh": None if self.refresh is None else asdict(self.refresh),
            "problems": self.problems,
        }

    def to_json(self) -> dict[str, Any]:
        """Everything, for machines (--format json)."""
        return {
            **self.header(),
            "actions": [asdict(action) for action in self.actions],
            "rejected": [asdict(rejection) for rejection in self.rejections],
            "reported_leavers": self.reported_leavers,
        }

    def save(self, path: str | Path) -> Path:
        """Write the plan file atomically (a temporary file renamed over `path`). Refused when `problems`."""
        if self.problems:
            raise UnsafePlanError("the plan was refused, so it is not saved: " + " ".join(self.problems))
        target = Path(path)
        lines = itertools.chain([self.header()], (asdict(action) for action in self.actions))
        _write_atomically(target, (json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
        return target


@dataclass(frozen=True)
class SavedPlan:
    """A plan file read back: its header and its writes."""

    header: dict[str, Any]
    actions: list[Action]

    @property
    def id(self) -> str:
        return str(self.header["plan_id"])

    @property
    def key(self) -> KeySpec:
        return KeySpec(self.header["key"]["identifier"], self.header["key"]["column"])

    @classmethod
    def load(cls, path: str | Path) -> SavedPlan:
        source = Path(path)
        try:
            with open(source, encoding="utf-8") as handle:
                header = json.loads(handle.readline() or "null")
                if not isinstance(header, dict) or header.get("format") != FORMAT:
                    raise ExportError(f"{source} is not a propello sync plan (make one with `propello sync plan`)")
                if header.get("format_version") != FORMAT_VERSION:
                    raise ExportError(f"{source} is a plan of format {header.get('format_version')}: make it again")
                actions = [Action(**json.loads(line)) for line in handle if line.strip()]
        except OSError as exc:
            raise ExportError(f"cannot read the plan {source}: {exc.strerror}") from exc
        except (ValueError, TypeError) as exc:
            raise ExportError(f"the plan {source} is damaged ({exc}): make it again") from exc
        return cls(header, actions)


def _write_atomically(target: Path, chunks: Iterable[str]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def deactivation_limit(max_deactivate: str | int | None, active: int) -> tuple[int, str]:
    """The most deactivations a plan may make, and how that limit was set (for the refusal's message)."""
    if max_deactivate is None:
        share = math.floor(active * DEFAULT_DEACTIVATION_SHARE / 100)
        return max(MIN_DEACTIVATION_LIMIT, share), f"10% of {active} active users, and at least 25"
    text = str(max_deactivate).strip()
    if text.endswith("%"):
        try:
            percent = float(text[:-1])
        except ValueError:
            percent = -1.0
        if not 0 <= percent <= 100:
            raise ExportError(f"--max-deactivate {text}: a percentage must be between 0% and 100%")
        return math.floor(active * percent / 100), f"--max-deactivate {text} of {active} active users"
    if not (text.isascii() and text.isdigit()):
        raise ExportError(f"--max-deactivate {text!r}: give a number of users (40) or a share of the active (15%)")
    return int(text), f"--max-deactivate {text}"


def make_plan(
    client: Propello,
    export: str | Path,
    *,
    state: str | Path | None = None,
    key: str | KeySpec = "email",
    fields: Mapping[str, str] | None = None,
    leavers: str = "deactivate",
    protect: Sequence[str] = (),
    max_deactivate: str | int | None = None,
    activation_email: str | None = None,
    refresh_first: bool | None = None,
    rate_limit: RateLimit | None = None,
    on_event: Event | None = None,
) -> Plan:
    """Compare an HR export with what the state (and, when needed, the server) knows, and say what apply would do.

    Args:
        client: The client calls go through (its rate limiter, retries, Redis fleet).
        export: A CSV (any common dialect, BOM or not) or JSON Lines file, one user per row.
        state: The state file; default `default_path()` ($PROPELLO_SYNC_STATE or ~/.local/state/propello/sync.db).
        key: "email" (default) or "UID=column": what identifies a user, and the column that holds it.
        fields: API field name -> export column, for columns not named like the API field.
        leavers: Users in the state but not in the export: "deactivate" them (default), only "report" them, or
            "ignore" them.
        protect: Regular expressions (re.search) over keys: matching users are never written to.
        max_deactivate: The most deactivations allowed: a number of users, or "P%" of the active users. Default:
            10% of the active users, and at least 25. A plan over it is refused.
        activation_email: "send", "skip" or "group-default". Required when the plan creates users: there is no
            silent default, so a first load cannot email everyone by accident.
        refresh_first: Learn what exists on the server before comparing. None (default): only when the state has
            never been refreshed. The time the lookups take is announced through `on_event` first.
        rate_limit: The limit the client sends at, for the ETA; default the API's 120 calls a minute.
        on_event: Receives progress events (dicts with an "event" name).
    """
    spec = key if isinstance(key, KeySpec) else KeySpec.parse(key)
    if leavers not in LEAVERS:
        raise ExportError(f"--leavers {leavers!r}: choose one of {', '.join(LEAVERS)}")
    if activation_email is not None and activation_email not in ACTIVATION_CHOICES:
        raise ExportError(f"--activation-email {activation_email!r}: choose one of {', '.join(ACTIVATION_CHOICES)}")
    try:
        protected = [re.compile(pattern) for pattern in protect]
    except re.error as exc:
        raise ExportError(f"--protect {exc.pattern!r}: {exc}") from exc
    limit = rate_limit or DEFAULT_LIMIT
    emit = on_event or (lambda event: None)
    source = open_export(export, spec, fields)
    try:
        with State(state or default_path(), identifier=spec.identifier) as store:
            unfinished = store.unfinished_run()
            if unfinished is not None:
                raise StateError(
                    f"an apply of plan {unfinished[1]} is unfinished in {store.path}: run `propello sync apply` "
                    "with that plan file again to finish it before making a new plan"
                )
            scratch = _Scratch(store)
            scratch.load(source.rows)
            report = None
            if refresh_first or (refresh_first is None and store.refreshed_at is None):
                report = refresh(
                    store,
                    Directory(client, spec.identifier),
                    spec,
                    scratch.keys,
                    source.columns.fields,
                    limit,
                    emit,
                )
            plan = Plan(
                id=uuid.uuid4().hex,
                state_path=str(store.path),
                state_id=store.id,
                state_version=store.version,
                key=spec,
                columns=dict(source.columns.fields),
                export=str(source.path),
                activation_email=activation_email,
                leavers=leavers,
                counts={},
                actions=[],
                rejections=scratch.rejections(),
                ignored_columns=list(source.columns.ignored),
                reported_leavers=[],
                problems=[],
                rate_limit=limit,
                refresh=report,
            )
            _compare(plan, store, scratch, protected)
            _check_safety(plan, store.count_users("active"), max_deactivate)
            scratch.drop()
            return plan
    finally:
        source.close()


class _Scratch:
    """The export's valid rows and its rejections, in a temporary database attached to the state's connection."""

    def __init__(self, state: State) -> None:
        self.db = state.db
        self.db.execute("ATTACH DATABASE '' AS scratch")
        self.db.execute("CREATE TABLE scratch.rows (match TEXT NOT NULL, key TEXT, line INTEGER, fields TEXT)")
        self.db.execute("CREATE TABLE scratch.rejects (line INTEGER, key TEXT, match TEXT, reason TEXT)")

    def load(self, rows: Iterator[Row | Rejection]) -> None:
        with_rows = self.db.executemany
        while chunk := list(itertools.islice(rows, 10_000)):
            with_rows(
                "INSERT INTO scratch.rows VALUES (?, ?, ?, ?)",
                ((r.match, r.key, r.line, json.dumps(r.fields)) for r in chunk if isinstance(r, Row)),
            )
            with_rows(
                "INSERT INTO scratch.rejects VALUES (?, ?, ?, ?)",
                ((r.line, r.key, r.match, r.reason) for r in chunk if isinstance(r, Rejection)),
            )
        self.db.execute("CREATE INDEX scratch.rows_match ON rows (match)")
        duplicates = self.db.execute(
            "SELECT match, group_concat(line, ', ') FROM "
            "(SELECT match, line FROM scratch.rows WHERE match IN "
            " (SELECT match FROM scratch.rows GROUP BY match HAVING count(*) > 1) ORDER BY line) GROUP BY match"
        ).fetchall()
        for match, lines in duplicates:
            self.db.execute(
                "INSERT INTO scratch.rejects SELECT line, key, match, ? FROM scratch.rows WHERE match = ?",
                (f"duplicate key: the export has it on lines {lines}", match),
            )
            self.db.execute("DELETE FROM scratch.rows WHERE match = ?", (match,))
        self.db.execute("CREATE INDEX scratch.rejects_match ON rejects (match)")

    def keys(self) -> Iterator[tuple[str, str]]:
        """(match, key) of every valid row, in export order."""
        for match, key in self.db.execute("SELECT match, key FROM scratch.rows ORDER BY line").fetchall():
            yield str(match), str(key)

    def rejections(self) -> list[Rejection]:
        return [
            Rejection(int(line), key, match, reason)
            for line, key, match, reason in self.db.execute("SELECT * FROM scratch.rejects ORDER BY line")
        ]

    def joined(self) -> Iterator[tuple[str, str, int, str, str | None, str | None]]:
        """Every valid row with the state's fields and status for its key (None, None when the state lacks it). The
        key is the one the state knows the user by (as created or found), so a write names the user as the API
        does, whatever case the export uses this week."""
        yield from self.db.execute(
            "SELECT r.match, coalesce(u.key, r.key), r.line, r.fields, u.fields, u.status FROM scratch.rows r "
            "LEFT JOIN main.users u ON u.match = r.match ORDER BY r.line"
        )

    def leavers(self) -> Iterator[tuple[str, str]]:
        """Active users of the state that no export row names (a rejected row with a readable key names one)."""
        yield from self.db.execute(
            "SELECT u.match, u.key FROM main.users u WHERE u.status = 'active' "
            "AND NOT EXISTS (SELECT 1 FROM scratch.rows r WHERE r.match = u.match) "
            "AND NOT EXISTS (SELECT 1 FROM scratch.rejects j WHERE j.match = u.match) ORDER BY u.match"
        )

    def drop(self) -> None:
        self.db.execute("DETACH DATABASE scratch")


def _compare(plan: Plan, store: State, scratch: _Scratch, protected: list[re.Pattern[str]]) -> None:
    counts = dict.fromkeys(("create", "update", "restore", "deactivate", "unchanged", "protected"), 0)
    by_kind: dict[str, list[Action]] = {kind: [] for kind in KINDS}

    def is_protected(key: str) -> bool:
        return any(pattern.search(key) for pattern in protected)

    keyed_by_email = plan.key.identifier == "email"
    for match, sent, line, row_json, state_json, status in scratch.joined():
        fields = json.loads(row_json)
        if is_protected(sent):
            counts["protected"] += 1
            continue
        if status is None:
            by_kind["create"].append(Action("create", sent, match, fields, line=line))
            continue
        known = json.loads(state_json or "{}")
        diff = {
            name: [known.get(name), value]
            for name, value in fields.items()
            if known.get(name) != value and not (name == "email" and keyed_by_email)
        }  # the key itself matched already (emails case aside): it is never "changed"
        if status == "deactivated":
            by_kind["restore"].append(Action("restore", sent, match, line=line))
        if diff:
            # The body holds every field the export sets (the key aside), not only the changed ones: the docs do
            # not say whether update replaces the record or merges into it, and this is right either way.
            body = {name: value for name, value in fields.items() if not (name == "email" and keyed_by_email)}
            by_kind["update"].append(Action("update", sent, match, body, diff, line))
        elif status != "deactivated":
            counts["unchanged"] += 1
    for match, sent in scratch.leavers():
        if is_protected(sent):
            counts["protected"] += 1
        elif plan.leavers == "deactivate":
            by_kind["deactivate"].append(Action("deactivate", sent, match))
        elif plan.leavers == "report":
            plan.reported_leavers.append(sent)
    for kind in KINDS:
        counts[kind] = len(by_kind[kind])
        plan.actions.extend(by_kind[kind])
    counts["rejected"] = len(plan.rejections)
    counts["leavers_reported"] = len(plan.reported_leavers)
    plan.counts = counts


def _check_safety(plan: Plan, active: int, max_deactivate: str | int | None) -> None:
    limit, how = deactivation_limit(max_deactivate, active)
    deactivations = plan.counts["deactivate"]
    if deactivations > limit:
        share = f" ({deactivations * 100 / active:.0f}%)" if active else ""
        plan.problems.append(
            f"the plan would deactivate {deactivations} of {active} active users{share}, over the limit of {limit} "
            f"({how}): nothing will be deactivated. If that is right, raise the limit with "
            f"--max-deactivate {deactivations}, or use --leavers report to review them first."
        )
    if plan.counts["create"] and plan.activation_email is None:
        plan.problems.append(
            f"the plan creates {plan.counts['create']} users: say whether they get an activation email with "
            "--activation-email send, skip or group-default (the group's own setting)."
        )


def check_fresh(saved: SavedPlan, store: State) -> int | None:
    """The unfinished run of this plan to resume, or None to start one; StalePlanError when the state moved on."""
    header = saved.header
    if header["state"]["id"] != store.id:
        raise StalePlanError(f"the plan was made against another state file than {store.path}: use the same --state")
    unfinished = store.unfinished_run()
    if unfinished is not None:
        run, plan_id = unfinished
        if plan_id == saved.id:
            return run
        raise StateError(
            f"an apply of another plan ({plan_id}) is unfinished in {store.path}: run apply with that plan to finish it"
        )
    if header["state"]["version"] != store.version:
        raise StalePlanError(
            f"the plan is stale: it was made against version {header['state']['version']} of {store.path}, which "
            f"is now at version {store.version} (an apply or refresh changed it since). Make a new plan."
        )
    return None
