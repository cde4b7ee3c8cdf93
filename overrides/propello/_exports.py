"""The public names of `propello` (its `__all__`), imported together: `propello/__init__.py` loads this module on
the first use of one of them (PEP 562), so that `import propello.cli` (the `propello` command line) and
`propello --version` do not pay for the whole client stack until a command needs it."""

from propello_api import API_VERSION as __api_version__
from propello_api.api import ActivationEmail
from propello_api.types import RawResponse

from ._calls.bulk import BatchAnswer, BulkProgress, UserAnswer
from ._calls.listing import AsyncUserListing, UserListing
from ._calls.resources import AsyncUsers, Users
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
from ._observe import Attempt, AttemptEnd, Observer
from ._settings import VERSION as __version__
from ._tokens.stores import FileTokenStore, MemoryTokenStore, StoredToken, TokenStore
from ._transports.limiter import RateLimit, RateLimitStatus
from ._transports.retry import Backoff

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ActivationEmail",
    "AsyncPropello",
    "AsyncUserListing",
    "AsyncUsers",
    "Attempt",
    "AttemptEnd",
    "AuthenticationError",
    "Backoff",
    "BadRequestError",
    "BatchAnswer",
    "BulkCreateError",
    "BulkProgress",
    "ClientClosedError",
    "ConflictError",
    "EventLoopError",
    "FileTokenStore",
    "HttpxPathFilter",
    "InternalServerError",
    "InvalidArgumentError",
    "MemoryTokenStore",
    "NotFoundError",
    "Observer",
    "PermissionDeniedError",
    "Propello",
    "PropelloError",
    "RateLimit",
    "RateLimitError",
    "RateLimitStatus",
    "RawResponse",
    "ResponseTooLargeError",
    "StoredToken",
    "TokenStore",
    "TokenStoreError",
    "UnprocessableEntityError",
    "UserAnswer",
    "UserListing",
    "Users",
    "__api_version__",
    "__version__",
]

# Exported classes show as propello.X in reprs and tracebacks (as httpx does), not as the private module they live in.
for _name in __all__:
    _exported = globals()[_name]
    if isinstance(_exported, type):
        _exported.__module__ = __name__.rpartition(".")[0]
del _name, _exported
