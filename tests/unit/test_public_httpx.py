"""overrides/ uses httpx through its public API only: no private module (`httpx._types`), and no private attribute
of an httpx object, read or written, on our subclasses of httpx classes either (`self._cookies = ...`). A private
attribute may change in any httpx release without notice; this test names the line that uses one.

By the source (ast), without running anything: on `self` in a class derived from an httpx class (or mixed in next
to one), any private name that class uses on its instances; elsewhere, any private name httpx's source uses,
unless our own code defines it (a method of ours, or an attribute we set on our own objects)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import httpx

OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
HTTPX = Path(httpx.__file__).parent
PRIVATE = re.compile(r"_[a-z]\w*")


def _self_attributes_by_class() -> dict[str, set[str]]:
    """For each class in httpx's source, the private attributes its methods use on `self`. (By source: httpx
    sets `__module__ = "httpx"` on its classes, so inspect cannot find their source.)"""
    found: dict[str, set[str]] = {}
    for path in HTTPX.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                found.setdefault(node.name, set()).update(
                    inner.attr
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Attribute)
                    and isinstance(inner.value, ast.Name)
                    and inner.value.id == "self"
                    and PRIVATE.fullmatch(inner.attr)
                )
    return found


SELF_ATTRIBUTES = _self_attributes_by_class()
HTTPX_PRIVATE = {name for path in HTTPX.rglob("*.py") for name in re.findall(r"\.(_[a-z]\w*)", path.read_text())}
"""Every private attribute name httpx's source uses on anything."""


def _private_names_of(cls: type) -> set[str]:
    """What an httpx class and its httpx bases define or set on their instances, private ones only."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] == "httpx":
            names |= {name for name in vars(klass) if PRIVATE.fullmatch(name)}
            names |= SELF_ATTRIBUTES.get(klass.__name__, set())
    return names


def _httpx_bases(node: ast.ClassDef, classes: dict[str, ast.ClassDef]) -> list[type]:
    """The httpx classes `node` derives from, directly or through classes of the same module."""
    found: list[type] = []
    for base in node.bases:
        if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name) and base.value.id == "httpx":
            found.append(getattr(httpx, base.attr))
        elif isinstance(base, ast.Name) and base.id in classes:
            found += _httpx_bases(classes[base.id], classes)
    return found


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _defined_by_us(tree: ast.AST) -> set[str]:
    """The methods our classes define and the attributes they set on `self`: a name of ours, even where httpx
    happens to use the same one on its own objects."""
    names = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names |= {
                    element.attr for element in elements if isinstance(element, ast.Attribute) and _is_self(element)
                }
    return names


def _violations(source: str, where: str, ours: set[str] = frozenset()) -> list[str]:
    tree = ast.parse(source, filename=where)
    found: list[str] = []
    classes = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    # A class mixed in next to an httpx class shares its instances: it must not touch httpx's private names either.
    mixed_into: dict[str, set[str]] = {}
    for node in classes.values():
        private = set().union(*(_private_names_of(cls) for cls in _httpx_bases(node, classes)))
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                mixed_into.setdefault(base.id, set()).update(private)
        mixed_into.setdefault(node.name, set()).update(private)
    ours = ours | _defined_by_us(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("httpx._"):
            found.append(f"{where}:{node.lineno}: from {node.module} import ...")
        if isinstance(node, ast.Import):
            found += [f"{where}:{node.lineno}: import {a.name}" for a in node.names if a.name.startswith("httpx._")]
    for class_node in classes.values():
        for node in ast.walk(class_node):
            if isinstance(node, ast.Attribute) and _is_self(node) and node.attr in mixed_into[class_node.name]:
                found.append(f"{where}:{node.lineno}: self.{node.attr} is httpx's (in {class_node.name})")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not PRIVATE.fullmatch(node.attr):
            continue
        if isinstance(node.value, ast.Name) and node.value.id == "httpx":
            found.append(f"{where}:{node.lineno}: httpx.{node.attr}")
        elif not _is_self(node) and node.attr in HTTPX_PRIVATE and node.attr not in ours:
            found.append(f"{where}:{node.lineno}: .{node.attr}, a private attribute of httpx")
    return found


def test_overrides_use_no_private_httpx_attribute() -> None:
    sources = {str(path.relative_to(OVERRIDES.parent)): path.read_text() for path in sorted(OVERRIDES.rglob("*.py"))}
    ours = set().union(*(_defined_by_us(ast.parse(source)) for source in sources.values()))
    found = [line for where, source in sources.items() for line in _violations(source, where, ours)]
    assert found == []


def test_the_check_finds_what_the_client_once_did() -> None:
    """The uses this package once had (httpx's router, its cookie jar), and a private module, are each reported."""
    sample = (
        "import httpx\n"
        "from httpx._types import CookieTypes\n\n\n"
        "class Pool(httpx.BaseTransport):\n"
        "    def __init__(self, client: httpx.Client) -> None:\n"
        "        self._client = client\n\n"
        "    def handle_request(self, request: httpx.Request) -> httpx.Response:\n"
        "        return self._client._transport_for_url(request.url).handle_request(request)\n\n\n"
        "class Ours(httpx.Client):\n"
        "    def __init__(self) -> None:\n"
        "        super().__init__()\n"
        "        self._cookies = httpx.Cookies()\n"
        "        self._mine = 1\n"
    )
    found = _violations(sample, "sample.py")
    assert [line.split(": ", 1)[1] for line in found] == [
        "from httpx._types import ...",
        "self._cookies is httpx's (in Ours)",
        "._transport_for_url, a private attribute of httpx",
    ]
