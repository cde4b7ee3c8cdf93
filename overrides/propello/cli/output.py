"""Results on stdout in the chosen format; errors on stderr as one line, or one JSON object with --format json.

The default format is a table on a terminal and JSON otherwise (a pipe, a file). Colour follows rich, which turns
it off for NO_COLOR, TERM=dumb and output that is not a terminal. Fields whose names say they hold a secret
(an access token, a client secret) are shown as "***": a command line never prints one."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import Any

import click

FORMATS = ("json", "jsonl", "table", "yaml")
SECRET_FIELDS = frozenset({"access_token", "refresh_token", "client_secret", "id_token", "password"})


def format_options() -> list[click.Parameter]:
    """--format and --json: on the root and on every command, so either place works (a command's wins)."""
    return [
        click.Option(
            ["--format", "output_format"],
            type=click.Choice(FORMATS),
            help="Output format (default: a table on a terminal, JSON otherwise).",
        ),
        click.Option(["--json", "as_json"], is_flag=True, help="Same as --format json."),
    ]


def plain(value: Any) -> Any:
    """A result as JSON-ready data: generated models through their to_dict, secrets masked."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): "***" if k in SECRET_FIELDS and v else plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def records(value: Any) -> list[Any] | None:
    """The rows of a result: the result itself when it is a list, else its only list of objects (a list envelope's
    `data`), else None."""
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        lists = [v for v in value.values() if isinstance(v, list) and all(isinstance(i, Mapping) for i in v)]
        if len(lists) == 1:
            return lists[0]
    return None


def write(data: Any, output_format: str) -> None:
    """Print `data` (already plain) to stdout."""
    out = sys.stdout
    if output_format == "json":
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif output_format == "jsonl":
        rows = records(data)
        for row in [data] if rows is None else rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif output_format == "yaml":
        import yaml

        out.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    else:
        _table(data)
    out.flush()


def _table(data: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    rows = records(data)
    if rows is not None and rows:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        table = Table(*columns)
        for row in rows:
            table.add_row(*(_cell(row.get(column)) for column in columns))
    elif isinstance(data, Mapping):
        table = Table("field", "value", show_header=False)
        for key, value in _flat(data):
            table.add_row(key, _cell(value))
    else:
        table = Table("value", show_header=False)
        table.add_row(_cell(data))
    # NO_COLOR (no-color.org): rich drops colours but keeps bold; here no escape sequence at all.
    Console(soft_wrap=False, color_system=None if os.environ.get("NO_COLOR") else "auto").print(table)


def _flat(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested objects as dotted keys (data.email), so a single record reads as one two-column table."""
    found: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, Mapping) and value:
            found += _flat(value, f"{prefix}{key}.")
        else:
            found.append((prefix + key, value))
    return found


def _cell(value: Any) -> str:
    from rich.markup import escape

    if value is None:
        return ""
    if isinstance(value, str):
        return escape(value)
    return escape(json.dumps(value, ensure_ascii=False))


def write_binary(payload: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


def error(exc: BaseException, code: int, output_format: str | None) -> None:
    """One line on stderr: `propello: NotFoundError: <message>`, or a JSON object for --format json."""
    described = describe(exc, code)
    if output_format == "json":
        line = json.dumps(described, ensure_ascii=False)
    else:
        request = f" (request id {described['request_id']})" if described.get("request_id") else ""
        line = f"propello: {described['type']}: {described['message']}{request}"
    sys.stderr.write(" ".join(line.splitlines()) + "\n")
    sys.stderr.flush()


def describe(exc: BaseException, code: int) -> dict[str, Any]:
    """The error as the JSON object --format json prints."""
    from .exits import EXIT_USAGE

    return {
        "type": type(exc).__name__,
        "status": getattr(exc, "status_code", None),
        "message": (exc.format_message() if hasattr(exc, "format_message") else str(exc)) or type(exc).__name__,
        "request_id": getattr(exc, "request_id", None),
        # A usage error was found before sending; for an error that does not say, null: unknown.
        "may_have_been_processed": False if code == EXIT_USAGE else getattr(exc, "may_have_been_processed", None),
        "retry_after": getattr(exc, "retry_after", None),
        "exit_code": code,
    }
