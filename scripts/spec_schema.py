"""Schemas as the spec comparison sees them: local $refs resolved, allOf parts merged, a null-wrapping
oneOf/anyOf unwrapped, constraints normalised (scripts/spec_changes.py compares two of these).

OpenAPI 3.0 and 3.1 spell some things differently; both spellings read the same here, so a 3.0 -> 3.1
rewrite of the same API compares equal: ``nullable: true`` or a type list with "null" (or a oneOf/anyOf with
``type: 'null'``, which is also 3.1's way to write 3.0's nullable $ref, ``allOf: [$ref], nullable: true``);
``format: binary`` or ``contentMediaType``, ``format: byte`` or ``contentEncoding: base64``;
a binary media type with a binary string schema or with none; a one-value ``enum`` or ``const``; a boolean
``exclusiveMaximum`` beside ``maximum`` or a numeric one; ``example`` or ``examples`` (annotations, ignored).
"""

from __future__ import annotations

import json
import re
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
# Keys that say nothing about the values a schema accepts.
ANNOTATION_KEYS = {"title", "description", "example", "examples", "deprecated", "externalDocs", "$comment"}
# Keys read through schema_types/schema_format/enum_values/bounds_of, which make 3.0 and 3.1 spellings one.
SPELLED_KEYS = {
    "type",
    "nullable",
    "format",
    "contentMediaType",
    "contentEncoding",
    "enum",
    "const",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "pattern",
}
BASE64_ENCODINGS = {"base64", "base64url"}  # 3.1's contentEncoding for what 3.0 calls `format: byte`
# Media types with a structured body (JSON, text, XML, forms) or a wildcard; any other one is bytes.
STRUCTURED_MEDIA = re.compile(r"^text/|^multipart/|^application/(json|xml|x-www-form-urlencoded)$|\+(json|xml)$|\*")
BINARY_SCHEMA: dict[str, Any] = {"type": "string", "format": "binary"}


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
        self._fingerprints: dict[tuple[int, bool], tuple[Any, str]] = {}  # (id(node), null) -> (node, fingerprint)

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
            enum=enum_values(node),
            items=node.get("items"),
            format=schema_format(node),
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

    def fingerprint(self, node: Any, null: bool = True) -> str:
        """The values a schema accepts, as text: two schemas with the same fingerprint accept the same values,
        whatever their component names, annotations (title, description, examples, x- extensions), key order
        or OpenAPI version (see the module docstring). $refs are resolved; a recursive one becomes how many
        references up it points, so recursive schemas compare too. ``null`` False: as if not nullable."""
        key = (id(node), null)
        if key not in self._fingerprints:  # the node is kept with its fingerprint, so its id stays its own
            canonical = self._canonical(node, ())
            if not null and isinstance(canonical, dict) and canonical.get("type"):
                canonical["type"] = [name for name in canonical["type"] if name != "null"]
            self._fingerprints[key] = (node, _text(canonical))
        return self._fingerprints[key][1]

    def _canonical(self, node: Any, refs: tuple[str, ...]) -> Any:
        """``node`` with $refs resolved (``refs``: those followed to get here), annotations dropped, the
        version-dependent keys spelled one way and lists whose order does not matter sorted."""
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in refs:
                return {"$recursive": len(refs) - refs.index(ref)}
            return self._canonical(self._lookup(ref), (*refs, ref))
        if not isinstance(node, dict):
            return node  # `additionalProperties: false`, `items: true`...
        inner = null_wrapped(node)
        if inner is not None:
            canonical = self._canonical(inner, refs)
            if isinstance(canonical, dict) and canonical.get("type"):
                canonical["type"] = sorted({*canonical["type"], "null"})
            return canonical
        canonical = {}
        for key, value in node.items():
            if key in ANNOTATION_KEYS or key in SPELLED_KEYS or key.startswith("x-"):
                continue
            if key in ("properties", "patternProperties") and isinstance(value, dict):
                value = {name: self._canonical(schema, refs) for name, schema in value.items()}
            elif key in ("items", "additionalProperties", "not"):
                value = self._canonical(value, refs)
            elif key in ("allOf", "oneOf", "anyOf") and isinstance(value, list):
                value = sorted((self._canonical(part, refs) for part in value), key=_text)
            elif key == "required" and isinstance(value, list):
                value = sorted(value, key=_text)
            canonical[key] = value
        types = schema_types(node) or (frozenset({"object"}) if node.get("properties") else None)
        if types is not None and node.get("nullable") is True:
            types |= {"null"}
        enum = enum_values(node)
        canonical.update(
            type=None if types is None else sorted(types),
            format=schema_format(node),
            enum=None if enum is None else sorted(enum, key=_text),
            bounds=bounds_of(node),
        )
        return canonical


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def null_wrapped(node: dict[str, Any]) -> Any:
    """X for ``oneOf``/``anyOf`` [X, {type: 'null'}], the OpenAPI 3.1 way to make X nullable, and for ``allOf``
    [X] with ``nullable: true`` and nothing else but annotations, the OpenAPI 3.0 way to make a $ref nullable;
    else None."""
    parts, keys = node.get("allOf"), {key for key in node if key not in ANNOTATION_KEYS and not key.startswith("x-")}
    if node.get("nullable") is True and keys == {"allOf", "nullable"} and isinstance(parts, list) and len(parts) == 1:
        return parts[0]
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


def schema_format(schema: dict[str, Any]) -> str | None:
    """The format, reading OpenAPI 3.1's content keywords as the 3.0 formats they replace: ``contentEncoding``
    base64 is ``format: byte``, ``contentMediaType`` without an encoding is ``format: binary``."""
    if schema.get("format") is not None:
        return str(schema["format"])
    if schema.get("contentEncoding") in BASE64_ENCODINGS:
        return "byte"
    if schema.get("contentMediaType") is not None and schema.get("contentEncoding") is None:
        return "binary"
    return None


def enum_values(schema: dict[str, Any]) -> list[Any] | None:
    """``enum``, or OpenAPI 3.1's ``const`` as the one-value enum it means."""
    if schema.get("enum") is None and "const" in schema:
        return [schema["const"]]
    return schema.get("enum")


def media_schema(media_type: str, entry: Any) -> Any:
    """The schema of a media type object. A binary media type without one (OpenAPI 3.1's way to say the body
    is the file) gets the schema OpenAPI 3.0 writes for that: a binary string."""
    schema = entry.get("schema") if isinstance(entry, dict) else None
    if schema is None and not STRUCTURED_MEDIA.search(media_type.split(";")[0].strip().lower()):
        return BINARY_SCHEMA
    return schema


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
