"""The [otel] extra stays optional: without it, or with tracing off, `import propello` and a client's calls load no
opentelemetry module; tracing=True without it is refused with the install command."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import sys
{before}
import propello
client = propello.Propello(access_token="pre-issued", base_url="http://127.0.0.1:9", tracing={tracing})
print(sorted(name for name in sys.modules if name.startswith("opentelemetry")))
"""


def run(tracing: str, before: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM.format(tracing=tracing, before=before)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_tracing_off_imports_no_opentelemetry() -> None:
    done = run("False")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_default_without_the_switch_imports_no_opentelemetry() -> None:
    done = run("None", env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_tracing_without_the_extra_names_the_install_command() -> None:
    """The extra missing: opentelemetry is made unimportable for the child process."""
    done = run("True", before="sys.modules['opentelemetry'] = None")
    assert done.returncode != 0
    assert "InvalidArgumentError" in done.stderr
    assert "pip install 'propello-cloud[otel]'" in done.stderr
