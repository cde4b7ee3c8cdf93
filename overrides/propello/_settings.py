"""Constructor arguments checked and normalised before anything is built or sent, with errors naming the problem."""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
from propello_api import API_VERSION

from ._checks import VALUE_RULE, encodes_utf8, is_header_name, is_header_value, is_positive_seconds
from ._errors import InvalidArgumentError
from ._tokens.auth import ClientCredentials
from ._version import client_version

VERSION = client_version(API_VERSION)
"""This client's version (README "Versions"), also `propello.__version__`."""
DEFAULT_BASE_URL = "https://api.yourperx.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_DEADLINE = 120.0
"""Seconds a call may take in all, with its retries: above what the default timeout (30 s an attempt) and retries
(2, with backoff up to 8 s) add up to, and far below forever."""
DEFAULT_MAX_RESPONSE_BYTES = 24 * 1024 * 1024
"""24 MiB: about 80,000 users of ten fields in one users.list answer. Parsed, an answer takes about 5 times its size
at its peak (the body, its decoded text for a moment, and a dict per record: docs/benchmarks.md), so a call peaks
near 120 MiB at most, the budget 4 times the former 32 MiB cap allowed."""
USER_AGENT = f"propello-cloud/{VERSION} (python {'.'.join(map(str, sys.version_info[:3]))}; httpx {httpx.__version__})"
_LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class Settings:
    base_url: str
    credentials: ClientCredentials | None
    access_token: str | None = field(repr=False)

    def __repr__(self) -> str:
        token = "'***'" if self.access_token else "None"
        return f"Settings(base_url={self.base_url!r}, credentials={self.credentials!r}, access_token={token})"


def settings(
    *,
    client_id: object,
    client_secret: object,
    access_token: object,
    scope: object,
    base_url: object,
) -> Settings:
    return Settings(
        base_url=check_base_url(base_url),
        credentials=_credentials(client_id, client_secret, scope),
        access_token=_access_token(access_token, has_credentials=client_id is not None or client_secret is not None),
    )


def _credentials(client_id: object, client_secret: object, scope: object) -> ClientCredentials | None:
    if client_id is None and client_secret is None:
        return None
    if client_id is None or client_secret is None:
        raise InvalidArgumentError("client_id and client_secret go together: pass both, or access_token alone")
    if isinstance(client_id, bool) or not isinstance(client_id, int) or client_id < 1:
        raise InvalidArgumentError(f"client_id must be a positive integer, got {client_id!r}")
    if not isinstance(client_secret, str) or not client_secret.strip():
        raise InvalidArgumentError("client_secret must be a non-empty string")
    if not isinstance(scope, str) or not scope.strip():
        raise InvalidArgumentError("scope must be a non-empty string, e.g. '*'")
    if not (encodes_utf8(client_secret) and encodes_utf8(scope)):
        raise InvalidArgumentError("client_secret and scope must be text that can be sent (UTF-8, no lone surrogates)")
    return ClientCredentials(client_id, client_secret, scope)


def _access_token(access_token: object, *, has_credentials: bool) -> str | None:
    if access_token is None:
        if not has_credentials:
            raise InvalidArgumentError(
                "no credentials: pass client_id and client_secret, or access_token "
                "(Propello.from_env() reads PROPELLO_CLIENT_ID and PROPELLO_CLIENT_SECRET, or PROPELLO_ACCESS_TOKEN)"
            )
        return None
    if not isinstance(access_token, str) or not access_token.strip():
        raise InvalidArgumentError("access_token must be a non-empty string")
    if not is_header_value(access_token):
        raise InvalidArgumentError(f"access_token cannot be sent in the Authorization header ({VALUE_RULE})")
    return access_token


def check_base_url(base_url: object) -> str:
    """https only; plain http only for loopback (localhost, 127.0.0.0/8, ::1), where test servers run."""
    if not isinstance(base_url, str) or not base_url.strip():
        raise InvalidArgumentError("base_url must be a non-empty URL string")
    try:
        url = httpx.URL(base_url.strip())
    except httpx.InvalidURL as exc:
        raise InvalidArgumentError(f"base_url is not a valid URL: {exc}") from None
    if url.userinfo:
        raise InvalidArgumentError("base_url must not contain credentials")
    if not url.host or url.query or url.fragment:
        raise InvalidArgumentError(f"base_url must be scheme://host[:port][/path] only, got {base_url!r}")
    if url.scheme != "https" and not (url.scheme == "http" and _is_loopback(url.host)):
        raise InvalidArgumentError(
            f"base_url must use https (plain http only for localhost, 127.0.0.0/8 or ::1), got {base_url!r}"
        )
    return str(url).rstrip("/")


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_timeout(timeout: object) -> httpx.Timeout:
    """Seconds for every phase, or an httpx.Timeout; never None, so no request can hang forever."""
    if isinstance(timeout, httpx.Timeout):
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if all(map(is_positive_seconds, phases)):
            return timeout
    elif is_positive_seconds(timeout):
        return httpx.Timeout(float(timeout))
    raise InvalidArgumentError(
        f"timeout must be positive seconds or an httpx.Timeout with every phase set, got {timeout!r}; "
        "None (wait forever) is not allowed"
    )


def check_deadline(deadline: object) -> float:
    """Seconds for a whole call, its attempts and the waits between them; never None, so no call can hang."""
    if is_positive_seconds(deadline):
        return float(deadline)
    raise InvalidArgumentError(f"deadline must be positive seconds, got {deadline!r}; None (no limit) is not allowed")


def check_max_retries(max_retries: object) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InvalidArgumentError(f"max_retries must be an integer >= 0, got {max_retries!r}")
    return max_retries


def headers(default_headers: Mapping[str, str] | None) -> dict[str, str]:
    """What every request carries; the caller's default_headers win."""
    return {"User-Agent": USER_AGENT, "Accept": "application/json", **check_headers(default_headers)}


def check_headers(default_headers: Mapping[str, str] | None) -> dict[str, str]:
    """Names must be HTTP tokens and values sendable as they are; an error names the header, never its value."""
    extra = dict(default_headers or {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
        raise InvalidArgumentError("default_headers must map header names (str) to values (str)")
    for name, value in extra.items():
        if not is_header_name(name):
            raise InvalidArgumentError(f"default_headers: {name!r} is not a valid header name")
        if not is_header_value(value):
            raise InvalidArgumentError(f"default_headers: the value of {name!r} cannot be sent ({VALUE_RULE})")
    return extra


def check_max_response_bytes(max_response_bytes: object) -> int:
    """A cap on every response body, counted after decompression, so a huge answer or a gzip bomb cannot exhaust
    memory."""
    if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1:
        raise InvalidArgumentError(f"max_response_bytes must be a positive integer, got {max_response_bytes!r}")
    return max_response_bytes
