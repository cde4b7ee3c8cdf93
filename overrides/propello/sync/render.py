"""Plans, summaries and status as text for people (the command line prints these; --format json prints the
objects' own to_json()). Plain strings, so the engine needs neither Click nor rich."""

from __future__ import annotations

import datetime
import json
from typing import Any

from .apply import ApplyResult
from .plan import BULK_SIZE, Plan

_SIGNS = {"create": "+", "update": "~", "restore": "^", "deactivate": "-"}
ACTIVATION_TEXT = {
    "send": "each gets an activation email (--activation-email send)",
    "skip": "none gets an activation email (--activation-email skip)",
    "group-default": "the group's own setting decides whether they get an activation email "
    "(--activation-email group-default)",
}


def duration(seconds: float) -> str:
    """`seconds` as people say it: 40 s, 12 min, 2 h 5 min."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 call", "2 calls", "1,000 deactivations"."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def plan_text(plan: Plan, saved_to: str | None = None) -> str:
    """The plan as the operator reviews it: counts, rejections, per-user changes, emails, calls and time."""
    counts = plan.counts
    lines = [f"Plan {plan.id[:12]} against {plan.state_path} (state version {plan.state_version})"]
    lines.append(
        f"Export {plan.export}"
        + (f"; ignored columns: {', '.join(plan.ignored_columns)}" if plan.ignored_columns else "")
    )
    if plan.refresh is not None:
        found = plan.refresh
        lines.append(
            f"Refresh: {found.method}, {count(found.calls, 'call')}, {count(found.found, 'user')} found ({found.why})"
        )
    lines.append("")
    for label, sign, name in (
        ("create", "+", "create"),
        ("update", "~", "update"),
        ("restore", "^", "restore"),
        ("deactivate", "-", "deactivate"),
        ("unchanged", " ", "unchanged"),
        ("protected", " ", "protected"),
        ("rejected", "!", "rejected"),
    ):
        lines.append(f"  {sign} {label:<11}{counts.get(name, 0):>9,}")
    if plan.rejections:
        lines += ["", "Rejected rows (never sent):"]
        lines += [f"  line {r.line}: {r.reason}" for r in plan.rejections]
    if plan.actions:
        lines += ["", "Changes:"]
        for action in plan.actions:
            sign = _SIGNS[action.kind]
            if action.kind == "create":
                detail = " ".join(f"{name}={_value(value)}" for name, value in action.fields.items())
            elif action.kind == "update":
                detail = ", ".join(
                    f"{name}: {_value(old)} -> {_value(new)}" for name, (old, new) in action.diff.items()
                )
            elif action.kind == "restore":
                detail = "restore (back in the export)"
            else:
                detail = "deactivate (not in the export)"
            lines.append(f"  {sign} {action.key}  {detail}")
    if plan.reported_leavers:
        lines += ["", f"Leavers (--leavers report: not deactivated): {len(plan.reported_leavers)}"]
        lines += [f"  - {key}" for key in plan.reported_leavers]
    lines.append("")
    if counts.get("create"):
        choice = ACTIVATION_TEXT.get(plan.activation_email or "", "NOT CHOSEN: give --activation-email")
        lines.append(f"Activation emails: {count(counts['create'], 'new user')}; {choice}.")
    creates = counts.get("create", 0)
    parts = [count(-(-creates // BULK_SIZE), "bulk create") + f" (up to {BULK_SIZE} users each)"] if creates else []
    parts += [count(counts[kind], kind) for kind in ("update", "restore") if counts.get(kind)]
    if counts.get("deactivate"):
        parts.append(count(counts["deactivate"], "deactivation"))
    limit = plan.rate_limit
    lines.append(
        f"Calls: {' + '.join(parts) or 'none'} = {count(plan.calls, 'call')}; about {duration(plan.eta_seconds)} at "
        f"{limit.calls} calls per {limit.period:g} s."
    )
    for problem in plan.problems:
        lines.append(f"REFUSED: {problem}")
    if plan.problems:
        lines.append("Nothing was saved, and nothing will be changed.")
    elif saved_to:
        lines.append(f"Saved to {saved_to}: apply it with `propello sync apply {saved_to}`.")
    elif plan.actions:
        lines.append("Not saved: add --out plan.json to apply exactly this plan.")
    else:
        lines.append("Nothing to do.")
    return "\n".join(lines)


def summary_text(result: ApplyResult, plan_path: str) -> str:
    """The end of an apply: what was done, what failed and why, and what to do next."""
    done = ", ".join(f"{count:,} {kind}" for kind, count in sorted(result.done.items())) or "nothing"
    lines = [f"Done: {done} ({count(result.calls, 'call')} in {duration(result.seconds)})."]
    if result.resumed:
        settled = count(result.settled, "write")
        lines.append(f"Resumed an unfinished apply; {settled} in doubt settled by lookup before anything was sent.")
    if result.failed:
        lines.append(f"Failed: {len(result.failed):,} (refused by the API, not retried):")
        lines += [f"  {f['kind']} {f['key']} (line {f['line']}): {f['reason']}" for f in result.failed[:50]]
        if len(result.failed) > 50:
            lines.append(f"  ... and {len(result.failed) - 50:,} more")
        lines.append(
            f"They are in {result.failed_file}: fix them there and plan it with --leavers ignore (it holds only "
            "these rows), or fix the export and run the weekly sync again."
        )
    if result.outcome == "stopped":
        lines.append(
            f"Stopped after the call in flight: {result.pending:,} writes not done. Resume with "
            f"`propello sync apply {plan_path}`."
        )
    return "\n".join(lines)


def status_text(status: dict[str, Any]) -> str:
    """`propello sync status` for people."""
    if not status.get("exists"):
        return f"No state at {status['state']} yet: the first `propello sync plan` makes it."
    users = status["users"]
    refreshed = status.get("refreshed_at")
    lines = [
        f"State {status['state']} (version {status['version']}, keys: {status['identifier']})",
        f"Users: {users['active']:,} active, {users['deactivated']:,} deactivated "
        f"({users['found_by_refresh']:,} found on the server by a refresh, never written by a sync)",
        "Last refresh: " + (_when(refreshed) if refreshed else "never"),
    ]
    last = status.get("last_run")
    if last is None:
        lines.append("Last run: none")
    else:
        summary = last.get("summary") or {}
        state = "unfinished" if last["finished"] is None else str(last["outcome"])
        lines.append(f"Last run: {state}, started {_when(last['started'])}, plan {last['plan_id'][:12]}")
        if summary:
            done = ", ".join(f"{count} {kind}" for kind, count in sorted(summary.get("done", {}).items()))
            lines.append(f"  done: {done or 'nothing'}; failed: {summary.get('failed', 0)}")
    pending = status.get("unfinished")
    if pending:
        writes = pending["writes"]
        lines.append(
            f"Unfinished apply of plan {pending['plan_id'][:12]}: {writes.get('pending', 0)} pending, "
            f"{writes.get('sent', 0)} sent with no known outcome, {writes.get('done', 0)} done, "
            f"{writes.get('failed', 0)} failed. Run the same `propello sync apply` to finish it."
        )
        lines += [f"  in doubt (settled by lookup on resume): {w['kind']} {w['key']}" for w in pending["unsettled"]]
    return "\n".join(lines)


def _when(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
