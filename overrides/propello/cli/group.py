"""The root group, `propello`: its options, and the lazy table of its sub-commands (a group per resource of the
generated clients, plus `SUBGROUPS`). Nothing is imported for a command that is not run."""

from __future__ import annotations

import importlib
from typing import Any

import click

from . import SUBGROUPS
from .output import format_options

EPILOG = """\b
Settings: flags, then the environment (PROPELLO_CLIENT_ID and PROPELLO_CLIENT_SECRET, or PROPELLO_ACCESS_TOKEN;
PROPELLO_BASE_URL, PROPELLO_REDIS_URL, PROPELLO_RATE_LIMIT), then a profile of the config file
(PROPELLO_CONFIG, else config.toml in the user config dir for propello; must be mode 0600 when it holds a secret).
\b
Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 75 temporary (rate limited, timed out: try again),
130 interrupted, 141 stdout closed."""


class RootGroup(click.Group):
    """`propello`: lists and loads its commands on demand, from `SUBGROUPS` and the generated resources."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from .operations import resources

        return sorted({*SUBGROUPS, *resources(), *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUBGROUPS:
            module, _, attribute = SUBGROUPS[cmd_name].partition(":")
            found: click.Command = getattr(importlib.import_module(module), attribute)
            return found
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        from .operations import group

        return group(cmd_name)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from . import version

        click.echo(version())
        ctx.exit(0)


@click.group(
    "propello",
    cls=RootGroup,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help="Show the version.")
@click.option("--profile", metavar="NAME", help="The config file's profile (default: PROPELLO_PROFILE, else default).")
@click.option("--base-url", metavar="URL", help="The API (default: PROPELLO_BASE_URL, else the live API).")
@click.option("--client-id", type=click.IntRange(min=1), help="The API client id (default: PROPELLO_CLIENT_ID).")
@click.option("--rate-limit", metavar="CALLS/SECONDS", help="The organisation's rate limit, e.g. 240/60.")
@click.option("--redis-url", metavar="URL", help="Share rate budget and token with other workers through Redis.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per request phase (default 30).")
@click.pass_context
def root(ctx: click.Context, /, profile: str | None, as_json: bool, **flags: Any) -> None:
    """Propello Cloud API v3 from the command line: `propello <resource> <method> ARGS`.

    \b
    propello users get email jane@example.com
    propello users delete UID E-1042
    propello groups list --format json | jq '.data[].name'
    """
    from .config import profile_environment
    from .context import CLIContext, environment

    if as_json:
        flags["output_format"] = "json"
    ctx.obj = CLIContext(flags, environment(profile_environment(environment({}), profile)))


root.params += format_options()
