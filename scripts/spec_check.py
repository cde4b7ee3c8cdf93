"""One wording for "this is not a valid OpenAPI document", shared by generate and fetch-spec.

The message is the validator's first error on one line, with where it is as a JSONPath into the document
(the same syntax as an overlay target), so the user can go straight to it: never a dump of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import yaml
from openapi_spec_validator import validate
from referencing.exceptions import Unresolvable

PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
SUPPORTED_VERSION = re.compile(r"^3\.[01]\.\d+$")


def first_validation_error(spec: Any) -> str | None:
    """None for a valid OpenAPI document (3.0 or 3.1), else its first error in one line, with where it is.

    Args:
        spec: the parsed document.
    """
    version = spec.get("openapi") if isinstance(spec, dict) else None
    if not (isinstance(version, str) and SUPPORTED_VERSION.match(version)):
        shown = f"swagger: {spec['swagger']}" if isinstance(spec, dict) and "swagger" in spec else f"{version!r}"
        return f"not an OpenAPI 3.0 or 3.1 document (`openapi` must be 3.0.x or 3.1.x, got {shown}) (at $.openapi)"
    try:
        validate(spec)
    except Unresolvable as exc:  # its str() is the whole document the reference was looked up in
        ref = f"#{exc.ref}" if str(exc.ref).startswith("/") else str(exc.ref)
        where = _find(spec, lambda node: isinstance(node, dict) and node.get("$ref") == ref)
        return _located(f"$ref {ref} points to nothing", where)
    except Exception as exc:  # the validator raises several exception types; every one means "invalid"
        message = str(getattr(exc, "message", exc)).strip().splitlines()[0]
        return _located(message, _where(spec, exc))
    return None


def unreadable_reason(exc: Exception) -> str:
    """Why a document is not readable YAML/JSON, in one line, with the line and column when YAML knows them.

    Args:
        exc: what ``yaml.safe_load`` or decoding the bytes raised.
    """
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"line {mark.line + 1}, column {mark.column + 1}: {exc.problem or exc.context}"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def json_path(parts: Iterable[str | int]) -> str:
    """``$.paths['/v3/user/create'].post.responses['200']``: a JSONPath that jsonpath-ng (and overlays) accept."""
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif PLAIN_KEY.match(part):
            text += f".{part}"
        else:
            text += "['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return text


def _where(spec: Any, exc: Exception) -> list[str | int] | None:
    """The error's path in the document: the validator's own for a structural error; for a semantic one
    (a default that does not fit its schema) the validator only keeps the schema object, found here by identity."""
    path = list(getattr(exc, "path", ()) or ())
    if path:
        return path
    schema = getattr(exc, "schema", None)
    if isinstance(schema, dict):
        return _find(spec, lambda node: node is schema)
    return None


def _find(node: Any, wanted: Any, where: tuple[str | int, ...] = ()) -> list[str | int] | None:
    """The path of the first node (depth first, in document order) for which ``wanted(node)`` is true."""
    if wanted(node):
        return list(where)
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found = _find(child, wanted, (*where, key))
        if found is not None:
            return found
    return None


def _located(message: str, where: list[str | int] | None) -> str:
    return f"{message} (at {json_path(where)})" if where else message
