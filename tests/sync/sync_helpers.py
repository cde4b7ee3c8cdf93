"""Helpers for the sync tests: the client's limit, people, exports, an operator's runs, the expected directory."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from propello import Propello, RateLimit
from propello.sync import ApplyResult, Plan, apply_plan, make_plan

WINDOW = RateLimit(calls=100, period=0.2)
"""The stand-in's window and the client's limit: 500 calls a second keeps the suite fast."""


def person(i: int, **fields: str) -> dict[str, str]:
    return {"email": f"user{i:05d}@example.com", "first_name": f"First{i}", "last_name": f"Last{i}", **fields}


def write_csv(path: Path, rows: Sequence[dict[str, Any]], *, delimiter: str = ",", bom: bool = False) -> Path:
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(header), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


class Runner:
    """plan + save + apply against one state, as an operator runs them."""

    def __init__(self, client: Propello, tmp_path: Path) -> None:
        self.client, self.tmp = client, tmp_path
        self.state = tmp_path / "state.db"
        self.runs = 0

    def plan(self, rows: Sequence[dict[str, Any]], **options: Any) -> Plan:
        self.runs += 1
        export = write_csv(self.tmp / f"export{self.runs}.csv", rows)
        options.setdefault("activation_email", "skip")
        return make_plan(self.client, export, state=self.state, rate_limit=WINDOW, **options)

    def apply(self, plan: Plan, **options: Any) -> ApplyResult:
        path = plan.save(self.tmp / f"plan{self.runs}.json")
        return apply_plan(self.client, path, rate_limit=WINDOW, catch_interrupt=False, **options)

    def sync(self, rows: Sequence[dict[str, Any]], **options: Any) -> ApplyResult:
        return self.apply(self.plan(rows, **options))


def expected_directory(rows: Sequence[dict[str, Any]], inactive: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """What the stand-in must hold: the rows active with exactly their fields, `inactive` deactivated."""
    want = {row["email"].casefold(): (True, dict(row)) for row in rows}
    want.update({row["email"].casefold(): (False, dict(row)) for row in inactive})
    return want


class CommandLine:
    """A stand-in for propello.cli.CLIContext with exactly the contract the sync commands use."""

    def __init__(self, url: str, rate_limit: RateLimit = WINDOW, output_format: str | None = None) -> None:
        self.url, self.rate_limit, self.output_format = url, rate_limit, output_format
        self.clients: list[Propello] = []

    def client(self) -> Propello:
        made = Propello(access_token="test-token", base_url=self.url, rate_limit=self.rate_limit)
        self.clients.append(made)
        return made

    def emit(self, data: object) -> None:
        print(data)

    def fail(self, exc: BaseException) -> NoReturn:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1)
