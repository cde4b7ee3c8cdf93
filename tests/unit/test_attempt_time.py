"""The arithmetic of an attempt's time (`_transports/deadline.py`) on the fake clock: what each connect, read and
write may wait, and what an attempt that ran out says about its request. (The same against real stalling servers:
tests/deadline.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpcore
import httpx
import pytest
from propello._transports.deadline import CURRENT, RequestTime, left_of
from propello._transports.network import left_to_send


@pytest.fixture
def attempt(clock: Any) -> Iterator[RequestTime]:
    """A request with timeout=2 (every phase) and deadline=5, as the retry layer sets it for its attempts."""
    request = httpx.Request("POST", "http://127.0.0.1/v3/user/create", extensions={"timeout": {"read": 2.0}})
    time = RequestTime(clock, request, 5.0)
    running = CURRENT.set(time)
    yield time
    CURRENT.reset(running)


def test_each_wait_gets_its_own_timeout_or_what_the_attempt_has_left(attempt: RequestTime, clock: Any) -> None:
    attempt.start()
    assert left_of(1.0, httpcore.ReadTimeout) == 1.0
    clock.advance(1.5)
    assert left_of(1.0, httpcore.ReadTimeout) == 0.5
    assert left_of(None, httpcore.ReadTimeout) == 0.5
    clock.advance(0.5)
    with pytest.raises(httpcore.ReadTimeout, match="ran out of time"):
        left_of(1.0, httpcore.ReadTimeout)


def test_outside_an_attempt_httpx_timeouts_apply_as_they_are(attempt: RequestTime) -> None:
    assert left_of(1.0, httpcore.ReadTimeout) == 1.0
    assert left_of(None, httpcore.ReadTimeout) is None


def test_an_attempt_that_ran_out_before_writing_says_nothing_left(attempt: RequestTime, clock: Any) -> None:
    """PoolTimeout: the request surely was not sent (not processed, and a write may be retried); once a byte was
    written, WriteTimeout: it may have been."""
    attempt.start()
    clock.advance(2.0)
    with pytest.raises(httpcore.PoolTimeout):
        left_to_send(1.0)
    attempt.stop()
    attempt.start()
    assert left_to_send(1.0) == 1.0
    clock.advance(2.0)
    with pytest.raises(httpcore.WriteTimeout):
        left_to_send(1.0)


def test_the_last_attempt_gets_what_is_left_of_the_deadline(attempt: RequestTime, clock: Any) -> None:
    attempt.start()
    clock.advance(2.0)
    attempt.stop()
    assert attempt.allows_wait(1.5)
    attempt.start()
    assert attempt.left() == 1.5, "5 s deadline - 2 s attempt - 1.5 s wait"
    clock.advance(1.5)
    attempt.stop()
    assert not attempt.allows_wait(0.1)
