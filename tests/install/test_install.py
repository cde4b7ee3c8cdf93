"""Installed as users install it: the sdist, the wheel, a copy of the source tree and a git URL, each built by pip
or `python -m build` WITH build isolation (only the pinned backend, no runtime dependency) into its own fresh venv.

There the installed client imports, reports the version its metadata carries, and makes a real call against a
loopback server. `make dist` and tests/packaging build with --no-isolation inside .venv, where httpx is importable:
only an isolated build shows whether the version can be read without it. The installs run side by side and share
the user's pip cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

import propello
import pytest
from propello_api import API_VERSION
from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = propello.__version__  # of the checkout, as .venv imports it

PROBE = """
import importlib.metadata, pathlib, sys
import propello, propello_api, propello_api.models

assert propello.__version__ == importlib.metadata.version("propello-cloud"), propello.__version__
with propello.Propello(client_id=1, client_secret="s3cret", base_url=sys.argv[1], rate_limit=None) as client:
    group = client.groups.get()
print(propello.__version__, propello.__api_version__, group.data.name)
print(*sorted({pathlib.Path(p.__file__).parents[1].name for p in (propello, propello_api)}))
"""


def clean_environment() -> dict[str, str]:
    """This process's environment minus what would leak .venv or the checkout into the new venvs (which share
    the user's pip cache, as a user's installs do)."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYENV_VERSION", "PIP_NO_BUILD_ISOLATION", "PIP_NO_CACHE_DIR"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-6000:]}"
    return result


@pytest.fixture(scope="module")
def source_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean copy of the checkout as it is now (the files git sees, nothing else), committed to its own git
    repository so that it can be installed from a git URL too."""
    tree = tmp_path_factory.mktemp("clone") / "propello-cloud"
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], dict(os.environ), ROOT)
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    identity = ["-c", "user.name=install test", "-c", "user.email=install@test.invalid"]
    for command in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-q", "-m", "snapshot"]):
        run(["git", *command], dict(os.environ), tree)
    return tree


def build(source_tree: Path, out: Path, env: dict[str, str]) -> Path:
    """The sdist and the wheel, built once as a release is: `python -m build` (sdist, then the wheel from it)."""
    run([sys.executable, "-m", "build", "--outdir", str(out), str(source_tree)], env, out)
    return out


def install(requirement: str, venv: Path, env: dict[str, str]) -> Path:
    """`pip install requirement` into a new venv; its Python. The venv gets no pip of its own (faster): this
    environment's pip installs into it (`pip --python`), building in isolation as always."""
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env, venv.parent)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", requirement], env, venv.parent)
    return python


SOURCES = ["sdist", "wheel", "source tree", "git URL"]


@pytest.fixture(scope="module")
def installed(source_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Future[Path]]:
    """Each source installed into its own venv, concurrently (the build first for the sdist and the wheel)."""
    env = clean_environment()
    venvs = {source: tmp_path_factory.mktemp("venvs") / source.replace(" ", "-") for source in SOURCES}
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {
            "source tree": pool.submit(install, str(source_tree), venvs["source tree"], env),
            "git URL": pool.submit(install, f"git+{source_tree.as_uri()}", venvs["git URL"], env),
        }
        built = pool.submit(build, source_tree, tmp_path_factory.mktemp("dist"), env)
        futures["dist"] = built
        try:
            dist = built.result()
        except Exception:  # reported by the tests that need it
            return futures
        futures["sdist"] = pool.submit(install, str(next(dist.glob("*.tar.gz"))), venvs["sdist"], env)
        futures["wheel"] = pool.submit(install, str(next(dist.glob("*.whl"))), venvs["wheel"], env)
        wait(futures.values())
    return futures


@pytest.mark.parametrize("source", SOURCES)
def test_installs_in_a_fresh_venv_with_build_isolation_and_works(
    source: str, installed: dict[str, Future[Path]], httpserver: HTTPServer
) -> None:
    python = installed[source].result()
    httpserver.expect_request("/v3/oauth/token").respond_with_json({"access_token": "tok", "expires_in": 3600})
    group = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": {"id": 1, "name": "example_org"}}
    httpserver.expect_request("/v3/group", headers={"Authorization": "Bearer tok"}).respond_with_json(group)
    probe = run([str(python), "-c", PROBE, httpserver.url_for("/")], clean_environment(), python.parent)
    assert probe.stdout.splitlines() == [f"{EXPECTED} {API_VERSION} example_org", "site-packages"]


def test_sdist_and_wheel_carry_the_same_version(installed: dict[str, Future[Path]]) -> None:
    dist = installed["dist"].result()
    names = sorted(path.name for path in dist.iterdir())
    assert names == [f"propello_cloud-{EXPECTED}-py3-none-any.whl", f"propello_cloud-{EXPECTED}.tar.gz"]
