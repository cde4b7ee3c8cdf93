"""mkdocs hook: the command line's reference (docs/reference/cli.md) is generated from the command tree itself, so
that every command a regeneration adds is documented with no hand edit. Each command's section is its `--help`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

MARKER = "<!-- propello-cli-commands -->"
CHECKOUT = Path(__file__).resolve().parents[1]


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Replace MARKER with one section per command of `propello`."""
    if MARKER not in markdown:
        return markdown
    # This checkout's packages, as mkdocstrings' `paths` reads them, whatever an editable install points at.
    sys.path[:0] = [str(CHECKOUT / "generated"), str(CHECKOUT / "overrides")]
    from propello.cli import root

    return markdown.replace(MARKER, "\n".join(_sections(root, click.Context(root, info_name="propello"))))


def _sections(command: click.Command, ctx: click.Context, level: int = 2) -> list[str]:
    lines = [f"{'#' * level} `{ctx.command_path}`", "", "```text", command.get_help(ctx), "```", ""]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                lines += _sections(sub, click.Context(sub, info_name=name, parent=ctx), min(level + 1, 4))
    return lines
