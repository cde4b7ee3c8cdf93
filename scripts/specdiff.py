"""Compare two OpenAPI 3 descriptions and report what changed for a client of the API.

Usage: ``python scripts/specdiff.py OLD NEW [--changelog CHANGELOG.md] [--strict]``; exit 1 with --strict
when a change is breaking, 2 when a spec cannot be read.

A change is *breaking* when code written against the client generated from OLD can fail against NEW
(at runtime, or because the regenerated client lost something it used):

- operations: removed, or renamed (new operationId, so the generated module moves): breaking; added: ok.
- parameters: removed, added as required, made required: breaking; added optional, made optional: ok.
- request bodies and their fields: removed, added as required, made required: breaking; the rest ok.
- response fields: removed, or no longer required (the generated attribute may now be Unset): breaking;
  added: ok. A removed 2xx response is breaking; other added or removed responses are not.
- types: any change of declared type (nullable counts as the type ``null``) is breaking, except widening a
  request type or narrowing an already typed response.
- enums, by direction. In requests a removed value breaks callers that send it; an added one is ok.
  In responses an added value is ok *for this client*: templates/literal_enum.py.jinja makes the
  generated models keep unknown values instead of raising (a strictly validating client would break,
  and code matching the values exhaustively needs a new branch, which the change line points at);
  a removed response value is ok. An enum appearing on a request value is breaking; disappearing, ok.
- security: an operation tightened (some way of authenticating that used to work no longer suffices,
  e.g. a requirement added) is breaking; relaxed is ok. A security scheme removed or redefined: breaking.
- component schemas: removed (the generated model disappears): breaking; added: ok.

$refs are local (``#/...``) and resolved, allOf is merged, so a change inside a referenced schema is
reported once at that schema (``schema Group.state``) with the operations that use it. oneOf/anyOf
variants, additionalProperties and formats are not compared.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
GROUPS = (  # text report headings, by kind prefix
    ("operation", "Operations"),
    ("parameter", "Parameters"),
    ("request", "Request bodies"),
    ("response", "Responses"),
    ("enum", "Enums"),
    ("type", "Types"),
    ("security", "Security"),
    ("schema", "Schemas"),
)
COMPONENT_LABELS = {
    "schemas": "schema",
    "parameters": "parameter",
    "responses": "response",
    "requestBodies": "request body",
}
CHANGELOG_MARKER = "<!-- written by scripts/specdiff.py -->"


class SpecDiffError(Exception):
    """A spec that cannot be compared (unreadable, not OpenAPI 3, a $ref that does not resolve).
    ``side`` is "old" or "new" when the problem is in one of the two specs."""

    def __init__(self, message: str, side: str | None = None) -> None:
        super().__init__(message)
        self.side = side


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "operation-added", "response-field-removed", "enum-value-added"
    location: str  # e.g. "POST /v3/user/create", "schema GroupListResponse.data"
    detail: str
    breaking: bool


@dataclass
class Report:
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> bool:
        return any(change.breaking for change in self.changes)

    @property
    def counts(self) -> str:
        count = len(self.changes)
        return f"{count} change{'' if count == 1 else 's'}, {sum(c.breaking for c in self.changes)} breaking"

    @property
    def summary(self) -> str:
        return f"{self.counts} (API {self.old_version} -> {self.new_version})"


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> Report:
    """The client-relevant changes from ``old`` to ``new``, sorted by heading and location."""
    differ = _Differ(_Spec(old, "old"), _Spec(new, "new"))
    differ.run()
    order = {prefix: index for index, (prefix, _) in enumerate(GROUPS)}
    changes = sorted(
        differ.changes(), key=lambda c: (order.get(c.kind.split("-")[0], len(order)), c.location, c.kind, c.detail)
    )
    return Report(_version(old), _version(new), changes)


def _version(spec: dict[str, Any]) -> str:
    info = spec.get("info")
    return str(info.get("version", "?")) if isinstance(info, dict) else "?"


class _Spec:
    """One side of the comparison: resolves local $refs and merges allOf."""

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

    def shape(self, node: Any) -> _Shape:
        """The schema with its allOf parts merged; properties remember the component that declared them."""
        node, _ = self.resolve(node)
        if not isinstance(node, dict):
            return _Shape()
        shape = _Shape(types=_types(node), enum=node.get("enum"), items=node.get("items"))
        shape.required = set(node.get("required") or ())
        shape.properties = {name: (schema, None) for name, schema in (node.get("properties") or {}).items()}
        for part in node.get("allOf") or ():
            _, owner = self.resolve(part)
            inner = self.shape(part)
            shape.types = inner.types if shape.types is None else shape.types
            shape.enum = inner.enum if shape.enum is None else shape.enum
            shape.items = inner.items if shape.items is None else shape.items
            shape.required |= inner.required
            for name, (schema, declared_by) in inner.properties.items():
                shape.properties.setdefault(name, (schema, declared_by or owner))
        if shape.types is None and shape.properties:  # `type: object` is often left out
            shape.types = frozenset({"object"})
        return shape


@dataclass
class _Shape:
    types: frozenset[str] | None = None  # None: any type
    enum: list[Any] | None = None
    items: Any = None
    required: set[str] = field(default_factory=set)
    properties: dict[str, tuple[Any, str | None]] = field(default_factory=dict)


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    types = set(declared) if isinstance(declared, list) else {declared}
    return frozenset(types | ({"null"} if schema.get("nullable") is True else set()))


def _type_text(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


@dataclass(frozen=True)
class _Where:
    """Where a schema sits: a component (``schema Group``) or an operation part, the field path inside
    it, whether it is sent or received, and which operation reached it."""

    location: str
    direction: str  # "request" or "response"
    user: str
    path: str = ""

    def at(self, name: str) -> _Where:
        return _Where(self.location, self.direction, self.user, f"{self.path}.{name}" if self.path else name)

    def inside(self, component: str | None) -> _Where:
        return self if component is None else _Where(component, self.direction, self.user)

    @property
    def label(self) -> str:
        if not self.path:
            return self.location
        return f"{self.location}{'.' if self.location.startswith('schema ') else ' '}{self.path}"


class _Differ:
    def __init__(self, old: _Spec, new: _Spec) -> None:
        self.old, self.new = old, new
        self._found: dict[tuple[str, str, str, bool], list[str]] = {}
        self._visited: set[tuple[int, int, str, str]] = set()
        self._op_ids: dict[str, str] = {}  # "POST /v3/group" -> "get-group", to keep "used by" lists short

    def add(self, kind: str, location: str, detail: str, breaking: bool, user: str | None = None) -> None:
        users = self._found.setdefault((kind, location, detail, breaking), [])
        if user and user != location and user not in users:
            users.append(user)

    def note(self, kind: str, where: _Where, detail: str, breaking: bool) -> None:
        """A change inside a schema, found while walking ``where.user``."""
        self.add(kind, where.label, detail, breaking, where.user)

    def changes(self) -> list[Change]:
        return [
            Change(kind, location, detail + _used_by([self._op_ids.get(user, user) for user in users]), breaking)
            for (kind, location, detail, breaking), users in self._found.items()
        ]

    def run(self) -> None:
        old_ops, new_ops = _operations(self.old.doc), _operations(self.new.doc)
        self._op_ids = {label: str(op.get("operationId") or label) for label, op, _ in new_ops.values()}
        for key in old_ops.keys() - new_ops.keys():
            label, op, _ = old_ops[key]
            self.add("operation-removed", label, f"operation removed{_op_name(op)}", True)
        for key in new_ops.keys() - old_ops.keys():
            label, op, _ = new_ops[key]
            self.add("operation-added", label, f"new operation{_op_name(op)}", False)
        for key in [key for key in new_ops if key in old_ops]:  # spec order keeps "used by" lists stable
            self.operation(old_ops[key], new_ops[key])
        self.security_schemes()
        self.component_schemas()

    def operation(self, old: tuple[str, dict[str, Any], list[Any]], new: tuple[str, dict[str, Any], list[Any]]) -> None:
        (_, old_op, old_params), (label, new_op, new_params) = old, new
        if old_op.get("operationId") != new_op.get("operationId"):
            ids = f"{old_op.get('operationId')} -> {new_op.get('operationId')}"
            self.add("operation-renamed", label, f"operationId {ids} (the generated function moves)", True)
        self.parameters(label, old_params, new_params)
        self.request_body(label, old_op.get("requestBody"), new_op.get("requestBody"))
        self.responses(label, old_op.get("responses") or {}, new_op.get("responses") or {})
        self.operation_security(label, old_op, new_op)

    def parameters(self, op: str, old: list[Any], new: list[Any]) -> None:
        olds, news = self._params(self.old, old), self._params(self.new, new)
        for key in olds.keys() - news.keys():
            self.add("parameter-removed", op, f"{key[0]} parameter {key[1]} removed", True)
        for key in news.keys() - olds.keys():
            required = bool(news[key][0].get("required"))
            detail = f"{'required' if required else 'optional'} {key[0]} parameter {key[1]} added"
            self.add("parameter-added", op, detail, required)
        for key in olds.keys() & news.keys():
            (old_param, old_ref), (new_param, new_ref) = olds[key], news[key]
            place = new_ref if new_ref == old_ref and new_ref else op
            was, now = bool(old_param.get("required")), bool(new_param.get("required"))
            if was != now:
                state = "required" if now else "optional"
                self.add(f"parameter-{state}", place, f"{key[0]} parameter {key[1]} is now {state}", now, op)
            where = _Where(place if place != op else f"{op} {key[0]} parameter {key[1]}", "request", op)
            self.schema(old_param.get("schema"), new_param.get("schema"), where)

    @staticmethod
    def _params(spec: _Spec, params: list[Any]) -> dict[tuple[str, str], tuple[dict[str, Any], str | None]]:
        resolved = {}
        for param in params:
            node, ref = spec.resolve(param)
            if isinstance(node, dict) and "name" in node:
                resolved[(str(node.get("in")), str(node["name"]))] = (node, ref)
        return resolved

    def request_body(self, op: str, old: Any, new: Any) -> None:
        (old_body, _), (new_body, _) = self.old.resolve(old), self.new.resolve(new)
        if old_body is None and new_body is None:
            return
        if new_body is None:
            self.add("request-body-removed", op, "request body removed", True)
            return
        required = bool(new_body.get("required"))
        if old_body is None:
            self.add("request-body-added", op, f"{'required' if required else 'optional'} request body added", required)
            return
        if required and not old_body.get("required"):
            self.add("request-body-required", op, "request body is now required", True)
        self.content(old_body, new_body, _Where(f"{op} request body", "request", op), "request-body", True)

    def responses(self, op: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        for status in old.keys() - new.keys():
            self.add("response-removed", op, f"{status} response removed", str(status).startswith("2"))
        for status in new.keys() - old.keys():
            self.add("response-added", op, f"{status} response added", False)
        for status in old.keys() & new.keys():
            (old_response, _), (new_response, _) = self.old.resolve(old[status]), self.new.resolve(new[status])
            where = _Where(f"{op} {status} response", "response", op)
            self.content(old_response or {}, new_response or {}, where, "response", str(status).startswith("2"))

    def content(self, old: dict[str, Any], new: dict[str, Any], where: _Where, kind: str, removal_breaks: bool) -> None:
        """Compare the schemas of each media type an old and a new body or response share."""
        old_media, new_media = old.get("content") or {}, new.get("content") or {}
        for media in old_media.keys() - new_media.keys():
            self.add(f"{kind}-removed", where.user, f"{where.location}: {media} removed", removal_breaks)
        for media in new_media.keys() - old_media.keys():
            self.add(f"{kind}-added", where.user, f"{where.location}: {media} added", False)
        for media in old_media.keys() & new_media.keys():
            self.schema((old_media[media] or {}).get("schema"), (new_media[media] or {}).get("schema"), where)

    def schema(self, old_node: Any, new_node: Any, where: _Where) -> None:
        if old_node is None or new_node is None:
            return
        (old_raw, old_label), (new_raw, new_label) = self.old.resolve(old_node), self.new.resolve(new_node)
        label = new_label or old_label
        where = where.inside(label if label and label.startswith("schema ") else None)
        visit = (id(old_raw), id(new_raw), where.direction, where.user)
        if visit in self._visited:
            return
        self._visited.add(visit)
        old, new = self.old.shape(old_raw), self.new.shape(new_raw)
        if old.types != new.types:
            self.type_changed(old.types, new.types, where)
            return
        self.enum(old.enum, new.enum, where)
        self.properties(old, new, where)
        if old.items is not None and new.items is not None:
            self.schema(old.items, new.items, _Where(where.location, where.direction, where.user, where.path + "[]"))

    def type_changed(self, old: frozenset[str] | None, new: frozenset[str] | None, where: _Where) -> None:
        if where.direction == "request":
            safe = new is None or (old is not None and new >= old)
        else:
            safe = old is not None and new is not None and new <= old
        self.note("type-changed", where, f"type {_type_text(old)} -> {_type_text(new)} ({where.direction})", not safe)

    def enum(self, old: list[Any] | None, new: list[Any] | None, where: _Where) -> None:
        request = where.direction == "request"
        if old is None and new is None:
            return
        if old is None or new is None:
            detail = f"now restricted to {_values(new)}" if new is not None else "no longer restricted"
            self.note("enum-changed", where, f"{detail} ({where.direction})", request and old is None)
            return
        for value in [v for v in new if v not in old]:
            hint = "" if request else "; kept by this client, exhaustive matches need a new branch"
            self.note("enum-value-added", where, f"value {value!r} added ({where.direction}{hint})", False)
        for value in [v for v in old if v not in new]:
            self.note("enum-value-removed", where, f"value {value!r} removed ({where.direction})", request)

    def properties(self, old: _Shape, new: _Shape, where: _Where) -> None:
        request = where.direction == "request"
        prefix = where.direction
        for name in old.properties.keys() - new.properties.keys():
            self.note(f"{prefix}-field-removed", where.inside(old.properties[name][1]).at(name), "field removed", True)
        for name in new.properties.keys() - old.properties.keys():
            schema, owner = new.properties[name]
            required = name in new.required
            shape = self.new.shape(schema)
            kind_of_field = _type_text(shape.types) + (f" enum {_values(shape.enum)}" if shape.enum else "")
            detail = f"{'required' if required else 'optional'} field added ({kind_of_field})"
            self.note(f"{prefix}-field-added", where.inside(owner).at(name), detail, request and required)
        for name in old.properties.keys() & new.properties.keys():
            schema, owner = new.properties[name]
            place = where.inside(owner).at(name)
            was, now = name in old.required, name in new.required
            if was != now:
                state = "required" if now else "optional"
                self.note(f"{prefix}-field-{state}", place, f"now {state}", now if request else not now)
            self.schema(old.properties[name][0], schema, place)

    def operation_security(self, op: str, old_op: dict[str, Any], new_op: dict[str, Any]) -> None:
        old, new = _security(old_op, self.old.doc), _security(new_op, self.new.doc)
        if old == new:
            return
        # Still fine when every way of authenticating that worked needs no more than before.
        relaxed = all(any(option <= way for option in new) for way in old)
        detail = f"security {_security_text(old)} -> {_security_text(new)}"
        self.add("security-relaxed" if relaxed else "security-tightened", op, detail, not relaxed)

    def security_schemes(self) -> None:
        old, new = _schemes(self.old.doc), _schemes(self.new.doc)
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
        for name in old.keys() - new.keys():
            self.add("schema-removed", f"schema {name}", "schema removed (its generated model goes)", True)
        for name in new.keys() - old.keys():
            self.add("schema-added", f"schema {name}", "schema added", False)


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any], list[Any]]]:
    """(METHOD, path with parameter names blanked) -> ("METHOD /path", operation, path then operation parameters)."""
    found = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                key = (method.upper(), re.sub(r"\{[^}]*\}", "{}", path))
                params = [*(item.get("parameters") or ()), *(op.get("parameters") or ())]  # later ones override
                found[key] = (f"{method.upper()} {path}", op, params)
    return found


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


def _schemes(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return _components(spec, "securitySchemes")


def _components(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    components = spec.get("components") or {}
    return dict(components.get(kind) or {})


def _without_docs(scheme: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in scheme.items() if key != "description"}


def _scheme_text(scheme: dict[str, Any]) -> str:
    return " ".join(str(scheme.get(key)) for key in ("type", "scheme", "in", "name") if scheme.get(key))


def _values(values: Iterable[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def _used_by(users: list[str]) -> str:
    if not users:
        return ""
    shown = ", ".join(users[:4])
    return f" (used by {shown}{f' and {len(users) - 4} more' if len(users) > 4 else ''})"


def render_text(report: Report) -> str:
    """The report for a terminal: changes under headings, one line each, then the summary line."""
    lines = [f"Spec changes from API {report.old_version} to {report.new_version}:"]
    for prefix, heading in GROUPS:
        group = [change for change in report.changes if change.kind.split("-")[0] == prefix]
        if group:
            lines.append(heading)
            lines += [f"  {'BREAKING' if c.breaking else 'ok':8}  {c.kind:24}  {c.location}: {c.detail}" for c in group]
    lines.append(report.summary)
    return "\n".join(lines) + "\n"


def render_markdown(report: Report, date: datetime.date | None = None) -> str:
    """A CHANGELOG.md section for the new API version, breaking changes first."""
    heading = f"## API {report.new_version}" + (f" ({date.isoformat()})" if date else "")
    lines = [heading, "", CHANGELOG_MARKER, "", f"{report.counts}, compared with API {report.old_version}."]
    for title, breaking in (("Breaking", True), ("Other changes", False)):
        group = [change for change in report.changes if change.breaking is breaking]
        if group:
            lines += ["", f"### {title}", ""]
            lines += [f"- {c.kind} `{c.location}`: {c.detail}" for c in group]
    return "\n".join(lines) + "\n"


def update_changelog(path: Path, report: Report, date: datetime.date | None = None) -> None:
    """Put the report's section at the top of the changelog, below its title and intro.

    A section this script wrote earlier for the same API version is replaced (so reruns are idempotent);
    hand-written sections are never touched."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n"
    starts = [match.start() for match in re.finditer(r"^## ", text, flags=re.MULTILINE)]
    preamble = text[: starts[0]] if starts else text
    sections = [text[start:end] for start, end in itertools.pairwise([*starts, len(text)])]
    same_version = re.compile(rf"^## API {re.escape(report.new_version)}(?: \(.*\))?\n")
    sections = [s for s in sections if not (same_version.match(s) and CHANGELOG_MARKER in s)]
    new_section = render_markdown(report, date)
    head = preamble.rstrip("\n") + "\n\n" if preamble.strip() else ""
    parts = [head, new_section, *(["\n"] if sections else []), *sections]
    path.write_text("".join(parts).rstrip("\n") + "\n", encoding="utf-8")


def load_spec(path: Path, side: str) -> dict[str, Any]:
    """Read an OpenAPI 3 document (YAML or JSON), or raise SpecDiffError naming the file."""
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SpecDiffError(f"cannot read {side} spec {path}: {exc}", side) from None
    if not isinstance(spec, dict) or not str(spec.get("openapi", "")).startswith("3."):
        raise SpecDiffError(f"{side} spec {path} is not an OpenAPI 3 document", side)
    return spec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the spec before (YAML or JSON)")
    parser.add_argument("new", type=Path, help="the spec after")
    parser.add_argument("--changelog", type=Path, help="also write the report to this CHANGELOG.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a change is breaking")
    args = parser.parse_args(argv)
    paths = {"old": args.old, "new": args.new}
    try:
        report = diff_specs(load_spec(args.old, "old"), load_spec(args.new, "new"))
    except SpecDiffError as exc:
        where = f" ({paths[exc.side]})" if exc.side and str(paths[exc.side]) not in str(exc) else ""
        print(f"specdiff: {exc}{where}", file=sys.stderr)
        return 2
    sys.stdout.write(render_text(report))
    if args.changelog:
        update_changelog(args.changelog, report)
        print(f"specdiff: wrote the API {report.new_version} section of {args.changelog}")
    return 1 if args.strict and report.breaking else 0


if __name__ == "__main__":
    sys.exit(main())
