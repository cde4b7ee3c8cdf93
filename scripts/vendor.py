"""`make vendor PACKAGE=acme_sdk._vendor.propello`: both packages under another import path, for an SDK that
ships its own copy of this client and must not clash with another SDK's copy (or with `propello` itself).

The result, under OUT (default build/vendor), is two packages side by side:

- ``<PACKAGE>``: overrides/propello. Its own imports are relative already; each ``from propello_api... import``
  (the only absolute imports of ours it has) is pointed at the vendored generated package. The rewrite is
  driven by the syntax tree: only the module name of those import statements changes, and the result is
  parsed again and compared with the original tree to prove that nothing else did.
- ``<PACKAGE>_api``: generated/propello_api, as `make generate` wrote it (the generator emits relative imports
  only; this script checks that). Its directory name is the only thing that changes.

The copy names its logger and its Redis keys after its own package (propello._logging.PACKAGE), so two copies
in one process or one Redis share no state. The parents of PACKAGE (``acme_sdk/_vendor``) are created when
missing, without ``__init__.py`` files: they are the SDK's own packages.
"""

from __future__ import annotations

import argparse
import ast
import keyword
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {"propello": ROOT / "overrides" / "propello", "propello_api": ROOT / "generated" / "propello_api"}
GENERATED = "propello_api"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


class VendorError(Exception):
    """A package name or a source file this script cannot vendor; printed as one line."""


def check_package(package: str) -> None:
    """Raise unless ``package`` is a dotted import path of identifiers that clashes with neither original."""
    parts = package.split(".")
    bad = [part for part in parts if not part.isidentifier() or keyword.iskeyword(part)]
    if bad:
        raise VendorError(f"PACKAGE {package!r} is not a dotted import path ({bad[0]!r} is not an identifier)")
    if parts[0] in SOURCES:
        raise VendorError(f"PACKAGE {package!r} is inside {parts[0]!r}: it would clash with the normal install")


def absolute_imports_of(tree: ast.AST, package: str) -> list[ast.Import | ast.ImportFrom]:
    """The statements of ``tree`` that import ``package`` or a module in it by absolute name."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name == package or name.startswith(package + ".") for name in names):
            found.append(node)
    return found


def point_imports(source: str, old: str, new: str, filename: str) -> str:
    """``source`` with each ``from <old>[.x] import ...`` made ``from <new>[.x] import ...``, nothing else changed.

    Raises:
        VendorError: ``import <old>...`` (the bound name would change too), or a rewrite that changed more than
            the module names (checked on the syntax trees).
    """
    tree = ast.parse(source, filename)
    lines = source.splitlines(keepends=True)
    statements = absolute_imports_of(tree, old)
    for node in sorted(statements, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        if isinstance(node, ast.Import):
            raise VendorError(
                f"{filename}:{node.lineno}: `import {old}...` cannot be vendored; use `from {old} import`"
            )
        line = lines[node.lineno - 1]
        start = line.index(old, node.col_offset + len("from"))  # the module name follows `from` and spaces
        lines[node.lineno - 1] = line[:start] + new + line[start + len(old) :]
    result = "".join(lines)
    expected = ast.parse(source, filename)
    for node in absolute_imports_of(expected, old):
        if isinstance(node, ast.ImportFrom) and node.module:
            node.module = new + node.module[len(old) :]
    if ast.dump(ast.parse(result, filename)) != ast.dump(expected):
        raise VendorError(f"{filename}: rewriting the imports of {old} changed more than their module names")
    return result


def vendor(package: str, out: Path) -> tuple[Path, Path]:
    """Write ``<package>`` and ``<package>_api`` under ``out``; return their directories. Each replaces what was
    there only once both are complete."""
    check_package(package)
    api_package = f"{package}_api"
    targets = {
        name: out.joinpath(*dotted.split(".")) for name, dotted in (("propello", package), (GENERATED, api_package))
    }
    with tempfile.TemporaryDirectory(prefix="propello-vendor-") as tmp:
        staged = {name: Path(tmp, name) for name in SOURCES}
        for name, source in SOURCES.items():
            shutil.copytree(source, staged[name], ignore=IGNORED)
        for path in sorted(staged[GENERATED].rglob("*.py")):
            if absolute_imports_of(ast.parse(path.read_text(encoding="utf-8"), str(path)), GENERATED):
                raise VendorError(f"{path.relative_to(tmp)} imports {GENERATED} by absolute name: regenerate it")
        for path in sorted(staged["propello"].rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            path.write_text(point_imports(text, GENERATED, api_package, str(path.relative_to(tmp))), encoding="utf-8")
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(staged[name], target)
    return targets["propello"], targets[GENERATED]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="the import path of the vendored client, e.g. acme_sdk._vendor.propello")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "vendor", help="where the packages go")
    args = parser.parse_args(argv)
    try:
        client, api = vendor(args.package, args.out)
    except VendorError as exc:
        print(f"vendor: {exc}", file=sys.stderr)
        return 2
    for path in (client, api):
        print(f"vendor: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
