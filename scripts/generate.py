"""Regenerate generated/propello_api from the spec snapshot, atomically.

Pipeline: snapshot -> validate -> overlay -> openapi-python-client -> py.typed and _api_version.py -> swap
into place. Everything happens in a temp dir; generated/ changes only when every step succeeded.
``--check`` regenerates and compares instead of swapping.

What does not fit is reported, one line each, and does not stop the build: an overlay action whose target
matches nothing (upstream may have fixed the quirk), an operation or part the generator cannot generate.
``--strict`` (``make ... STRICT=1``) makes each of those fatal. An invalid spec always is.

The overlay: ``--overlay FILE`` must exist. Without it, openapi/overlay.yaml is applied when it exists (a spec
that needs no fixes needs no overlay file).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import client_generator
import yaml
from overlay import OverlayError, apply_overlay_file
from resource_names import NamingError, prepare_templates
from spec_check import first_validation_error, unreadable_reason

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "propello_api"
DEFAULT_OVERLAY = ROOT / "openapi" / "overlay.yaml"


class GenerationError(Exception):
    """A problem the user can fix; printed as one clear message, no traceback."""


def load_valid_spec(path: Path) -> dict:
    """Return the parsed spec, or raise naming the file and its first validation error."""
    if not path.is_file():
        raise GenerationError(f"spec not found: {path}")
    try:
        spec = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GenerationError(f"spec {path} is not readable YAML/JSON ({unreadable_reason(exc)})") from None
    problem = first_validation_error(spec)
    if problem:
        raise GenerationError(f"spec {path} is invalid: {problem}")
    return dict(spec)


def effective_spec(spec_path: Path, overlay_path: Path | None, *, strict: bool = False) -> dict:
    """The validated snapshot with the overlay applied (and the result validated again).

    Args:
        spec_path: the OpenAPI document.
        overlay_path: the overlay to apply, or None for none; a path that does not exist is an error.
        strict: an overlay action whose target matches nothing is an error, not a reported line.
    """
    spec = load_valid_spec(spec_path)
    if overlay_path is None:
        return spec
    if not overlay_path.is_file():
        raise GenerationError(f"overlay not found: {overlay_path}")
    try:
        spec = apply_overlay_file(spec, overlay_path, strict=strict, report=lambda line: warn(f"overlay: {line}"))
    except OverlayError as exc:
        raise GenerationError(f"overlay {overlay_path}: {exc}") from None
    problem = first_validation_error(spec)
    if problem:
        raise GenerationError(f"spec {spec_path} with overlay {overlay_path} is invalid: {problem}")
    return spec


def run_generator(spec: dict, config: Path, workdir: Path, *, strict: bool = False) -> Path:
    """Run openapi-python-client on ``spec``; return the generated package directory.

    Binary media types are generated as bytes (said once per media type). Each part the generator cannot
    generate is reported naming its operation, and the rest of the client is kept.

    Args:
        spec: the effective spec.
        config: the generator's config file.
        workdir: an empty temp dir for the spec file and the package.
        strict: a part the generator cannot generate is an error.
    """
    as_bytes = client_generator.generate_binary_as_bytes(spec)
    operations = client_generator.operations(spec)
    spec_file = workdir / "openapi.effective.yaml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = workdir / PACKAGE
    for media_type, users in as_bytes.items():
        print(f"generate: {media_type} is generated as bytes (File) in {', '.join(map(str, users))}")
    try:
        templates = prepare_templates(spec, ROOT / "templates", workdir)
    except NamingError as exc:
        raise GenerationError(f"resource names: {exc}") from None
    # The generator's post hooks run ruff by name: make it find ours.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    try:
        findings = client_generator.run(
            spec_file,
            config,
            templates,
            out,
            content_type_overrides=dict.fromkeys(as_bytes, client_generator.BYTES),
        )
    except client_generator.GeneratorFailed as exc:
        raise GenerationError(f"openapi-python-client failed:\n{exc}") from None
    for finding in findings:
        warn(client_generator.describe(finding, operations))
    if findings and strict:
        raise GenerationError(f"strict: {len(findings)} generator warning(s) above are fatal")
    (out / "py.typed").write_text("", encoding="utf-8")
    sha = hashlib.sha256(spec_file.read_bytes()).hexdigest()
    (out / "_api_version.py").write_text(
        '"""Written by scripts/generate.py: which API description this package was generated from."""\n\n'
        f'API_VERSION = "{spec["info"]["version"]}"\n'
        f'SPEC_SHA256 = "{sha}"  # of the effective spec (snapshot + overlay)\n',
        encoding="utf-8",
    )
    return out


def warn(line: str) -> None:
    """Report something that did not stop the build, one line on stderr."""
    print(f"generate: warning: {line}", file=sys.stderr)


def swap_into_place(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new``; on any failure the old tree is restored."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.parent / f".{target.name}.new"
    old = target.parent / f".{target.name}.old"
    for leftover in (staged, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(new, staged)
    if target.exists():
        target.rename(old)
    try:
        staged.rename(target)
    except BaseException:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def tree_differences(current: Path, fresh: Path) -> list[str]:
    """Relative paths whose bytes differ between two trees (caches ignored)."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    if not current.exists():
        return [f"{current.name}/ is missing"]
    have, want = files(current), files(fresh)
    return sorted(
        f"{name} ({'only in generated/' if name not in want else 'missing' if name not in have else 'changed'})"
        for name in have.keys() | want.keys()
        if have.get(name) != want.get(name)
    )


def stale_message(spec: Path, overlay: Path | None, current: Path, fresh: Path, diffs: list[str]) -> str:
    """What `--check` says when generated/ differs: which files, and how to keep this spec or adopt another."""
    source = f"{_display(spec)}" + (f" with {_display(overlay)}" if overlay else "")
    lines = [f"{_display(current)}/ does not match {source} ({len(diffs)} files differ):"]
    lines += [f"  {line}" for line in diffs[:20]]
    have, want = _api_version(current), _api_version(fresh)
    if have and have != want:
        lines.append(f"It was generated from API {have}; {_display(spec)} is API {want}.")
    lines += [
        f"To keep {_display(spec)}: run `make generate` and commit the result (never edit generated/ by hand).",
        "To adopt another spec instead, make it the snapshot first, then regenerate:",
        "  make fetch-spec SPEC_URL=<bundle URL>   (or copy the file to openapi/openapi.yaml)",
        "  make generate",
        "(`make generate SPEC=<file>` alone leaves openapi/openapi.yaml as it was, so this check keeps failing.)",
    ]
    return "\n".join(lines)


def _api_version(package: Path) -> str | None:
    """The API version recorded in a generated package's _api_version.py, if it has one."""
    path = package / "_api_version.py"
    found = re.search(r'^API_VERSION = "([^"]*)"$', path.read_text(encoding="utf-8"), re.M) if path.is_file() else None
    return found[1] if found else None


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_absolute() and path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "openapi.yaml")
    parser.add_argument("--overlay", type=Path, help="overlay file (default: openapi/overlay.yaml if it exists)")
    parser.add_argument("--config", type=Path, default=ROOT / "generator-config.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "generated" / PACKAGE)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from a fresh generation")
    parser.add_argument("--strict", action="store_true", help="fail on an unmatched overlay target or a warning")
    args = parser.parse_args(argv)
    overlay = args.overlay or (DEFAULT_OVERLAY if DEFAULT_OVERLAY.is_file() else None)
    if overlay is None:
        print(f"generate: no overlay applied ({_display(DEFAULT_OVERLAY)} does not exist)")
    try:
        with tempfile.TemporaryDirectory(prefix="propello-gen-") as tmp:
            spec = effective_spec(args.spec, overlay, strict=args.strict)
            fresh = run_generator(spec, args.config, Path(tmp), strict=args.strict)
            if args.check:
                diffs = tree_differences(args.out, fresh)
                if diffs:
                    print(stale_message(args.spec, overlay, args.out, fresh, diffs), file=sys.stderr)
                    return 1
                print(f"generated/{PACKAGE} is in sync with {args.spec.name}")
                return 0
            swap_into_place(fresh, args.out)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("generated/ was left untouched.", file=sys.stderr)
        return 2
    print(f"generated {_display(args.out)} from {args.spec}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
