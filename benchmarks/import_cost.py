"""What importing the client costs a fresh process, as a command line pays it on every call: measured in a clean
venv that holds only the runtime dependencies (httpx, attrs, python-dateutil at the pinned versions) and our two
packages from this checkout, so a dev tool installed next to httpx (click and rich, which `import httpx` loads
when present) counts on neither side.

Each figure is the median wall time of whole-process runs, the kinds of run alternating so drift hits all alike,
minus the interpreter's own start (`python -c pass`). Run alone, `python benchmarks/import_cost.py` prints them;
`make bench` (run.py) puts them in docs/benchmarks.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("httpx", "attrs", "python-dateutil")
GOAL_MS = 30.0
"""`import propello` may cost at most this much more than `import httpx` (issue 17)."""
PROGRAMS = {
    "interpreter": "pass",
    "httpx": "import httpx",
    "import propello": "import propello",
    "from propello import Propello": "from propello import Propello",
    "Propello(...) built": "from propello import Propello\nPropello(access_token='t', base_url='http://127.0.0.1:9')",
}


@contextmanager
def clean_venv() -> Iterator[Path]:
    """The python of a fresh venv with the runtime dependencies and this checkout's packages (a .pth file, as
    `pip install -e .` makes)."""
    with tempfile.TemporaryDirectory(prefix="propello-import-") as scratch:
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *RUNTIME, "-c", str(ROOT / "constraints.txt")],
            check=True,
        )
        site = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        (Path(site) / "propello_checkout.pth").write_text(
            f"{ROOT / 'generated'}\n{ROOT / 'overrides'}\n", encoding="utf-8"
        )
        yield python


def measure(python: Path, runs: int = 21) -> dict[str, float]:
    """Median milliseconds of each program over `runs` alternating rounds, less the interpreter's start."""
    times: dict[str, list[float]] = {name: [] for name in PROGRAMS}
    for _ in range(runs):
        for name, program in PROGRAMS.items():
            start = time.perf_counter()
            subprocess.run([str(python), "-c", program], check=True, cwd=python.parent)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["interpreter"])
    return {name: (statistics.median(found) - base) * 1e3 for name, found in times.items() if name != "interpreter"}


def main() -> None:
    with clean_venv() as python:
        figures = measure(python)
    for name, ms in figures.items():
        print(f"{name:32} {ms:6.1f} ms   (+{ms - figures['httpx']:5.1f} ms over import httpx)")


if __name__ == "__main__":
    main()
