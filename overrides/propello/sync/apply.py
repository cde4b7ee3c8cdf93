"""Applying a saved plan, with the journal that makes a crash, a kill -9 or Ctrl-C at any instant resumable.

Each write goes pending -> sent -> done|failed in the state's journal (state.py). `sent` is committed before
the call and the outcome (with the user's new state) after it, each in one transaction. So after any crash the
only writes whose outcome is unknown are those left `sent`, and a resume settles each of them with users.get
before anything else is sent:
- create: the user exists -> done (never created twice); 404 -> back to pending (sent again);
- update, restore: the user exists -> sent again (the same body, so the change lands once); update 404 -> failed;
- deactivate: 404 -> done (the user is gone or already deactivated); exists -> sent again.
The same settling runs at once when a call's answer is lost in the middle of a run (the client never resends a
write that may have been processed: propello.APIError.may_have_been_processed).

The journal rests on the facts create_many's BulkProgress gives a caller: a create batch is marked `sent` before
create_many counts it in `batches_sent` and hands it to the transport, so after KeyboardInterrupt (Ctrl-C twice,
or once with catch_interrupt off) the writes left `sent` are the batch that was `in_flight`, and only they are
looked up; `done` is written only once the batch is accepted (tests/sync/test_crash.py, interrupted ... in flight).
"""

from __future__ import annotations

import csv
import io
import json
import signal
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from propello import APIError, APIStatusError, NotFoundError, Propello, RateLimit, UnprocessableEntityError

from .directory import Directory, api_message
from .errors import SyncError
from .plan import BULK_SIZE, DEFAULT_LIMIT, KINDS, SavedPlan, _write_atomically, check_fresh
from .refresh import Event, seconds_for
from .state import State, StateUser, Write

MAX_LOST_IN_A_ROW = 5
"""Answers lost in a row (each settled by a lookup) before the run stops as a temporary failure."""


class ApplyStopped(SyncError):
    """The run stopped before the end (a temporary failure, or refused credentials); its writes are journaled, so
    running the same apply again resumes it."""


@dataclass
class ApplyResult:
    """What an apply did."""

    plan_id: str
    run: int
    outcome: str
    """"complete" (every write done or failed), "stopped" (Ctrl-C: resume with the same command)."""
    done: dict[str, int] = field(default_factory=dict)
    failed: list[dict[str, Any]] = field(default_factory=list)
    """Per failed write: kind, key, line, reason (the API's message)."""
    pending: int = 0
    settled: int = 0
    """Writes whose outcome was unknown and were settled by a lookup."""
    resumed: bool = False
    calls: int = 0
    seconds: float = 0.0
    failed_file: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "event": "summary",
            "plan_id": self.plan_id,
            "run": self.run,
            "outcome": self.outcome,
            "resumed": self.resumed,
            "done": self.done,
            "failed": len(self.failed),
            "failures": self.failed,
            "pending": self.pending,
            "settled_by_lookup": self.settled,
            "calls": self.calls,
            "seconds": round(self.seconds, 2),
            "failed_file": self.failed_file,
        }


def apply_plan(
    client: Propello,
    plan: str | Path | SavedPlan,
    *,
    state: str | Path | None = None,
    failed_file: str | Path | None = None,
    rate_limit: RateLimit | None = None,
    on_event: Event | None = None,
    stop: threading.Event | None = None,
    catch_interrupt: bool = True,
) -> ApplyResult:
    """Apply a saved plan, or resume its unfinished apply.

    Args:
        client: The client every call goes through (its limiter, retries and Redis fleet).
        plan: The plan file (or a SavedPlan). Refused when the state changed since it was made (stale).
        state: The state file; default the one the plan was made against.
        failed_file: Where the rows the API refused are written (.csv, or .jsonl for JSON Lines), in the export's
            own columns plus `line` and `error`, to fix and feed back. Default `<plan>.failed.csv` beside the plan.
        rate_limit: The limit the client sends at, for the ETA in progress events; default 120 a minute.
        on_event: Receives progress events: {"event": "start"|"progress"|"settle"|"stopping"}, then the summary.
        stop: Set it (from another thread) to stop after the call in flight.
        catch_interrupt: In the main thread, the first Ctrl-C sets `stop` instead of interrupting a call.
    """
    saved = plan if isinstance(plan, SavedPlan) else SavedPlan.load(plan)
    plan_path = None if isinstance(plan, SavedPlan) else Path(plan)
    if failed_file is None:
        base = plan_path if plan_path is not None else Path("sync-plan")
        failed_file = base.with_name(base.stem + ".failed.csv")
    flag = stop or threading.Event()
    with State(state or saved.header["state"]["path"], identifier=saved.key.identifier) as store:
        run = check_fresh(saved, store)
        resumed = run is not None
        if run is None:
            run = store.start_run(saved.id, ((a.kind, a.match, a.key, a.fields, a.line) for a in _ordered(saved)))
        applier = _Applier(
            store, Directory(client, saved.key.identifier), saved, run, rate_limit or DEFAULT_LIMIT, on_event, flag
        )
        with _interrupt_sets(flag, enabled=catch_interrupt):
            result = applier.run(resumed)
        result.failed_file = _write_failed(store, run, saved, Path(failed_file)) if result.failed else None
        if result.outcome == "complete":
            store.finish_run(run, "complete", result.to_json())
        if on_event is not None:
            on_event(result.to_json())
        return result


def _ordered(saved: SavedPlan) -> Iterator[Any]:
    for kind in KINDS:
        yield from (action for action in saved.actions if action.kind == kind)


@contextmanager
def _interrupt_sets(flag: threading.Event, *, enabled: bool) -> Iterator[None]:
    """While applying: the first SIGINT sets `flag` (stop after the call in flight), a second one interrupts."""
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_interrupt(signum: int, frame: object) -> None:
        if flag.is_set():
            raise KeyboardInterrupt
        flag.set()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Applier:
    def __init__(
        self,
        store: State,
        directory: Directory,
        saved: SavedPlan,
        run: int,
        limit: RateLimit,
        on_event: Event | None,
        stop: threading.Event,
    ) -> None:
        self.store, self.directory, self.saved, self.run_id = store, directory, saved, run
        self.limit, self.emit, self.stop = limit, on_event or (lambda event: None), stop
        self.activation = saved.header.get("activation_email") or "group-default"
        self.settled = 0
        self.lost_in_a_row = 0

    # the run

    def run(self, resumed: bool) -> ApplyResult:
        started = time.monotonic()
        result = ApplyResult(self.saved.id, self.run_id, "complete", resumed=resumed)
        unknown = self.store.writes(self.run_id, phase="sent")
        self.emit({"event": "start", "resumed": resumed, "unknown": len(unknown), **self._remaining()})
        if unknown:
            self.emit({"event": "settle", "count": len(unknown)})
            self._settle(unknown)
        for kind in KINDS:
            while not self.stop.is_set():
                batch = self.store.writes(self.run_id, phase="pending", kind=kind, limit=BULK_SIZE)
                if not batch:
                    break
                if kind == "create":
                    self._create(batch)
                else:
                    self._single(batch[0])
                self.emit({"event": "progress", **self._remaining()})
        counts = self.store.count_writes(self.run_id)
        result.pending = counts.get("pending", 0) + counts.get("sent", 0)
        result.done = self._done_by_kind()
        result.failed = self._failures()
        result.settled, result.calls = self.settled, self.directory.calls
        result.seconds = time.monotonic() - started
        result.outcome = "stopped" if result.pending else "complete"
        return result

    def _remaining(self) -> dict[str, Any]:
        rows = self.store.db.execute(
            "SELECT kind, phase, count(*) FROM journal WHERE run = ? GROUP BY kind, phase", (self.run_id,)
        ).fetchall()
        total = sum(count for _, _, count in rows)
        left = {kind: 0 for kind in KINDS}
        for kind, phase, count in rows:
            if phase in ("pending", "sent"):
                left[kind] += count
        calls = -(-left["create"] // BULK_SIZE) + sum(left[kind] for kind in KINDS[1:])
        return {
            "total": total,
            "done": total - sum(left.values()),
            "calls_left": calls,
            "eta_seconds": round(seconds_for(calls, self.limit, self.directory.client.rate_limit_status()), 1),
        }

    def _done_by_kind(self) -> dict[str, int]:
        rows = self.store.db.execute(
            "SELECT kind, count(*) FROM journal WHERE run = ? AND phase = 'done' GROUP BY kind", (self.run_id,)
        )
        return {str(kind): int(count) for kind, count in rows}

    def _failures(self) -> list[dict[str, Any]]:
        return [
            {"kind": write.kind, "key": write.key, "line": write.line, "reason": write.message}
            for write in self.store.writes(self.run_id, phase="failed")
        ]

    # creates

    def _create(self, batch: Sequence[Write]) -> None:
        self.store.mark_sent([write.id for write in batch])
        try:
            reading = self.directory.create_batch(
                [write.match for write in batch], [write.body for write in batch], self.activation
            )
        except UnprocessableEntityError as exc:
            self._refused_batch(batch, exc)
            return
        except APIError as exc:
            self._failed_call(batch, exc)
            return
        self.lost_in_a_row = 0
        confirmed = [write for write in batch if write.match in reading.created]
        self.store.settle(done=[(write.id, self._user_after(write)) for write in confirmed])
        rest = [write for write in batch if write.match not in reading.created]
        if rest:
            self._settle(rest, reading.messages)

    def _refused_batch(self, batch: Sequence[Write], exc: UnprocessableEntityError) -> None:
        """A 422 for the whole batch: the rows its errors name failed; the others go again in another batch. When
        the errors name no row, the whole batch failed with the API's message."""
        by_row: dict[int, list[str]] = {}
        for name, messages in exc.errors.items():
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "data" and parts[1].isdigit() and int(parts[1]) < len(batch):
                field_name = ".".join(parts[2:]) or "user"
                by_row.setdefault(int(parts[1]), []).append(f"{field_name}: {' '.join(messages)}")
        if not by_row:
            self.store.settle(failed=[(write.id, api_message(exc)) for write in batch])
            return
        self.store.settle(
            failed=[(batch[index].id, "; ".join(messages)) for index, messages in by_row.items()],
            pending=[write.id for index, write in enumerate(batch) if index not in by_row],
        )

    # updates, restores, deactivations

    def _single(self, write: Write) -> None:
        self.store.mark_sent([write.id])
        try:
            if write.kind == "update":
                self.directory.update(write.key, write.body)
            elif write.kind == "restore":
                self.directory.restore(write.key)
            else:
                self.directory.deactivate(write.key)
        except NotFoundError as exc:
            if write.kind == "deactivate":  # gone, or already deactivated: what the write wanted holds
                self.store.settle(done=[(write.id, self._user_after(write))])
            else:
                self.store.settle(failed=[(write.id, f"the API does not find {write.key}: {api_message(exc)}")])
            return
        except APIError as exc:
            self._failed_call([write], exc)
            return
        self.lost_in_a_row = 0
        self.store.settle(done=[(write.id, self._user_after(write))])

    # outcomes

    def _failed_call(self, writes: Sequence[Write], exc: APIError) -> None:
        """A call without a usable answer. Surely not processed: a refusal (4xx) fails the writes; anything else
        puts them back and stops the run. Maybe processed: settle them by lookup now."""
        if exc.may_have_been_processed:
            self.lost_in_a_row += 1
            if self.lost_in_a_row > MAX_LOST_IN_A_ROW:
                raise ApplyStopped(
                    f"{MAX_LOST_IN_A_ROW} answers in a row were lost ({exc}): the run stopped; the writes in doubt "
                    "are journaled and will be settled by lookup when you run the same apply again"
                ) from exc
            self._settle(writes)
            return
        if isinstance(exc, APIStatusError) and exc.status_code in (400, 409, 422):
            self.store.settle(failed=[(write.id, api_message(exc)) for write in writes])
            return
        self.store.settle(pending=[write.id for write in writes])
        raise ApplyStopped(
            f"the run stopped: {exc}. Nothing in doubt: run the same apply again to resume once that is fixed"
        ) from exc

    def _settle(self, writes: Sequence[Write], messages: Mapping[str, str] | None = None) -> None:
        """Settle writes whose outcome is unknown with one users.get each (see the module's docstring)."""
        done: list[tuple[int, StateUser]] = []
        failed: list[tuple[int, str]] = []
        again: list[int] = []
        for write in writes:
            exists = self._exists(write)
            self.settled += 1
            if write.kind == "create":
                if exists:
                    done.append((write.id, self._user_after(write)))
                elif messages and write.match in messages:
                    failed.append((write.id, messages[write.match]))
                elif messages is not None:
                    failed.append((write.id, "the bulk answer did not confirm this user, and users.get finds none"))
                else:
                    again.append(write.id)
            elif write.kind == "deactivate" and not exists:
                done.append((write.id, self._user_after(write)))
            elif write.kind == "update" and not exists:
                failed.append((write.id, f"the API does not find {write.key}"))
            else:
                again.append(write.id)
        self.store.settle(done=done, failed=failed, pending=again)

    def _exists(self, write: Write) -> bool:
        """users.get by the key; for a create keyed otherwise than by email, also by the email it was sent with.

        For a create, a 2xx answer without a user in it proves nothing: the run stops with the write still in
        doubt rather than guess (a wrong "exists" would lose the user, a wrong "absent" could create it twice)."""
        lookups: list[tuple[str, str | None]] = [(write.key, None)]
        email = write.body.get("email")
        if write.kind == "create" and self.directory.identifier != "email" and isinstance(email, str):
            lookups.append((email, "email"))
        for value, identifier in lookups:
            data = self.directory.get(value, identifier)
            if data == {} and write.kind == "create":
                raise ApplyStopped(
                    f"users.get answered without a user for {write.key}: whether its create landed is unknown, so "
                    "it stays in doubt and nothing more is sent; run the same apply again later"
                )
            if data is not None:
                return True
        return False

    def _user_after(self, write: Write) -> StateUser:
        """The user as the state records it once `write` is done."""
        known = self.store.user(write.match)
        fields = dict(known.fields) if known is not None else {}
        if write.kind in ("create", "update"):
            fields.update(write.body)
        status = "deactivated" if write.kind == "deactivate" else "active"
        if write.kind == "update" and known is not None:
            status = known.status
        return StateUser(write.match, write.key, fields, status, "sync")


def _write_failed(store: State, run: int, saved: SavedPlan, target: Path) -> str:
    """The failed writes of `run`, in the export's columns plus line and error, atomically."""
    columns: dict[str, str] = dict(saved.header.get("columns") or {})
    key_column = saved.key.column
    rows = []
    for write in store.writes(run, phase="failed"):
        row: dict[str, Any] = {key_column: write.key}
        for api_name, value in write.body.items():
            row[columns.get(api_name, api_name)] = value
        row.update({"line": write.line, "error": write.message, "write": write.kind})
        rows.append(row)
    if target.suffix.lower() in (".jsonl", ".ndjson"):
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    else:
        header: dict[str, None] = {}
        for row in rows:
            header.update(dict.fromkeys(row))
        out = io.StringIO()
        writer = csv.DictWriter(out, list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = out.getvalue()
    _write_atomically(target, [text])
    return str(target)
