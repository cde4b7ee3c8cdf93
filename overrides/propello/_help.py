"""`help(Propello)` lists the resources and their methods. They are generated from the spec, so the list is made
from the classes themselves when the package is imported: a new operation or tag shows up without an edit here.
(The API reference built by `make docs` lists them from the same classes.)"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from functools import cached_property
from typing import Any


def with_resources(client: type) -> None:
    """Append to `client`'s docstring one line per resource attribute and per method, with its summary."""
    lines = ["", "Resources (help(client.users.get) and the like show a method in full):", ""]
    for name, member in inspect.getmembers(client, lambda found: isinstance(found, cached_property)):
        lines.append(f"    {name}: {_summary(member.func)}")
        resource = typing.get_type_hints(member.func)["return"]
        for method_name, method in inspect.getmembers(resource, inspect.isfunction):
            if not method_name.startswith("_"):
                lines.append(f"        .{method_name}{_parameters(method)}: {_summary(method)}")
    client.__doc__ = "\n".join([inspect.cleandoc(client.__doc__ or ""), *lines])


def _summary(function: object) -> str:
    return (inspect.getdoc(function) or "").partition("\n")[0]


def _parameters(method: Callable[..., Any]) -> str:
    """The parameters by name and default, without their types (the full signature is in the method's help)."""
    signature = inspect.signature(method)
    parameters = [parameter.replace(annotation=inspect.Parameter.empty) for parameter in signature.parameters.values()]
    return str(signature.replace(parameters=parameters[1:], return_annotation=inspect.Signature.empty))
