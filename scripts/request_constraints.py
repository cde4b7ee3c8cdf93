"""The limits a spec puts on what a request sends, for the generated operation metadata: each becomes a
`propello_api.types.Constraint`, checked before anything is sent (see types.py.jinja).

The generator does not keep these keywords, so they are read here from the effective spec: ``maxItems`` and
``minItems`` on arrays, ``maxLength``, ``minLength`` and ``pattern`` on strings, ``maximum`` and ``minimum`` (3.0's
boolean or 3.1's numeric exclusive forms, as scripts/spec_schema.py normalises them) on numbers. They are found on
the JSON request body (its properties and array items, through $refs and allOf) and on path, query and header
parameters. Parts whose value cannot be known in advance (oneOf/anyOf variants, additionalProperties) are skipped:
checking them would need a guess at which variant the caller meant.
"""

from __future__ import annotations

import re
from typing import Any

from openapi_python_client.utils import PythonIdentifier
from spec_schema import Spec

EACH_ITEM = "[]"
"""In a constraint's `where`, stands for every item of the array before it."""
MAX_DEPTH = 16
"""Nested schemas deeper than this are not walked (a recursive schema would never end)."""
PARAMETER_PREFIX = "field_"  # as resource_names.FIELD_PREFIX: the generator's python names for parameters


def _constraint(where: list[str], keyword: str, bound: Any) -> dict[str, Any]:
    """One constraint as template data (JSON without nulls, which the data file needs)."""
    if keyword == "pattern":
        return {"where": where, "keyword": keyword, "limit": str(bound), "exclusive": False}
    limit, exclusive = bound
    return {"where": where, "keyword": keyword, "limit": limit, "exclusive": bool(exclusive)}


def _usable(keyword: str, bound: Any) -> bool:
    """A bound the check can apply: a number for the numeric keywords, a regular expression Python compiles."""
    if keyword == "pattern":
        try:
            re.compile(str(bound))
        except re.error:
            return False
        return True
    value = bound[0]
    return isinstance(value, int | float) and not isinstance(value, bool)


def _walk(spec: Spec, schema: Any, where: list[str], refs: tuple[str, ...], found: list[dict[str, Any]]) -> None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if len(where) > MAX_DEPTH or ref in refs:
        return
    refs = (*refs, ref) if isinstance(ref, str) else refs
    resolved, _ = spec.resolve(schema)
    if not isinstance(resolved, dict) or resolved.get("oneOf") or resolved.get("anyOf"):
        return
    shape = spec.shape(resolved)
    for keyword, bound in sorted(shape.bounds.items()):
        if _usable(keyword, bound):
            found.append(_constraint(where, keyword, bound))
    for name, (child, _) in sorted(shape.properties.items()):
        _walk(spec, child, [*where, str(name)], refs, found)
    if shape.items is not None:
        _walk(spec, shape.items, [*where, EACH_ITEM], refs, found)


def _json_body_schema(spec: Spec, operation: dict[str, Any]) -> Any:
    body, _ = spec.resolve(operation.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict):
        return None
    for media_type, media in content.items():
        if "json" in media_type.split(";")[0] and isinstance(media, dict):
            return media.get("schema")
    return None


def operation_constraints(
    doc: dict[str, Any], path_item: dict[str, Any], operation: dict[str, Any]
) -> list[dict[str, Any]]:
    """The constraints on one operation's request: `where` starts with "body" for the JSON body, else with the
    parameter's Python name (the generated functions' argument names)."""
    spec = Spec(doc, "spec")
    found: list[dict[str, Any]] = []
    parameters = {}
    for parameter in [*(path_item.get("parameters") or []), *(operation.get("parameters") or [])]:
        resolved, _ = spec.resolve(parameter)
        if isinstance(resolved, dict) and "name" in resolved:
            parameters[(resolved["name"], resolved.get("in"))] = resolved  # the operation's own wins
    for (name, location), parameter in parameters.items():
        if location in ("path", "query", "header") and isinstance(parameter.get("schema"), dict):
            python_name = str(PythonIdentifier(str(name), prefix=PARAMETER_PREFIX))
            _walk(spec, parameter["schema"], [python_name], (), found)
    schema = _json_body_schema(spec, operation)
    if schema is not None:
        _walk(spec, schema, ["body"], (), found)
    return found
