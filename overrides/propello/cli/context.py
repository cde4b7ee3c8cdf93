"""`CLIContext`, what every command finds as `ctx.obj`: the resolved settings, the client (built on first use),
and how results and errors are printed."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import output
from .exits import EXIT_PIPE

if TYPE_CHECKING:
    import propello


class CLIContext:
    """The settings of one `propello` run, resolved from flags, then the environment, then the profile.

    Args:
        flags: The root options given on the command line (None for those not given): base_url, client_id,
            rate_limit, redis_url, output_format.
        environ: The environment overlaid on the profile's settings (`config.profile_environment`): the
            environment's PROPELLO_* variables win.
    """

    def __init__(self, flags: Mapping[str, Any], environ: Mapping[str, str]) -> None:
        import propello

        self._flags = dict(flags)
        self._environ = dict(environ)
        self._client: propello.Propello | None = None
        text = flags.get("rate_limit") or environ.get("PROPELLO_RATE_LIMIT", "").strip()
        where = "--rate-limit" if flags.get("rate_limit") else "PROPELLO_RATE_LIMIT (or the profile's rate_limit)"
        try:
            self.rate_limit: propello.RateLimit | None = propello.RateLimit.parse(text) if text else None
            """The rate limit from --rate-limit, PROPELLO_RATE_LIMIT or the profile; None: the client's default."""
        except propello.InvalidArgumentError as exc:
            raise click.BadParameter(str(exc), param_hint=where) from None
        chosen = flags.get("output_format") or environ.get("PROPELLO_FORMAT", "").strip() or None
        if chosen is not None and chosen not in output.FORMATS:
            raise click.BadParameter(f"{chosen!r} is not one of {', '.join(output.FORMATS)}", param_hint="format")
        self.output_format: str | None = chosen
        """json, jsonl, table or yaml; None: a table on a terminal, JSON otherwise."""

    def client(self) -> propello.Propello:
        """The client, built on first call from flags, environment and profile, and closed when the command ends.
        Raises click.UsageError (exit 2) when no credentials are configured, or a setting is invalid."""
        if self._client is None:
            import propello

            options: dict[str, Any] = {
                key: self._flags[key]
                for key in ("base_url", "client_id", "redis_url", "timeout")
                if self._flags.get(key)
            }
            if self.rate_limit is not None:
                options["rate_limit"] = self.rate_limit
            environ = {k: v for k, v in self._environ.items() if k != "PROPELLO_RATE_LIMIT"}
            has_login = (options.get("client_id") or environ.get("PROPELLO_CLIENT_ID")) and environ.get(
                "PROPELLO_CLIENT_SECRET"
            )
            if not has_login and not environ.get("PROPELLO_ACCESS_TOKEN", "").strip():
                raise click.UsageError(
                    "no credentials: set PROPELLO_CLIENT_ID and PROPELLO_CLIENT_SECRET (or PROPELLO_ACCESS_TOKEN), "
                    "or put them in a profile of the config file (propello --help says where)"
                )
            if has_login and not options.get("redis_url") and not environ.get("PROPELLO_REDIS_URL"):
                options["token_store"] = self._token_store(options, environ)
            try:
                self._client = propello.Propello.from_env(environ, **options)
            except propello.InvalidArgumentError as exc:
                raise click.UsageError(str(exc)) from None
            click.get_current_context().call_on_close(self._client.close)
        return self._client

    def _token_store(self, options: Mapping[str, Any], environ: Mapping[str, str]) -> propello.TokenStore:
        """A FileTokenStore in the user's cache dir, one file per API and client id, so that successive commands
        reuse the access token instead of fetching one each (which would spend half the rate budget)."""
        import platformdirs

        import propello

        key = "\n".join(
            str(part)
            for part in (
                options.get("base_url") or environ.get("PROPELLO_BASE_URL", ""),
                options.get("client_id") or environ.get("PROPELLO_CLIENT_ID", ""),
            )
        )
        directory = platformdirs.user_cache_path("propello")
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return propello.FileTokenStore(directory / f"token-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json")

    def call(self, resource: str, method: str, path: list[Any], arguments: dict[str, Any]) -> None:
        """Send one operation through `client().<resource>.<method>` and print its result."""
        import propello

        client = self.client()
        try:
            result = getattr(getattr(client, resource), method)(*path, **arguments)
        except propello.PropelloError as exc:
            self.fail(exc)
        self.emit(result)

    def emit(self, data: Any) -> None:
        """Print a result on stdout in the chosen format: a generated model, a list, or plain JSON data; a file
        (binary content, e.g. an image) is written as it is, and refused on a terminal.

        Args:
            data: What a client method returned.
        """
        payload = getattr(data, "payload", None)
        try:
            if payload is not None and hasattr(payload, "read"):
                if sys.stdout.isatty():
                    raise click.UsageError("the result is binary: redirect it to a file (> out.bin) or a pipe")
                output.write_binary(payload.read())
                return
            chosen = self.output_format or ("table" if sys.stdout.isatty() else "json")
            output.write(output.plain(data), chosen)
        except BrokenPipeError:
            # Whoever read stdout is gone (`| head -1`): no traceback, and stdout points at /dev/null so that the
            # interpreter's last flush stays quiet too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_PIPE)

    def fail(self, exc: BaseException) -> NoReturn:
        """Print `exc` on stderr (one line, or a JSON object with --format json) and exit with its code.

        Args:
            exc: The error that ends the command.
        """
        from .exits import exit_code

        code = exit_code(exc)
        output.error(exc, code, self.output_format)
        sys.exit(code)


def environment(profile: Mapping[str, str]) -> dict[str, str]:
    """The profile's settings overlaid by the environment's non-empty PROPELLO_* variables."""
    found = dict(profile)
    found.update({k: v for k, v in os.environ.items() if k.startswith("PROPELLO_") and v.strip()})
    return found
