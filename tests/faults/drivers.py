"""Runs scenario flows through Propello or AsyncPropello, so every scenario is written once for both.

A flow is a generator that yields Calls (`users.get` and its arguments) and is sent each call's Outcome: its
result, or the PropelloError it raised. Any other exception is a client bug: it ends the flow and fails the test.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from propello import AsyncPropello, Propello, PropelloError

T = TypeVar("T")
Mode = Literal["sync", "async"]


@dataclass(frozen=True)
class Call:
    method: str
    """`resource.method` on the client, e.g. "users.get"."""
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_write(self) -> bool:
        return self.method.startswith("users.create")


@dataclass(frozen=True)
class Outcome:
    call: Call
    result: Any = None
    error: PropelloError | None = None


Flow = Generator[Call, Outcome, T]


def run_flows(mode: Mode, options: Mapping[str, Any], flows: list[Flow[T]], *, deadline: float) -> list[T]:
    """Run the flows at once on one client (a thread each for Propello, a task each for AsyncPropello) and return
    their results; fail if they are not all done within `deadline` seconds, which means something hung."""
    if mode == "sync":
        with Propello(**options) as client:
            return _in_threads([functools.partial(_drive, client, flow) for flow in flows], deadline)

    async def main() -> list[T]:
        async with AsyncPropello(**options) as client:
            return list(await asyncio.gather(*(_adrive(client, flow) for flow in flows)))

    return _in_threads([lambda: asyncio.run(main())], deadline)[0]


def _drive(client: Propello, flow: Flow[T]) -> T:
    try:
        call = next(flow)
        while True:
            try:
                outcome = Outcome(call, result=_bound(client, call)())
            except PropelloError as exc:
                outcome = Outcome(call, error=exc)
            call = flow.send(outcome)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def _adrive(client: AsyncPropello, flow: Flow[T]) -> T:
    try:
        call = next(flow)
        while True:
            try:
                outcome = Outcome(call, result=await _bound(client, call)())
            except PropelloError as exc:
                outcome = Outcome(call, error=exc)
            call = flow.send(outcome)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def _bound(client: Propello | AsyncPropello, call: Call) -> Callable[[], Any]:
    resource, name = call.method.split(".")
    return functools.partial(getattr(getattr(client, resource), name), *call.args, **call.kwargs)


def _in_threads(works: list[Callable[[], T]], deadline: float) -> list[T]:
    """Daemon threads, so a hung one cannot keep the test process alive; their stacks go into the failure."""
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[], T]) -> None:
        try:
            results[index] = work()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=item, daemon=True) for item in enumerate(works)]
    for thread in threads:
        thread.start()
    end = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    hung = [t for t in threads if t.is_alive()]
    if hung:
        frames = sys._current_frames()
        stacks = "".join("".join(traceback.format_stack(frames[t.ident])) for t in hung if t.ident in frames)
        raise AssertionError(f"{len(hung)} flow(s) still running after {deadline}s: the client hung\n{stacks}")
    if errors:
        raise errors[0]
    return [results[i] for i in range(len(works))]
