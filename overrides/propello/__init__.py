"""Propello Cloud API v3 client: token management, retries, rate limiting and typed errors over `propello_api`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._exports import *  # noqa: F403 (the names of __all__, for type checkers)
# ruff: noqa: F405 (__all__ names what _exports defines)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPropello",
    "AsyncUsers",
    "AuthenticationError",
    "Backoff",
    "BadRequestError",
    "BulkCreateError",
    "ClientClosedError",
    "ConflictError",
    "EventLoopError",
    "FileTokenStore",
    "HttpxPathFilter",
    "InternalServerError",
    "InvalidArgumentError",
    "MemoryTokenStore",
    "NotFoundError",
    "PermissionDeniedError",
    "Propello",
    "PropelloError",
    "RateLimit",
    "RateLimitError",
    "ResponseTooLargeError",
    "StoredToken",
    "TokenStore",
    "TokenStoreError",
    "UnprocessableEntityError",
    "Users",
    "__api_version__",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Every public name loads on first use (PEP 562): `import propello.cli` and `propello --version` stay fast.
    The version strings need only the version module; anything else imports the client stack, once."""
    if name in ("__version__", "__api_version__"):
        from propello_api._api_version import API_VERSION

        from ._version import __version__

        return __version__ if name == "__version__" else API_VERSION
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _exports

    globals().update({exported: getattr(_exports, exported) for exported in __all__})
    return globals()[name]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
