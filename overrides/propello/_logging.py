"""The `propello` logger. Records carry metadata only (method, path template, status, attempt, delay): never
concrete paths (they hold emails), headers, bodies or tokens. PROPELLO_LOG=debug|info attaches a stderr handler.

httpx logs every request at INFO with its full URL ("HTTP Request: POST https://.../v3/user/get/email/jane%40...").
PROPELLO_LOG also puts HttpxPathFilter on the `httpx` logger, so those lines show the path template instead; to
silence them altogether, `logging.getLogger("httpx").setLevel(logging.WARNING)`."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

import httpx
from propello_api.api import OPERATION_MODULES

logger = logging.getLogger("propello")

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
