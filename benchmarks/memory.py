"""Peak memory of one call whose answer is a body at the default cap (max_response_bytes): a user list, the API's
largest answers. `python benchmarks/memory.py [MiB]` prints the body size and the peaks (Python allocations by
tracemalloc; the process's peak RSS growth) as JSON, for a body just under the default cap or under MiB mebibytes;
`make bench` records the default's in docs/benchmarks.md.

Measured in a process of its own, so nothing else the benchmarks did counts."""

from __future__ import annotations

import json
import resource
import socket
import sys
import threading
import tracemalloc
from typing import Any

from propello import Propello
from propello._settings import DEFAULT_MAX_RESPONSE_BYTES


def user_list_body(size: int) -> bytes:
    """A user list just under `size` bytes, each user as the docs show one (about 300 bytes)."""
    user = {
        "id": 123456,
        "UID": "9f8e7d6c-5b4a-3c2d-1e0f-a1b2c3d4e5f6",
        "email": "jane.doe.123456@example.com",
        "first_name": "Jane",
        "last_name": "Doe",
        "employee_id": "E-123456",
        "group_id": 42,
        "status": "active",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-01T00:00:00.000000Z",
    }
    one = json.dumps(user).encode()
    head, tail = b'{"status": 200, "timestamp": "2026-01-01T00:00:00Z", "data": [', b"]}"
    count = (size - len(head) - len(tail)) // (len(one) + 2)
    return head + b", ".join([one] * count) + tail


def serve(body: bytes) -> str:
    listener = socket.create_server(("127.0.0.1", 0))
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body

    def run() -> None:
        while True:
            sock, _ = listener.accept()
            with sock:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += sock.recv(65536)
                sock.sendall(answer)

    threading.Thread(target=run, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def measure(cap: int) -> dict[str, Any]:
    body = user_list_body(cap)
    url = serve(body)
    with Propello(access_token="t", base_url=url, rate_limit=None, max_retries=0, max_response_bytes=cap) as client:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        tracemalloc.start()
        answer = client.users.list()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
        assert len(answer.data) > 0
    return {"body_bytes": len(body), "tracemalloc_peak": peak, "rss_growth": rss}


if __name__ == "__main__":
    json.dump(measure(int(sys.argv[1]) << 20 if len(sys.argv) > 1 else DEFAULT_MAX_RESPONSE_BYTES), sys.stdout)
    print()
