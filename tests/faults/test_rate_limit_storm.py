"""The client against a server enforcing the API's rolling window. The server and the client share the fake
clock, so every test here is exact (with one caller: concurrent fake sleeps would add up, not overlap)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from drivers import Call, Mode, run_flows
from fake_api import RetryAfterForm, RollingWindow
from propello import RateLimit
from scenarios import DEADLINE, check_no_secrets, check_writes, each, user
from server import FaultServer

CALLS, PERIOD = 20, 10.0
BURST = 60


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_client_slows_to_the_limit_after_a_429_storm(
    mode: Mode,
    form: RetryAfterForm,
    server: FaultServer,
    options: dict[str, Any],
    clock: Any,
    logs: pytest.LogCaptureFixture,
) -> None:
    """Another consumer has used the whole allowance when our client starts a burst: the client waits as each
    Retry-After says, then keeps to the limit by itself, never more than the limit in a window, no 429 after."""
    api = server.api
    window = api.window = RollingWindow(CALLS, PERIOD, clock)
    api.retry_after = form
    window.fill()
    start = clock.monotonic()
    calls = [Call("users.create", (user(f"storm-{n}"),)) for n in range(BURST)]

    [outcomes] = run_flows(mode, {**options, "rate_limit": RateLimit(CALLS, PERIOD)}, [each(calls)], deadline=DEADLINE)

    assert [o.error for o in outcomes if o.error] == []
    check_writes(outcomes, api)
    storm_end = start + PERIOD
    assert window.rejected_at, "no storm: the server never answered 429"
    assert max(window.rejected_at) < storm_end, "429s after the other consumer's requests left the window"
    assert window.busiest(since=start) <= CALLS, "the client sent more than the limit in one window"
    requests = BURST + 1  # and the token
    fastest = requests * PERIOD / CALLS  # the other consumer's slots free one by one, then CALLS per PERIOD
    assert window.arrived_at[-1] - start <= fastest + PERIOD, "the client waited much longer than it had to"
    check_no_secrets([], logs, api)


def test_no_429_when_requests_take_varying_time_to_arrive(
    mode: Mode,
    server: FaultServer,
    options: dict[str, Any],
    clock: Any,
    logs: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each request reaches the server 0-50 ms after it was sent (the shared fake clock moves on while it travels).
    A limiter pacing by send times alone lets a request that travels faster than the one a period before it land
    in the same server window."""
    api = server.api
    window = api.window = RollingWindow(CALLS, PERIOD, clock)
    rng, handle = random.Random(5), api.handle

    def travel_then_handle(*request: Any) -> Any:
        clock.advance(rng.uniform(0.0, 0.05))
        return handle(*request)

    monkeypatch.setattr(api, "handle", travel_then_handle)
    limited = {**options, "rate_limit": RateLimit(CALLS, PERIOD), "max_retries": 0}

    [outcomes] = run_flows(mode, limited, [each([Call("groups.get")] * BURST)], deadline=DEADLINE)

    assert [o.error for o in outcomes if o.error] == []
    assert window.rejected_at == []
    check_no_secrets([], logs, api)
