"""`propello sync plan|apply|status`: the sync engine on the command line (needs the `[cli]` extra: Click, rich).

The command line (propello.cli) adds this group and passes its context object as `ctx.obj`: it builds the
client (flags > environment > profile) and knows the configured rate limit (PROPELLO_RATE_LIMIT). SyncContext
below is the part of it these commands use.

Exit codes: 0 done; 1 an error or a refused plan (nothing was changed); 2 with --detailed-exitcode, the plan has
changes; 75 a temporary failure (run the same apply again to resume); 130 stopped by Ctrl-C (likewise).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn, Protocol, cast

import click

from propello import Propello, PropelloError, RateLimit

from .apply import ApplyStopped, apply_plan
from .errors import SyncError
from .plan import ACTIVATION_CHOICES, DEFAULT_LIMIT, LEAVERS, make_plan
from .refresh import seconds_for
from .render import duration, plan_text, status_text, summary_text
from .state import default_path, read_status

EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_TEMPORARY, EXIT_INTERRUPTED = 0, 1, 2, 75, 130


class SyncContext(Protocol):
    """What the sync commands need of the command line's context object (propello.cli.CLIContext)."""

    rate_limit: RateLimit | None
    output_format: str | None

    def client(self) -> Propello: ...

    def fail(self, exc: BaseException) -> NoReturn: ...


def _context(ctx: click.Context) -> SyncContext:
    if ctx.obj is None:
        raise click.UsageError("run these commands as `propello sync ...`: they need the command line's settings")
    return cast(SyncContext, ctx.obj)


def _format(ctx: click.Context, chosen: str | None) -> str:
    return chosen or _context(ctx).output_format or "text"


def _stop(ctx: click.Context, exc: Exception) -> NoReturn:
    """Our own errors say what to do next themselves; the client's go to the command line's error handling."""
    if isinstance(exc, SyncError):
        click.echo(f"error: {exc}", err=True)
        ctx.exit(EXIT_TEMPORARY if isinstance(exc, ApplyStopped) else EXIT_ERROR)
    _context(ctx).fail(exc)


def _announce(event: dict[str, Any]) -> None:
    """Progress of a plan's refresh, on stderr: the time the lookups take is said before they start."""
    if event["event"] == "refresh" and event["method"] == "lookup":
        click.echo(
            f"Refresh: {event['why']}; looking up {event['calls']:,} users one by one with users.get, about "
            f"{duration(event['seconds'])}.",
            err=True,
        )
    elif event["event"] == "refresh_progress" and event["done"] % 1000 == 0:
        click.echo(f"  looked up {event['done']:,} of {event['total']:,}", err=True)


@click.group()
def sync() -> None:
    """Keep the organisation's users in step with an HR export: plan, review, apply (resumable), status."""


@sync.command()
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path), help="State file [default: see status].")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Save the plan here, for apply.")
@click.option("--key", default="email", show_default=True, help="email, or UID=column: what identifies a user.")
@click.option("--field", "fields", multiple=True, metavar="API_NAME=COLUMN", help="Map a column to an API field.")
@click.option("--leavers", type=click.Choice(LEAVERS), default="deactivate", show_default=True)
@click.option("--protect", multiple=True, metavar="REGEX", help="Never write to users whose key matches.")
@click.option("--max-deactivate", metavar="N|P%", help="Most deactivations allowed [default: 10% of active, >= 25].")
@click.option("--activation-email", type=click.Choice(ACTIVATION_CHOICES), help="Required when creating users.")
@click.option("--refresh", is_flag=True, help="Learn what exists on the server first (automatic on a new state).")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 2 when the plan has changes, 0 when none.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), help="json: the whole plan.")
@click.pass_context
def plan(
    ctx: click.Context,
    export: Path,
    state: Path | None,
    out: Path | None,
    key: str,
    fields: tuple[str, ...],
    leavers: str,
    protect: tuple[str, ...],
    max_deactivate: str | None,
    activation_email: str | None,
    refresh: bool,
    detailed_exitcode: bool,
    output_format: str | None,
) -> None:
    """Compare EXPORT (CSV or JSON Lines) with the state and say what apply would change."""
    mapping = {}
    for item in fields:
        api_name, sep, column = item.partition("=")
        if not sep or not api_name.strip() or not column.strip():
            raise click.BadParameter(f"{item!r}: give API_NAME=COLUMN", param_hint="--field")
        mapping[api_name.strip()] = column.strip()
    state_path = state or default_path()
    if state is None:
        click.echo(f"State: {state_path}", err=True)
    obj = _context(ctx)
    try:
        made = make_plan(
            obj.client(),
            export,
            state=state_path,
            key=key,
            fields=mapping,
            leavers=leavers,
            protect=protect,
            max_deactivate=max_deactivate,
            activation_email=activation_email,
            refresh_first=True if refresh else None,
            rate_limit=obj.rate_limit or DEFAULT_LIMIT,
            on_event=_announce,
        )
        saved = str(made.save(out)) if out is not None and not made.problems else None
    except (PropelloError, OSError) as exc:
        _stop(ctx, exc if isinstance(exc, PropelloError) else SyncError(str(exc)))
    if _format(ctx, output_format) == "json":
        click.echo(json.dumps({**made.to_json(), "saved_to": saved}, ensure_ascii=False, indent=2))
    else:
        click.echo(plan_text(made, saved))
    if made.problems:
        ctx.exit(EXIT_ERROR)
    ctx.exit(EXIT_CHANGES if detailed_exitcode and made.actions else EXIT_OK)


@sync.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path), help="[default: the plan's state]")
@click.option("--failed", type=click.Path(dir_okay=False, path_type=Path), help="Refused rows (.csv or .jsonl).")
@click.option("--format", "output_format", type=click.Choice(["text", "jsonl"]), help="jsonl: progress events.")
@click.pass_context
def apply(
    ctx: click.Context, plan_file: Path, state: Path | None, failed: Path | None, output_format: str | None
) -> None:
    """Apply PLAN (made by `propello sync plan --out`); run it again to resume after a crash or Ctrl-C."""
    obj = _context(ctx)
    form = _format(ctx, output_format)
    limit = obj.rate_limit or DEFAULT_LIMIT
    with _Progress(form, limit) as progress:
        try:
            result = apply_plan(
                obj.client(), plan_file, state=state, failed_file=failed, rate_limit=limit, on_event=progress.event
            )
        except (PropelloError, OSError) as exc:
            progress.close()
            _stop(ctx, exc if isinstance(exc, PropelloError) else SyncError(str(exc)))
    if form != "jsonl":
        click.echo(summary_text(result, str(plan_file)))
    if result.outcome == "stopped":
        ctx.exit(EXIT_INTERRUPTED)
    ctx.exit(EXIT_ERROR if result.failed else EXIT_OK)


@sync.command()
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path), help="State file.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]))
@click.pass_context
def status(ctx: click.Context, state: Path | None, output_format: str | None) -> None:
    """The last run, what is pending, and writes whose outcome is not known yet."""
    try:
        found = read_status(state)
    except PropelloError as exc:
        _stop(ctx, exc)
    if _format(ctx, output_format) == "json":
        click.echo(json.dumps(found, indent=2))
    else:
        click.echo(status_text(found))


class _Progress:
    """Apply's progress: JSON lines on stdout (--format jsonl), a rich bar with the ETA on stderr when it is a
    terminal, nothing otherwise."""

    def __init__(self, form: str, limit: RateLimit) -> None:
        self.form, self.limit = form, limit
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        if self.form != "jsonl" and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("applying"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("about {task.fields[eta]} left"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def event(self, event: dict[str, Any]) -> None:
        if self.form == "jsonl":
            click.echo(json.dumps(event, ensure_ascii=False))
            return
        if event["event"] == "settle":
            click.echo(f"Settling {event['count']} writes in doubt by lookup before sending anything.", err=True)
        if self.bar is None or "total" not in event or event["event"] == "summary":
            return
        eta = duration(event.get("eta_seconds", seconds_for(event.get("calls_left", 0), self.limit)))
        if self.task is None:
            self.task = self.bar.add_task("apply", total=event["total"], eta=eta)
        self.bar.update(self.task, completed=event["done"], eta=eta)
