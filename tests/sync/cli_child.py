"""`propello sync ...` in a process of its own (for the Ctrl-C test): python cli_child.py BASE_URL ARGS..."""

from __future__ import annotations

import sys

from propello.sync.cli import sync
from sync_helpers import CommandLine

if __name__ == "__main__":
    sync.main(args=sys.argv[2:], obj=CommandLine(sys.argv[1]), prog_name="propello sync")
