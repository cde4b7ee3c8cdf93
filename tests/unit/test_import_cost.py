"""What `import propello` loads, so it stays cheap (its time is measured by `make bench`, docs/benchmarks.md):
no asyncio for sync users, no attrs and no generated model until a resource is used. Checked in fresh
interpreters, as a command line starts one per call; nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer

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


def test_from_propello_import_propello_loads_no_model() -> None:
    # Every public name loads together (propello._exports), Users and its resource base class included: the
    # generated resource classes import their models and operation modules only when a resource is made.
    assert loaded_after("from propello import Propello") == {"propello._calls.resources"}


def test_building_a_sync_client_loads_no_model_and_no_asyncio() -> None:
    # The generated Client is an attrs class, so attrs loads with it; no model does.
    code = "from propello import Propello\nPropello(access_token='t', base_url='http://127.0.0.1:9')"
    assert loaded_after(code) == {"attr", "attrs", "propello_api.client", "propello._calls.resources"}


@pytest.mark.parametrize("resource", ["users", "groups"])
def test_a_resource_loads_its_models_on_first_use(resource: str) -> None:
    loaded = loaded_after(f"from propello import Propello\nPropello(access_token='t').{resource}")
    assert "propello_api.models" in loaded
    assert "asyncio" not in loaded, "a sync client never needs asyncio"


def test_the_first_call_finds_what_it_needs(httpserver: HTTPServer) -> None:
    """A resource made in a fresh interpreter sends its first call with the models it imported on being made."""
    httpserver.expect_request("/v3/user/get/email/a@example.com", method="POST").respond_with_json(
        {"data": {"email": "a@example.com"}}
    )
    code = (
        "from propello import Propello\n"
        f"with Propello(access_token='t', base_url={httpserver.url_for('/')!r}) as client:\n"
        "    print(type(client.users.get('email', 'a@example.com')).__name__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "UserResponse"), result.stderr


def test_help_and_dir_still_see_every_name() -> None:
    code = (
        "import propello, pydoc\n"
        "assert 'Propello' in dir(propello) and 'ActivationEmail' in dir(propello)\n"
        "text = pydoc.render_doc(propello.Propello)\n"
        "assert 'create_many' in text and 'request_token' in text, text\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
