"""`propello`, the command line: every operation of the API as `propello <resource> <method> ARGS`.

Needs the extra: `pip install 'propello-cloud[cli]'` (Click, rich, platformdirs, PyYAML). Importing this package
needs none of them: `main` says in one line what to install when they are missing, and `root` and `CLIContext`
are loaded on first use.

The contract other command groups (`propello sync`, issue 19) rely on:

- `root` is the `click.Group` named `propello`; `main` (the console script) runs it.
- Sub-groups are registered lazily in `SUBGROUPS`, name -> "dotted.module:attribute" of a click command or
  group, imported only when that name is invoked (or `--help` lists it). Adding one is one line here.
- Root options: --profile, --base-url, --client-id, --rate-limit, --format (and --json), --redis-url. Secrets
  come only from the environment or the config file, never from flags.
- `click.get_current_context().obj` (and `ctx.obj` in any command) is a `CLIContext`: `client()` builds the
  `propello.Propello` on first call, `rate_limit` and `output_format` are resolved, `emit(data)` prints a
  result in the chosen format and `fail(exc)` prints an error and exits with its code.
- Exit codes: the EXIT_* constants below (documented in docs/reference/cli.md).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .exits import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_OK, EXIT_PIPE, EXIT_TEMPORARY, EXIT_USAGE

if TYPE_CHECKING:
    from .context import CLIContext
    from .group import root

SUBGROUPS: dict[str, str] = {"sync": "propello.sync.cli:sync", "rate-limit": "propello.cli.budget:rate_limit"}
"""Command groups mounted into `root` by dotted path, imported only when used (`propello sync`: the sync engine;
`propello rate-limit`: the rate budget now).
A name here wins over a resource of the same name."""

INSTALL_HINT = "propello: the command line needs its extra: pip install 'propello-cloud[cli]'"


def main(argv: list[str] | None = None, prog_name: str = "propello") -> None:
    """The `propello` console script (and `python -m propello`): run `root`, then exit with its code.

    Args:
        argv: The arguments; None reads sys.argv.
        prog_name: The name usage lines show.
    """
    try:
        from .run import run
    except ImportError as exc:  # the [cli] extra is not installed
        if exc.name not in {"click", "rich", "platformdirs", "yaml"}:
            raise
        print(INSTALL_HINT, file=sys.stderr)
        sys.exit(EXIT_ERROR)
    sys.exit(run(argv, prog_name))


def version() -> str:
    """What `propello --version` (and `python -m propello --version`) prints: client and API version."""
    import propello

    return f"propello-cloud {propello.__version__} (Propello Cloud API {propello.__api_version__})"


def __getattr__(name: str) -> Any:
    """`root` and `CLIContext` import Click; they load on first use so that `main` can report a missing extra."""
    if name == "root":
        from .group import root

        return root
    if name == "CLIContext":
        from .context import CLIContext

        return CLIContext
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_TEMPORARY",
    "EXIT_USAGE",
    "INSTALL_HINT",
    "SUBGROUPS",
    "CLIContext",
    "main",
    "root",
    "version",
]
