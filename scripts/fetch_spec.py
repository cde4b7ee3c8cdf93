"""Refresh the spec snapshot from upstream; offline or a bad download keeps the snapshot.

Usage: ``python scripts/fetch_spec.py [--url URL] [--no-fallback] [--snapshot openapi/openapi.yaml] [--timeout 5]
[--strict] [--changelog CHANGELOG.md]``. ``make fetch-spec SPEC_URL=URL`` (and ``make SPEC_URL=URL``) passes
``--url URL --no-fallback``: a bundle the user chose must be the one used.

- Unreachable, HTTP error, or a download that is not a valid OpenAPI 3.0 or 3.1 document: one line saying so,
  the snapshot is kept, exit 0 (1 with --strict, for CI that must run on the real spec, or with --no-fallback).
- A valid download that differs: the snapshot is replaced atomically, the change report (spec changes, and
  the Python API of a client generated from the download against the committed generated/) is printed and
  written to the changelog; with --strict a breaking change in either section exits 1 (the new snapshot
  stays, for review).
- The same bytes: says the snapshot is up to date.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml
from spec_check import first_validation_error, unreadable_reason
from specdiff import Report, SpecDiffError, build_report, load_spec, render_text, strict_problem, update_changelog

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "https://propello-cloud.redocly.app/_bundle/openapi.yaml"
MAX_BYTES = 20 * 1024 * 1024  # far above any plausible bundle; stops a runaway download


class KeepSnapshot(Exception):
    """Why the download is not used; the message completes "fetch-spec: <url> ..."."""


def download(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "propello-cloud fetch-spec"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise KeepSnapshot(f"answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:  # refused, DNS, timeout, malformed URL
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise KeepSnapshot(f"unreachable ({reason or type(exc).__name__})") from None
    if len(body) > MAX_BYTES:
        raise KeepSnapshot(f"sent more than {MAX_BYTES} bytes, not a spec")
    return body


def parse_valid_spec(body: bytes) -> dict[str, Any]:
    """The downloaded spec, or KeepSnapshot saying why it is not a valid OpenAPI document."""
    try:
        spec = yaml.safe_load(body.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KeepSnapshot(f"sent no readable YAML/JSON ({unreadable_reason(exc)})") from None
    if not isinstance(spec, dict):
        raise KeepSnapshot("sent a document that is not an OpenAPI mapping")
    problem = first_validation_error(spec)
    if problem:
        raise KeepSnapshot(f"sent an invalid OpenAPI document ({problem})")
    return spec


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step (temp file in the same directory + os.replace), keeping its mode."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def change_report(snapshot: Path | None, new_spec: dict[str, Any], new_bytes: bytes) -> Report:
    """What the download changes, in both sections: the spec against the snapshot (against nothing when there
    is no readable one), the Python API of a client generated from the download against one generated from the
    snapshot (against the committed generated/ when there is no readable snapshot)."""
    try:
        old_spec = load_spec(snapshot, "old") if snapshot else {}
    except SpecDiffError as exc:
        print(f"fetch-spec: {exc}; reporting every operation as new", file=sys.stderr)
        old_spec = {}
    with tempfile.TemporaryDirectory(prefix="propello-fetch-") as tmp:
        new_path = Path(tmp) / "openapi.yaml"
        new_path.write_bytes(new_bytes)
        old_path = snapshot if old_spec else None  # like with like: a client generated from each spec
        return build_report(old_spec, new_spec, old_path, new_path, python_api=True)


def record_sha256(readme: Path, digest: str) -> bool:
    """Rewrite the "snapshot sha256" line of openapi/README.md (beside the snapshot), if it has one."""
    if not readme.is_file():
        return False
    text = readme.read_text(encoding="utf-8")
    updated = re.sub(r"(snapshot sha256: `)[0-9a-f]{64}(`)", rf"\g<1>{digest}\g<2>", text)
    if updated == text:
        return False
    write_atomically(readme, updated.encode("utf-8"))
    return True


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_absolute() and path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help=f"the bundle to fetch (default {DEFAULT_URL})")
    parser.add_argument(
        "--no-fallback", action="store_true", help="exit 1 when the URL gives no valid spec (the snapshot is kept)"
    )
    parser.add_argument("--snapshot", type=Path, default=ROOT / "openapi" / "openapi.yaml")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless the upstream spec was used")
    parser.add_argument("--changelog", type=Path, help="write the change report to this CHANGELOG.md")
    args = parser.parse_args(argv)
    snapshot: Path = args.snapshot
    old_bytes = snapshot.read_bytes() if snapshot.is_file() else None

    try:
        new_bytes = download(args.url, args.timeout)
        new_spec = parse_valid_spec(new_bytes)
    except KeepSnapshot as exc:
        if old_bytes is None:
            print(f"fetch-spec: {args.url} {exc}; and there is no snapshot at {_display(snapshot)}", file=sys.stderr)
            return 1
        sha = hashlib.sha256(old_bytes).hexdigest()[:8]
        print(
            f"fetch-spec: {args.url} {exc}; keeping the snapshot {_display(snapshot)} (sha256 {sha}…)", file=sys.stderr
        )
        return 1 if args.strict or args.no_fallback else 0

    if new_bytes == old_bytes:
        print(f"fetch-spec: {_display(snapshot)} is up to date with {args.url}")
        return 0
    report = change_report(snapshot if old_bytes is not None else None, new_spec, new_bytes)
    write_atomically(snapshot, new_bytes)
    digest = hashlib.sha256(new_bytes).hexdigest()
    print(f"fetch-spec: updated {_display(snapshot)} from {args.url} (sha256 {digest})")
    if record_sha256(snapshot.parent / "README.md", digest):
        print(f"fetch-spec: recorded the new sha256 in {_display(snapshot.parent / 'README.md')}")
    sys.stdout.write(render_text(report))
    if args.changelog and (report.changes or report.old_version != report.new_version):
        update_changelog(args.changelog, report)
        print(f"fetch-spec: wrote the API {report.new_version} section of {_display(args.changelog)}")
    print("fetch-spec: next, review the change and run `make generate`")
    problem = strict_problem(report)
    if args.strict and problem:
        print(f"fetch-spec: {problem} (--strict): review them before regenerating", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
