"""The version scheme <API version>.<client major>.<client minor>: what pins downstream can rely on."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from propello import _version
from propello._version import MAJOR, MINOR, SERIES_OF, client_version
from propello_api import API_VERSION

ROOT = Path(__file__).resolve().parents[2]
VERSION_FILE = ROOT / "overrides" / "propello" / "_version.py"


def test_the_series_api_version_carries_the_client_major_and_minor() -> None:
    assert client_version(SERIES_OF) == f"{SERIES_OF}.{MAJOR}.{MINOR}"


@pytest.mark.parametrize(
    ("api_version", "expected"),
    [("3.1.0", "3.1.0.1.0"), ("4", "4.0.0.1.0"), ("3.1", "3.1.0.1.0"), ("03.01.0", "3.1.0.1.0")],
)
def test_another_api_version_starts_a_new_series_padded_to_three_numbers(api_version: str, expected: str) -> None:
    assert client_version(api_version) == expected


@pytest.mark.parametrize("api_version", ["", "3.0.0.1", "v3", "3.0.0-beta", "2024-05-01", "3..0", "\uff13"])
def test_an_api_version_no_client_version_can_carry_is_refused(api_version: str) -> None:
    with pytest.raises(ValueError, match=r"is not N, N\.N or N\.N\.N"):
        client_version(api_version)


@pytest.mark.parametrize(
    ("pin", "accepted", "excluded"),
    [
        # A caller on client major 3 of API 3.0.0 takes fixes and features, never the next breaking release.
        ("~=3.0.0.3.0", ["3.0.0.3.0", "3.0.0.3.1", "3.0.0.3.17"], ["3.0.0.4.0", "3.0.1.1.0", "3.1.0.1.0"]),
        (">=3.0.0.3.0,<3.0.0.4", ["3.0.0.3.0", "3.0.0.3.9"], ["3.0.0.4.0", "3.0.0.2.0", "3.1.0.1.0"]),
        # Releases before the scheme had a minor number compare as minor 0 (PEP 440 pads with zeros).
        ("~=3.0.0.2.0", ["3.0.0.2", "3.0.0.2.1"], ["3.0.0.3.0", "3.0.0.1"]),
    ],
)
def test_compatible_release_pins_exclude_breaking_client_releases(
    pin: str, accepted: list[str], excluded: list[str]
) -> None:
    specifier = SpecifierSet(pin)
    assert [v for v in accepted if Version(v) in specifier] == accepted
    assert [v for v in excluded if Version(v) in specifier] == []


def test_the_build_reads_the_version_with_no_runtime_dependency_importable() -> None:
    """What the isolated build does (pyproject [tool.hatch.version]): run _version.py alone, with nothing of ours
    or httpx importable, and call version_of_tree."""
    probe = (
        "import runpy, sys;"
        "sys.modules['httpx'] = None; sys.modules['propello_api'] = None;"
        f"module = runpy.run_path({str(VERSION_FILE)!r});"
        "print(module['version_of_tree'](module['__file__']))"
    )
    result = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == client_version(API_VERSION)


def test_a_tree_without_an_api_version_is_named(tmp_path: Path) -> None:
    version_file = tmp_path / "overrides" / "propello" / "_version.py"
    version_file.parent.mkdir(parents=True)
    (tmp_path / "generated" / "propello_api").mkdir(parents=True)
    (tmp_path / "generated" / "propello_api" / "_api_version.py").write_text('SPEC = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="assigns no API_VERSION: run `make generate`"):
        runpy.run_path(str(VERSION_FILE))["version_of_tree"](str(version_file))


def test_the_module_imports_nothing_at_load_time() -> None:
    assert not [name for name, value in vars(_version).items() if type(value) is type(sys)]
