"""`make vendor`: two vendored copies and the normal install in one process, each working on its own (real calls
to a loopback server), with its own classes, logger and Redis key prefix. Then the rewrite's own guarantees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from vendor import VendorError, check_package, point_imports, vendor

ROOT = Path(__file__).resolve().parents[2]
COPIES = ("acme_sdk._vendor.propello", "other_sdk_propello")

THREE_COPIES = """
import importlib, logging, sys

records = []
logging.basicConfig(level=logging.DEBUG, handlers=[logging.NullHandler()])
logging.getLogger().addHandler(type("H", (logging.Handler,), {"emit": lambda self, r: records.append(r.name)})())
vendored = [importlib.import_module(name) for name in sys.argv[2:]]
# The vendored copies need neither original: nothing named propello or propello_api was imported.
assert not {"propello", "propello_api"} & set(sys.modules), sorted(sys.modules)
import propello

results = []
for package in [*vendored, propello]:
    logs_before = len(records)
    with package.Propello(client_id=1, client_secret="s3cret", base_url=sys.argv[1], rate_limit=None) as client:
        group = client.groups.get()
    link = importlib.import_module(package.__name__ + "._fleet.link")
    api = importlib.import_module(package.__name__ + "_api" if package is not propello else "propello_api")
    logger_names = set(records[logs_before:])
    results.append(package.__name__)
    print(
        package.__name__,
        package.__version__,
        group.data.name,
        type(group.data).__module__,
        package.Propello.__module__,
        link.KEY_PREFIX,
        *sorted(logger_names - {"httpx", "httpcore.connection", "httpcore.http11"}),
    )
assert len({id(p.NotFoundError) for p in [*vendored, propello]}) == 3  # three distinct class hierarchies
"""


@pytest.fixture(scope="module")
def vendored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both copies: the first through `make vendor`, as the README shows, the second through the script."""
    out = tmp_path_factory.mktemp("vendor")
    made = subprocess.run(
        ["make", "vendor", f"PACKAGE={COPIES[0]}", f"VENDOR_OUT={out}"], cwd=ROOT, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert made.stdout.splitlines() == [
        f"vendor: {out}/acme_sdk/_vendor/propello",
        f"vendor: {out}/acme_sdk/_vendor/propello_api",
    ]
    vendor(COPIES[1], out)
    return out


def test_two_vendored_copies_and_the_normal_install_work_side_by_side(vendored: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v3/oauth/token").respond_with_json({"access_token": "tok", "expires_in": 3600})
    group = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": {"id": 1, "name": "example_org"}}
    httpserver.expect_request("/v3/group", headers={"Authorization": "Bearer tok"}).respond_with_json(group)
    path = os.pathsep.join(map(str, (vendored, ROOT / "generated", ROOT / "overrides")))
    result = subprocess.run(
        [sys.executable, "-c", THREE_COPIES, httpserver.url_for("/"), *COPIES],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        cwd=vendored,
    )
    assert result.returncode == 0, result.stderr
    import propello

    version = propello.__version__
    assert result.stdout.splitlines() == [
        f"{package} {version} example_org {package}_api.models.group {package} {package}: {package}"
        for package in COPIES
    ] + [f"propello {version} example_org propello_api.models.group propello propello: propello"]


def test_the_copy_keeps_every_file_and_only_import_lines_change(vendored: Path) -> None:
    copy = vendored / "acme_sdk" / "_vendor" / "propello"
    originals = sorted(
        p.relative_to(ROOT / "overrides" / "propello")
        for p in (ROOT / "overrides" / "propello").rglob("*")
        if "__pycache__" not in p.parts
    )
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == originals
    for name in originals:
        if name.suffix != ".py":
            continue
        before = (ROOT / "overrides" / "propello" / name).read_text(encoding="utf-8").splitlines()
        after = (copy / name).read_text(encoding="utf-8").splitlines()
        changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
        assert all(
            new == old.replace("from propello_api", "from acme_sdk._vendor.propello_api") for old, new in changed
        )
    assert (vendored / "acme_sdk" / "_vendor" / "propello_api" / "py.typed").is_file()
    assert not (vendored / "acme_sdk" / "__init__.py").exists()  # the SDK's own package, not ours to write


def test_point_imports_changes_module_names_only() -> None:
    source = (
        '"""Mentions propello_api in prose."""\n'
        "from typing import TYPE_CHECKING\n"
        "from propello_api import Client  # the client\n"
        "from  propello_api.api import (\n    OPERATIONS,\n)\n"
        "from propello_apis import other\n"
        "from .propello_api import local\n"
        "if TYPE_CHECKING:\n    from propello_api.types import Unset\n"
        'NAME = "propello_api"\n'
    )
    assert point_imports(source, "propello_api", "a.b_api", "m.py") == (
        '"""Mentions propello_api in prose."""\n'
        "from typing import TYPE_CHECKING\n"
        "from a.b_api import Client  # the client\n"
        "from  a.b_api.api import (\n    OPERATIONS,\n)\n"
        "from propello_apis import other\n"
        "from .propello_api import local\n"
        "if TYPE_CHECKING:\n    from a.b_api.types import Unset\n"
        'NAME = "propello_api"\n'
    )


def test_a_plain_import_of_the_generated_package_is_refused() -> None:
    with pytest.raises(VendorError, match=r"m.py:2: `import propello_api...` cannot be vendored"):
        point_imports("import os\nimport propello_api.api\n", "propello_api", "x_api", "m.py")


@pytest.mark.parametrize(
    ("package", "problem"),
    [
        ("acme sdk.propello", "'acme sdk' is not an identifier"),
        ("acme..propello", "'' is not an identifier"),
        ("acme.class.propello", "'class' is not an identifier"),
        ("propello.inner", "would clash with the normal install"),
        ("propello_api", "would clash with the normal install"),
    ],
)
def test_a_package_name_that_cannot_work_is_refused(package: str, problem: str) -> None:
    with pytest.raises(VendorError, match=problem):
        check_package(package)


def test_make_vendor_without_package_says_how() -> None:
    result = subprocess.run(["make", "vendor"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage: make vendor PACKAGE=acme_sdk._vendor.propello" in result.stderr
