"""Shared by the spec-pipeline tests: the repo's spec files, and the client generated from the next-version fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def snapshot_path() -> Path:
    return ROOT / "openapi" / "openapi.yaml"


@pytest.fixture(scope="session")
def reconstruction_path() -> Path:
    """The reconstruction (API 3.0.0) frozen: the fixed "old spec" of tests that must not depend on the live
    snapshot, which a real upstream bump replaces."""
    return ROOT / "tests" / "fixtures" / "reconstruction-3.0.0.yaml"


@pytest.fixture(scope="session")
def next_spec_path() -> Path:
    """The made-up API 3.1.0: the frozen reconstruction plus a new operation, response field and enum value."""
    return ROOT / "tests" / "fixtures" / "openapi-next.yaml"


@pytest.fixture(scope="session")
def next_generated(tmp_path_factory: pytest.TempPathFactory, next_spec_path: Path) -> Path:
    """A directory holding `propello_api` generated from the 3.1.0 fixture (with the repo's overlay and
    templates), by the same command as `make generate`. Put it first on PYTHONPATH to use it."""
    package = tmp_path_factory.mktemp("next-generated") / "propello_api"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--spec", str(next_spec_path), "--out", str(package)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return package.parent
