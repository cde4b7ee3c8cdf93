"""The ETA reads the client's rate budget: what other workers already spent, and a 429's pause, lengthen it."""

from __future__ import annotations

from propello import RateLimit, RateLimitStatus
from propello.sync.refresh import seconds_for

LIMIT = RateLimit(calls=120, period=60.0)


def test_a_full_budget_sends_its_calls_at_once_then_one_every_half_second() -> None:
    assert seconds_for(100, LIMIT) == 0.0
    assert seconds_for(220, LIMIT) == 50.0
    full = RateLimitStatus(LIMIT, remaining=120, next_free_in=0.0, paused_for=0.0, shared=False)
    assert seconds_for(220, LIMIT, full) == 50.0


def test_a_budget_other_workers_spent_and_a_pause_count() -> None:
    spent = RateLimitStatus(LIMIT, remaining=20, next_free_in=3.0, paused_for=0.0, shared=True)
    assert seconds_for(100, LIMIT, spent) == 40.0
    paused = RateLimitStatus(LIMIT, remaining=0, next_free_in=0.0, paused_for=30.0, shared=True)
    assert seconds_for(10, LIMIT, paused) == 35.0


def test_the_client_limit_wins_over_the_one_assumed() -> None:
    raised = RateLimit(calls=240, period=60.0)
    status = RateLimitStatus(raised, remaining=0, next_free_in=0.0, paused_for=0.0, shared=False)
    assert seconds_for(240, LIMIT, status) == 60.0
