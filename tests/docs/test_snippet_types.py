"""Every Python snippet of the README and the docs passes `mypy --strict`: typed consumers copy them, so they must
type-check as written (reading optional fields included). The blocks are found the way tests/contract/test_readme.py
finds the README's, and checked in one mypy run, each block as its own module."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks() -> list[tuple[str, str]]:
    """(where, code) for each ```python block of the README and the docs."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for number, block in enumerate(re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL), start=1):
            found.append((f"{page.relative_to(ROOT)} block {number}", block))
    return found


def test_there_are_snippets_to_check() -> None:
    assert len([where for where, _ in blocks() if where.startswith("README.md")]) >= 3


def test_every_snippet_passes_mypy_strict(tmp_path: Path) -> None:
    files = {}
    for index, (where, code) in enumerate(blocks(), start=1):
        path = tmp_path / f"snippet_{index}.py"
        path.write_text(code, encoding="utf-8")
        files[path.name] = where
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *map(str, sorted(tmp_path.glob("*.py"))),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = result.stdout
    for name, where in files.items():
        report = report.replace(str(tmp_path / name), where).replace(name, where)
    assert result.returncode == 0, f"mypy --strict fails on the docs' snippets:\n{report}{result.stderr}"
