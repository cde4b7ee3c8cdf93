"""Client version: the API version it was generated from, plus our own revision for that API version.

A regeneration from a new API version starts a new series (`<API version>.1`) by itself, so a bump needs no
hand edit. A client release for the same API version raises REVISION (and sets REVISION_OF to that version)."""

from propello_api._api_version import API_VERSION

REVISION_OF = "3.0.0"
"""The API version REVISION counts releases for."""
REVISION = 2

__version__ = f"{API_VERSION}.{REVISION if API_VERSION == REVISION_OF else 1}"
