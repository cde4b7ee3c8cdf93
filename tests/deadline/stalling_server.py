"""A loopback server that stalls on purpose, in the ways that per-read timeouts do not catch: it trickles the
answer (its head or its body) one byte at a time, each byte well within the read timeout, or it reads the
request and never answers. Each stall ends by itself after STALL_LIMIT seconds, so a client that is never cut
still ends its call (with a complete answer) and the test fails instead of hanging.

`requests` counts the requests it read in full: a write it read may have been processed."""

from __future__ import annotations

import socket
import threading
import time
from typing import Literal

Behaviour = Literal["trickle-head", "trickle-body", "silent"]
BYTE_EVERY = 0.3
"""Seconds between trickled bytes: far below any read timeout the tests use."""
STALL_LIMIT = 8.0

BODY = b'{"status": 200, "timestamp": "2026-01-01T00:00:00Z", "data": {"id": 1}}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY)


class StallingServer:
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def port(self) -> int:
        port: int = self._listener.getsockname()[1]
        return port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed.set()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        with sock:
            try:
                self._read_request(sock)
                self.requests += 1
                if self.behaviour == "silent":
                    self._closed.wait(STALL_LIMIT)
                    return
                answer = HEAD + BODY
                trickled = answer if self.behaviour == "trickle-head" else BODY
                sock.sendall(answer[: len(answer) - len(trickled)])
                end = time.monotonic() + STALL_LIMIT
                for index in range(len(trickled)):
                    if time.monotonic() < end and not self._closed.wait(BYTE_EVERY):
                        sock.sendall(trickled[index : index + 1])
                    else:
                        sock.sendall(trickled[index:])
                        break
            except OSError:  # the client gave up and closed: what the tests want
                return

    @staticmethod
    def _read_request(sock: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionResetError
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        fields = (line.partition(b":") for line in head.split(b"\r\n")[1:])
        length = next((int(value) for name, _, value in fields if name.strip().lower() == b"content-length"), 0)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionResetError
            body += chunk
