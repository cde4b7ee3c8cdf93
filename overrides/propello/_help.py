"""`help(Propello)` lists the resources and their methods. They are generated from the spec, so the list is made
from the classes themselves: a new operation or tag shows up without an edit here. It is made when the docstring
is first read (help(), inspect.getdoc()), not at import: listing the resources imports every tag's package and
its models, which `import propello` leaves for the first call. (The API reference built by `make docs` lists
them from the same classes.)"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from functools import cached_property
from typing import Any


class ListsResources(type):
    """The clients' metaclass: their `__doc__` is the class docstring followed by one line per resource attribute
    and per method, with its summary, made on first read."""

    _resource_docs: dict[type, str] = {}  # noqa: RUF012 (one cache for the metaclass's classes)

    @property
    def __doc__(cls) -> str:  # type: ignore[override]
        if cls not in ListsResources._resource_docs:
            ListsResources._resource_docs[cls] = _with_resources(cls)
        return ListsResources._resource_docs[cls]


def _with_resources(client: type) -> str:
    lines = ["", "Resources (help(client.users.get) and the like show a method in full):", ""]
    properties: dict[str, cached_property[Any]] = {}
    for owner in reversed(client.__mro__):  # not inspect.getmembers(client): it would read this __doc__ again
        properties.update({name: found for name, found in vars(owner).items() if isinstance(found, cached_property)})
    for name, member in sorted(properties.items()):
        lines.append(f"    {name}: {_summary(member.func)}")
        resource = typing.get_type_hints(member.func, localns=_resource_classes())["return"]
        for method_name, method in inspect.getmembers(resource, inspect.isfunction):
            if not method_name.startswith("_"):
                lines.append(f"        .{method_name}{_parameters(method)}: {_summary(method)}")
    own = client.__dict__.get("__doc__")
    return "\n".join([inspect.cleandoc(own if isinstance(own, str) else ""), *lines])


def _resource_classes() -> dict[str, Any]:
    """The names a resource property's return annotation may use that its module imports only for type checkers
    (propello_api.api imports its tags' packages on first use): the resource classes, imported now."""
    from propello_api import api

    from ._calls import resources

    return {
        **{name: getattr(api, name) for name in api.__all__ if name.endswith("Resource")},
        "Users": resources.Users,
        "AsyncUsers": resources.AsyncUsers,
    }


def _summary(function: object) -> str:
    return (inspect.getdoc(function) or "").partition("\n")[0]


def _parameters(method: Callable[..., Any]) -> str:
    """The parameters by name and default, without their types (the full signature is in the method's help)."""
    signature = inspect.signature(method)
    parameters = [parameter.replace(annotation=inspect.Parameter.empty) for parameter in signature.parameters.values()]
    return str(signature.replace(parameters=parameters[1:], return_annotation=inspect.Signature.empty))
