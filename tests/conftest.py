"""Shared fixtures: a fake clock, and loopback test servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading

import pytest


class FakeClock:
    """A clock whose sleeps return at once and only move time forward, so timing tests are exact and fast.
    `sleeps` records every sleep, in order."""

    def __init__(self, wall: float = 1_700_000_000.0, monotonic: float = 1_000.0) -> None:
        self._wall, self._monotonic = wall, monotonic
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._monotonic

    def time(self) -> float:
        return self._wall

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._wall += seconds
            self._monotonic += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 (not "localhost", which may resolve to ::1 first), on a free port."""
    return ("127.0.0.1", 0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
