"""`propello rate-limit`: the rate budget now, as `client.rate_limit_status()` reads it. With PROPELLO_REDIS_URL (or
--redis-url) it is the fleet's budget, what every worker with the same credentials shares; otherwise this one
process's, which starts full."""

from __future__ import annotations

import click

from . import output
from .context import CLIContext


@click.command("rate-limit", params=output.format_options())
@click.pass_obj
def rate_limit(context: CLIContext, output_format: str | None, as_json: bool) -> None:
    """Show the rate budget: calls left in the window, when the next permit frees, a 429's pause, and whether it
    is shared through Redis. Sends no request to the API."""
    context.output_format = "json" if as_json else output_format or context.output_format
    try:
        status = context.client().rate_limit_status()
    except Exception as exc:
        context.fail(exc)
    if status is None:
        context.emit({"rate_limit": None})
        return
    context.emit(
        {
            "calls": status.limit.calls,
            "period_seconds": status.limit.period,
            "remaining": status.remaining,
            "next_free_in_seconds": round(status.next_free_in, 3),
            "paused_for_seconds": round(status.paused_for, 3),
            "shared": status.shared,
        }
    )
