"""The API's operations as commands, made from the generated resources when they are used: a regeneration that
adds an operation or a tag adds its command, with no edit here.

Which operation a resource method sends is read by calling the method once with a runner that records it (the
public `propello_api.types.SyncRunner` protocol every generated method calls): the method's positional-only
parameters are the path parameters, its other parameter the body, its keyword-only ones the query parameters.
The operation's metadata (`propello_api.types.Operation`) then gives the path parameters' choices and whether the
body is required; the method's docstring (the spec's summary and description) gives the help."""

from __future__ import annotations

import inspect
import json
import sys
import typing
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import click
from propello_api.types import Operation, OperationModule

from . import output


@dataclass(frozen=True)
class Method:
    """A resource method and the operation it sends."""

    resource: str
    name: str
    operation: Operation
    body: str | None
    """The method's body parameter, when it takes one."""
    query: tuple[inspect.Parameter, ...]
    help: str


class _Found(Exception):
    def __init__(self, module: OperationModule) -> None:
        self.module = module


class _Recorder:
    """A SyncRunner that sends nothing: it reports which operation module a method hands it."""

    def run(self, operation: OperationModule, expected: type[Any], /, *path: Any, **arguments: Any) -> Any:
        raise _Found(operation)


def resources() -> dict[str, tuple[type, str]]:
    """Each resource attribute of the generated clients: name -> (its class, its description)."""
    from propello_api import api
    from propello_api.api import Resources

    # The return annotations name resource classes propello_api.api imports on first use: resolve them through it.
    classes = {name: getattr(api, name) for name in api.__all__ if name.endswith("Resource")}
    found: dict[str, tuple[type, str]] = {}
    for name, member in vars(Resources).items():
        if isinstance(member, cached_property):
            hints = typing.get_type_hints(member.func, localns=classes)
            found[name] = (hints["return"], inspect.getdoc(member.func) or "")
    return found


def methods(resource: str, cls: type) -> list[Method]:
    """The public methods of a generated resource class, each with the operation it sends."""
    found = []
    for name, function in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith("_"):
            continue
        parameters = list(inspect.signature(function).parameters.values())[1:]
        path = [p for p in parameters if p.kind is p.POSITIONAL_ONLY]
        body = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
        query = tuple(p for p in parameters if p.kind is p.KEYWORD_ONLY)
        try:
            getattr(cls(_Recorder()), name)(*[None] * len(path), **dict.fromkeys(body), **{p.name: None for p in query})
        except _Found as found_it:
            operation = found_it.module.OPERATION
        else:
            raise TypeError(f"{cls.__name__}.{name} did not hand its call to the runner: not a generated method")
        found.append(
            Method(resource, name, operation, body[0] if body else None, query, inspect.getdoc(function) or "")
        )
    return found


def command_name(name: str) -> str:
    return name.replace("_", "-")


def group(resource: str) -> click.Group | None:
    """The command group of one resource, or None when the clients have no such resource."""
    known = resources()
    if resource not in known:
        return None
    cls, description = known[resource]
    commands = {command_name(method.name): command(method) for method in methods(resource, cls)}
    return click.Group(resource, commands=commands, help=description, short_help=description.partition("\n")[0])


def command(method: Method) -> click.Command:
    """`propello <resource> <method> PATH... [--data JSON] [--query-option VALUE]`."""
    params: list[click.Parameter] = [
        click.Argument(
            [parameter.name],
            type=click.Choice(sorted(parameter.choices), case_sensitive=True) if parameter.choices else str,
        )
        for parameter in method.operation.path_parameters
    ]
    if method.body is not None:
        required = method.operation.body_required
        params.append(
            click.Option(
                ["--data", "-d"],
                metavar="JSON|@FILE|-",
                required=required,
                help=f"The {method.body} body as JSON: inline, @file.json, or - for stdin"
                + ("." if required else " (optional)."),
            )
        )
    params += output.format_options()
    params += [
        click.Option([f"--{command_name(p.name)}", p.name], default=None, help=f"The {p.name} query parameter.")
        for p in method.query
    ]

    def invoke(**values: Any) -> None:
        from .context import CLIContext

        context = click.get_current_context().find_object(CLIContext)
        assert context is not None  # root always sets it
        if values.pop("as_json"):
            context.output_format = "json"
        context.output_format = values.pop("output_format") or context.output_format
        path = [values.pop(parameter.name) for parameter in method.operation.path_parameters]
        arguments = {name: value for name, value in values.items() if value is not None and name != "data"}
        if method.body is not None and values.get("data") is not None:
            arguments[method.body] = read_data(values["data"])
        context.call(method.resource, method.name, path, arguments)

    summary = method.help.partition("\n")[0]
    return click.Command(
        command_name(method.name), params=params, callback=invoke, help=method.help, short_help=summary
    )


def read_data(source: str) -> Any:
    """--data: inline JSON, @path to a JSON file, or - for stdin. Raises click.UsageError naming the problem."""
    where = "--data"
    if source == "-":
        text, where = sys.stdin.read(), "--data - (stdin)"
    elif source.startswith("@"):
        try:
            with open(source[1:], encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise click.UsageError(
                f"--data {source}: cannot read the file ({getattr(exc, 'strerror', None) or exc})"
            ) from None
        where = f"--data {source}"
    else:
        text = source
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.UsageError(f"{where} is not valid JSON: {exc}") from None
    except RecursionError:
        raise click.UsageError(f"{where} nests too deeply") from None
