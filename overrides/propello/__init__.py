"""Propello Cloud API v3 client: token management, retries, rate limiting and typed errors over `propello_api`.

Every name below is imported from its module when first read (module `__getattr__`), so `import propello` costs
little more than importing httpx: a command line that starts an interpreter per call pays for what it uses, and
`from propello import Propello` loads the client stack but no generated model (those load with the first
resource used). Type checkers, help(), dir() and the docs see every name through the TYPE_CHECKING imports and
`__all__`.
"""

import importlib
import sys
from typing import TYPE_CHECKING, Any

from propello_api._api_version import API_VERSION as __api_version__

from ._version import __version__

if TYPE_CHECKING:
    from propello_api.api import ActivationEmail

    from ._client import AsyncPropello, Propello
    from ._errors import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BulkCreateError,
        ClientClosedError,
        ConflictError,
        EventLoopError,
        InternalServerError,
        InvalidArgumentError,
        NotFoundError,
        PermissionDeniedError,
        PropelloError,
        RateLimitError,
        ResponseTooLargeError,
        TokenStoreError,
        UnprocessableEntityError,
    )
    from ._logging import HttpxPathFilter
    from ._rate_limit import RateLimit
    from ._resources import AsyncUsers, Users
    from ._retry import Backoff
    from ._token_store import FileTokenStore, MemoryTokenStore, StoredToken, TokenStore

_ERRORS = (
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BulkCreateError",
    "ClientClosedError",
    "ConflictError",
    "EventLoopError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "PermissionDeniedError",
    "PropelloError",
    "RateLimitError",
    "ResponseTooLargeError",
    "TokenStoreError",
    "UnprocessableEntityError",
)
_HOMES = {
    "ActivationEmail": "propello_api.api",
    "AsyncPropello": f"{__name__}._client",
    "Propello": f"{__name__}._client",
    **dict.fromkeys(_ERRORS, f"{__name__}._errors"),
    "HttpxPathFilter": f"{__name__}._logging",
    "RateLimit": f"{__name__}._rate_limit",
    "AsyncUsers": f"{__name__}._resources",
    "Users": f"{__name__}._resources",
    "Backoff": f"{__name__}._retry",
    "FileTokenStore": f"{__name__}._token_store",
    "MemoryTokenStore": f"{__name__}._token_store",
    "StoredToken": f"{__name__}._token_store",
    "TokenStore": f"{__name__}._token_store",
}
"""Each exported name and the module it lives in."""


def __getattr__(name: str) -> Any:
    """An exported name, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    _show_as_propello()
    globals()[name] = value
    return value


def _show_as_propello() -> None:
    """Exported classes show as propello.X in reprs and tracebacks (as httpx does), not as the private module they
    live in: done for every module loaded so far, as one name's module may import another's (the client imports the
    errors it raises)."""
    for name, home in _HOMES.items():
        module = sys.modules.get(home)
        found = getattr(module, name, None) if home.startswith(__name__) else None
        if isinstance(found, type):
            found.__module__ = __name__


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ActivationEmail",
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
