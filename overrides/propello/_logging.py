"""The `propello` logger. Records carry metadata only (method, path template, status, attempt, delay): never
concrete paths (they hold emails), headers, bodies or tokens. PROPELLO_LOG=debug|info attaches a stderr handler.

httpx logs every request at INFO with its full URL ("HTTP Request: POST https://.../v3/user/get/email/jane%40...").
PROPELLO_LOG also puts HttpxPathFilter on the `httpx` logger, so those lines show the path template instead; to
silence them altogether, `logging.getLogger("httpx").setLevel(logging.WARNING)`."""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Mapping

import httpx
from propello_api.api import OPERATION_MODULES

from ._observe import Attempt, AttemptEnd, AttemptFinished, Observer

PACKAGE = __name__.rpartition(".")[0]
"""This copy's import path: `propello`, or where `make vendor` put it (`acme_sdk._vendor.propello`). Names its
logger and its Redis keys, so that two copies in one process share neither."""
logger = logging.getLogger(PACKAGE)

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler PROPELLO_LOG added, so building more clients does not add another."""


class HttpxPathFilter(logging.Filter):
    """Rewrites the URLs in httpx's records to scheme://host/<path template> (the operation's, e.g.
    /v3/user/get/{identifier}/{identifier_value}); a path that is no API operation becomes /<path hidden>.
    Add it yourself with `logging.getLogger("httpx").addFilter(HttpxPathFilter())`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(arg, httpx.URL) for arg in record.args):
            record.args = tuple(_templated(arg) if isinstance(arg, httpx.URL) else arg for arg in record.args)
        return True


_TEMPLATES = sorted(
    {tuple(path.strip("/").split("/")) for _, path in OPERATION_MODULES},
    key=lambda template: (len(template), sum(not part.startswith("{") for part in template)),
    reverse=True,
)
"""Path templates as segments, most specific first (/v3/offers/list before /v3/offers/{id})."""


def _templated(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}{_template(url) or '/<path hidden>'}"


def _template(url: httpx.URL) -> str | None:
    """The template of the operation whose path `url`'s path ends with (a base URL may add a prefix)."""
    segments = url.raw_path.decode("ascii").split("?", 1)[0].strip("/").split("/")
    for template in _TEMPLATES:
        tail = segments[len(segments) - len(template) :]
        if len(tail) == len(template) and all(t.startswith("{") or t == s for t, s in zip(template, tail, strict=True)):
            return "/" + "/".join(template)
    return None


def configure_from_env(environ: Mapping[str, str] = os.environ) -> None:
    level = _LEVELS.get(environ.get("PROPELLO_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not any(isinstance(handler, _EnvHandler) for handler in logger.handlers):
        handler = _EnvHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(existing, HttpxPathFilter) for existing in httpx_logger.filters):
        httpx_logger.addFilter(HttpxPathFilter())


class LogObserver(Observer):
    """The client's own log lines, on the attempt hook: each retry at INFO, each request's last attempt at DEBUG.
    Every client has one; it costs nothing while the `propello` logger is below INFO."""

    def attempt(self, attempt: Attempt) -> AttemptFinished | None:
        return functools.partial(_log_end, attempt) if logger.isEnabledFor(logging.INFO) else None


def _log_end(attempt: Attempt, end: AttemptEnd) -> None:
    outcome = str(end.response.status_code) if end.response is not None else type(end.error).__name__
    if end.retry_in is None:
        logger.debug("%s %s -> %s (attempt %d)", attempt.method, attempt.path, outcome, attempt.number)
    else:
        logger.info(
            "%s %s -> %s (attempt %d); retrying in %.3fs",
            attempt.method,
            attempt.path,
            outcome,
            attempt.number,
            end.retry_in,
        )
