"""What the command line's tests share: the console script, and how a run of it is returned."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[2]
PROPELLO = Path(sys.executable).parent / "propello"
"""The console script `make` installs into .venv (the [cli] extra)."""


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


class Run(Protocol):
    def __call__(self, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None) -> Ran: ...
