"""examples/quickstart.py, run as a new user runs it, against the session's mock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "quickstart.py"


def test_quickstart_runs_against_the_mock(mock_url: str) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("PROPELLO_")}
    finished = subprocess.run(
        [sys.executable, str(QUICKSTART)],
        env={**env, "PROPELLO_BASE_URL": mock_url},
        capture_output=True,
        timeout=120,
        check=False,
    )
    output = finished.stdout.decode()
    assert finished.returncode == 0, f"quickstart failed:\n{output}\n{finished.stderr.decode()}"
    lines = [line.strip() for line in output.splitlines()]  # splitlines() also splits the bar's \r redraws
    assert lines[0] == f"Propello quickstart against {mock_url} (client_id 1, the spec's example credentials)"
    assert lines[1].startswith("token    fetched from /v3/oauth/token")
    assert "create   jane.doe@example.com: status 200" in lines
    assert "get      by email jane.doe@example.com: status 200" in lines
    assert "groups   1 group: Example Org. LTD (example_org)" in lines
    bars = [line for line in lines if line.startswith("bulk     [")]
    assert bars == [
        "bulk     [--------------------] 0/250 users",
        "bulk     [########------------] 100/250 users",
        "bulk     [################----] 200/250 users",
        "bulk     [####################] 250/250 users",
    ]
    assert "\r  bulk     [####################] 250/250 users\n" in output, "the bar is redrawn in place"
    assert "bulk     250 users created in 3 batches of at most 100" in lines
