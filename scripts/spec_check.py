"""One wording for "this is not a valid OpenAPI document", shared by generate and fetch-spec."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate


def first_validation_error(spec: Any) -> str | None:
    """None for a valid OpenAPI document, else its first error in one line, with where it is when known."""
    try:
        validate(spec)
    except Exception as exc:  # the validator raises several exception types; every one means "invalid"
        message = str(getattr(exc, "message", exc)).strip().splitlines()[0]
        where = "/".join(str(part) for part in getattr(exc, "path", ()) or ())
        return f"{message} (at {where})" if where else message
    return None
