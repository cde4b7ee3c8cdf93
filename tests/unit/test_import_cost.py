"""What `import propello` loads, so it stays cheap (its time is measured by `make bench`, docs/benchmarks.md):
no asyncio for sync users, no attrs and no generated model until a resource is used. Checked in fresh
interpreters, as a command line starts one per call; nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("asyncio", "attr", "attrs", "propello_api.models", "propello_api.client", "propello._calls.resources")


def loaded_after(code: str) -> set[str]:
    """The heavy modules a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = json.loads(result.stdout.splitlines()[-1])
    return {heavy for heavy in HEAVY if any(m == heavy or m.startswith(heavy + ".") for m in modules)}


@pytest.mark.parametrize(
    "code",
    [
        "import propello",
        "import propello_api, propello_api.api, propello_api.types",
    ],
)
def test_importing_loads_nothing_heavy(code: str) -> None:
    assert loaded_after(code) == set()


def test_building_a_sync_client_loads_no_asyncio() -> None:
    # main's propello._exports loads every public name together (users' resources and their models included),
    # so `from propello import Propello` loads the models: only "no asyncio" holds after the merge.
    assert "asyncio" not in loaded_after("from propello import Propello\nPropello(access_token='t')")


def test_a_resource_loads_its_models_on_first_use() -> None:
    loaded = loaded_after("from propello import Propello\nPropello(access_token='t').groups")
    assert "propello_api.models" in loaded
    assert "asyncio" not in loaded, "a sync client never needs asyncio"


def test_help_and_dir_still_see_every_name() -> None:
    code = (
        "import propello, pydoc\n"
        "assert 'Propello' in dir(propello) and 'ActivationEmail' in dir(propello)\n"
        "text = pydoc.render_doc(propello.Propello)\n"
        "assert 'create_many' in text and 'request_token' in text, text\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
