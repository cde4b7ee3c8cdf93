"""`make docs`: the API reference builds with --strict, and it names every public method users can call."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from functools import cached_property
from pathlib import Path

import pytest
from propello import AsyncPropello, Propello
from propello_api.api import AsyncResources, Resources

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Every page of the built site, concatenated."""
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}{result.stderr}"
    return "\n".join(page.read_text(encoding="utf-8") for page in out.rglob("*.html"))


def public_methods(cls: type) -> list[str]:
    return [name for name, _ in inspect.getmembers(cls, inspect.isfunction) if not name.startswith("_")]


def documented(cls: type, name: str) -> str:
    """Where mkdocstrings puts a member's anchor: the class as the reference page names it."""
    module = "propello" if cls.__module__.startswith("propello.") else cls.__module__.rsplit(".", 1)[0]
    return f'id="{module}.{cls.__qualname__}.{name}"'


@pytest.mark.parametrize(("client", "resources"), [(Propello, Resources), (AsyncPropello, AsyncResources)])
def test_every_resource_method_is_in_the_reference(site: str, client: type, resources: type) -> None:
    instance = client(access_token="t")  # sends nothing
    missing = []
    for attribute, member in vars(resources).items():
        if not isinstance(member, cached_property):
            continue
        for owner in inspect.getmro(type(getattr(instance, attribute)))[:-1]:  # the resource and its bases
            missing += [
                f"{client.__name__}.{attribute}.{name}"
                for name in public_methods(owner)
                if name in vars(owner) and documented(owner, name) not in site
            ]
    assert not missing, f"not in the API reference: {', '.join(missing)}"


@pytest.mark.parametrize("client", [Propello, AsyncPropello])
def test_every_client_method_is_in_the_reference(site: str, client: type) -> None:
    names = [*public_methods(client), "api_client", "base_url"]
    missing = [name for name in names if f'id="propello.{client.__name__}.{name}"' not in site]
    assert not missing, f"not in the API reference: {', '.join(missing)}"


def test_errors_and_readme_guides_are_in_the_site(site: str) -> None:
    assert 'id="propello.BulkCreateError"' in site
    assert re.search(r"Regenerating when the API moves", site)


def test_every_command_line_command_is_in_the_reference(site: str) -> None:
    """docs/reference/cli.md is generated from the command tree (scripts/docs_cli_reference.py)."""
    from propello.cli.operations import command_name, methods, resources

    commands = [
        f"propello {resource} {command_name(method.name)}"
        for resource, (cls, _) in resources().items()
        for method in methods(resource, cls)
    ]
    missing = [command for command in commands if f"<code>{command}</code>" not in site]
    assert commands and not missing, f"not in the command line reference: {', '.join(missing)}"


def test_every_exported_name_has_a_reference_entry(site: str) -> None:
    import propello

    missing = [name for name in propello.__all__ if f'id="propello.{name}"' not in site]
    assert not missing, f"exported by propello but not in the API reference: {', '.join(missing)}"


def test_reading_optional_fields_is_in_the_reference(site: str) -> None:
    assert 'id="propello_api.types.MissingFieldError"' in site
    assert "get_data" in site
