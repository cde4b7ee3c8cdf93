"""Real third-party specs (tests/fixtures/thirdparty/, OpenAPI 3.0 and 3.1) go through `make generate SPEC=...`:
each generates into a temp dir, with the repo's overlay (whose Propello fixes match nothing there, so each of its
actions is reported, not fatal), every operation becomes a module, and the package imports."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from client_generator import operations
from openapi_python_client.parser.openapi import generate_operation_id
from openapi_python_client.utils import snake_case

ROOT = Path(__file__).resolve().parents[2]
THIRDPARTY = ROOT / "tests" / "fixtures" / "thirdparty"
OBSOLETE = "upstream may have fixed this; remove the action"
# What each spec prints besides the overlay's reports: the media types generated as bytes.
SPECS = {
    "redocly-museum.yaml": [
        "generate: image/png is generated as bytes (File) in getTicketCode (GET /tickets/{ticketId}/qr)",
    ],
    "oai-petstore.yaml": [],
    "oai-petstore-expanded.yaml": [],
    "oai-uspto.yaml": [],
    "opc-3.1_specific.openapi.yaml": [],
    "opc-openapi_3.1_enums.yaml": [],
}
IMPORT_EVERY_MODULE = """
import propello_api
import importlib, pkgutil
names = [m.name for m in pkgutil.walk_packages(propello_api.__path__, "propello_api.")]
for name in names:
    importlib.import_module(name)
print(propello_api.__file__)
print(len(names))
"""


def generate(spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """What `make generate SPEC=<spec>` runs, into ``out`` instead of generated/."""
    command = [sys.executable, str(ROOT / "scripts" / "generate.py"), "--spec", str(spec), "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Each spec generated once (two at a time: the generator takes about a second per spec)."""
    root = tmp_path_factory.mktemp("thirdparty")
    outs = {name: root / name.removesuffix(".yaml") / "propello_api" for name in SPECS}
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(SPECS, pool.map(lambda name: generate(THIRDPARTY / name, outs[name]), SPECS), strict=True))
    return {name: (outs[name], results[name]) for name in SPECS}


@pytest.mark.parametrize("name", list(SPECS))
def test_generates_every_operation(
    name: str, generated: dict[str, tuple[Path, subprocess.CompletedProcess[str]]]
) -> None:
    package, result = generated[name]
    assert result.returncode == 0, result.stderr
    reports = result.stderr.splitlines()
    assert reports and all(line.startswith("generate: warning: overlay: action ") for line in reports), reports
    assert all(line.endswith(OBSOLETE) for line in reports)
    assert result.stdout.splitlines() == [*SPECS[name], f"generated {package} from {THIRDPARTY / name}"]
    spec = yaml.safe_load((THIRDPARTY / name).read_text(encoding="utf-8"))
    modules = {path.stem for path in (package / "api").glob("*/*.py")}
    names = {
        str(op): op.operation_id or generate_operation_id(path=op.path, method=op.method) for op in operations(spec)
    }
    missing = [operation for operation, name in names.items() if snake_case(name) not in modules]
    assert not missing, f"operations without a module: {missing}"


@pytest.mark.parametrize("name", SPECS)
def test_every_generated_module_imports(
    name: str, generated: dict[str, tuple[Path, subprocess.CompletedProcess[str]]]
) -> None:
    package, result = generated[name]
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "PYTHONPATH": str(package.parent), "PYTHONNOUSERSITE": "1"}
    imported = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE], capture_output=True, text=True, env=env, cwd=package.parent
    )
    assert imported.returncode == 0, imported.stderr
    location, count = imported.stdout.splitlines()
    assert Path(location).is_relative_to(package), "the package generated here, not the repo's"
    spec = yaml.safe_load((THIRDPARTY / name).read_text(encoding="utf-8"))
    assert int(count) > len(operations(spec))


def test_an_invalid_third_party_spec_is_refused_naming_its_first_error_and_where(tmp_path: Path) -> None:
    spec = THIRDPARTY / "opc-baseline_openapi_3.1.yaml"
    result = generate(spec, tmp_path / "propello_api")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: spec {spec} is invalid: Unevaluated properties are not allowed ('title' was unexpected) "
        "(at $.paths['/types/unions/duplicate-types'].post)",
        "generated/ was left untouched.",
    ]
    assert not (tmp_path / "propello_api").exists()
