"""Compare two OpenAPI 3 descriptions: every change a caller of the generated client can notice, judged by
the rules in scripts/spec_rules.py (modelled on oasdiff's checker).

$refs are local (``#/...``) and resolved, allOf parts are merged (and compared as parts too), so a change inside
a referenced schema is reported once at that schema (``schema Group.state``) with the operations that use it.
oneOf/anyOf variants and allOf parts are matched by what they accept first (``Spec.fingerprint``: the same
shape under another component name is no change), then by $ref, title or content (oasdiff's matching); a
``oneOf``/``anyOf`` of one schema and ``type: 'null'`` counts as that schema made nullable. A component schema
that is gone while one of the same shape appears (met in the same place by the walk, or the only pair of that
shape) is reported as renamed. Webhook and callback requests are sent by the API, so they are judged as
received by the caller, and their responses as sent. OpenAPI 3.0 and 3.1 spellings of the same thing compare
equal (scripts/spec_schema.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from change_report import Change, Report
from spec_rules import HEADINGS, RULES
from spec_schema import (
    ANNOTATION_KEYS,
    Shape,
    Spec,
    SpecDiffError,
    covered,
    media_schema,
    python_type,
    schema_types,
    stricter,
    type_text,
)

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Widening formats oasdiff accepts (old format -> new format that accepts every old value), per type.
WIDER_FORMATS = {
    "number": {("float", "double")},
    "integer": {("int32", "int64"), ("int32", "bigint"), ("int64", "bigint")},
    "string": {("date", "date-time"), ("time", "date-time")},
}
ANY_STRING_PATTERNS = {".*", "^.*$"}  # a pattern changed to one of these accepts every string (oasdiff too)
ANY_SCHEMA: dict[str, Any] = {}  # additionalProperties true/absent: values of any type

SENT, RECEIVED = "request", "response"


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> Report:
    """The client-relevant changes from ``old`` to ``new``, sorted by heading and location."""
    differ = _Differ(Spec(old, "old"), Spec(new, "new"))
    differ.run()
    changes = sorted(differ.changes(), key=lambda c: (HEADINGS.index(c.heading), c.location, c.kind, c.detail))
    return Report(_version(old), _version(new), changes)


def load_spec(path: Path, side: str) -> dict[str, Any]:
    """Read an OpenAPI 3 document (YAML or JSON), or raise SpecDiffError naming the file."""
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SpecDiffError(f"cannot read {side} spec {path}: {exc}", side) from None
    if not isinstance(spec, dict) or not str(spec.get("openapi", "")).startswith("3."):
        raise SpecDiffError(f"{side} spec {path} is not an OpenAPI 3 document", side)
    return spec


def _version(spec: dict[str, Any]) -> str:
    info = spec.get("info")
    return str(info.get("version", "?")) if isinstance(info, dict) else "?"


@dataclass(frozen=True)
class _Where:
    """Where a schema sits: a component (``schema Group``) or an operation part, the field path inside
    it, whether the caller sends it (request) or receives it (response), and which operation reached it."""

    location: str
    direction: str  # SENT or RECEIVED
    user: str
    path: str = ""

    def at(self, name: str) -> _Where:
        return _Where(self.location, self.direction, self.user, f"{self.path}.{name}" if self.path else name)

    def deeper(self, suffix: str) -> _Where:
        return _Where(self.location, self.direction, self.user, self.path + suffix)

    def inside(self, component: str | None) -> _Where:
        return self if component is None else _Where(component, self.direction, self.user)

    @property
    def sent(self) -> bool:
        return self.direction == SENT

    @property
    def label(self) -> str:
        if not self.path:
            return self.location
        return f"{self.location}{'.' if self.location.startswith('schema ') else ' '}{self.path}"


_Operation = tuple[str, dict[str, Any], list[Any]]  # ("METHOD /path", operation, path then operation parameters)
_Part = tuple[int, Any]  # a composition part and its position (from 1) in its allOf/oneOf/anyOf list


class _Differ:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self._found: dict[tuple[str, str, str, bool, str | None], list[str]] = {}
        self._visited: set[tuple[int, int, str, str]] = set()
        self._op_ids: dict[str, str] = {}  # "POST /v3/group" -> "get-group", to keep "used by" lists short
        self._met: dict[tuple[str, str], None] = {}  # (old, new) component schemas found in the same place

    def add(
        self,
        kind: str,
        location: str,
        detail: str,
        breaking: bool,
        user: str | None = None,
        direction: str | None = None,
    ) -> None:
        """Record a change (once, with the operations that reached it); ``direction`` picks its reason's side."""
        users = self._found.setdefault((kind, location, detail, breaking, direction), [])
        if user and user != location and user not in users:
            users.append(user)

    def note(self, kind: str, where: _Where, detail: str, breaking: bool) -> None:
        """A change inside a schema, found while walking ``where.user``."""
        self.add(kind, where.label, detail, breaking, where.user, where.direction)

    def changes(self) -> list[Change]:
        return [
            Change(
                kind,
                location,
                detail + _used_by([self._op_ids.get(user, user) for user in users]),
                breaking,
                RULES[kind].reason(breaking, direction),
                heading=RULES[kind].heading,
            )
            for (kind, location, detail, breaking, direction), users in self._found.items()
        ]

    def run(self) -> None:
        old_ops, new_ops = _operations(self.old.doc), _operations(self.new.doc)
        old_hooks, new_hooks = _webhooks(self.old.doc), _webhooks(self.new.doc)
        self._op_ids = {label: str(op.get("operationId") or label) for label, op, _ in new_ops.values()}
        for key in old_ops.keys() - new_ops.keys():
            label, op, _ = old_ops[key]
            self.add("operation-removed", label, f"operation removed{_op_name(op)}", True)
        for key in new_ops.keys() - old_ops.keys():
            label, op, _ = new_ops[key]
            self.add("operation-added", label, f"new operation{_op_name(op)}", False)
        for key in old_hooks.keys() - new_hooks.keys():
            self.add("webhook-removed", old_hooks[key][0], "webhook removed", True)
        for key in new_hooks.keys() - old_hooks.keys():
            self.add("webhook-added", new_hooks[key][0], "new webhook", False)
        for key in [key for key in new_ops if key in old_ops]:  # spec order keeps "used by" lists stable
            self.operation(old_ops[key], new_ops[key])
        for key in [key for key in new_hooks if key in old_hooks]:
            self.operation(old_hooks[key], new_hooks[key], received=True)
        self.security_schemes()
        self.component_schemas()

    def operation(self, old: _Operation, new: _Operation, received: bool = False) -> None:
        """Compare one operation. ``received``: the API sends the request and the caller answers it (webhooks,
        callbacks), so the request is judged as received and the responses as sent."""
        (_, old_op, old_params), (label, new_op, new_params) = old, new
        if not received and old_op.get("operationId") != new_op.get("operationId"):
            ids = f"{old_op.get('operationId')} -> {new_op.get('operationId')}"
            self.add("operation-renamed", label, f"operationId {ids} (the generated function moves)", True)
        sent, answered = (RECEIVED, SENT) if received else (SENT, RECEIVED)
        self.parameters(label, old_params, new_params, sent)
        self.request_body(label, old_op.get("requestBody"), new_op.get("requestBody"), sent)
        self.responses(label, old_op.get("responses") or {}, new_op.get("responses") or {}, answered)
        if not received:
            self.operation_security(label, old_op, new_op)
        self.callbacks(label, old_op.get("callbacks") or {}, new_op.get("callbacks") or {})

    def parameters(self, op: str, old: list[Any], new: list[Any], direction: str) -> None:
        olds, news = self._params(self.old, old), self._params(self.new, new)
        for key in olds.keys() - news.keys():
            self.add("parameter-removed", op, f"{key[0]} parameter {key[1]} removed", True)
        for key in news.keys() - olds.keys():
            required = bool(news[key][0].get("required"))
            detail = f"{'required' if required else 'optional'} {key[0]} parameter {key[1]} added"
            self.add("parameter-added", op, detail, required and direction == SENT)
        for key in olds.keys() & news.keys():
            (old_param, old_ref), (new_param, new_ref) = olds[key], news[key]
            place = new_ref if new_ref == old_ref and new_ref else op
            was, now = bool(old_param.get("required")), bool(new_param.get("required"))
            if was != now:
                state = "required" if now else "optional"
                breaking = now == (direction == SENT)
                self.add(f"parameter-{state}", place, f"{key[0]} parameter {key[1]} is now {state}", breaking, op)
            where = _Where(place if place != op else f"{op} {key[0]} parameter {key[1]}", direction, op)
            self.schema(old_param.get("schema"), new_param.get("schema"), where)

    @staticmethod
    def _params(spec: Spec, params: list[Any]) -> dict[tuple[str, str], tuple[dict[str, Any], str | None]]:
        resolved = {}
        for param in params:
            node, ref = spec.resolve(param)
            if isinstance(node, dict) and "name" in node:
                resolved[(str(node.get("in")), str(node["name"]))] = (node, ref)
        return resolved

    def request_body(self, op: str, old: Any, new: Any, direction: str) -> None:
        (old_body, _), (new_body, _) = self.old.resolve(old), self.new.resolve(new)
        if old_body is None and new_body is None:
            return
        if new_body is None:
            self.add("request-body-removed", op, "request body removed", True)
            return
        required = bool(new_body.get("required"))
        if old_body is None:
            detail = f"{'required' if required else 'optional'} request body added"
            self.add("request-body-added", op, detail, required and direction == SENT)
            return
        if required != bool(old_body.get("required")):
            state = "required" if required else "optional"
            self.add(f"request-body-{state}", op, f"request body is now {state}", required == (direction == SENT))
        self.content(old_body, new_body, _Where(f"{op} request body", direction, op))

    def responses(self, op: str, old: dict[str, Any], new: dict[str, Any], direction: str) -> None:
        for status in old.keys() - new.keys():
            success = str(status).startswith("2") and direction == RECEIVED
            self.add("response-removed", op, f"{status} response removed", success)
        for status in new.keys() - old.keys():
            self.add("response-added", op, f"{status} response added", False)
        for status in old.keys() & new.keys():
            (old_response, _), (new_response, _) = self.old.resolve(old[status]), self.new.resolve(new[status])
            where = _Where(f"{op} {status} response", direction, op)
            self.content(old_response or {}, new_response or {}, where)

    def content(self, old: dict[str, Any], new: dict[str, Any], where: _Where) -> None:
        """Compare the media types of an old and a new body or response, and the schemas of those they share."""
        old_media, new_media = old.get("content") or {}, new.get("content") or {}
        for media in old_media.keys() - new_media.keys():
            self.add(
                "media-type-removed", where.user, f"{where.location}: {media} removed", True, None, where.direction
            )
        for media in new_media.keys() - old_media.keys():
            self.add("media-type-added", where.user, f"{where.location}: {media} added", False)
        for media in old_media.keys() & new_media.keys():
            self.schema(media_schema(media, old_media[media]), media_schema(media, new_media[media]), where)

    def callbacks(self, op: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        olds, news = self._callbacks(self.old, old, op), self._callbacks(self.new, new, op)
        for key in olds.keys() - news.keys():
            self.add("callback-removed", op, f"{olds[key][0].removeprefix(op + ' ')} removed", True)
        for key in news.keys() - olds.keys():
            self.add("callback-added", op, f"{news[key][0].removeprefix(op + ' ')} added", False)
        for key in [key for key in news if key in olds]:
            self.operation(olds[key], news[key], received=True)

    @staticmethod
    def _callbacks(spec: Spec, callbacks: dict[str, Any], op: str) -> dict[tuple[str, str, str], _Operation]:
        """(name, expression, METHOD) -> ("OP callback NAME METHOD expression", operation, parameters)."""
        found = {}
        for name, callback in callbacks.items():
            resolved, _ = spec.resolve(callback)
            for expression, item in (resolved or {}).items():
                item, _ = spec.resolve(item)
                for method, operation, params in _path_item_operations(item):
                    label = f"{op} callback {name} {method} {expression}"
                    found[(name, expression, method)] = (label, operation, params)
        return found

    def schema(self, old_node: Any, new_node: Any, where: _Where) -> None:
        if old_node is None or new_node is None:
            return
        (old_raw, old_label), (new_raw, new_label) = self.old.resolve(old_node), self.new.resolve(new_node)
        if old_label == new_label and old_label and old_label.startswith("schema "):
            where = where.inside(old_label)  # reported once at the component, whoever uses it
        self._meet(old_label, new_label)
        visit = (id(old_raw), id(new_raw), where.direction, where.user)
        if visit in self._visited:
            return
        self._visited.add(visit)
        old, new = self.old.shape(old_raw), self.new.shape(new_raw)
        if old.composition != new.composition:
            detail = f"{old.composition or 'single schema'} -> {new.composition or 'single schema'} ({where.direction})"
            self.note("composition-changed", where, detail, True)
            return
        self.composition(old, new, where, (old_node, new_node))
        if old.types != new.types:
            self.type_changed(old.types, new.types, where)
            return
        self.format(old, new, where)
        self.enum(old.enum, new.enum, where)
        self.constraints(old.bounds, new.bounds, where)
        self.properties(old, new, where)
        self.additional_properties(old.additional, new.additional, where)
        if old.items is not None and new.items is not None:
            self.schema(old.items, new.items, where.deeper("[]"))

    def composition(self, old: Shape, new: Shape, where: _Where, wholes: tuple[Any, Any]) -> None:
        """oneOf/anyOf variants and allOf parts added or removed; variants found on both sides are compared.
        ``wholes``: the old and the new schema as written."""
        if old.composition is not None:
            self._parts(old.composition, old.variants, new.variants, where, wholes)
        self._parts("allOf", old.all_of, new.all_of, where, wholes)

    def _parts(self, word: str, old: list[Any], new: list[Any], where: _Where, wholes: tuple[Any, Any]) -> None:
        old_left, new_left, same = self._same_shape(list(enumerate(old, 1)), list(enumerate(new, 1)), wholes)
        olds, news = _keyed(old_left), _keyed(new_left)
        removed, added = [k for k in olds if k not in news], [k for k in news if k not in olds]
        pairs = [(olds[key], news[key]) for key in olds if key in news]
        if len(removed) == len(added) == 1 and removed[0].startswith("inline ") and added[0].startswith("inline "):
            pairs.append((olds[removed.pop()], news[added.pop()]))  # one untitled inline schema changed (as oasdiff)
        if word == "allOf":  # a part's fields are compared through the merged shape; both ways constrain requests
            kind, noun, breaks, pairs = "allof-part", "part", {"removed": where.sent, "added": where.sent}, []
        else:  # a sent Union may not lose a type, a received one may not gain one
            kind, noun, breaks = "variant", "variant", {"removed": where.sent, "added": not where.sent}
        for keys, parts, verb in ((removed, olds, "removed"), (added, news, "added")):
            for key in keys:
                index, part = parts[key]
                breaking = breaks[verb] and not _annotations_only(part)
                detail = f"{word} {noun} {_part_name(index, part)[1]} {verb} ({where.direction})"
                self.note(f"{kind}-{verb}", where, detail, breaking)
        for (_, old_part), (index, new_part) in [*same, *pairs]:  # same-shape parts too: the walk meets renames
            self.schema(old_part, new_part, where.deeper(f"<{word} {_part_name(index, new_part)[1]}>"))

    def _same_shape(
        self, old: list[_Part], new: list[_Part], wholes: tuple[Any, Any]
    ) -> tuple[list[_Part], list[_Part], list[tuple[_Part, _Part]]]:
        """Pair the composition parts of the two sides that accept the same values, whatever component names
        they have (nothing changes on the wire); return the parts left on each side and the pairs. Parts with
        the same name are paired first, so a part renamed to the name of another one is not mistaken for it.
        A part that accepts what the whole schema on the other side accepts (``wholes``, nullability aside)
        adds or removes nothing either: that side is the part written without allOf (``$ref: X`` and
        ``allOf: [$ref: X]``; 3.0's ``allOf: [$ref: X], nullable: true`` and 3.1's ``oneOf: [$ref: X, null]``)."""
        old, new, pairs = list(old), list(new), []
        for same_name in (True, False):
            for old_part in list(old):
                old_name, old_shape = _part_name(*old_part)[0], self.old.fingerprint(old_part[1])
                for new_part in new:
                    if self.new.fingerprint(new_part[1]) == old_shape and (
                        not same_name or _part_name(*new_part)[0] == old_name
                    ):
                        old.remove(old_part)
                        new.remove(new_part)
                        pairs.append((old_part, new_part))
                        break
        if old or new:
            old_whole, new_whole = (
                self.old.fingerprint(wholes[0], null=False),
                self.new.fingerprint(wholes[1], null=False),
            )
            old = [part for part in old if self.old.fingerprint(part[1]) != new_whole]
            new = [part for part in new if self.new.fingerprint(part[1]) != old_whole]
        return old, new, pairs

    def _meet(self, old_label: str | None, new_label: str | None) -> None:
        """Remember two component schemas found in the same place: evidence that one was renamed to the other."""
        if old_label and new_label and old_label != new_label and old_label.startswith("schema "):
            self._met.setdefault((old_label.removeprefix("schema "), new_label.removeprefix("schema ")))

    def type_changed(self, old: frozenset[str] | None, new: frozenset[str] | None, where: _Where) -> None:
        if old is not None and new is not None and old - {"null"} == new - {"null"}:
            if "null" in new:
                self.note("nullable-added", where, f"now nullable ({where.direction})", not where.sent)
            else:
                self.note("nullable-removed", where, f"no longer nullable ({where.direction})", where.sent)
            return
        if where.sent:
            safe = new is None or (old is not None and covered(old, new))
        elif old is None:  # any -> typed: scalars stay the same Python values, objects and arrays become models
            safe = new is not None and not new & {"object", "array"}
        else:
            safe = new is not None and covered(new, old)
        self.note("type-changed", where, f"type {type_text(old)} -> {type_text(new)} ({where.direction})", not safe)

    def format(self, old: Shape, new: Shape, where: _Where) -> None:
        if old.format == new.format:
            return
        before, after = python_type(old.types, old.format), python_type(new.types, new.format)
        wider, narrower = (old, new) if not where.sent else (new, old)
        single = next(iter(wider.types - {"null"})) if wider.types and len(wider.types - {"null"}) == 1 else ""
        fits = not wider.format or (narrower.format, wider.format) in WIDER_FORMATS.get(single, set())
        detail = f"format {old.format or 'none'} -> {new.format or 'none'} ({where.direction})"
        if before != after:
            detail += f"; Python type {before or 'str'} -> {after or 'str'}"
        self.note("format-changed", where, detail, before != after or not fits)

    def enum(self, old: list[Any] | None, new: list[Any] | None, where: _Where) -> None:
        if old is None and new is None:
            return
        if old is None or new is None:
            detail = f"now restricted to {_values(new)}" if new is not None else "no longer restricted"
            self.note("enum-changed", where, f"{detail} ({where.direction})", where.sent and old is None)
            return
        for value in [v for v in new if v not in old]:
            hint = "" if where.sent else "; kept by this client, exhaustive matches need a new branch"
            self.note("enum-value-added", where, f"value {value!r} added ({where.direction}{hint})", False)
        for value in [v for v in old if v not in new]:
            self.note("enum-value-removed", where, f"value {value!r} removed ({where.direction})", where.sent)

    def constraints(self, old: dict[str, Any], new: dict[str, Any], where: _Where) -> None:
        for key in sorted(old.keys() | new.keys()):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            tightened = after is not None and (before is None or stricter(key, after, before))
            tightened = tightened and after not in ANY_STRING_PATTERNS
            kind = "constraint-tightened" if tightened else "constraint-relaxed"
            detail = f"{key} {_bound_text(before)} -> {_bound_text(after)} ({where.direction})"
            self.note(kind, where, detail, tightened and where.sent)

    def properties(self, old: Shape, new: Shape, where: _Where) -> None:
        prefix = where.direction
        for name in old.properties.keys() - new.properties.keys():
            place = _field_place(where, old.properties[name][1], new, name)
            self.note(f"{prefix}-field-removed", place, "field removed", True)
        for name in new.properties.keys() - old.properties.keys():
            schema, owner = new.properties[name]
            required = name in new.required
            shape = self.new.shape(schema)
            kind_of_field = type_text(shape.types) + (f" enum {_values(shape.enum)}" if shape.enum else "")
            detail = f"{'required' if required else 'optional'} field added ({kind_of_field})"
            self.note(f"{prefix}-field-added", _field_place(where, owner, old, name), detail, where.sent and required)
        for name in old.properties.keys() & new.properties.keys():
            schema, owner = new.properties[name]
            was, now = name in old.required, name in new.required
            if was != now:
                state = "required" if now else "optional"
                place = _field_place(where, (new if now else old).required[name], old if now else new, name)
                self.note(f"{prefix}-field-{state}", place, f"now {state}", now == where.sent)
            self.schema(old.properties[name][0], schema, where.inside(owner).at(name))

    def additional_properties(self, old: Any, new: Any, where: _Where) -> None:
        """``additionalProperties``: allowed or not, and the schema of the values (compared like a field)."""
        allowed_before, allowed_after = old is not False, new is not False
        if allowed_before != allowed_after:
            detail = (
                f"additional properties {'now allowed' if allowed_after else 'no longer allowed'} ({where.direction})"
            )
            self.note("additional-properties-changed", where, detail, where.sent and not allowed_after)
        if allowed_before and allowed_after:
            before = old if isinstance(old, dict) else ANY_SCHEMA
            after = new if isinstance(new, dict) else ANY_SCHEMA
            if before is not after:
                self.schema(before, after, where.deeper("{}"))

    def operation_security(self, op: str, old_op: dict[str, Any], new_op: dict[str, Any]) -> None:
        old, new = _security(old_op, self.old.doc), _security(new_op, self.new.doc)
        if old == new:
            return
        # Still fine when every way of authenticating that worked needs no more than before.
        relaxed = all(any(option <= way for option in new) for way in old)
        detail = f"security {_security_text(old)} -> {_security_text(new)}"
        self.add("security-relaxed" if relaxed else "security-tightened", op, detail, not relaxed)

    def security_schemes(self) -> None:
        old, new = _components(self.old.doc, "securitySchemes"), _components(self.new.doc, "securitySchemes")
        for name in old.keys() - new.keys():
            self.add("security-scheme-removed", f"security scheme {name}", "scheme removed", True)
        for name in new.keys() - old.keys():
            self.add("security-scheme-added", f"security scheme {name}", "scheme added", False)
        for name in old.keys() & new.keys():
            if _without_docs(old[name]) != _without_docs(new[name]):
                detail = f"{_scheme_text(old[name])} -> {_scheme_text(new[name])}"
                self.add("security-scheme-changed", f"security scheme {name}", detail, True)

    def component_schemas(self) -> None:
        old, new = _components(self.old.doc, "schemas"), _components(self.new.doc, "schemas")
        renamed = self._renamed(
            {name: old[name] for name in old.keys() - new.keys()}, {name: new[name] for name in new.keys() - old.keys()}
        )
        for before, after in renamed.items():
            detail = f"renamed to {after}, same shape (its generated model is renamed too)"
            self.add("schema-renamed", f"schema {before}", detail, False)
        for name in old.keys() - new.keys() - renamed.keys():
            self.add("schema-removed", f"schema {name}", "schema removed (its generated model goes)", True)
        for name in new.keys() - old.keys() - set(renamed.values()):
            self.add("schema-added", f"schema {name}", "schema added", False)

    def _renamed(self, removed: dict[str, Any], added: dict[str, Any]) -> dict[str, str]:
        """Removed component schemas that are back under another name with the same shape: first those the walk
        found in the same place as their new name, then any whose shape only one removed and one added schema
        have (several of one shape with no place in common are left as removed and added: a guess could pair
        them wrongly)."""
        old_shapes = {name: self.old.fingerprint(schema) for name, schema in removed.items()}
        new_shapes = {name: self.new.fingerprint(schema) for name, schema in added.items()}
        renamed: dict[str, str] = {}
        for before, after in self._met:
            if before in old_shapes and old_shapes[before] == new_shapes.get(after) and after not in renamed.values():
                renamed.setdefault(before, after)
        old_left = {name: shape for name, shape in old_shapes.items() if name not in renamed}
        new_left = {name: shape for name, shape in new_shapes.items() if name not in renamed.values()}
        for before, shape in sorted(old_left.items()):
            afters = [name for name, other in new_left.items() if other == shape]
            if len(afters) == 1 and list(old_left.values()).count(shape) == 1:
                renamed[before] = afters[0]
        return renamed


def _field_place(where: _Where, owner: str | None, other: Shape, name: str) -> _Where:
    """Where a field change is reported: at the component responsible for it when that component is merged
    into the schema on the other side too (so the change is inside it), else at the schema (the change came
    with an allOf part added or removed)."""
    return where.inside(owner if owner in other.owners else None).at(name)


def _keyed(parts: list[_Part]) -> dict[str, _Part]:
    """Composition parts by identity (see _part_name)."""
    return {_part_name(*part)[0]: part for part in parts}


def _part_name(index: int, part: Any) -> tuple[str, str]:
    """A composition part's identity and its name in a report line: the component a $ref names, else the
    title, else the content (named by its position and type)."""
    if isinstance(part, dict) and isinstance(part.get("$ref"), str):
        name = part["$ref"].rsplit("/", 1)[-1]
        return name, name
    if isinstance(part, dict) and part.get("title"):
        return f"title {part['title']}", repr(part["title"])
    text = json.dumps(part, sort_keys=True, default=str)
    return f"inline {text}", f"#{index} (inline {type_text(schema_types(part) if isinstance(part, dict) else None)})"


def _annotations_only(part: Any) -> bool:
    return (
        isinstance(part, dict)
        and not part.get("$ref")
        and all(key in ANNOTATION_KEYS or key.startswith("x-") for key in part)
    )


def _bound_text(bound: Any) -> str:
    if bound is None:
        return "none"
    if isinstance(bound, tuple):
        return f"{bound[0]}{' (exclusive)' if bound[1] else ''}"
    return repr(bound)


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], _Operation]:
    """(METHOD, path with parameter names blanked) -> ("METHOD /path", operation, parameters)."""
    found = {}
    for path, item in (spec.get("paths") or {}).items():
        for method, op, params in _path_item_operations(item):
            found[(method, re.sub(r"\{[^}]*\}", "{}", path))] = (f"{method} {path}", op, params)
    return found


def _webhooks(spec: dict[str, Any]) -> dict[tuple[str, str], _Operation]:
    """(METHOD, webhook name) -> ("METHOD webhook NAME", operation, parameters); 3.1 `webhooks`."""
    found = {}
    for name, item in (spec.get("webhooks") or {}).items():
        item, _ = Spec(spec, "").resolve(item)
        for method, op, params in _path_item_operations(item):
            found[(method, name)] = (f"{method} webhook {name}", op, params)
    return found


def _path_item_operations(item: Any) -> list[tuple[str, dict[str, Any], list[Any]]]:
    """(METHOD, operation, path item then operation parameters; later ones override) for each operation."""
    if not isinstance(item, dict):
        return []
    return [
        (method.upper(), item[method], [*(item.get("parameters") or ()), *(item[method].get("parameters") or ())])
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    ]


def _op_name(op: dict[str, Any]) -> str:
    """The text after "new operation": ': Summary (operation-id)', or as much of it as the operation has."""
    summary, operation_id = op.get("summary"), op.get("operationId")
    name = f"{summary} ({operation_id})" if summary and operation_id else summary or operation_id
    return f": {name}" if name else ""


def _security(op: dict[str, Any], spec: dict[str, Any]) -> frozenset[frozenset[str]]:
    """The ways to authenticate, each a set of "scheme" or "scheme[scopes]"; {frozenset()} = anonymous."""
    requirements = op["security"] if "security" in op else spec.get("security") or []
    if not requirements:
        return frozenset({frozenset()})
    return frozenset(
        frozenset(f"{name}[{','.join(sorted(scopes))}]" if scopes else name for name, scopes in req.items())
        for req in requirements
    )


def _security_text(ways: frozenset[frozenset[str]]) -> str:
    return " or ".join(sorted("+".join(sorted(way)) or "none" for way in ways))


def _components(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    components = spec.get("components") or {}
    return dict(components.get(kind) or {})


def _without_docs(scheme: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in scheme.items() if key != "description"}


def _scheme_text(scheme: dict[str, Any]) -> str:
    return " ".join(str(scheme.get(key)) for key in ("type", "scheme", "in", "name") if scheme.get(key))


def _values(values: Any) -> str:
    return ", ".join(repr(value) for value in values)


def _used_by(users: list[str]) -> str:
    if not users:
        return ""
    shown = ", ".join(users[:4])
    return f" (used by {shown}{f' and {len(users) - 4} more' if len(users) > 4 else ''})"
