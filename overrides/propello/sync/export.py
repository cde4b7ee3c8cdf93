"""Reading an HR export: CSV (UTF-8 with or without a BOM, any common dialect) or JSON Lines, one row at a time.

`read_export` yields, per data row, either a Row (key and fields, normalised, ready to compare and send) or a
Rejection (line number and reason, never sent). Memory is one row, whatever the file's size. Which columns
become which API fields is decided once from the header (Columns), so the plan can say what it ignored."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from propello_api.api.user import get_user_detail

from .errors import ExportError
from .fields import ACTIVATION_FLAGS, spec_fields

SNIFF_BYTES = 64 * 1024
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def identifiers() -> frozenset[str]:
    """What identifies a user in the API's paths (the spec's enum for users.get: email, UID, id)."""
    choices = get_user_detail.OPERATION.path_parameters[0].choices
    return frozenset(choices) if choices is not None else frozenset({"email"})


@dataclass(frozen=True)
class KeySpec:
    """How a row names its user: the API's `identifier` (email, UID, id) and the export column that holds it."""

    identifier: str = "email"
    column: str = "email"

    @classmethod
    def parse(cls, text: str) -> KeySpec:
        """`email` (the column is called email too) or `UID=employee_id` (identifier=column)."""
        identifier, _, column = text.partition("=")
        identifier, column = identifier.strip(), column.strip() or identifier.strip()
        known = identifiers()
        if identifier not in known:
            raise ExportError(f"--key {text!r}: the API identifies users by {', '.join(sorted(known))}")
        return cls(identifier, column)

    def normalise(self, raw: object) -> tuple[str, str] | str:
        """(value to send, value to match on) for a raw key, or the reason it is refused."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return f"empty {self.column}"
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            return f"{self.column} must be text, got {type(raw).__name__}"
        value = unicodedata.normalize("NFC", str(raw).strip())
        if _CONTROL.search(value) or any(char.isspace() for char in value):
            return f"{self.column} {value!r} holds spaces or control characters"
        if self.identifier == "email":
            if not _EMAIL.fullmatch(value):
                return f"{self.column} {value!r} is not an email address"
            return value, value.casefold()
        if self.identifier == "id" and not (value.isascii() and value.isdigit()):
            return f"{self.column} {value!r} is not a numeric id"
        return value, value


@dataclass(frozen=True)
class Row:
    """A data row that will be compared with the state: its line, key and fields as they will be sent."""

    line: int
    key: str
    """The key as sent (trimmed, NFC)."""
    match: str
    """The key as compared (emails case-folded)."""
    fields: dict[str, Any]


@dataclass(frozen=True)
class Rejection:
    """A row that is never sent: its line (1 is the CSV header), its key when it was readable, and why."""

    line: int
    key: str | None
    match: str | None
    reason: str


@dataclass(frozen=True)
class Columns:
    """Which export column feeds which API field, and which columns are ignored (told in the plan)."""

    key_column: str
    fields: Mapping[str, str]
    """API field name -> export column."""
    ignored: tuple[str, ...]

    @classmethod
    def decide(cls, header: Sequence[str], key: KeySpec, mapping: Mapping[str, str]) -> Columns:
        """Columns named like API user fields (case and surrounding spaces aside) are sent as they are; `mapping`
        (API name -> column) maps others; the rest is ignored. A column named in --key or --field is found by
        its exact name, else case aside."""
        seen: set[str] = set()
        for name in header:
            if name in seen:
                raise ExportError(f"the export names column {name!r} twice")
            seen.add(name)

        def resolve(column: str, flag: str) -> str:
            if column in seen:
                return column
            near = [name for name in header if name.casefold() == column.strip().casefold()]
            if len(near) != 1:
                raise ExportError(f"{flag}: the export has no column {column!r} (columns: {', '.join(header)})")
            return near[0]

        key_column = resolve(key.column, f"--key {key.identifier}={key.column}")
        fields: dict[str, str] = {}
        for api_name, column in mapping.items():
            if api_name in ACTIVATION_FLAGS:
                raise ExportError(f"--field {api_name}: activation is set by --activation-email, not by the export")
            fields[api_name] = resolve(column, f"--field {api_name}={column}")
        documented = {name.casefold(): name for name in spec_fields()}
        for column in header:
            named = documented.get(column.strip().casefold())
            if named is not None and named not in fields and column not in fields.values():
                fields[named] = column
        if key.identifier == "email":
            fields["email"] = key_column
        elif "email" not in fields:
            raise ExportError(
                f"--key {key.identifier}={key.column}: the export must also hold an email column, with which a "
                "create whose answer was lost is looked up"
            )
        used = set(fields.values()) | {key_column}
        return cls(key_column, fields, tuple(column for column in header if column not in used))


def _clean(value: object) -> object:
    """Strings trimmed and NFC; empty strings and nulls become None (not sent)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())
        return value or None
    return value


def _row(line: int, record: Mapping[str, object], columns: Columns, key: KeySpec) -> Row | Rejection:
    normalised = key.normalise(record.get(columns.key_column))
    if isinstance(normalised, str):
        return Rejection(line, None, None, normalised)
    sent, match = normalised
    types = spec_fields()
    fields: dict[str, Any] = {}
    for api_name, column in sorted(columns.fields.items()):
        value = sent if column == columns.key_column else _clean(record.get(column))
        if value is None:
            continue
        if isinstance(value, str) and _CONTROL.search(value):
            return Rejection(line, sent, match, f"{column} holds control characters")
        kind = types.get(api_name)
        refused = kind.refuses(value) if kind is not None else None
        if refused is not None:
            return Rejection(line, sent, match, refused)
        fields[api_name] = value
    return Row(line, sent, match, fields)


@dataclass
class Export:
    """An opened export: its Columns (known once the header is read) and its rows, read once, in order."""

    path: Path
    columns: Columns
    rows: Iterator[Row | Rejection]
    format: str
    dialect: str = ""
    _handle: TextIO | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _format(path: Path, handle: TextIO) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    return "jsonl" if head.lstrip().startswith("{") else "csv"


def open_export(path: str | Path, key: KeySpec, mapping: Mapping[str, str] | None = None) -> Export:
    """Open `path` (CSV or JSON Lines) and decide its columns; rows are read as the caller iterates.

    Args:
        path: The export file. UTF-8; a BOM is dropped. `.jsonl`/`.ndjson` is JSON Lines, `.csv`/`.tsv`/`.txt` is
            CSV with its dialect sniffed (comma, semicolon, tab or pipe; any quoting); other names are sniffed.
        key: Which column identifies a user, and as what.
        mapping: API field name -> export column, for columns not named like the field.
    """
    source = Path(path)
    try:
        handle: TextIO = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by Export.close)
    except OSError as exc:
        raise ExportError(f"cannot read the export {source}: {exc.strerror}") from exc
    try:
        kind = _format(source, handle)
        if kind == "csv":
            return _open_csv(source, handle, key, dict(mapping or {}))
        return _open_jsonl(source, handle, key, dict(mapping or {}))
    except UnicodeDecodeError as exc:
        handle.close()
        raise ExportError(f"the export {source} is not UTF-8 (byte {exc.start}): save it as UTF-8") from exc
    except BaseException:
        handle.close()
        raise


def _open_csv(path: Path, handle: TextIO, key: KeySpec, mapping: dict[str, str]) -> Export:
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(handle, dialect)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ExportError(f"the export {path} has no header row")
    header = [unicodedata.normalize("NFC", cell.strip()) for cell in header]
    columns = Columns.decide(header, key, mapping)

    def rows() -> Iterator[Row | Rejection]:
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                yield Rejection(start, None, None, f"{len(cells)} cells where the header has {len(header)}")
                continue
            yield _row(start, dict(zip(header, cells, strict=True)), columns, key)

    delimiter = getattr(dialect, "delimiter", ",")
    return Export(path, columns, rows(), "csv", f"delimiter {delimiter!r}", handle)


def _open_jsonl(path: Path, handle: TextIO, key: KeySpec, mapping: dict[str, str]) -> Export:
    first: dict[str, Any] | None = None
    names: dict[str, None] = {}
    for text in handle:
        if text.strip():
            try:
                record = json.loads(text)
            except ValueError:
                record = None
            if isinstance(record, dict):
                first = record
                names.update(dict.fromkeys(record))
            break
    handle.seek(0)
    if first is None:
        raise ExportError(f"the export {path} does not start with a JSON object on its first line")
    columns = Columns.decide(list(names), key, mapping)

    def rows() -> Iterator[Row | Rejection]:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except ValueError as exc:
                yield Rejection(line, None, None, f"not JSON: {exc}")
                continue
            if not isinstance(record, dict):
                yield Rejection(line, None, None, f"a JSON {type(record).__name__}, not an object")
                continue
            yield _row(line, record, columns, key)

    return Export(path, columns, rows(), "jsonl", "", handle)
