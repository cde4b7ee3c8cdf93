"""The README's shell example runs as written against a mock of the API: each `propello ...` line of its
```sh block under "From the shell", with `make mock`'s address replaced by the session's Prism."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from cli_helpers import PROPELLO, ROOT
from contract_helpers import example_credentials

MAKE_MOCK_URL = "http://127.0.0.1:4010"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### From the shell\n.*?```sh\n(.*?)```", text, flags=re.DOTALL)
    assert block, "the README has no shell example under 'From the shell'"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.startswith("propello ")]


def test_the_readme_shows_a_lookup_a_deactivation_and_jq() -> None:
    commands = readme_commands()
    assert any(c.startswith("propello users get ") for c in commands)
    assert any(c.startswith("propello users delete ") for c in commands)
    assert any("| jq " in c for c in commands)


def test_the_readme_shell_lines_run_against_the_mock(prism_url: str, cli_env: dict[str, str]) -> None:
    client_id, secret = example_credentials()
    env = {
        **cli_env,
        "PATH": f"{PROPELLO.parent}:{cli_env.get('PATH', '')}",
        "PROPELLO_BASE_URL": prism_url,
        "PROPELLO_CLIENT_ID": str(client_id),
        "PROPELLO_CLIENT_SECRET": secret,
    }
    for command in readme_commands():
        if "| jq " in command and shutil.which("jq") is None:  # a machine without jq: check the JSON it would get
            command = command.split("| jq ")[0]
        ran = subprocess.run(["bash", "-o", "pipefail", "-c", command], env=env, capture_output=True, text=True)
        assert ran.returncode == 0 and ran.stdout.strip(), f"{command}: {ran.stderr}"
        if "| jq " not in command:
            json.loads(ran.stdout)  # not a terminal: JSON
