"""Resource methods written once for Propello and AsyncPropello.

A resource method builds a *flow*: a generator that yields `Call`s (one generated-function call each, ready in a
sync and an async form) and receives their responses. A runner drives the flow: SyncRunner calls `sync_detailed`,
AsyncRunner awaits `asyncio_detailed`. The `endpoint` descriptor makes the same method return the result on a
`Resource[SyncRunner]` and an awaitable on a `Resource[AsyncRunner]`, and mypy sees both signatures.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, cast, overload

from propello_api import Client
from propello_api.types import Response

from ._errors import APIResponseValidationError, PropelloError

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Call:
    """One generated operation with its arguments bound, in both forms."""

    sync: Callable[[], Response[Any]]
    asyncio: Callable[[], Awaitable[Response[Any]]]


Flow = Generator[Call, Response[Any], T]
"""Yields Calls, receives their responses (or has their errors thrown in), returns the method's result."""


class GeneratedOperation(Protocol[P]):
    """A generated operation module, e.g. propello_api.api.user.get_user_detail (mypy checks modules against it)."""

    @property
    def sync_detailed(self) -> Callable[P, Response[Any]]: ...

    @property
    def asyncio_detailed(self) -> Callable[P, Awaitable[Response[Any]]]: ...


def invoke(expected: type[T], operation: GeneratedOperation[P], *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
    """Call one generated operation with these arguments (checked by mypy against its signature) and return its
    parsed 200 body, which must be an `expected`."""
    response = yield Call(
        lambda: operation.sync_detailed(*args, **kwargs), lambda: operation.asyncio_detailed(*args, **kwargs)
    )
    if not isinstance(response.parsed, expected):
        raise APIResponseValidationError(
            f"expected a {expected.__name__} from a {int(response.status_code)} response, "
            f"got {type(response.parsed).__name__}"
        )
    return response.parsed


@contextmanager
def _unparsable_as_error() -> Iterator[None]:
    """A 2xx body the generated parser chokes on (HTML, truncated JSON, odd status) is the API's fault."""
    try:
        yield
    except PropelloError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise APIResponseValidationError(
            f"could not parse the response ({type(exc).__name__}); the request was processed"
        ) from exc


class SyncRunner:
    def run(self, flow: Flow[T]) -> T:
        reply: Response[Any] | PropelloError | None = None
        while True:
            try:
                call = flow.throw(reply) if isinstance(reply, PropelloError) else flow.send(cast(Any, reply))
            except StopIteration as done:
                return cast(T, done.value)
            try:
                with _unparsable_as_error():
                    reply = call.sync()
            except PropelloError as exc:
                reply = exc


class AsyncRunner:
    async def run(self, flow: Flow[T]) -> T:
        reply: Response[Any] | PropelloError | None = None
        while True:
            try:
                call = flow.throw(reply) if isinstance(reply, PropelloError) else flow.send(cast(Any, reply))
            except StopIteration as done:
                return cast(T, done.value)
            try:
                with _unparsable_as_error():
                    reply = await call.asyncio()
            except PropelloError as exc:
                reply = exc


R = TypeVar("R", SyncRunner, AsyncRunner)


class Resource(Generic[R]):
    """A group of operations, bound to the generated client that carries our auth, retries and limiter."""

    def __init__(self, runner: R, api: Client) -> None:
        self._runner: R = runner
        self._api = api


class endpoint(Generic[P, T]):
    """Turns `def method(self, ...) -> Flow[T]` into a method that runs the flow with the resource's runner."""

    def __init__(self, build: Callable[Concatenate[Any, P], Flow[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> endpoint[P, T]: ...
    @overload
    def __get__(self, resource: Resource[SyncRunner], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(self, resource: Resource[AsyncRunner], owner: type[Any]) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        build, run = self._build, resource._runner.run

        @functools.wraps(build)
        def method(*args: Any, **kwargs: Any) -> Any:
            return run(build(resource, *args, **kwargs))

        return method
