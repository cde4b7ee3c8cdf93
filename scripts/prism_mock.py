"""Start a Prism mock of the spec on a free loopback port, wait until it answers, and always stop it.

One implementation for the contract tests (tests/contract/conftest.py) and the demo (scripts/demo.py).
Prism runs with its defaults: it serves the spec's examples and validates every request (422 for a body or path
value the spec does not accept, 401 for a missing bearer token, 415 for a body where the spec has none). We do
not pass --errors: for this spec it would only turn Prism's check of the spec's own response examples into 500s,
which tests the docs, not the client.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "openapi" / "openapi.yaml"
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0
"""Seconds to wait for Prism to answer; it usually takes a few."""
_STOP_TIMEOUT = 5.0
_PORT_ATTEMPTS = 3
"""A free port can be taken by someone else before Prism binds it; then we try another."""


class PrismError(RuntimeError):
    """Prism could not be started; the message ends with its log."""


@dataclass(frozen=True)
class PrismMock:
    url: str
    log_path: Path

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int = 0) -> str:
        """Prism's log from byte `offset` on (use log_size() before a request to get only its lines)."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")


def command(port: int, spec: Path = SPEC, host: str = HOST) -> list[str]:
    return [str(PRISM), "mock", "-h", host, "-p", str(port), str(spec)]


@contextmanager
def running_prism(log_path: Path, spec: Path = SPEC, startup_timeout: float = STARTUP_TIMEOUT) -> Iterator[PrismMock]:
    """Prism serving `spec` on 127.0.0.1, its output in `log_path`; stopped on exit, whatever happened inside."""
    if not PRISM.exists():
        raise PrismError(f"{PRISM.relative_to(ROOT)} not found: run `make setup` to install the Node tools")
    for attempt in range(1, _PORT_ATTEMPTS + 1):
        port = _free_port()
        process = _start(port, spec, log_path)
        try:
            mock = PrismMock(f"http://{HOST}:{port}", log_path)
            if _wait_until_answering(mock, process, startup_timeout):
                yield mock
                return
            if attempt == _PORT_ATTEMPTS or "EADDRINUSE" not in mock.log_since():
                raise PrismError(
                    f"Prism exited with status {process.returncode}; its log ({log_path}):\n{mock.log_since()}"
                )
        finally:
            _stop(process)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _start(port: int, spec: Path, log_path: Path) -> subprocess.Popen[bytes]:
    """Prism in its own process group (so _stop reaches every process it starts, and a Ctrl-C meant for us does
    not kill it before we can stop it in order)."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command(port, spec),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_until_answering(mock: PrismMock, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """True once Prism answers any HTTP request; False if it exited first; PrismError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        if _answers(mock.url):
            return True
        if time.monotonic() > deadline:
            raise PrismError(
                f"Prism did not answer on {mock.url} within {timeout:.0f}s; its log ({mock.log_path}):\n"
                f"{mock.log_since()}"
            )
        time.sleep(0.1)
    return False


def _answers(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=1.0)
    try:
        connection.request("GET", "/")  # any status will do: Prism answers 404 for a path outside the spec
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to Prism's whole process group, SIGKILL if it is still there after a few seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=_STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            continue
