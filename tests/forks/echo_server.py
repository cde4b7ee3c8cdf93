"""A loopback API server that echoes a per-request id, so an answer that reaches the wrong caller (another
process's, another thread's) is caught: POST /v3/user/get/id/<n> answers the user with id <n>, after a short
random pause so that concurrent requests interleave. It runs in its own process (`python echo_server.py` prints
its port), so forking the test process never forks the server.

Routes: POST /v3/oauth/token issues a token (after `token_delay` seconds); POST /_echo/reset {"token_delay": s}
starts over; POST /_echo/stats answers {"token_requests": n, "requests": n}.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys

import httpx

CLIENT_ID = 1
CLIENT_SECRET = "echo-secret"


def reply(status: int, payload: object) -> bytes:
    body = json.dumps(payload).encode()
    head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


class Echo:
    def __init__(self) -> None:
        self.token_delay, self.token_requests, self.requests = 0.0, 0, 0

    async def answer(self, path: str, body: bytes) -> bytes:
        if path == "/_echo/reset":
            self.__init__()  # type: ignore[misc]
            self.token_delay = float(json.loads(body or b"{}").get("token_delay", 0.0))
            return reply(200, {})
        if path == "/_echo/stats":
            return reply(200, {"token_requests": self.token_requests, "requests": self.requests})
        self.requests += 1
        if path == "/v3/oauth/token":
            self.token_requests += 1
            await asyncio.sleep(self.token_delay)
            token = f"echo-token-{self.token_requests}"
            return reply(200, {"token_type": "Bearer", "expires_in": 3600, "access_token": token})
        parts = path.strip("/").split("/")
        if parts[:4] == ["v3", "user", "get", "id"]:
            await asyncio.sleep(random.uniform(0, 0.004))
            return reply(200, {"status": 200, "timestamp": "2026-01-01T00:00:00Z", "data": {"id": int(parts[4])}})
        return reply(404, {"message": "No route."})

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                fields = (line.partition(":") for line in lines[1:])
                length = next((int(value) for name, _, value in fields if name.lower() == "content-length"), 0)
                body = await reader.readexactly(length)
                writer.write(await self.answer(lines[0].split(" ")[1], body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


class EchoServer:
    """The server in its own process, and its control routes."""

    def __init__(self) -> None:
        self._process = subprocess.Popen([sys.executable, __file__], stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        self.url = f"http://127.0.0.1:{int(self._process.stdout.readline())}"

    def reset(self, token_delay: float = 0.0) -> None:
        httpx.post(self.url + "/_echo/reset", json={"token_delay": token_delay}).raise_for_status()

    def stats(self) -> dict[str, int]:
        stats: dict[str, int] = httpx.post(self.url + "/_echo/stats").json()
        return stats

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(5)


async def main() -> None:
    server = await asyncio.start_server(Echo().serve, "127.0.0.1", 0, backlog=256)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
