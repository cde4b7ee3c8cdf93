"""Where the command line's settings come from: flags, then the environment, then a profile of the config file.

The config file is TOML, one table per profile, `default` used unless --profile (or PROPELLO_PROFILE) names
another; PROPELLO_CONFIG names another file than `<platformdirs user config dir>/propello/config.toml`:

    [default]
    client_id = 1042
    client_secret = "..."          # a file holding a secret must be private: mode 0600, yours
    rate_limit = "240/60"

    [staging]
    base_url = "https://staging.example"
    access_token = "..."
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

PROFILE_KEYS = {
    "client_id": "PROPELLO_CLIENT_ID",
    "client_secret": "PROPELLO_CLIENT_SECRET",
    "access_token": "PROPELLO_ACCESS_TOKEN",
    "base_url": "PROPELLO_BASE_URL",
    "redis_url": "PROPELLO_REDIS_URL",
    "rate_limit": "PROPELLO_RATE_LIMIT",
    "format": "PROPELLO_FORMAT",
}
"""What a profile may set, and the environment variable each stands for (the variable wins over the file)."""
SECRET_KEYS = frozenset({"client_secret", "access_token"})


def config_path(environ: Mapping[str, str]) -> Path:
    """PROPELLO_CONFIG, else config.toml in the platform's config dir for propello."""
    named = environ.get("PROPELLO_CONFIG", "").strip()
    if named:
        return Path(named).expanduser()
    import platformdirs

    return platformdirs.user_config_path("propello") / "config.toml"


def profile_environment(environ: Mapping[str, str], profile: str | None) -> dict[str, str]:
    """The chosen profile's settings as PROPELLO_* variables. `profile` None means PROPELLO_PROFILE, else "default",
    which may be missing (so may the file); a profile named explicitly must exist. Raises click.UsageError."""
    path = config_path(environ)
    named = profile or environ.get("PROPELLO_PROFILE", "").strip() or None
    profiles = _read(path)
    if profiles is None or (named is None and "default" not in profiles):
        if named is not None:
            raise click.UsageError(f"profile {named!r} not found: {path} does not exist")
        return {}
    name = named or "default"
    if name not in profiles or not isinstance(profiles[name], dict):
        raise click.UsageError(
            f"profile {name!r} not found in {path} (it has: {', '.join(sorted(profiles)) or 'none'})"
        )
    settings: dict[str, Any] = profiles[name]
    unknown = sorted(set(settings) - set(PROFILE_KEYS))
    if unknown:
        raise click.UsageError(
            f"{path} [{name}]: unknown setting {', '.join(unknown)} (known: {', '.join(sorted(PROFILE_KEYS))})"
        )
    found: dict[str, str] = {}
    for key, value in settings.items():
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise click.UsageError(f"{path} [{name}]: {key} must be a string or an integer")
        found[PROFILE_KEYS[key]] = str(value)
    return found


def _read(path: Path) -> dict[str, Any] | None:
    """The parsed file, None when it does not exist. One that holds a secret must be the caller's own and closed
    to group and others, as FileTokenStore requires of its file."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise click.UsageError(f"cannot read {path}: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        text = file.read()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        parsed: dict[str, Any] = tomllib.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise click.UsageError(f"{path} is not valid TOML: {exc}") from None
    if _holds_secret(parsed):
        _check_private(status, path)
    return parsed


def _holds_secret(profiles: dict[str, Any]) -> bool:
    """A client secret or token in any profile, or a Redis URL with a password."""
    for settings in profiles.values():
        if not isinstance(settings, dict):
            continue
        if SECRET_KEYS & set(settings):
            return True
        redis_url = settings.get("redis_url")
        if isinstance(redis_url, str) and "@" in redis_url:
            return True
    return False


def _check_private(status: os.stat_result, path: Path) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise click.UsageError(f"{path} is not a regular file; it holds a secret, so propello will not read it")
    if status.st_uid != os.getuid():
        raise click.UsageError(
            f"{path} holds a secret but belongs to another user (uid {status.st_uid}); propello will not read it"
        )
    if status.st_mode & 0o077:
        raise click.UsageError(
            f"{path} holds a secret but group or others may access it (mode {stat.S_IMODE(status.st_mode):04o}); "
            f"run `chmod 600 {path}`"
        )
