"""The rate budget shared through Redis: at most `calls` requests in any rolling `period` across every process and
host that uses the same base URL, client id and scope.

The same rule as the in-process limiter (_transports/limiter.py): a request takes a permit when sent, and the permit
comes back a `period` after its answer. The decisions are Lua scripts (acquire.lua, report.lua), atomic on the
server and timed by its clock. A caller gets a permit or a wait: exact when the permits it needs come back at known
times, a short poll while they are held by requests in flight. A request whose answer is never reported (its process
died, or Redis failed meanwhile) holds its permit for LEASE beyond its period. A 429's pause is a key every ask
checks.

One Redis round trip per call: the report of an answer rides on the next ask for a permit from this process,
and only when none comes within REPORT_WITHIN does a background flush send it alone (a thread for Propello, a
task for AsyncPropello). A report says how long ago the answer came, so the permit still comes back a period
after the answer, not after the report. A 429 is reported at once, so its pause reaches the fleet.

Why not `limits` or `pyrate-limiter`: both time entries with the client's clock (hosts disagree), neither knows
when a request was answered (the arrival-time rule), nor gives a permit back, nor shares a 429's pause.

A pause is never slept in one piece: a caller asks again every PAUSE_POLL, so it goes as soon as the pause key does,
and after MAX_PAUSE (the longest Retry-After the client sits out) it asks past the pause. A pause longer than that
is none a 429 set: RedisHealth logs one warning naming the pause key. Keys of the wrong type are refused by the
scripts (key_types.lua) and count as Redis failing: this process's share of the budget, in-process, meanwhile.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from .._clock import Clock
from .._forks import follow
from .._transports.limiter import RateLimit, RateLimiter, RateLimitStatus, pause_after
from .._transports.retry import MAX_RETRY_AFTER
from .link import ROLES, FleetLink, redis_errors
from .scripts import ACQUIRE, REPORT, STATUS

if TYPE_CHECKING:
    import redis
    import redis.asyncio

LEASE = 60.0
"""Seconds past its period that a request whose answer was never reported keeps its permit."""
POLL = 0.01
"""Seconds between asks while the permits a caller needs are held by requests still in flight."""
REPORT_WITHIN = 0.002
"""Seconds an answer may wait for the next ask to carry its report before it is sent alone."""
PAUSE_POLL = 0.25
"""Seconds between asks while the fleet is paused: how late a caller may go after the pause key is deleted."""
MAX_PAUSE = MAX_RETRY_AFTER
"""Seconds one caller waits out the fleet's pause at most, however far ahead the pause key says (as for Retry-After)."""


@dataclass(frozen=True)
class Answer:
    entry: str | None
    """Granted: the entry to finish after the send. None: ask again after `wait` seconds."""
    wait: float
    paused: bool = False
    """The wait is a 429's pause (the fleet's pause key), not a permit coming back."""


class PauseWait:
    """How long one caller sleeps between asks: a permit's exact wait, but a pause in steps of PAUSE_POLL (it ends
    early when the pause key goes) and MAX_PAUSE at most in all, after which `over()` says to ask past the pause."""

    def __init__(self, clock: Clock) -> None:
        """`clock`: monotonic time, the same clock the caller sleeps on."""
        self._clock = clock
        self._ends: float | None = None

    def over(self) -> bool:
        """Whether this caller has waited out MAX_PAUSE of pause."""
        return self._ends is not None and self._clock.monotonic() >= self._ends

    def seconds(self, answer: Answer) -> float:
        """How long to sleep before asking again after `answer`."""
        if not answer.paused:
            return answer.wait
        now = self._clock.monotonic()
        if self._ends is None:
            self._ends = now + MAX_PAUSE
        return max(0.0, min(answer.wait, PAUSE_POLL, self._ends - now))


class _Budget:
    """What the sync and async budgets share: script arguments, pending reports, answers, and falling back when
    Redis fails."""

    def __init__(self, link: FleetLink, local: RateLimiter) -> None:
        """`link`: this fleet's keys, the link's health (shared with the token store) and the clock (waits, reports,
        Retry-After); `local`: the in-process limiter, limited to this process's share while Redis is down."""
        self._keys, self._local, self._health, self._clock = link.keys, local, link.health, link.clock
        self._limit: RateLimit = local.limit
        self._member = uuid.uuid4().hex[:16]
        self._numbers = itertools.count()
        self._members = 1
        self._alone = False
        self._rejoined: float | None = None
        """When Redis answered again after an outage (monotonic), until this process's share is lifted."""
        self._errors = redis_errors()
        self._lock = threading.Lock()
        self._reports: list[tuple[str, float]] = []
        """Answered entries not reported yet, with when they were answered (monotonic)."""
        follow(self)

    def after_fork(self) -> None:
        """A forked child is a member of its own: new member id and entry numbers (the parent's would collide in
        Redis, and the fleet would count one member for many), new locks; the parent's queued reports are the
        parent's to send."""
        self._member, self._numbers = uuid.uuid4().hex[:16], itertools.count()
        self._lock, self._reports = threading.Lock(), []

    def _acquire_call(self, past_pause: bool) -> tuple[str, dict[str, Any]]:
        entry = f"{self._member}:{next(self._numbers)}"
        keys = [self._keys.in_flight, self._keys.answered, self._keys.pause, self._keys.members]
        head = [self._limit.calls, self._limit.period * 1000, LEASE * 1000, entry, self._member, int(past_pause)]
        return entry, {"keys": keys, "args": head + self._take_reports()}

    def _answer(self, entry: str, raw: Any) -> Answer:
        granted, wait_ms, members, paused = raw
        self._members = max(1, int(members))
        self._worked()
        if int(granted):
            return Answer(entry, 0.0)
        wait = float(wait_ms) / 1000
        if int(paused) and wait > MAX_PAUSE:
            self._health.distrust(
                ROLES["pause"],
                f"is {wait:.0f} s ahead, longer than any 429 sets",
                f"callers wait {MAX_PAUSE:.0f} s at most (deleting the key ends the pause)",
            )
        return Answer(None, POLL if wait < 0 else wait, bool(int(paused)))

    def _defer(self, entry: str, response: httpx.Response | None) -> float | None:
        """Queue the report of `entry` for the next ask and answer None; or, for a 429, the pause (seconds) to
        report at once, with everything queued."""
        pause = None if response is None else pause_after(response, self._limit, self._clock)
        with self._lock:
            self._reports.append((entry, self._clock.monotonic()))
        return None if pause is None else pause.seconds

    def _due_in(self) -> float | None:
        """Seconds until the oldest queued report must go alone; None when none is queued."""
        with self._lock:
            oldest = self._reports[0][1] if self._reports else None
        return None if oldest is None else oldest + REPORT_WITHIN - self._clock.monotonic()

    def _take_reports(self) -> list[str | float]:
        """Queued reports as REPORT's pairs: entry, and milliseconds since its answer."""
        with self._lock:
            taken, self._reports = self._reports, []
        now = self._clock.monotonic()
        return [part for entry, answered in taken for part in (entry, (now - answered) * 1000)]

    def _report_call(self, pause: float) -> dict[str, Any] | None:
        """REPORT's arguments for everything queued, or None when there is nothing to say."""
        entries = self._take_reports()
        if not entries and not pause:
            return None
        keys = [self._keys.in_flight, self._keys.answered, self._keys.pause]
        return {"keys": keys, "args": [self._limit.period * 1000, pause * 1000, LEASE * 1000, *entries]}

    def _status_call(self) -> dict[str, Any]:
        keys = [self._keys.in_flight, self._keys.answered, self._keys.pause]
        return {"keys": keys, "args": [self._limit.period * 1000, LEASE * 1000, *self._take_reports()]}

    def _status(self, raw: Any) -> RateLimitStatus:
        """STATUS's answer as a RateLimitStatus; a permit held by a request in flight is a period away, and a pause
        counts for MAX_PAUSE at most (what a caller sits out of it)."""
        held, back_ms, paused_ms = int(raw[0]), float(raw[1]), float(raw[2])
        self._worked()
        next_free = back_ms / 1000 if back_ms >= 0 else self._limit.period if held else 0.0
        remaining = max(0, self._limit.calls - held)
        return RateLimitStatus(self._limit, remaining, next_free, min(paused_ms / 1000, MAX_PAUSE), shared=True)

    def _worked(self) -> None:
        """Redis answered. Back from an outage, this process keeps to its share for one more period: a Redis that
        restarted empty knows nothing of the requests the fleet made meanwhile."""
        self._health.worked()
        if self._alone:
            self._alone, self._rejoined = False, self._clock.monotonic()
        if self._rejoined is not None and self._clock.monotonic() >= self._rejoined + self._limit.period:
            self._rejoined = None
            self._local.limit_to(None)

    def _failed(self, error: BaseException) -> None:
        """Carry on alone with this process's share of the budget, as seen when Redis last answered. Reports lost
        with the failed call only hold their permits until their lease runs out."""
        self._alone = True
        self._local.limit_to(self._limit.calls // self._members)
        self._health.failed(error)


class SharedBudget(_Budget):
    def __init__(self, client: redis.Redis, link: FleetLink, local: RateLimiter) -> None:
        """`client`: redis-py's client for the shared Redis; the rest as in _Budget."""
        super().__init__(link, local)
        self._acquire = client.register_script(ACQUIRE)
        self._report = client.register_script(REPORT)
        self._read_status = client.register_script(STATUS)
        self._turn = threading.Lock()
        self._queued = threading.Event()
        self._flusher: threading.Thread | None = None
        self._closed = False

    def after_fork(self) -> None:
        """Also a new turn and wake-up event; the flush thread did not come along: finish() starts one when needed."""
        super().after_fork()
        self._turn, self._queued = threading.Lock(), threading.Event()
        self._flusher = None

    def permit(self) -> str | None:
        """Wait (sleeping as Redis says) for a permit; its entry, or None when Redis is down. One caller of this
        process at a time asks (the turn), so a busy process sends one ask per wake-up, not one per thread."""
        with self._turn:
            waits = PauseWait(self._clock)
            while (answer := self.acquire(past_pause=waits.over())) is not None and answer.entry is None:
                self._clock.sleep(waits.seconds(answer))
        return None if answer is None else answer.entry

    def acquire(self, past_pause: bool = False) -> Answer | None:
        """A permit or a wait from Redis; None when Redis is down (go on with the in-process limiter alone).
        `past_pause`: ignore the fleet's pause (this caller has waited MAX_PAUSE of it)."""
        if not self._health.usable():
            return None
        entry, call = self._acquire_call(past_pause)
        try:
            return self._answer(entry, self._acquire(**call))
        except self._errors as error:
            self._failed(error)
            return None

    def status(self) -> RateLimitStatus:
        """The fleet's budget now, from Redis; this process's own when Redis is down or failing."""
        if self._health.usable():
            try:
                return self._status(self._read_status(**self._status_call()))
            except self._errors as error:
                self._failed(error)
        return self._local.status()

    def finish(self, entry: str, response: httpx.Response | None) -> None:
        """The request sent under `entry` was answered (`response`) or failed (None)."""
        pause = self._defer(entry, response)
        if pause is not None:
            self._send(pause)
            return
        if self._flusher is None:  # none yet, or this is a forked child (after_fork): the thread did not come along
            self._flusher = threading.Thread(target=self._flush, name="propello-redis-reports", daemon=True)
            self._flusher.start()
        self._queued.set()

    def close(self) -> None:
        """Stop the flush thread and send what is queued (before the Redis client closes under it)."""
        self._closed = True
        self._queued.set()
        if self._flusher is not None and self._flusher is not threading.current_thread():  # a collection in it
            self._flusher.join(1.0)
        self._send(0.0)

    def _flush(self) -> None:
        while not self._closed:
            due = self._due_in()
            if due is None:
                self._queued.wait()
                self._queued.clear()
            elif due > 0:
                self._clock.sleep(due)
            else:
                self._send(0.0)

    def _send(self, pause: float) -> None:
        call = self._report_call(pause)
        if call is None or not self._health.usable():
            return
        try:
            self._report(**call)
        except self._errors as error:
            self._failed(error)


class AsyncSharedBudget(_Budget):
    def __init__(self, client: redis.asyncio.Redis, link: FleetLink, local: RateLimiter) -> None:
        """`client`: redis-py's asyncio client for the shared Redis; the rest as in _Budget."""
        super().__init__(link, local)
        self._acquire = client.register_script(ACQUIRE)
        self._report = client.register_script(REPORT)
        self._read_status = client.register_script(STATUS)
        self._turn = asyncio.Lock()
        self._flusher: asyncio.Task[None] | None = None

    def after_fork(self) -> None:
        """As SharedBudget.after_fork; the flush task belonged to the parent's loop."""
        super().after_fork()
        self._turn, self._flusher = asyncio.Lock(), None

    async def permit(self) -> str | None:
        """As SharedBudget.permit."""
        async with self._turn:
            waits = PauseWait(self._clock)
            while (answer := await self.acquire(past_pause=waits.over())) is not None and answer.entry is None:
                await self._clock.asleep(waits.seconds(answer))
        return None if answer is None else answer.entry

    async def acquire(self, past_pause: bool = False) -> Answer | None:
        """As SharedBudget.acquire."""
        if not self._health.usable():
            return None
        entry, call = self._acquire_call(past_pause)
        try:
            return self._answer(entry, await self._acquire(**call))
        except self._errors as error:
            self._failed(error)
            return None

    async def status(self) -> RateLimitStatus:
        """As SharedBudget.status."""
        if self._health.usable():
            try:
                return self._status(await self._read_status(**self._status_call()))
            except self._errors as error:
                self._failed(error)
        return self._local.status()

    async def finish(self, entry: str, response: httpx.Response | None) -> None:
        """As SharedBudget.finish, the flush being a task of the running loop."""
        pause = self._defer(entry, response)
        if pause is not None:
            await self._send(pause)
        elif self._flusher is None or self._flusher.done():
            self._flusher = asyncio.ensure_future(self._flush())

    async def aclose(self) -> None:
        """Stop the flush task and send what is queued."""
        if self._flusher is not None:
            self._flusher.cancel()
        await self._send(0.0)

    async def _flush(self) -> None:
        while (due := self._due_in()) is not None:
            if due > 0:
                await self._clock.asleep(due)
            else:
                await self._send(0.0)

    async def _send(self, pause: float) -> None:
        call = self._report_call(pause)
        if call is None or not self._health.usable():
            return
        try:
            await self._report(**call)
        except self._errors as error:
            self._failed(error)
