"""Schemas as the spec comparison sees them: local $refs resolved, allOf parts merged, a null-wrapping
oneOf/anyOf unwrapped, constraints normalised (scripts/spec_changes.py compares two of these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COMPONENT_LABELS = {
    "schemas": "schema",
    "parameters": "parameter",
    "responses": "response",
    "requestBodies": "request body",
}
# openapi-python-client 0.28 turns these string formats into Python types; any other format stays `str`.
PYTHON_FORMATS = {"date-time": "datetime", "date": "date", "uuid": "UUID", "binary": "File"}
UPPER_BOUNDS = ("maximum", "maxLength", "maxItems")


class SpecDiffError(Exception):
    """A spec that cannot be compared (unreadable, not OpenAPI 3, a $ref that does not resolve).
    ``side`` is "old" or "new" when the problem is in one of the two specs."""

    def __init__(self, message: str, side: str | None = None) -> None:
        super().__init__(message)
        self.side = side


@dataclass
class Shape:
    """A schema as compared: allOf parts merged, a null-wrapping oneOf/anyOf unwrapped."""

    types: frozenset[str] | None = None  # None: any type; "null" when nullable
    enum: list[Any] | None = None
    items: Any = None
    format: str | None = None
    bounds: dict[str, Any] = field(default_factory=dict)  # maximum: (value, exclusive), maxLength: n, pattern: ...
    additional: Any = None  # additionalProperties: None (absent), True, False or a schema
    composition: str | None = None  # "oneOf" or "anyOf"
    variants: list[Any] = field(default_factory=list)
    all_of: list[Any] = field(default_factory=list)
    required: dict[str, str | None] = field(default_factory=dict)  # name -> component whose `required` has it
    properties: dict[str, tuple[Any, str | None]] = field(default_factory=dict)  # name -> (schema, declared by)
    owners: set[str | None] = field(default_factory=lambda: {None})  # components merged in; None: the schema


class Spec:
    """One side of the comparison: resolves local $refs and builds shapes."""

    def __init__(self, doc: dict[str, Any], side: str) -> None:
        self.doc, self.side = doc, side

    def resolve(self, node: Any) -> tuple[Any, str | None]:
        """Follow a $ref chain; return the target and the label of the last component on the way."""
        label, seen = None, set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecDiffError(f"{self.side} spec: $ref cycle at {ref}", self.side)
            seen.add(ref)
            node = self._lookup(ref)
            parts = ref.split("/")
            if len(parts) == 4 and parts[1] == "components" and parts[2] in COMPONENT_LABELS:
                label = f"{COMPONENT_LABELS[parts[2]]} {parts[3]}"
        return node, label

    def _lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise SpecDiffError(f"{self.side} spec: only local $refs are supported, got {ref}", self.side)
        node: Any = self.doc
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or key not in node:
                raise SpecDiffError(f"{self.side} spec: $ref {ref} does not resolve", self.side)
            node = node[key]
        return node

    def shape(self, node: Any) -> Shape:
        """The schema with its allOf parts merged; properties remember the component that declared them."""
        node, _ = self.resolve(node)
        if not isinstance(node, dict):
            return Shape()
        inner = null_wrapped(node)
        if inner is not None:
            shape = self.shape(inner)
            shape.types = None if shape.types is None else shape.types | {"null"}
            return shape
        shape = Shape(
            types=schema_types(node),
            enum=node.get("enum"),
            items=node.get("items"),
            format=node.get("format"),
            bounds=bounds_of(node),
            additional=node.get("additionalProperties"),
            all_of=list(node.get("allOf") or ()),
        )
        for word in ("oneOf", "anyOf"):
            if node.get(word):
                shape.composition, shape.variants = word, list(node[word])
        shape.required = dict.fromkeys(node.get("required") or ())
        shape.properties = {name: (schema, None) for name, schema in (node.get("properties") or {}).items()}
        for part in shape.all_of:
            self._merge(shape, part)
        if shape.types is None and shape.properties:  # `type: object` is often left out
            shape.types = frozenset({"object"})
        if node.get("nullable") is True and shape.types is not None:
            shape.types |= {"null"}
        return shape

    def _merge(self, shape: Shape, part: Any) -> None:
        _, owner = self.resolve(part)
        inner = self.shape(part)
        for name in ("types", "enum", "items", "format", "additional"):
            if getattr(shape, name) is None:
                setattr(shape, name, getattr(inner, name))
        shape.bounds = {**inner.bounds, **shape.bounds}
        shape.owners |= {component or owner for component in inner.owners}
        for name, component in inner.required.items():
            shape.required.setdefault(name, component or owner)
        for name, (schema, declared_by) in inner.properties.items():
            shape.properties.setdefault(name, (schema, declared_by or owner))


def null_wrapped(node: dict[str, Any]) -> Any:
    """X for ``oneOf``/``anyOf`` [X, {type: 'null'}], the OpenAPI 3.1 way to make X nullable; else None."""
    for word in ("oneOf", "anyOf"):
        variants = node.get(word)
        if isinstance(variants, list) and len(variants) == 2:
            others = [v for v in variants if not (isinstance(v, dict) and v.get("type") == "null")]
            if len(others) == 1:
                return others[0]
    return None


def schema_types(schema: dict[str, Any]) -> frozenset[str] | None:
    """The declared types (a 3.1 list or a single name); None when the schema declares none (any type)."""
    declared = schema.get("type")
    if declared is None:
        return None
    return frozenset(declared) if isinstance(declared, list) else frozenset({declared})


def bounds_of(schema: dict[str, Any]) -> dict[str, Any]:
    """The constraints that limit values, normalised: ``maximum``/``minimum`` as (value, exclusive) whether
    exclusiveness is a 3.0 boolean or a 3.1 number (the stricter bound wins), lengths and item counts as
    (n, False), ``pattern`` as its text."""
    found: dict[str, Any] = {}
    for key, exclusive_key in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
        value, exclusive = schema.get(key), schema.get(exclusive_key)
        candidates = [(value, exclusive is True)] if value is not None else []
        if isinstance(exclusive, (int, float)) and not isinstance(exclusive, bool):
            candidates.append((exclusive, True))
        if candidates:
            found[key] = candidates[-1] if stricter(key, candidates[-1], candidates[0]) else candidates[0]
    for key in ("maxLength", "minLength", "maxItems", "minItems"):
        if schema.get(key) is not None:
            found[key] = (schema[key], False)
    if schema.get("pattern") is not None:
        found["pattern"] = schema["pattern"]
    return found


def covered(types: frozenset[str], by: frozenset[str]) -> bool:
    """Every value of ``types`` is a value of ``by`` (an integer is a number)."""
    return all(t in by or (t == "integer" and "number" in by) for t in types)


def type_text(types: frozenset[str] | None) -> str:
    """Types for a report line: \"integer\", \"null|string\", or \"any\"."""
    return "any" if types is None else "|".join(sorted(types))


def python_type(types: frozenset[str] | None, fmt: str | None) -> str | None:
    """The Python type the generator makes of a string format (datetime, UUID...); None for a plain value."""
    return PYTHON_FORMATS.get(fmt or "") if types and "string" in types else None


def stricter(key: str, after: Any, before: Any) -> bool:
    """Whether the constraint ``after`` admits fewer values than ``before`` (a changed pattern counts)."""
    if key == "pattern":
        return True
    (new_value, new_exclusive), (old_value, old_exclusive) = after, before
    if key in UPPER_BOUNDS:
        return bool(new_value < old_value or (new_value == old_value and new_exclusive and not old_exclusive))
    return bool(new_value > old_value or (new_value == old_value and new_exclusive and not old_exclusive))
