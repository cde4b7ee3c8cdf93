"""`python -m propello --version`: which client and which API version are installed."""

from __future__ import annotations

import argparse

from propello_api._api_version import API_VERSION

from ._settings import VERSION


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m propello", description="Propello Cloud API v3 client.")
    parser.add_argument(
        "--version",
        action="version",
        version=f"propello-cloud {VERSION} (Propello Cloud API {API_VERSION})",
    )
    parser.parse_args(argv)
    parser.print_help()


if __name__ == "__main__":
    main()
