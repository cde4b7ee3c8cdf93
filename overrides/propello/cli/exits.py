"""Exit codes, so that shell scripts can branch on what happened, and which one an error gets."""

from __future__ import annotations

EXIT_OK = 0
"""Success."""
EXIT_ERROR = 1
"""An API error or any other failure."""
EXIT_USAGE = 2
"""A usage error: a bad argument, option, --data or configuration, found before anything was sent."""
EXIT_NOT_FOUND = 3
"""The API answered 404: what the command names does not exist."""
EXIT_TEMPORARY = 75
"""Temporary, try again later: rate limited (429), timed out, or the connection failed (sysexits' EX_TEMPFAIL).
A write may still have been processed: the JSON error's may_have_been_processed says whether to look it up first."""
EXIT_INTERRUPTED = 130
"""Interrupted by Ctrl-C (128 + SIGINT)."""
EXIT_PIPE = 141
"""Whoever read stdout stopped reading (`propello users list | head -1`), as for a tool killed by SIGPIPE."""


def exit_code(exc: BaseException) -> int:
    """The exit code for an error that ends a command."""
    import click

    import propello

    if isinstance(exc, click.UsageError | propello.InvalidArgumentError):
        return EXIT_USAGE
    if isinstance(exc, propello.NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(exc, propello.RateLimitError | propello.APIConnectionError):  # APITimeoutError is one
        return EXIT_TEMPORARY
    return EXIT_ERROR
