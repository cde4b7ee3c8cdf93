"""Fixtures for the command line's tests: the real `propello` console script run in a subprocess, with its own
config and cache dirs and only the environment a test gives it, against loopback servers or a Prism mock."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from cli_helpers import PROPELLO, ROOT, Ran, Run
from prism_mock import PrismError, running_prism


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no PROPELLO_* of the developer's, config and cache dirs of this test only, and
    this checkout's code first on the path (whatever the editable install points at)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PROPELLO_", "XDG_", "NO_COLOR", "FORCE_COLOR"))}
    return {
        **keep,
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "generated"), str(ROOT / "overrides")]),
        "COLUMNS": "200",
    }


@pytest.fixture
def propello(cli_env: dict[str, str]) -> Run:
    """Runs `propello ARGS` with cli_env plus `env`, stdin from `stdin` (else /dev/null: never a terminal)."""

    def run(*args: str, env: Mapping[str, str] | None = None, stdin: str | None = None) -> Ran:
        done = subprocess.run(
            [str(PROPELLO), *args],
            env={**cli_env, **(env or {})},
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=60,
        )
        return Ran(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Prism mock of openapi/openapi.yaml for this session."""
    try:
        with running_prism(tmp_path_factory.mktemp("prism") / "prism.log") as prism:
            yield prism.url
    except PrismError as exc:
        pytest.fail(str(exc), pytrace=False)


sys.path.insert(0, str(ROOT / "tests" / "contract"))  # contract_helpers: the spec's operations and examples
