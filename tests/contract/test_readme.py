"""The README's Python code runs as written against the mock, so it cannot rot: each ```python block, in order,
with `make mock`'s address replaced by the session's mock and the environment from_env() reads set to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from contract_helpers import example_credentials

README = Path(__file__).resolve().parents[2] / "README.md"
MAKE_MOCK_URL = "http://127.0.0.1:4010"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_readme_has_python_to_run() -> None:
    assert len(BLOCKS) >= 3
    assert MAKE_MOCK_URL in BLOCKS[0], "the first example should run against `make mock` as written"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(1, len(BLOCKS) + 1)])
def test_readme_block_runs_against_the_mock(
    block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    client_id, secret = example_credentials()
    monkeypatch.setenv("PROPELLO_BASE_URL", mock_url)
    monkeypatch.setenv("PROPELLO_CLIENT_ID", str(client_id))
    monkeypatch.setenv("PROPELLO_CLIENT_SECRET", secret)
    monkeypatch.delenv("PROPELLO_ACCESS_TOKEN", raising=False)
    exec(compile(block.replace(MAKE_MOCK_URL, mock_url), f"README.md {block.splitlines()[0]}", "exec"), {})
    assert capsys.readouterr().out.strip(), "each block prints what it got"
