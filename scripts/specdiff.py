"""Compare two OpenAPI 3 descriptions and report what changes for a Python caller, in two sections:

- spec changes (scripts/spec_changes.py), each judged by a rule in scripts/spec_rules.py (modelled on
  oasdiff's checker);
- Python API changes: the public API of ``propello_api`` and ``propello`` generated from each spec (in temp
  dirs, with the repo's overlay and overrides/; generated/ is not touched), compared with griffe
  (scripts/api_diff.py);

then the suggested next distribution version (README "Versions").

Usage: ``python scripts/specdiff.py OLD NEW [--changelog CHANGELOG.md] [--strict] [--no-python-api]``, or
``--rules`` to print every rule with why it does or does not break a caller. Exit 1 with --strict when either
section has a breaking change or the Python API could not be compared, 2 when a spec cannot be read.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path
from typing import Any

from api_diff import RULES as API_RULES
from api_diff import diff_generated
from change_report import (
    Change,
    Report,
    render_markdown,
    render_text,
    suggest_version,
    update_changelog,
)
from spec_changes import diff_specs, load_spec
from spec_rules import RULES
from spec_schema import SpecDiffError

__all__ = [
    "Change",
    "Report",
    "SpecDiffError",
    "build_report",
    "diff_specs",
    "load_spec",
    "main",
    "render_markdown",
    "render_text",
    "strict_problem",
    "update_changelog",
]

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "overrides" / "propello" / "_version.py"


def client_version(path: Path = VERSION_FILE) -> str | None:
    """The client version of this checkout (overrides/propello/_version.py run alone, as the build runs it), or
    None if it cannot be read."""
    try:
        return str(runpy.run_path(str(path))["version_of_tree"](str(path)))
    except (OSError, KeyError, ValueError, SyntaxError):
        return None


def build_report(
    old_spec: dict[str, Any], new_spec: dict[str, Any], old_path: Path | None, new_path: Path, python_api: bool
) -> Report:
    """Both sections and the suggested version. ``old_path`` None compares the Python API with the committed
    generated/ instead of a client generated from the old spec; ``python_api`` False leaves that section out."""
    report = diff_specs(old_spec, new_spec)
    if python_api:
        report.api = diff_generated(old_path, new_path)
    report.next_version = suggest_version(report, client_version())
    return report


def strict_problem(report: Report) -> str | None:
    """Why --strict fails on this report: a breaking change in either section, or a Python API that could
    not be compared (nothing vouches for it); None when it passes."""
    problems = [
        *(["breaking spec changes"] if any(change.breaking for change in report.changes) else []),
        *(["breaking Python API changes"] if report.api is not None and report.api.breaking else []),
        *(["the Python API could not be compared"] if report.api is not None and report.api.error else []),
    ]
    return " and ".join(problems) or None


def rules_text() -> str:
    """Every rule: its kind, and why it breaks a Python caller (or why not)."""
    lines = []
    for rule in [*RULES.values(), *API_RULES.values()]:
        lines.append(f"{rule.kind} ({rule.heading})")
        lines += [f"  breaking: {rule.breaks}"] if rule.breaks else []
        lines += [f"  not breaking: {rule.safe}"] if rule.safe else []
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, nargs="?", help="the spec before (YAML or JSON)")
    parser.add_argument("new", type=Path, nargs="?", help="the spec after")
    parser.add_argument("--changelog", type=Path, help="also write the report to this CHANGELOG.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when either section has a breaking change")
    parser.add_argument(
        "--no-python-api", action="store_true", help="skip generating both clients to compare their Python API"
    )
    parser.add_argument("--rules", action="store_true", help="print every rule and exit")
    args = parser.parse_args(argv)
    if args.rules:
        sys.stdout.write(rules_text())
        return 0
    if args.old is None or args.new is None:
        parser.error("OLD and NEW are required")
    paths = {"old": args.old, "new": args.new}
    try:
        old, new = load_spec(args.old, "old"), load_spec(args.new, "new")
        report = build_report(old, new, args.old, args.new, python_api=not args.no_python_api)
    except SpecDiffError as exc:
        where = f" ({paths[exc.side]})" if exc.side and str(paths[exc.side]) not in str(exc) else ""
        print(f"specdiff: {exc}{where}", file=sys.stderr)
        return 2
    sys.stdout.write(render_text(report))
    if args.changelog:
        update_changelog(args.changelog, report)
        print(f"specdiff: wrote the API {report.new_version} section of {args.changelog}")
    problem = strict_problem(report)
    if args.strict and problem:
        print(f"specdiff: {problem} (--strict)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
