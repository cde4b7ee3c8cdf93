"""The README's promise, tried by brute force: whatever a public method is given and whatever the server answers,
it returns a result or raises a PropelloError or ValueError, never anything else (no RecursionError,
UnicodeEncodeError, RuntimeError, httpx exception).

Every public method of every resource is found from the generated layer, so a new operation is covered without
a change here. Each gets hostile arguments against a sane server, sane arguments against each hostile answer
(deep JSON, gzip bombs, echoed secrets, unusable token responses), and is called on a closed client and, for
AsyncPropello, from a second event loop. Constructor and with_options() get hostile settings."""

from __future__ import annotations

import asyncio
import collections.abc
import inspect
import math
import reprlib
import traceback
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any, Literal, get_args, get_origin, get_type_hints

import pytest
from drivers import Mode
from propello import AsyncPropello, Propello, PropelloError
from propello_api.api import Resources
from scenarios import SECRET, user
from server import HOSTILE, NO_FAULT, Fault, FaultServer, Incoming, Kind

TOKEN_PATH = "/v3/oauth/token"
USER = user("one")
Arguments = tuple[tuple[Any, ...], dict[str, Any]]


def deep(levels: int) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for _ in range(levels):
        nested = {"a": nested}
    return nested


HOSTILE_VALUES: list[object] = [
    "..",
    ".",
    "",
    "a\r\nX-Injected: 1",
    "nul\x00byte",
    "ünïcode@example.com",
    "\ud800",
    "a/b?c#d",
    "%2e%2e",
    "x" * 20_000,
    None,
    1.5,
    -1,
    True,
]
HOSTILE_BODIES: list[object] = [
    deep(5_000),
    {"email": "\ud800"},
    {"email": math.nan},
    {"email": object()},
    {"data": [deep(5_000)]},
    "jane@example.com",
    42,
    [USER],
]
HOSTILE_SETTINGS: list[dict[str, Any]] = (
    [{"default_headers": {"X-Note": value}} for value in ("a\r\nb", "a\nb", "a\x00b", "é", " lead", "trail ", "\ud800")]
    + [{"default_headers": {name: "v"}} for name in ("Bad Name", "X\r\nY", "Ü", "", "X:Y")]
    + [
        {"access_token": value, "client_id": None, "client_secret": None}
        for value in ("t\r\nX: 1", "tök", "t\x00", " t")
    ]
    + [{"max_response_bytes": value} for value in (0, -1, 1.5, True, "32", None)]
    + [
        {"client_secret": "\ud800"},
        {"scope": "\r\n"},
        {"base_url": "http://[::1"},
        {"base_url": "http://exa mple.com"},
        {"timeout": math.nan},
    ]
)
ANSWERS: list[tuple[str, Fault]] = [
    *((f"api {fault}", fault) for fault in HOSTILE),
    *(
        (f"token {fault}", fault)
        for fault in (
            Fault(Kind.TOKEN, fields=(("token_type", "MAC"),)),
            Fault(Kind.TOKEN, fields=(("access_token", "t\r\nX-Injected: 1"),)),
            Fault(Kind.TOKEN, fields=(("expires_in", "3600"),)),
            Fault(Kind.DEEP, 200),
            Fault(Kind.BOMB, 200),
            Fault(Kind.ECHO, 400),
        )
    ),
]


def resource_methods() -> list[tuple[str, str]]:
    """(resource, method) for every public method of every resource, as the generated Resources lists them."""
    client = Propello(access_token="t")
    resources = [name for name, value in vars(Resources).items() if isinstance(value, cached_property)]
    found = [
        (resource, name)
        for resource in resources
        for name, _ in inspect.getmembers(getattr(client, resource), inspect.ismethod)
        if not name.startswith("_")
    ]
    assert ("users", "create_many") in found and len(found) > 10
    return found


METHODS = resource_methods()


def normal_arguments(method: Callable[..., Any]) -> Iterator[Arguments]:
    """Well-formed arguments: a valid choice for enumerated path parameters, 7 for others; bodies of the shapes
    the API takes (an empty object, a user, a batch, or an iterable of users where that is wanted)."""
    path, body = _parameters(method)
    values = tuple(("id" if "id" in choices else sorted(choices)[0]) if choices else "7" for choices in path)
    if body is None:
        yield values, {}
    elif body[1]:
        yield values, {body[0]: [USER]}
        yield values, {body[0]: iter([user("two")])}
    else:
        for shape in ({}, USER, {"data": [USER]}, {"client_id": 7, "client_secret": SECRET}):
            yield values, {body[0]: shape}


def hostile_arguments(method: Callable[..., Any]) -> Iterator[Arguments]:
    """Each hostile value in each path position (the others well-formed), each hostile body."""
    [(values, kwargs), *_] = normal_arguments(method)
    for position in range(len(values)):
        for value in HOSTILE_VALUES:
            yield (*values[:position], value, *values[position + 1 :]), kwargs
    for name in kwargs:
        for body in HOSTILE_BODIES:
            yield values, {name: body}
            yield values, {name: iter([body])}


def _parameters(method: Callable[..., Any]) -> tuple[list[frozenset[str] | None], tuple[str, bool] | None]:
    """Path parameters (their allowed values, None when free) and the body parameter (name, takes an iterable)."""
    hints = get_type_hints(method)
    path: list[frozenset[str] | None] = []
    body = None
    for parameter in inspect.signature(method).parameters.values():
        hint = hints.get(parameter.name)
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            path.append(frozenset(get_args(hint)) if get_origin(hint) is Literal else None)
        elif parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and body is None:
            body = (parameter.name, get_origin(hint) is collections.abc.Iterable)
    return path, body


def answering(fault: Fault, on_token: bool) -> Callable[[Incoming], Fault]:
    def plan(incoming: Incoming) -> Fault:
        return fault if (incoming.path == TOKEN_PATH) == on_token else NO_FAULT

    return plan


Call = tuple[str, str, Arguments]


def calls(arguments: Callable[[Callable[..., Any]], Iterator[Arguments]]) -> list[Call]:
    client = Propello(access_token="t")
    return [
        (resource, name, args)
        for resource, name in METHODS
        for args in arguments(getattr(getattr(client, resource), name))
    ]


def untyped(mode: Mode, options: dict[str, Any], planned: list[Call], *, closed: bool = False) -> list[str]:
    """Make every call; describe each that raised something other than a PropelloError or ValueError."""
    found: list[str] = []

    def record(call: Call, exc: BaseException) -> None:
        if not isinstance(exc, PropelloError | ValueError):
            resource, name, ((args, kwargs)) = call
            where = "".join(traceback.format_exception(exc)[-3:])
            found.append(f"{resource}.{name}{_shown(args, kwargs)} raised {type(exc).__name__}: {where}")

    if mode == "sync":
        client = Propello(**options)
        if closed:
            client.close()
        for call in planned:
            resource, name, (args, kwargs) = call
            try:
                getattr(getattr(client, resource), name)(*args, **_fresh(kwargs))
            except BaseException as exc:
                record(call, exc)
        client.close()
        return found

    async def main() -> None:
        client = AsyncPropello(**options)
        if closed:
            await client.close()
        for call in planned:
            resource, name, (args, kwargs) = call
            try:
                await getattr(getattr(client, resource), name)(*args, **_fresh(kwargs))
            except BaseException as exc:
                record(call, exc)
        await client.close()

    asyncio.run(main())
    return found


def _fresh(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Iterators are used up by a call: each call gets its own."""
    return {name: iter(list(value)) if isinstance(value, Iterator) else value for name, value in kwargs.items()}


def _shown(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return f"({', '.join([*map(_short, args), *(f'{k}={_short(v)}' for k, v in kwargs.items())])})"


def _short(value: object) -> str:
    return reprlib.repr(value)  # bounded, however deep or long the value


@pytest.fixture
def quick(options: dict[str, Any]) -> dict[str, Any]:
    """Bombs stop at 1 MiB."""
    return {**options, "max_response_bytes": 1 << 20}


def test_hostile_arguments_raise_only_typed_errors(mode: Mode, quick: dict[str, Any]) -> None:
    assert untyped(mode, quick, calls(hostile_arguments)) == []


@pytest.mark.parametrize(("on_token", "fault"), [(name.startswith("token"), f) for name, f in ANSWERS], ids=str)
def test_hostile_answers_raise_only_typed_errors(
    mode: Mode, on_token: bool, fault: Fault, server: FaultServer, quick: dict[str, Any]
) -> None:
    server.plan = answering(fault, on_token)
    assert untyped(mode, quick, calls(normal_arguments)) == []


def test_a_closed_client_raises_only_typed_errors(mode: Mode, server: FaultServer, quick: dict[str, Any]) -> None:
    assert untyped(mode, quick, calls(normal_arguments), closed=True) == []
    assert server.exchanges == []


def test_a_second_event_loop_raises_only_typed_errors(server: FaultServer, quick: dict[str, Any]) -> None:
    client = AsyncPropello(**quick)
    asyncio.run(client.groups.list())
    found: list[str] = []

    async def second() -> None:
        for resource, name, (args, kwargs) in calls(normal_arguments):
            try:
                await getattr(getattr(client, resource), name)(*args, **_fresh(kwargs))
            except BaseException as exc:
                if not isinstance(exc, PropelloError | ValueError):
                    found.append(f"{resource}.{name} raised {type(exc).__name__}: {exc}")
        try:
            await client.close()
        except BaseException as exc:
            if not isinstance(exc, PropelloError | ValueError):
                found.append(f"close() raised {type(exc).__name__}: {exc}")

    asyncio.run(second())
    assert found == []
    assert len(server.exchanges) == 2  # the token and groups.list of the first loop, nothing from the second


@pytest.mark.parametrize("settings", HOSTILE_SETTINGS, ids=repr)
def test_hostile_settings_raise_only_typed_errors(
    mode: Mode, settings: dict[str, Any], server: FaultServer, quick: dict[str, Any]
) -> None:
    kind = Propello if mode == "sync" else AsyncPropello
    with pytest.raises(ValueError):  # InvalidArgumentError is one
        kind(**{**quick, **settings})
    headers = settings.get("default_headers")
    if headers is not None:
        with pytest.raises(ValueError):
            kind(**quick).with_options(default_headers=headers)
    assert server.exchanges == []
