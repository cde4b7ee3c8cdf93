"""Propello Cloud API v3 client: token management, retries, rate limiting and typed errors over `propello_api`."""

from propello_api._api_version import API_VERSION as __api_version__

from ._version import __version__

__all__ = ["__api_version__", "__version__"]
