"""Python-API diff: what users import from ``propello_api`` and ``propello``, compared between two trees.

A tree is the list of directories holding the two packages, e.g. ``generated overrides`` for the committed
client, or a temp dir with a freshly generated ``propello_api`` plus ``overrides``. griffe reads both trees
statically (nothing is imported) and ``griffe.find_breaking_changes`` finds public objects removed or changed
in kind, parameters removed, made required, moved, changed in kind or default, required parameters added,
return values dropped and base classes removed. On top of that, a removed object with an added one of the same
kind and shape (class members, function parameters, module contents) in the same place is reported as renamed,
and added public objects are listed (not breaking), except a field with no default added to an attrs class (a
generated request model gaining a required property): the constructor griffe does not see gains a required
argument, so that is breaking. Public means what griffe calls public: no leading
underscore, or listed in ``__all__``.

Usage: ``python scripts/api_diff.py --old generated overrides --new /tmp/x overrides``; exit 1 when a change
is breaking.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import griffe
from change_report import ApiSection, Change, Rule, change_lines, counts
from generate import GenerationError, load_valid_spec, run_generator
from overlay import OverlayError, apply_overlay_file
from spec_check import first_validation_error

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("propello_api", "propello")
OVERRIDES = ROOT / "overrides"
OVERLAY = ROOT / "openapi" / "overlay.yaml"
HEADING = "Python API"
_GONE = "code that imports or uses it fails (ImportError / AttributeError)"


def _rules() -> dict[str, Rule]:
    rules = [
        Rule("parameter-removed", HEADING, "calls passing it raise TypeError"),
        Rule("parameter-kind-changed", HEADING, "calls passing it positionally or by keyword may raise TypeError"),
        Rule("parameter-required", HEADING, "calls that leave it out raise TypeError"),
        Rule("parameter-moved", HEADING, "positional calls pass their values to the wrong parameters"),
        Rule("parameter-default-changed", HEADING, "calls that leave it out now get another value"),
        Rule("parameter-added", HEADING, "a new required parameter: existing calls raise TypeError"),
        Rule("return-type-changed", HEADING, "code using the return value now gets None"),
        Rule("kind-changed", HEADING, "code using it as what it was (call, import, attribute) fails"),
        Rule("base-class-removed", HEADING, "isinstance checks and inherited members it relied on go"),
        Rule("attribute-type-changed", HEADING, "code typed against the old annotation no longer type-checks"),
        Rule("attribute-value-changed", HEADING, "code relying on the old value behaves differently"),
        Rule(
            "field-added-required",
            HEADING,
            "a new required constructor argument: constructing it as before raises TypeError (and fails mypy)",
        ),
    ]
    for kind in ("module", "class", "function", "method", "attribute", "name"):
        rules += [
            Rule(f"{kind}-removed", HEADING, _GONE),
            Rule(f"{kind}-renamed", HEADING, f"the old name is gone: {_GONE} until it uses the new one"),
            Rule(f"{kind}-added", HEADING, safe="new; existing code is unaffected"),
        ]
    return {rule.kind: rule for rule in rules}


RULES = _rules()
BREAKAGE_KINDS = {
    griffe.BreakageKind.PARAMETER_REMOVED: "parameter-removed",
    griffe.BreakageKind.PARAMETER_CHANGED_KIND: "parameter-kind-changed",
    griffe.BreakageKind.PARAMETER_CHANGED_REQUIRED: "parameter-required",
    griffe.BreakageKind.PARAMETER_MOVED: "parameter-moved",
    griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT: "parameter-default-changed",
    griffe.BreakageKind.PARAMETER_ADDED_REQUIRED: "parameter-added",
    griffe.BreakageKind.RETURN_CHANGED_TYPE: "return-type-changed",
    griffe.BreakageKind.OBJECT_CHANGED_KIND: "kind-changed",
    griffe.BreakageKind.CLASS_REMOVED_BASE: "base-class-removed",
    griffe.BreakageKind.ATTRIBUTE_CHANGED_TYPE: "attribute-type-changed",
    griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE: "attribute-value-changed",
}
Member = Any  # griffe.Object | griffe.Alias (griffe's own annotations are loose for members)


class ApiDiffError(Exception):
    """A tree whose packages cannot be read."""


def load_api(search_paths: Sequence[Path]) -> dict[str, griffe.Module]:
    """Both packages as griffe reads them from ``search_paths``, aliases between them resolved."""
    logging.getLogger("griffe").setLevel(logging.ERROR)  # unresolvable external aliases are expected
    loader = griffe.GriffeLoader(search_paths=[str(path) for path in search_paths], allow_inspection=False)
    modules = {}
    for package in PACKAGES:
        try:
            module = loader.load(package)
        except ImportError:
            raise ApiDiffError(f"package {package} not found in {', '.join(map(str, search_paths))}") from None
        if not isinstance(module, griffe.Module):
            raise ApiDiffError(f"{package} in {', '.join(map(str, search_paths))} is not a package")
        modules[package] = module
    loader.resolve_aliases(implicit=False, external=False)
    return modules


def diff_python_api(old_paths: Sequence[Path], new_paths: Sequence[Path]) -> list[Change]:
    """The public API changes of both packages from the ``old_paths`` tree to the ``new_paths`` one:
    breaking ones first, then by symbol."""
    old, new = load_api(old_paths), load_api(new_paths)
    changes: list[Change] = []
    for package in PACKAGES:
        breakages = list(griffe.find_breaking_changes(old[package], new[package]))
        removed = [b.obj for b in breakages if b.kind is griffe.BreakageKind.OBJECT_REMOVED]
        added = list(_added(old[package], new[package], set()))
        renamed = _renames(removed, added)
        for obj in removed:
            target = renamed.get(obj.path)
            if target is None:
                changes.append(_change(f"{_kind(obj)}-removed", obj.path, "removed"))
            else:
                changes.append(_change(f"{_kind(obj)}-renamed", obj.path, f"renamed to {target.name} (same shape)"))
        renamed_to = {target.path for target in renamed.values()}
        changes += [_added_change(obj) for obj in added if obj.path not in renamed_to]
        changes += [_breakage(b) for b in breakages if b.kind is not griffe.BreakageKind.OBJECT_REMOVED]
    return sorted(changes, key=lambda change: (not change.breaking, change.location, change.kind, change.detail))


def _change(kind: str, location: str, detail: str) -> Change:
    rule = RULES[kind]
    breaking = bool(rule.breaks)
    return Change(kind, location, detail, breaking, rule.reason(breaking), heading=HEADING)


# attrs class decorators: their classes get an __init__ with one parameter per annotated field. (griffe builds
# the __init__ of a dataclass itself, so a required dataclass field shows as parameter-added.)
FIELD_CLASS_DECORATORS = {
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
}


def _added_change(obj: Member) -> Change:
    """An added object: not breaking, unless it is a required field (see _is_required_field)."""
    if _is_required_field(obj):
        return _change("field-added-required", obj.path, f"required field {obj.name} added (no default)")
    return _change(f"{_kind(obj)}-added", obj.path, "added")


def _is_required_field(obj: Member) -> bool:
    """True for an annotated attribute with no default in an attrs class: the __init__ attrs writes (which griffe
    cannot see) requires it."""
    if obj.is_alias or not obj.is_attribute or obj.value is not None or obj.annotation is None:
        return False
    if "instance-attribute" not in obj.labels:  # a ClassVar is no constructor argument
        return False
    parent = obj.parent
    decorators = parent.decorators if parent is not None and parent.is_class else []
    return any(decorator.callable_path in FIELD_CLASS_DECORATORS for decorator in decorators)


def _breakage(breakage: griffe.Breakage) -> Change:
    old, new = breakage.old_value, breakage.new_value
    kind = BREAKAGE_KINDS[breakage.kind]
    details = {
        "parameter-removed": lambda: f"parameter {old.name} removed",
        "parameter-kind-changed": lambda: f"parameter {old.name}: {old.kind.value} -> {new.kind.value}",
        "parameter-required": lambda: f"parameter {old.name} is now required",
        "parameter-moved": lambda: f"parameter {old.name} moved ({breakage.details})",
        "parameter-default-changed": lambda: f"parameter {old.name} default {old.default} -> {new.default}",
        "parameter-added": lambda: f"required parameter {new.name} added",
        "kind-changed": lambda: f"{old.value} -> {new.value}",
    }
    detail = details.get(kind, lambda: f"{old} -> {new}")()
    return _change(kind, breakage.obj.path, detail)


def _target(obj: Member) -> Member:
    """The object an alias (an import) points to; the object itself otherwise. AliasResolutionError for an
    alias to something outside the two packages."""
    return obj.final_target if obj.is_alias else obj


def _kind(obj: Member) -> str:
    """module, class, function, method (a function in a class), attribute, or name (an unresolvable import)."""
    try:
        target = _target(obj)
    except griffe.AliasResolutionError:
        return "name"
    return "method" if target.is_function and target.parent.is_class else str(target.kind.value)


def _added(old: Member, new: Member, seen: set[str]) -> Iterator[Member]:
    """Public members of ``new`` that ``old`` lacks, looking inside modules and classes found in both
    (through aliases, as griffe.find_breaking_changes does); only the outermost added object is listed."""
    old_members = old.all_members
    for name, member in new.all_members.items():
        if not member.is_public:
            continue
        if name not in old_members:
            yield member
            continue
        try:
            before, after = _target(old_members[name]), _target(member)
        except griffe.AliasResolutionError:
            continue
        if after.path in seen or before.kind != after.kind or not (after.is_module or after.is_class):
            continue
        seen.add(after.path)
        yield from _added(before, after, seen)


def _renames(removed: list[Member], added: list[Member]) -> dict[str, Member]:
    """Removed object path -> the added object that replaces it: the only one added in the same parent
    with the same kind and shape."""
    by_place: dict[tuple[str, object], list[Member]] = {}
    for obj in added:
        shape = _shape(obj)
        if shape is not None:
            by_place.setdefault((obj.parent.path, shape), []).append(obj)
    renames = {}
    for obj in removed:
        shape = _shape(obj)
        candidates = by_place.get((obj.parent.path, shape), []) if shape is not None else []
        if len(candidates) == 1:
            renames[obj.path] = candidates[0]
    return renames


def _shape(obj: Member, depth: int = 0) -> object:
    """What stays when only the name changes: parameter names of a function, public member names of a class,
    the shapes of a module's public members. None when there is nothing to recognise it by."""
    try:
        target = _target(obj)
    except griffe.AliasResolutionError:
        return None
    if target.is_function:
        return ("function", tuple(parameter.name for parameter in target.parameters))
    public = {name: member for name, member in target.all_members.items() if member.is_public}
    if target.is_class and public:
        return ("class", frozenset(public))
    if target.is_module and public and depth < 2:
        return ("module", frozenset(_shape(member, depth + 1) for member in public.values()))
    return None


def overlaid_spec(spec_path: Path) -> tuple[dict[str, Any], list[str]]:
    """The spec with the repo's overlay applied, as `make generate SPEC=` builds it, and the targets of the
    overlay actions that matched nothing in it (skipped, as there: an operation the spec removed must show in
    the Python API as removed), instead of printing them."""
    unmatched: list[str] = []
    spec = load_valid_spec(spec_path)
    if OVERLAY.is_file():
        try:
            spec = apply_overlay_file(spec, OVERLAY, report=unmatched.append)
        except OverlayError as exc:
            raise GenerationError(f"overlay {OVERLAY}: {exc}") from None
    problem = first_validation_error(spec)
    if problem:
        raise GenerationError(f"spec {spec_path} with overlay {OVERLAY} is invalid: {problem}")
    targets = [re.search(r"target (.+) matched nothing", line) for line in unmatched]
    return spec, [match.group(1) if match else line for match, line in zip(targets, unmatched, strict=True)]


def generate_package(spec_path: Path, workdir: Path) -> tuple[Path, list[str]]:
    """Generate ``propello_api`` from ``spec_path`` with the repo's overlay (see overlaid_spec) into ``workdir``;
    return ``workdir``, the directory to search for it, and the overlay targets skipped. generated/ is not
    touched."""
    workdir.mkdir(parents=True, exist_ok=True)
    spec, skipped = overlaid_spec(spec_path)
    run_generator(spec, ROOT / "generator-config.yml", workdir)
    return workdir, skipped


def diff_generated(old_spec: Path | None, new_spec: Path) -> ApiSection:
    """The Python API changes between the clients generated from two specs, both with the repo's
    overrides/ (``old_spec`` None: the committed generated/). A spec that does not generate gives a
    section saying why, instead of changes."""
    with tempfile.TemporaryDirectory(prefix="propello-api-diff-") as tmp:
        try:
            old_root, old_skipped = (
                (ROOT / "generated", []) if old_spec is None else generate_package(old_spec, Path(tmp, "old"))
            )
            new_root, new_skipped = generate_package(new_spec, Path(tmp, "new"))
            changes = diff_python_api([old_root, OVERRIDES], [new_root, OVERRIDES])
        except (GenerationError, ApiDiffError) as exc:
            lines = str(exc).splitlines()
            return ApiSection(error=" ".join(lines[:3]) + (" ..." if len(lines) > 3 else ""))
    notes = [
        f"overlay actions skipped for the {side} spec (target matched nothing): {', '.join(skipped)}"
        for side, skipped in (("old", old_skipped), ("new", new_skipped))
        if skipped
    ]
    return ApiSection(changes, notes=notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, nargs="+", required=True, help="directories holding the old packages")
    parser.add_argument("--new", type=Path, nargs="+", required=True, help="directories holding the new packages")
    args = parser.parse_args(argv)
    try:
        changes = diff_python_api(args.old, args.new)
    except ApiDiffError as exc:
        print(f"api_diff: {exc}", file=sys.stderr)
        return 2
    print("\n".join([*change_lines(changes), counts(changes)]))
    return 1 if any(c.breaking for c in changes) else 0


if __name__ == "__main__":
    sys.exit(main())
