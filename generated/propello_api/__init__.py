"""A client library for accessing Propello Cloud API"""

from typing import TYPE_CHECKING, Any

from ._api_version import API_VERSION

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client


def __getattr__(name: str) -> Any:
    """Client and AuthenticatedClient, imported on first use."""
    if name in ("AuthenticatedClient", "Client"):
        from . import client

        value = getattr(client, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = (
    "API_VERSION",
    "AuthenticatedClient",
    "Client",
)
