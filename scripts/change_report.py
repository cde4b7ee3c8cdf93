"""The change report shared by `make diff-spec` and `make fetch-spec`: what changed in the spec and in the
Python API, whether each change breaks a caller and why, the suggested next version, and the CHANGELOG.md
section that records it.

A change is *breaking* when code written against the client generated from the old spec can fail with the
new one: at runtime (the server rejects what it sends, a response no longer parses or lacks what it reads)
or at import/call time (a module, class, function or parameter it uses is gone or changed).
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

CHANGELOG_MARKER = "<!-- written by scripts/specdiff.py -->"
SAY_SO = "a new client major, so that `~=` and `<` pins exclude it"
COLUMNS = ("Operation or symbol", "Kind", "Breaking", "Change", "Reason")


@dataclass(frozen=True)
class Rule:
    """One kind of change: the report heading it goes under and, for each verdict, why a Python caller
    does or does not break. ``breaks`` is empty for a kind that never breaks, ``safe`` for one that always does.
    A text of the form "requests: ...; responses: ..." says both; a change then shows the part for its side."""

    kind: str
    heading: str
    breaks: str = ""
    safe: str = ""

    def reason(self, breaking: bool, direction: str | None = None) -> str:
        """Why a change of this kind breaks (or not) a caller; ``direction`` "request" or "response" picks
        that part of a two-sided text."""
        text = self.breaks if breaking else self.safe
        sides = dict(re.findall(r"(requests|responses): (.*?)(?=; (?:requests|responses): |$)", text))
        return sides.get(f"{direction}s", text) if direction else text


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "operation-added", "response-field-removed", "parameter-removed"
    location: str  # e.g. "POST /v3/user/create", "schema GroupListResponse.data", "propello_api.models.Group"
    detail: str
    breaking: bool
    reason: str = ""  # why this breaks a Python caller, or why it does not
    heading: str = field(default="", compare=False, repr=False)  # the report heading it is listed under


@dataclass
class ApiSection:
    """The Python API changes between the packages generated from the two specs (propello_api, propello).
    ``error`` says why they could not be compared; ``changes`` is then empty."""

    changes: list[Change] = field(default_factory=list)
    error: str = ""
    notes: list[str] = field(default_factory=list)  # how the comparison was made, when it matters

    @property
    def breaking(self) -> bool:
        return any(change.breaking for change in self.changes)


@dataclass
class Report:
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)  # spec changes
    api: ApiSection | None = None  # None: the Python API was not compared (not asked for)
    next_version: str = ""  # the suggested distribution version, with why

    @property
    def breaking(self) -> bool:
        return any(change.breaking for change in self.changes) or (self.api is not None and self.api.breaking)

    @property
    def counts(self) -> str:
        return counts(self.changes)

    @property
    def summary(self) -> str:
        return f"{self.counts} (API {self.old_version} -> {self.new_version})"


def counts(changes: list[Change]) -> str:
    """ "N changes, M breaking"."""
    count = len(changes)
    return f"{count} change{'' if count == 1 else 's'}, {sum(c.breaking for c in changes)} breaking"


def suggest_version(report: Report, current: str | None) -> str:
    """The next distribution version under the README's scheme, ``<API version>.<client major>.<client minor>``,
    and why.

    A new API version starts a series at ``.1.0``. The same API version takes, after ``current`` (the client
    version now, e.g. "3.0.0.2.0"; "3.0.0.2", from before the scheme had a minor, reads as "3.0.0.2.0"), the next
    major when a change breaks callers (then ``~=3.0.0.2.0`` and ``<3.0.0.3`` pins exclude it) and the next minor
    otherwise; ``.1.0`` when ``current`` is for another API version."""
    spec_breaking = sum(change.breaking for change in report.changes)
    api_breaking = sum(change.breaking for change in report.api.changes) if report.api else 0
    breaking = bool(spec_breaking or api_breaking)
    api = _three_numbers(report.new_version)
    if report.new_version != report.old_version:
        version = f"{api}.1.0"
        why = f"API {report.old_version} -> {report.new_version} starts a new series"
    else:
        prefix = f"{api}."
        client = current[len(prefix) :].split(".") if current and current.startswith(prefix) else []
        if 1 <= len(client) <= 2 and all(part.isdecimal() for part in client):
            major, minor = int(client[0]), int(client[1]) if len(client) == 2 else 0
            version = f"{prefix}{major + 1}.0" if breaking else f"{prefix}{major}.{minor + 1}"
            why = f"same API {report.new_version}: next client {'major' if breaking else 'minor'} after {current}"
        else:
            version = f"{prefix}1.0"
            why = f"same API {report.new_version}: first client release of this series (now {current or 'none'})"
    if breaking:
        counted = f"{spec_breaking} spec" + (f" and {api_breaking} Python API" if report.api else "")
        return f"{version} ({why}) - BREAKING for callers: {counted} changes break existing code; {SAY_SO}"
    return f"{version} ({why}) - no breaking change found"


def _three_numbers(api_version: str) -> str:
    """``3.1`` -> ``3.1.0``: the API part of a client version always has three numbers (as client_version in
    overrides/propello/_version.py pads it), so the client's two sit in the same places."""
    parts = api_version.split(".")
    return ".".join(parts + ["0"] * (3 - len(parts))) if len(parts) < 3 else api_version


def render_text(report: Report) -> str:
    """The report for a terminal: spec changes under their headings, then the Python API changes, each
    section ending with its summary line, then the suggested version. A breaking change is followed by a
    line saying why it breaks."""
    lines = [f"Spec changes from API {report.old_version} to {report.new_version}:"]
    for heading, group in itertools.groupby(report.changes, key=lambda change: change.heading):
        lines += [heading or "Other", *change_lines(list(group))]
    lines.append(report.summary)
    if report.api is not None:
        lines.append("Python API changes (propello_api, propello):")
        if report.api.error:
            lines.append(f"  not compared: {report.api.error}")
        else:
            lines += change_lines(report.api.changes) + [f"  note: {note}" for note in report.api.notes]
            lines.append(counts(report.api.changes))
    if report.next_version:
        lines.append(f"Suggested next version: {report.next_version}")
    return "\n".join(lines) + "\n"


def change_lines(changes: list[Change]) -> list[str]:
    """One line per change (BREAKING or ok, kind, where: what), and for a breaking one a line saying why."""
    lines = []
    for c in changes:
        lines.append(f"  {'BREAKING' if c.breaking else 'ok':8}  {c.kind:24}  {c.location}: {c.detail}")
        if c.breaking and c.reason:
            lines.append(f"{'':36}why: {c.reason}")
    return lines


def render_markdown(report: Report, date: datetime.date | None = None) -> str:
    """A CHANGELOG.md section for the new API version: one table per section (spec, Python API), breaking
    changes first, each row naming the operation or symbol, the kind, breaking yes/no, the change and why."""
    heading = f"## API {report.new_version}" + (f" ({date.isoformat()})" if date else "")
    summary = f"Compared with API {report.old_version}: spec {report.counts}"
    if report.api is not None:
        summary += f"; Python API {'not compared' if report.api.error else counts(report.api.changes)}"
    lines = [heading, "", CHANGELOG_MARKER, "", summary + "."]
    if report.next_version:
        lines += ["", f"Suggested version: {report.next_version}."]
    lines += ["", "### Spec changes", "", *_table(report.changes)]
    if report.api is not None:
        lines += ["", "### Python API changes", ""]
        lines += [f"Not compared: {report.api.error}"] if report.api.error else _table(report.api.changes)
        lines += [f"\nNote: {note}." for note in report.api.notes]
    return "\n".join(lines) + "\n"


def _table(changes: list[Change]) -> list[str]:
    if not changes:
        return ["None."]
    rows = [COLUMNS, tuple("---" for _ in COLUMNS)]
    for c in sorted(changes, key=lambda change: not change.breaking):  # stable: keeps the report's order
        rows.append((f"`{c.location}`", c.kind, "yes" if c.breaking else "no", c.detail, c.reason))
    return ["| " + " | ".join(_cell(text) for text in row) + " |" for row in rows]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def update_changelog(path: Path, report: Report, date: datetime.date | None = None) -> None:
    """Put the report's section at the top of the changelog, below its title and intro.

    A section this script wrote earlier for the same API version is replaced (so reruns are idempotent);
    hand-written sections are never touched. The file is replaced atomically."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n"
    starts = [match.start() for match in re.finditer(r"^## ", text, flags=re.MULTILINE)]
    preamble = text[: starts[0]] if starts else text
    sections = [text[start:end] for start, end in itertools.pairwise([*starts, len(text)])]
    same_version = re.compile(rf"^## API {re.escape(report.new_version)}(?: \(.*\))?\n")
    sections = [s for s in sections if not (same_version.match(s) and CHANGELOG_MARKER in s)]
    new_section = render_markdown(report, date)
    head = preamble.rstrip("\n") + "\n\n" if preamble.strip() else ""
    parts = [head, new_section, *(["\n"] if sections else []), *sections]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("".join(parts).rstrip("\n") + "\n", encoding="utf-8")
    tmp.replace(path)
