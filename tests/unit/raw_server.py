"""A loopback HTTP/1.1 server on a raw socket, for what pytest-httpserver does not show: which connection each
request came on, and when the client closed a connection. It answers every request with `answer(request_line)`
and keeps the connection open, as a keep-alive server does."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from unit_helpers import OK_GROUPS


def http_answer(status: str, body: object = None) -> bytes:
    content = b"" if body is None else json.dumps(body).encode()
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(content)}\r\n\r\n"
    return head.encode() + content


GROUPS = http_answer("200 OK", OK_GROUPS)


@dataclass
class Connection:
    requests: list[str] = field(default_factory=list)
    """The request line of each request, in order."""
    closed: threading.Event = field(default_factory=threading.Event)
    """Set when the client closed the connection."""


class RawServer:
    def __init__(self, answer: Callable[[str], bytes] = lambda _: GROUPS) -> None:
        self._answer = answer
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.connections: list[Connection] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:  # closed
                return
            connection = Connection()
            self.connections.append(connection)
            threading.Thread(target=self._serve, args=(sock, connection), daemon=True).start()

    def _serve(self, sock: socket.socket, connection: Connection) -> None:
        pending = b""
        with sock:
            while True:
                while b"\r\n\r\n" not in pending:
                    chunk = sock.recv(65536)
                    if not chunk:
                        connection.closed.set()
                        return
                    pending += chunk
                head, _, pending = pending.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                length = next(
                    (int(line.split(":")[1]) for line in lines if line.lower().startswith("content-length")), 0
                )
                while len(pending) < length:
                    pending += sock.recv(65536)
                pending = pending[length:]
                connection.requests.append(lines[0])
                sock.sendall(self._answer(lines[0]))
