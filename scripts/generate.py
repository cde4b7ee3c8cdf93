"""Regenerate generated/propello_api from the spec snapshot, atomically.

Pipeline: snapshot -> validate -> overlay (if present) -> openapi-python-client -> py.typed and
_api_version.py -> swap into place. Everything happens in a temp dir; generated/ changes only when
every step succeeded. ``--check`` regenerates and compares instead of swapping.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from openapi_spec_validator.readers import read_from_filename
from overlay import OverlayError, apply_overlay_file
from resource_names import NamingError, prepare_templates
from spec_check import first_validation_error

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "propello_api"


class GenerationError(Exception):
    """A problem the user can fix; printed as one clear message, no traceback."""


def load_valid_spec(path: Path) -> dict:
    """Return the parsed spec, or raise naming the file and its first validation error."""
    if not path.is_file():
        raise GenerationError(f"spec not found: {path}")
    try:
        spec, _ = read_from_filename(str(path))
    except Exception as exc:  # YAML syntax errors come in several exception types
        raise GenerationError(f"spec {path} is not readable YAML/JSON: {exc}") from None
    problem = first_validation_error(spec)
    if problem:
        raise GenerationError(f"spec {path} is invalid: {problem}")
    return dict(spec)


def effective_spec(spec_path: Path, overlay_path: Path | None) -> dict:
    """The validated snapshot with the overlay applied (and the result validated again)."""
    spec = load_valid_spec(spec_path)
    if overlay_path is None or not overlay_path.is_file():
        return spec
    try:
        spec = apply_overlay_file(spec, overlay_path)
    except OverlayError as exc:
        raise GenerationError(f"overlay {overlay_path}: {exc}") from None
    problem = first_validation_error(spec)
    if problem:
        raise GenerationError(f"spec {spec_path} with overlay {overlay_path} is invalid: {problem}")
    return spec


def run_generator(spec: dict, config: Path, workdir: Path) -> Path:
    """Run openapi-python-client on ``spec``; return the generated package directory."""
    spec_file = workdir / "openapi.effective.yaml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = workdir / PACKAGE
    try:
        templates = prepare_templates(spec, ROOT / "templates", workdir)
    except NamingError as exc:
        raise GenerationError(f"resource names: {exc}") from None
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    cmd = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec_file),
        "--config",
        str(config),
        "--custom-template-path",
        str(templates),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=workdir)
    if result.returncode != 0 or not (out / "__init__.py").is_file():
        raise GenerationError(f"openapi-python-client failed:\n{result.stdout}{result.stderr}".rstrip())
    (out / "py.typed").write_text("", encoding="utf-8")
    sha = hashlib.sha256(spec_file.read_bytes()).hexdigest()
    (out / "_api_version.py").write_text(
        '"""Written by scripts/generate.py: which API description this package was generated from."""\n\n'
        f'API_VERSION = "{spec["info"]["version"]}"\n'
        f'SPEC_SHA256 = "{sha}"  # of the effective spec (snapshot + overlay)\n',
        encoding="utf-8",
    )
    return out


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "openapi.yaml")
    parser.add_argument("--overlay", type=Path, default=ROOT / "openapi" / "overlay.yaml")
    parser.add_argument("--config", type=Path, default=ROOT / "generator-config.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "generated" / PACKAGE)
    parser.add_argument("--check", action="store_true", help="fail if --out differs from a fresh generation")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="propello-gen-") as tmp:
            fresh = run_generator(effective_spec(args.spec, args.overlay), args.config, Path(tmp))
            if args.check:
                diffs = tree_differences(args.out, fresh)
                if diffs:
                    print(f"generated/ is stale or was edited by hand ({len(diffs)} files differ):", file=sys.stderr)
                    for line in diffs[:20]:
                        print(f"  {line}", file=sys.stderr)
                    print(
                        "Fix: run `make generate` and commit the result (never edit generated/ by hand).",
                        file=sys.stderr,
                    )
                    return 1
                print(f"generated/{PACKAGE} is in sync with {args.spec.name}")
                return 0
            swap_into_place(fresh, args.out)
    except GenerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("generated/ was left untouched.", file=sys.stderr)
        return 2
    print(f"generated {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} from {args.spec}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
