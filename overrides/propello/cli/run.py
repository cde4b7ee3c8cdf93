"""Running `root` as a process: one-line errors with their exit codes, and Ctrl-C handled."""

from __future__ import annotations

import sys

import click

from .context import CLIContext
from .exits import EXIT_INTERRUPTED, EXIT_OK, exit_code
from .group import root
from .output import error


def run(argv: list[str] | None, prog_name: str) -> int:
    """Run `root` on `argv` and return the exit code; usage errors come out as one line (or JSON)."""
    try:
        try:
            result = root.main(args=argv, prog_name=prog_name, standalone_mode=False)
        except click.exceptions.Exit as exc:
            return exc.exit_code
        except click.ClickException as exc:
            code = exit_code(exc)
            error(exc, code, _format_of(exc))
            return code
        except click.exceptions.Abort:
            return _interrupted()
        sys.stdout.flush()
        return result if isinstance(result, int) else EXIT_OK
    except KeyboardInterrupt:
        return _interrupted()


def _interrupted() -> int:
    sys.stderr.write("propello: interrupted\n")
    return EXIT_INTERRUPTED


def _format_of(exc: click.ClickException) -> str | None:
    """The output format chosen for this run, when parsing got as far as the root options."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    top = ctx.find_root()
    if isinstance(top.obj, CLIContext):
        return top.obj.output_format
    return "json" if top.params.get("as_json") else top.params.get("output_format")
