"""The benchmarks' API server: the fault suite's in-memory Propello API (tests/faults/fake_api.py, no faults)
behind a minimal asyncio HTTP/1.1 layer (keep-alive, Content-Length bodies).

It runs in its own process (`python benchmarks/bench_server.py` prints its port), so its cost is the same for
both sides measured and does not compete with them for the GIL. Two control routes, outside the API:
POST /_bench/reset {"rate_limit": [calls, period] | null, "retry_after": "seconds" | "none"} starts over with an
empty store, and POST /_bench/stats answers request counts by path, 429s and token requests.

`BenchServer` starts it and drives those routes (benchmarks/run.py and tests/fleet use it).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "faults"))

from fake_api import FakeApi, Reply, RetryAfterForm, json_reply

CLIENT_ID = 1
CLIENT_SECRET = "bench-secret"


class Service:
    def __init__(self) -> None:
        self.reset(None)

    def reset(self, rate_limit: tuple[int, float] | None, retry_after: RetryAfterForm = "seconds") -> None:
        self.api = FakeApi(
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, clock=time, rate_limit=rate_limit, retry_after=retry_after
        )
        self.paths: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if path == "/_bench/reset":
            asked = json.loads(body or b"{}")
            limit = asked.get("rate_limit")
            self.reset(None if limit is None else (int(limit[0]), float(limit[1])), asked.get("retry_after", "seconds"))
            return json_reply(200, {})
        if path == "/_bench/stats":
            stats = {"paths": self.paths, "statuses": self.statuses, "token_requests": self.api.token_requests}
            return json_reply(200, stats)
        reply = self.api.handle(method, path, headers, body).reply
        self.paths[path.split("?", 1)[0]] += 1
        self.statuses[reply.status] += 1
        return reply


class HTTPProtocol(asyncio.Protocol):
    def __init__(self, service: Service) -> None:
        self._service = service
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (request := self._next_request()) is not None:
            assert self._transport is not None
            self._transport.write(self._service.answer(*request).http())

    def _next_request(self) -> tuple[str, str, dict[str, str], bytes] | None:
        head_end = self._buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        request_line, *lines = self._buffer[:head_end].decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        end = head_end + 4 + int(headers.get("content-length", 0))
        if len(self._buffer) < end:
            return None
        body, self._buffer = self._buffer[head_end + 4 : end], self._buffer[end:]
        method, path, _ = request_line.split(" ", 2)
        return method, path, headers, body


class BenchServer:
    """This server in its own process, and its control routes."""

    def __init__(self) -> None:
        self._process = subprocess.Popen([sys.executable, __file__], stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.url = f"http://127.0.0.1:{int(self._process.stdout.readline())}"
        self._control = httpx.Client(base_url=self.url)

    def reset(self, rate_limit: tuple[int, float] | None = None, retry_after: RetryAfterForm = "seconds") -> None:
        """An empty store and fresh counts; `rate_limit` (calls, period) enforced by arrival time, its 429s
        carrying Retry-After in whole seconds, or nothing ("none")."""
        asked = {"rate_limit": None if rate_limit is None else list(rate_limit), "retry_after": retry_after}
        self._control.post("/_bench/reset", json=asked).raise_for_status()

    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self._control.post("/_bench/stats").json()
        return stats

    def close(self) -> None:
        self._control.close()
        self._process.terminate()
        self._process.wait(5)


async def serve() -> None:
    service = Service()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HTTPProtocol(service), "127.0.0.1", 0, backlog=256)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve())
