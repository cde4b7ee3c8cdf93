"""Client version: the API version it was generated from, plus our own revision for that API version."""

__version__ = "3.0.0.1"
