"""`make generate` is deterministic, atomic, and refuses bad input without touching generated/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated" / "propello_api"


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), *args], capture_output=True, text=True, cwd=ROOT
    )


def snapshot_tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A copy of the committed generated package to generate over."""
    target = tmp_path / "propello_api"
    shutil.copytree(GENERATED, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_committed_generated_code_is_in_sync() -> None:
    result = generate("--check")
    assert result.returncode == 0, result.stderr


def test_generation_is_deterministic_and_matches_the_commit(out: Path) -> None:
    before = snapshot_tree(out)
    assert generate("--out", str(out)).returncode == 0
    first = snapshot_tree(out)
    assert generate("--out", str(out)).returncode == 0
    assert snapshot_tree(out) == first == before


def test_check_names_the_stale_file_and_the_fix(out: Path) -> None:
    (out / "client.py").write_text("# edited by hand\n", encoding="utf-8")
    result = generate("--check", "--out", str(out))
    assert result.returncode == 1
    assert "client.py (changed)" in result.stderr
    assert "make generate" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "spec not found"),
        ("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", "'version' is a required property"),
        ("openapi: [unclosed\n", "not readable"),
    ],
)
def test_bad_spec_is_named_and_leaves_output_untouched(
    out: Path, tmp_path: Path, content: str | None, expected: str
) -> None:
    spec = tmp_path / "broken.yaml"
    if content is not None:
        spec.write_text(content, encoding="utf-8")
    before = snapshot_tree(out)
    result = generate("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert str(spec) in result.stderr and expected in result.stderr
    assert "untouched" in result.stderr
    assert snapshot_tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["propello_api", *([spec.name] if content else [])])
