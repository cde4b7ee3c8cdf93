"""Propello Cloud API v3 client: token management, retries, rate limiting and typed errors over `propello_api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._exports import *  # noqa: F403 (what type checkers see: every public name, typed)
    from ._exports import __all__ as __all__


def __getattr__(name: str) -> Any:
    """The public names (`_exports.__all__`) load on first use (PEP 562), so that `import propello.cli` and
    `propello --version` stay fast. The version strings need only the version module; any other public name
    imports the client stack, once."""
    if name in ("__version__", "__api_version__"):
        from propello_api import API_VERSION

        from ._version import client_version

        return client_version(API_VERSION) if name == "__version__" else API_VERSION
    if name.startswith("_") and name != "__all__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _exports

    if name != "__all__" and name not in _exports.__all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals().update({exported: getattr(_exports, exported) for exported in _exports.__all__}, __all__=_exports.__all__)
    return globals()[name]


def __dir__() -> list[str]:
    from . import _exports

    return sorted({*globals(), *_exports.__all__})
