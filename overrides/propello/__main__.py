"""`python -m propello`: the `propello` command line (`python -m propello --version` works without its extra)."""

from __future__ import annotations

import sys

from .cli import main as cli_main
from .cli import version


def main(argv: list[str] | None = None) -> None:
    """Run the command line on `argv` (None: sys.argv); `--version` alone needs no extra.

    Args:
        argv: The arguments after `python -m propello`.
    """
    arguments = sys.argv[1:] if argv is None else argv
    if arguments == ["--version"]:
        print(version())
        return
    cli_main(arguments, prog_name="python -m propello")


if __name__ == "__main__":
    main()
