"""Run work in forked children, as the worker models teams use do: a bare os.fork, a multiprocessing fork pool and
a ProcessPoolExecutor on the fork context. Each child runs `calls_in_threads`, which makes calls from several
threads with the client the parent built (the module global CLIENT, set before forking) and reports every answer
that was not its own. Every run is bounded: a child still running at the deadline is killed and the run fails."""

from __future__ import annotations

import json
import multiprocessing
import os
import select
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from typing import Any

METHODS = ("os.fork", "multiprocessing.Pool", "ProcessPoolExecutor")
CHILDREN, THREADS, CALLS = 4, 4, 5
DEADLINE = 20.0
"""Seconds a whole run may take before its children are killed."""

CLIENT: Any = None
"""The Propello the parent built and used; the children inherit it."""


class ChildrenHung(AssertionError):
    pass


def own_id(number: int) -> int:
    """An id no other process or thread asks for."""
    return os.getpid() * 1000 + number


def calls_in_threads(child: int) -> dict[str, Any]:
    """THREADS threads x CALLS calls of users.get by a per-request id; what came back that was not asked for."""
    crossed: list[tuple[int, object]] = []
    errors: Counter[str] = Counter()
    lock, numbers = threading.Lock(), iter(range(THREADS * CALLS))

    def work() -> None:
        for _ in range(CALLS):
            with lock:
                asked = own_id(next(numbers))
            try:
                got = CLIENT.users.get("id", asked).data["id"]
            except Exception as error:  # every failure counts; the test shows them
                with lock:
                    errors[f"{type(error).__name__}: {str(error)[:120]}"] += 1
                continue
            if got != asked:
                with lock:
                    crossed.append((asked, got))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"pid": os.getpid(), "calls": THREADS * CALLS, "crossed": crossed, "errors": dict(errors)}


def run_children(method: str, work: Any = calls_in_threads, children: int = CHILDREN) -> list[dict[str, Any]]:
    """`work(child)` in `children` forked children by `method`; their results."""
    if method == "os.fork":
        return _bare_forks(work, children)
    context = multiprocessing.get_context("fork")
    if method == "multiprocessing.Pool":
        with context.Pool(children) as pool:
            try:
                return pool.map_async(work, range(children), chunksize=1).get(timeout=DEADLINE)
            except multiprocessing.TimeoutError:
                raise ChildrenHung(f"a {method} child still ran after {DEADLINE} s") from None
    executor = ProcessPoolExecutor(children, mp_context=context)
    try:
        futures = [executor.submit(work, child) for child in range(children)]
        _, late = wait_futures(futures, timeout=DEADLINE)
        if late:
            raise ChildrenHung(f"{len(late)} {method} children still ran after {DEADLINE} s")
        return [future.result() for future in futures]
    finally:
        for process in multiprocessing.active_children():
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)


def _bare_forks(work: Any, children: int) -> list[dict[str, Any]]:
    running: dict[int, tuple[int, bytearray]] = {}
    for child in range(children):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report, then leave without running the parent's cleanup
            code = 1
            try:
                os.close(read_end)
                payload = json.dumps(work(child)).encode()
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        running[pid] = (read_end, bytearray())
    results, end = [], time.monotonic() + DEADLINE
    try:
        pending = {fd: pid for pid, (fd, _) in running.items()}
        while pending:
            left = end - time.monotonic()
            if left <= 0:
                raise ChildrenHung(f"{len(pending)} os.fork children still ran after {DEADLINE} s")
            ready, _, _ = select.select(list(pending), [], [], left)
            for fd in ready:
                chunk = os.read(fd, 65536)
                if chunk:
                    running[pending[fd]][1].extend(chunk)
                else:
                    del pending[fd]
        for pid, (_, data) in running.items():
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0, f"child {pid} failed: {data[-500:]!r}"
            results.append(json.loads(data))
    finally:
        for pid, (fd, _) in running.items():
            os.close(fd)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    return results
