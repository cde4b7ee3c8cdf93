"""The built wheel is what a downstream SDK gets: both packages, typed, licensed, nothing else."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from propello._version import client_version
from propello_api import API_VERSION

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("propello_cloud-*.whl")
    return built


def test_wheel_holds_both_packages_typed_and_licensed(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"propello", "propello_api", wheel.name.split("-py3")[0] + ".dist-info"}
    assert {"propello/py.typed", "propello_api/py.typed"} <= set(names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/tests/" in n]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Python: >=3.10" in metadata
    assert "# Propello Cloud Python client" in metadata  # README as long description


def oldest_supported_python() -> str | None:
    """A working Python 3.10 (PATH or pyenv), if this machine has one."""
    candidates = [shutil.which("python3.10"), *map(str, Path.home().glob(".pyenv/versions/3.10*/bin/python3.10"))]
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "--version"], capture_output=True).returncode == 0:
            return candidate
    return None


INTERPRETERS = [p for p in (oldest_supported_python(), sys.executable) if p]


@pytest.mark.parametrize("interpreter", INTERPRETERS, ids=lambda p: Path(p).name)
def test_wheel_installs_into_a_fresh_venv_and_imports(wheel: Path, tmp_path: Path, interpreter: str) -> None:
    env_dir = tmp_path / "venv"
    clean_env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYENV_VERSION"}}
    subprocess.run([interpreter, "-m", "venv", str(env_dir)], check=True, capture_output=True, env=clean_env)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
        env=clean_env,
    )
    probe = (
        "import propello, propello_api, propello_api.api, pathlib;"
        "print(propello.__version__, propello.__api_version__, pathlib.Path(propello.__file__).parent.parent.name)"
    )
    result = subprocess.run(
        [str(python), "-c", probe], check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_env
    )
    version, api_version, site = result.stdout.split()
    assert api_version == API_VERSION  # the generated package's, whatever spec it came from
    assert version.startswith(api_version + ".")
    assert version == client_version(api_version)
    assert site == "site-packages"  # imported from the install, not from the checkout
    cli = subprocess.run(
        [str(python), "-m", "propello", "--version"], check=True, capture_output=True, text=True, env=clean_env
    )
    assert cli.stdout.strip() == f"propello-cloud {version} (Propello Cloud API {api_version})"
    # The quickstart needs nothing but the wheel and its runtime dependencies (no dev tools) to import.
    load_quickstart = (
        "import importlib.util, sys;"
        f"spec = importlib.util.spec_from_file_location('quickstart', {str(ROOT / 'examples' / 'quickstart.py')!r});"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module);"
        "print(callable(module.main), 'pytest' in sys.modules, 'yaml' in sys.modules)"
    )
    example = subprocess.run(
        [str(python), "-c", load_quickstart], check=True, capture_output=True, text=True, cwd=tmp_path, env=clean_env
    )
    assert example.stdout.split() == ["True", "False", "False"]
