"""The sync state: one SQLite file (WAL) that holds what the last applies made true, and the journal of writes.

Tables:
- meta: the state's id, its version (bumped by every apply and refresh, so a plan made before is stale), the
  identifier its keys are (email, UID or id), when it was last refreshed.
- users: per key, the fields we sent (or read back), and active or deactivated.
- runs: one row per apply, with its plan's id; `finished` is NULL while it is unfinished.
- journal: one row per write of a run. `phase` goes pending -> sent (written and committed before the call) ->
  done or failed (written with the user's new state, in one transaction, once the outcome is known). A row left
  `sent` after a crash is a write whose outcome is unknown: apply settles it by a lookup before sending anything.

Every change is one transaction (BEGIN IMMEDIATE), and synchronous=FULL, so a kill at any instant leaves either the
state before the change or after it. One process uses a state at a time (an exclusive lock on `<state>.lock`,
released by the OS even after kill -9).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import StateError

SCHEMA = 1
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    match TEXT PRIMARY KEY, key TEXT NOT NULL, fields TEXT NOT NULL, status TEXT NOT NULL, origin TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, plan_id TEXT NOT NULL, started REAL NOT NULL, finished REAL, outcome TEXT,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY, run INTEGER NOT NULL, kind TEXT NOT NULL, match TEXT NOT NULL, key TEXT NOT NULL,
    body TEXT NOT NULL, line INTEGER, phase TEXT NOT NULL, batch INTEGER, message TEXT, updated REAL
);
CREATE INDEX IF NOT EXISTS journal_phase ON journal (run, phase, kind);
"""


@dataclass(frozen=True)
class StateUser:
    """A user as the state knows it."""

    match: str
    key: str
    fields: dict[str, Any]
    status: str
    """"active" or "deactivated"."""
    origin: str
    """"sync" (we created it, or sent it a write) or "found" (a refresh found it on the server)."""


@dataclass(frozen=True)
class Write:
    """One journal row: a write of a run, and where it stands."""

    id: int
    kind: str
    """"create", "update", "restore" or "deactivate"."""
    match: str
    key: str
    body: dict[str, Any]
    line: int | None
    phase: str
    message: str | None


def default_path() -> Path:
    """Where the state lives unless --state says: $PROPELLO_SYNC_STATE, else ~/.local/state/propello/sync.db."""
    named = os.environ.get("PROPELLO_SYNC_STATE", "").strip()
    if named:
        return Path(named)
    base = os.environ.get("XDG_STATE_HOME", "").strip() or str(Path.home() / ".local" / "state")
    return Path(base) / "propello" / "sync.db"


class State:
    """An open state file. Use as a context manager; it holds the state's lock while open."""

    def __init__(self, path: str | Path, *, identifier: str | None) -> None:
        """Open (or create) the state at `path`, whose keys are `identifier` values (email, UID, id); None opens
        an existing state whatever its keys are (for status)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = _lock(self.path.with_name(self.path.name + ".lock"))
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            with self.transaction():
                for statement in _TABLES.strip().split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                stored = self._meta("schema")
                if stored is None:
                    self._set_meta("schema", str(SCHEMA))
                    self._set_meta("id", uuid.uuid4().hex)
                    self._set_meta("version", "0")
                    self._set_meta("identifier", identifier or "email")
                elif int(stored) > SCHEMA:
                    raise StateError(f"{self.path} was written by a newer propello (state schema {stored})")
            if identifier is not None and self.identifier != identifier:
                raise StateError(
                    f"{self.path} keys users by {self.identifier}, not {identifier}: use the same --key, or another "
                    "--state"
                )
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the database and release the lock."""
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))

    @property
    def id(self) -> str:
        """This state's own id: a plan made against another state file is refused."""
        return self._meta("id") or ""

    @property
    def version(self) -> int:
        """Bumped by every apply and refresh: a plan records it, and apply refuses a plan made before a change."""
        return int(self._meta("version") or 0)

    @property
    def identifier(self) -> str:
        return self._meta("identifier") or ""

    @property
    def refreshed_at(self) -> float | None:
        """When a refresh last completed (epoch seconds), or None when the state never learnt the server."""
        value = self._meta("refreshed_at")
        return None if value is None else float(value)

    def bump(self) -> int:
        """Inside a transaction: mark the state changed, making older plans stale."""
        version = self.version + 1
        self._set_meta("version", str(version))
        return version

    def mark_refreshed(self) -> None:
        with self.transaction():
            self._set_meta("refreshed_at", repr(time.time()))
            self.bump()

    # users

    def user(self, match: str) -> StateUser | None:
        row = self.db.execute("SELECT match, key, fields, status, origin FROM users WHERE match = ?", (match,))
        found = row.fetchone()
        return None if found is None else StateUser(found[0], found[1], json.loads(found[2]), found[3], found[4])

    def count_users(self, status: str | None = None) -> int:
        if status is None:
            return int(self.db.execute("SELECT count(*) FROM users").fetchone()[0])
        return int(self.db.execute("SELECT count(*) FROM users WHERE status = ?", (status,)).fetchone()[0])

    def count_found(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM users WHERE origin = 'found'").fetchone()[0])

    def put_users(self, users: Iterable[StateUser]) -> None:
        """Inside a transaction: insert or replace users."""
        self.db.executemany(
            "INSERT OR REPLACE INTO users (match, key, fields, status, origin) VALUES (?, ?, ?, ?, ?)",
            ((u.match, u.key, json.dumps(u.fields, sort_keys=True), u.status, u.origin) for u in users),
        )

    def forget_users(self, matches: Iterable[str]) -> None:
        """Inside a transaction: drop users the server no longer has."""
        self.db.executemany("DELETE FROM users WHERE match = ?", ((match,) for match in matches))

    def iter_users(self) -> Iterator[StateUser]:
        for row in self.db.execute("SELECT match, key, fields, status, origin FROM users ORDER BY match"):
            yield StateUser(row[0], row[1], json.loads(row[2]), row[3], row[4])

    # runs and journal

    def unfinished_run(self) -> tuple[int, str] | None:
        """(run id, plan id) of an apply that has not finished, or None."""
        row = self.db.execute("SELECT id, plan_id FROM runs WHERE finished IS NULL ORDER BY id DESC").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def start_run(self, plan_id: str, writes: Iterable[tuple[str, str, str, dict[str, Any], int | None]]) -> int:
        """Record a new run and all its writes as pending, in one transaction; bump the version."""
        with self.transaction():
            run = self.db.execute("INSERT INTO runs (plan_id, started) VALUES (?, ?)", (plan_id, time.time())).lastrowid
            assert run is not None
            self.db.executemany(
                "INSERT INTO journal (run, kind, match, key, body, line, phase) VALUES (?, ?, ?, ?, ?, ?, 'pending')",
                ((run, kind, match, key, json.dumps(body), line) for kind, match, key, body, line in writes),
            )
            self.bump()
        return int(run)

    def writes(self, run: int, *, phase: str, kind: str | None = None, limit: int | None = None) -> list[Write]:
        sql = "SELECT id, kind, match, key, body, line, phase, message FROM journal WHERE run = ? AND phase = ?"
        args: list[Any] = [run, phase]
        if kind is not None:
            sql += " AND kind = ?"
            args.append(kind)
        sql += " ORDER BY id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [
            Write(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6], row[7])
            for row in self.db.execute(sql, args)
        ]

    def count_writes(self, run: int) -> dict[str, int]:
        """Writes of `run` by phase."""
        rows = self.db.execute("SELECT phase, count(*) FROM journal WHERE run = ? GROUP BY phase", (run,))
        return {str(phase): int(count) for phase, count in rows}

    def mark_sent(self, ids: Sequence[int]) -> None:
        """The journal entry before a call: these writes are about to be sent (their outcome unknown until marked)."""
        with self.transaction():
            now = time.time()
            self.db.executemany(
                "UPDATE journal SET phase = 'sent', updated = ? WHERE id = ?", ((now, write) for write in ids)
            )

    def settle(
        self,
        *,
        done: Iterable[tuple[int, StateUser]] = (),
        failed: Iterable[tuple[int, str]] = (),
        pending: Iterable[int] = (),
    ) -> None:
        """The journal entry after an outcome, with the users it changed, in one transaction: `done` writes (and
        the user each made true), `failed` writes (with the API's reason), and writes back to `pending` (surely
        not processed: they will be sent again)."""
        with self.transaction():
            now = time.time()
            users = []
            for write, user in done:
                self.db.execute("UPDATE journal SET phase = 'done', updated = ? WHERE id = ?", (now, write))
                users.append(user)
            self.put_users(users)
            self.db.executemany(
                "UPDATE journal SET phase = 'failed', message = ?, updated = ? WHERE id = ?",
                ((message, now, write) for write, message in failed),
            )
            self.db.executemany(
                "UPDATE journal SET phase = 'pending', updated = ? WHERE id = ?", ((now, write) for write in pending)
            )

    def finish_run(self, run: int, outcome: str, summary: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET finished = ?, outcome = ?, summary = ? WHERE id = ?",
                (time.time(), outcome, json.dumps(summary), run),
            )

    def last_run(self) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT id, plan_id, started, finished, outcome, summary FROM runs ORDER BY id DESC"
        ).fetchone()
        if row is None:
            return None
        return {
            "run": row[0],
            "plan_id": row[1],
            "started": row[2],
            "finished": row[3],
            "outcome": row[4],
            "summary": None if row[5] is None else json.loads(row[5]),
        }


def _lock(path: Path) -> int | None:
    """An exclusive lock on `path` (fcntl, where the OS has it), or StateError when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; SQLite's own locking still keeps each transaction whole
        return None
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise StateError(f"another propello sync is using {path.with_suffix('')}: wait for it to finish") from exc
    return fd


def read_status(path: str | Path | None = None) -> dict[str, Any]:
    """The state at `path` (default `default_path()`): users, the last run, what is pending, writes in doubt."""
    target = Path(path) if path is not None else default_path()
    if not target.exists():
        return {"state": str(target), "exists": False}
    with State(target, identifier=None) as state:
        unfinished = state.unfinished_run()
        pending: dict[str, Any] | None = None
        if unfinished is not None:
            run, plan_id = unfinished
            in_doubt = state.writes(run, phase="sent")
            pending = {
                "run": run,
                "plan_id": plan_id,
                "writes": state.count_writes(run),
                "unsettled": [{"kind": w.kind, "key": w.key} for w in in_doubt],
            }
        return {
            "state": str(target),
            "exists": True,
            "id": state.id,
            "version": state.version,
            "identifier": state.identifier,
            "refreshed_at": state.refreshed_at,
            "users": {
                "active": state.count_users("active"),
                "deactivated": state.count_users("deactivated"),
                "found_by_refresh": state.count_found(),
            },
            "last_run": state.last_run(),
            "unfinished": pending,
        }
