"""Apply an OpenAPI Overlay 1.0 document to a spec: how upstream quirks get fixed without editing the snapshot.

Semantics (https://spec.openapis.org/overlay/v1.0.0), actions applied in order:

- ``update`` on an object merges recursively: nested objects merge, arrays are extended, any other value
  replaces the old one. On an array it appends the value (a list value appends each of its items).
- ``remove: true`` deletes every matched node from its parent object or array.
- A target is a JSONPath (jsonpath-ng's extended parser, so filters such as ``[?(@.name=='id')]`` work).
- A target that matches nothing is reported in one line naming the action, and the action is skipped:
  upstream may have fixed what it patched, so the spec still generates and the line says to remove the action.
  ``strict=True`` (``--strict``, ``make ... STRICT=1``) makes it an error instead.

Usage: ``python scripts/overlay.py SPEC OVERLAY [-o OUT] [--strict]`` prints (or writes) the resulting spec as YAML.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jsonpath_ng import DatumInContext
from jsonpath_ng.exceptions import JSONPathError
from jsonpath_ng.ext import parse
from jsonpath_ng.jsonpath import Fields, Index

OVERLAY_VERSION = re.compile(r"^1\.0\.\d+$")
OBSOLETE_HINT = "upstream may have fixed this; remove the action"


class OverlayError(Exception):
    """The overlay is malformed or does not fit the spec; the message names the action and target."""


def report_to_stderr(line: str) -> None:
    """The default way an unmatched target is reported: one line on stderr."""
    print(f"overlay: {line}", file=sys.stderr)


def apply_overlay_file(
    spec: dict[str, Any],
    overlay_path: Path,
    *,
    strict: bool = False,
    report: Callable[[str], None] = report_to_stderr,
) -> dict[str, Any]:
    """``apply_overlay`` with the overlay read from a YAML or JSON file.

    Args:
        spec: the OpenAPI document; left as it was.
        overlay_path: the overlay file; a missing or unreadable file is an OverlayError naming it.
        strict: passed to ``apply_overlay``.
        report: passed to ``apply_overlay``.
    """
    try:
        overlay = yaml.safe_load(Path(overlay_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OverlayError(f"cannot read overlay {overlay_path}: {exc}") from None
    if not isinstance(overlay, dict):
        raise OverlayError(f"overlay {overlay_path} is not a mapping")
    return apply_overlay(spec, overlay, strict=strict, report=report)


def apply_overlay(
    spec: dict[str, Any],
    overlay: dict[str, Any],
    *,
    strict: bool = False,
    report: Callable[[str], None] = report_to_stderr,
) -> dict[str, Any]:
    """Return a new spec with the overlay's actions applied in order; ``spec`` is left as it was.

    Args:
        spec: the OpenAPI document.
        overlay: the Overlay 1.0 document; a malformed one is an OverlayError, whatever ``strict`` says.
        strict: an action whose target matches nothing is an OverlayError instead of a reported line
            (for CI that must notice every overlay fix upstream made obsolete).
        report: called with one line per action whose target matched nothing (and that was skipped).
    """
    actions = _checked_actions(overlay)
    result: dict[str, Any] = _clone(spec)
    for number, action in enumerate(actions, start=1):
        if not _apply_action(result, number, action):
            line = f"{_name(number, action)}: target {action['target']} matched nothing; {OBSOLETE_HINT}"
            if strict:
                raise OverlayError(line)
            report(line)
    return result


def _checked_actions(overlay: dict[str, Any]) -> list[dict[str, Any]]:
    version = overlay.get("overlay")
    if not isinstance(version, str) or not OVERLAY_VERSION.match(version):
        raise OverlayError(f"not an Overlay 1.0 document: `overlay` must be a version like 1.0.0, got {version!r}")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("`actions` must be a non-empty list of actions")
    for number, action in enumerate(actions, start=1):
        if not isinstance(action, dict):
            raise OverlayError(f"action {number} is not a mapping")
        target = action.get("target")
        if not isinstance(target, str) or not target.startswith("$"):
            raise OverlayError(f"{_name(number, action)}: `target` must be a JSONPath starting with $, got {target!r}")
        if action.get("remove") is not True and "update" not in action:
            raise OverlayError(f"{_name(number, action)}: needs `update` or `remove: true`")
    return actions


def _apply_action(document: dict[str, Any], number: int, action: dict[str, Any]) -> bool:
    """Apply one action in place; False when its target matched nothing (nothing was changed)."""
    target = action["target"]
    try:
        matches = parse(target).find(document)
    except JSONPathError as exc:
        raise OverlayError(f"{_name(number, action)}: invalid JSONPath {target!r}: {exc}") from None
    if not matches:
        return False
    if action.get("remove") is True:
        _remove(matches, f"{_name(number, action)}: target {target}")
        return True
    for match in matches:
        _update(match.value, action["update"], f"{_name(number, action)}: target {target} ({match.full_path})")
    return True


def _update(node: Any, update: Any, where: str) -> None:
    if isinstance(node, dict):
        if not isinstance(update, dict):
            raise OverlayError(f"{where} is an object, so `update` must be an object, got {type(update).__name__}")
        _merge(node, update)
    elif isinstance(node, list):
        node.extend(_clone(update) if isinstance(update, list) else [_clone(update)])
    else:
        raise OverlayError(f"{where} is a {type(node).__name__}; only objects and arrays can be updated")


def _merge(node: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        old = node.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            old.extend(_clone(value))
        else:
            node[key] = _clone(value)


def _remove(matches: list[DatumInContext], where: str) -> None:
    """Delete each match from its parent; array items go last index first so earlier indices stay valid."""
    fields: list[tuple[dict[str, Any], str]] = []
    items: list[tuple[list[Any], int]] = []
    for match in matches:
        if match.context is None:
            raise OverlayError(f"{where}: the document root cannot be removed")
        if isinstance(match.path, Fields):
            fields.append((match.context.value, match.path.fields[0]))
        elif isinstance(match.path, Index):
            items.append((match.context.value, match.path.indices[0]))
        else:
            raise OverlayError(f"{where}: cannot remove a node matched by {match.path}")
    for parent, key in fields:
        del parent[key]
    for array, index in sorted(items, key=lambda item: item[1], reverse=True):
        del array[index]


def _clone(node: Any) -> Any:
    """A copy sharing no containers, not even YAML aliases (deepcopy keeps those shared, so one update
    would silently change every place an anchor was used)."""
    if isinstance(node, dict):
        return {key: _clone(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_clone(value) for value in node]
    return node


def _name(number: int, action: dict[str, Any]) -> str:
    """``action N ('its description')``, the description on one line, so every message stays one line."""
    description = " ".join(str(action.get("description") or "").split())
    return f"action {number}" + (f" ({description!r})" if description else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="OpenAPI document (YAML or JSON)")
    parser.add_argument("overlay", type=Path, help="Overlay 1.0 document")
    parser.add_argument("-o", "--out", type=Path, help="write here instead of printing")
    parser.add_argument("--strict", action="store_true", help="a target that matches nothing is an error")
    args = parser.parse_args(argv)
    try:
        spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        print(f"overlay: cannot read spec {args.spec}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(spec, dict):
        print(f"overlay: spec {args.spec} is not a mapping", file=sys.stderr)
        return 2
    try:
        result = apply_overlay_file(spec, args.overlay, strict=args.strict)
    except OverlayError as exc:
        print(f"overlay: {exc}", file=sys.stderr)
        return 2
    text = yaml.safe_dump(result, sort_keys=False, allow_unicode=True)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
