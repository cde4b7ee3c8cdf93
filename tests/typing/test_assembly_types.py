"""The assembly of a client's stack is typed end to end (_assembly.py): `mypy --strict` rejects a client wired
from the other mode's pieces, and accepts the real wiring. Each snippet below is a module of its own, checked in
one mypy run the way tests/docs/test_snippet_types.py checks the docs' snippets; a wrong one must fail on the line
marked `# wrong`, with the message given."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEADER = """
import httpx
from propello_api.api import Resources
from propello_api.types import SyncRunner

from propello import Propello
from propello._assembly import AsyncAssembly, Shared, SyncAssembly
from propello._client import _BaseClient
from propello._fleet import AsyncFleet, Fleet
from propello._transports.pool import Lifetime, VerifyOption, async_connection_pool
from propello._transports.retry import RetryPolicy
from propello._tracing.otel import Telemetry
"""

WRONG = {
    "async_transport_in_sync_client": (
        """
        def connect(shared: Shared[httpx.AsyncBaseTransport, AsyncFleet], policy: RetryPolicy) -> httpx.Client:
            return SyncAssembly().connect(shared, policy, httpx.Timeout(5.0), {}, copy=False)  # wrong
        """,
        'Argument 1 to "connect" of "SyncAssembly" has incompatible type "Shared[AsyncBaseTransport, AsyncFleet]"',
    ),
    "async_pool_in_sync_shared": (
        """
        def share(shared: Shared[httpx.BaseTransport, Fleet], base_url: str) -> Shared[httpx.BaseTransport, Fleet]:
            pool = async_connection_pool(base_url, None, True, shared.lifetime)
            return Shared(
                shared.settings,
                shared.auth,
                pool,  # wrong
                shared.clock,
                shared.backoff,
                shared.rate_limit,
                shared.max_response_bytes,
                shared.fleet,
                shared.observers,
                shared.lifetime,
            )
        """,
        'Argument 3 to "Shared" has incompatible type "AsyncPoolTransport"; expected "BaseTransport"',
    ),
    "async_assembly_in_sync_client": (
        """
        class Mixed(_BaseClient[httpx.Client, httpx.BaseTransport, Fleet, SyncRunner], Resources):
            _assembly = AsyncAssembly()  # wrong
        """,
        "Incompatible types in assignment",
    ),
    "sync_assembly_with_an_async_pool": (
        """
        class AsyncPool(SyncAssembly):
            def pool(  # wrong
                self,
                base_url: str,
                proxy: httpx.Proxy | None,
                verify: VerifyOption,
                http_client: httpx.Client | None,
                lifetime: Lifetime,
                telemetry: Telemetry | None,
            ) -> httpx.AsyncBaseTransport:
                return async_connection_pool(base_url, proxy, verify, lifetime)
        """,
        'Return type "AsyncBaseTransport" of "pool" incompatible with return type "BaseTransport"',
    ),
}

RIGHT = """
def connect(shared: Shared[httpx.BaseTransport, Fleet], policy: RetryPolicy) -> httpx.Client:
    return SyncAssembly().connect(shared, policy, httpx.Timeout(5.0), {}, copy=False)


class Mirror(_BaseClient[httpx.Client, httpx.BaseTransport, Fleet, SyncRunner], Resources):
    _assembly = SyncAssembly()


def shared_of(client: Propello) -> Shared[httpx.BaseTransport, Fleet]:
    return client._shared
"""


def mypy(files: list[Path]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return result.stdout + result.stderr


def test_mypy_rejects_a_client_wired_from_the_other_modes_pieces_and_accepts_the_real_one(tmp_path: Path) -> None:
    files = {}
    for name, (body, _) in WRONG.items():
        files[name] = tmp_path / f"{name}.py"
        files[name].write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    right = tmp_path / "right.py"
    right.write_text(HEADER + RIGHT, encoding="utf-8")
    # the real assembly too: it is what the wrong snippets break
    report = mypy([*files.values(), right, ROOT / "overrides" / "propello" / "_assembly.py"])
    # by file name: mypy's cache may replay an unchanged module's errors under the path it had then
    errors = [
        (Path(path).name, int(line), text)
        for path, line, text in re.findall(r"^(\S+?\.py):(\d+): error: (.*)$", report, flags=re.MULTILINE)
    ]
    snippets = {path.name for path in [*files.values(), right]}
    assert not [error for error in errors if error[0] not in snippets], report
    assert not [error for error in errors if error[0] == right.name], report
    for name, (_, message) in WRONG.items():
        lines = files[name].read_text(encoding="utf-8").splitlines()
        wrong_line = next(number for number, line in enumerate(lines, start=1) if line.endswith("# wrong"))
        found = [text for path, line, text in errors if path == files[name].name and line == wrong_line]
        assert found and message in found[0], f"{name}: expected {message!r} on line {wrong_line}:\n{report}"
