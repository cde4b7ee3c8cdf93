"""The `propello` logger. Records carry metadata only (method, path template, status, attempt, delay): never
concrete paths (they hold emails), headers, bodies or tokens. PROPELLO_LOG=debug|info attaches a stderr handler."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

logger = logging.getLogger("propello")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler PROPELLO_LOG added, so building more clients does not add another."""


def configure_from_env(environ: Mapping[str, str] = os.environ) -> None:
    level = _LEVELS.get(environ.get("PROPELLO_LOG", "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    if not any(isinstance(handler, _EnvHandler) for handler in logger.handlers):
        handler = _EnvHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
