"""What holds for any snapshot, the reconstruction or a fetched upstream spec: it is valid, lints clean,
and openapi/README.md records its sha256 (written there by `make fetch-spec`)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from spec_check import first_validation_error

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "openapi" / "openapi.yaml"


def test_snapshot_is_valid_openapi() -> None:
    assert first_validation_error(yaml.safe_load(SNAPSHOT.read_text(encoding="utf-8"))) is None


def test_readme_records_the_snapshot_sha256() -> None:
    digest = hashlib.sha256(SNAPSHOT.read_bytes()).hexdigest()
    assert f"snapshot sha256: `{digest}`" in (ROOT / "openapi" / "README.md").read_text(encoding="utf-8")


@pytest.mark.skipif(not (ROOT / "node_modules" / ".bin" / "redocly").exists(), reason="run `make setup` first")
def test_redocly_lint_finds_no_errors(tmp_path: Path) -> None:
    env = {"PATH": str(Path(shutil.which("node") or "node").parent), "REDOCLY_TELEMETRY": "off", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "redocly"), "lint", str(SNAPSHOT), "--format=summary"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^error ", result.stdout, re.MULTILINE)
