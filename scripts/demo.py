"""`make demo`: start a Prism mock of the spec on a free port, run examples/quickstart.py against it, stop the mock.

The quickstart uses its defaults (the spec's example credentials): PROPELLO_* variables are not passed on.
The mock is stopped however the run ends (success, failure, Ctrl-C or SIGTERM); when the quickstart fails, the end
of Prism's log is shown, which says what the mock rejected and why.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType

from prism_mock import ROOT, SPEC, PrismError, running_prism

QUICKSTART = ROOT / "examples" / "quickstart.py"
LOG = ROOT / ".prism-demo.log"
_LOG_TAIL_LINES = 40


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)  # unwinds through running_prism, which stops the mock


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    env = {name: value for name, value in os.environ.items() if not name.startswith("PROPELLO_")}
    try:
        with running_prism(LOG) as mock:
            print(f"demo: Prism mock of {SPEC.relative_to(ROOT)} on {mock.url} (log: {LOG.relative_to(ROOT)})\n")
            command = [sys.executable, str(QUICKSTART)]
            returncode = subprocess.run(command, env={**env, "PROPELLO_BASE_URL": mock.url}, check=False).returncode
            if returncode != 0:
                tail = mock.log_since().splitlines()[-_LOG_TAIL_LINES:]
                print("\ndemo: the quickstart failed; the end of Prism's log:", *tail, sep="\n", file=sys.stderr)
    except PrismError as error:
        print(f"demo: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndemo: interrupted; mock stopped", file=sys.stderr)
        return 130
    print("\ndemo: mock stopped")
    return returncode


if __name__ == "__main__":
    sys.exit(main())
