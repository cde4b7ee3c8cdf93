"""The zero-touch version bump, rehearsed for real: a copy of this checkout fetches an upstream-shaped spec from
a loopback server with `make SPEC_URL=...`, and the fast part of the suite passes there with no hand edit.

The fixtures (tests/fixtures/upstream/, OpenAPI 3.0 and the same in 3.1) rename every schema, inline a body, fix
the quirk our overlay patches, and add operations on an existing tag and on a new one, one answering image/png.
The copy shares this checkout's .venv and node_modules (its setup stamps are fresh, so nothing is reinstalled
and nothing outside the copy is written).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "upstream"
NEW_OPERATIONS = ("redeem-offer", "list-rewards", "get-offer-image")

pytestmark = pytest.mark.rehearsal

USES_THE_NEW_OPERATIONS = """
from propello import AsyncPropello, Propello
from propello_api.api import get_offer_image, list_rewards, redeem_offer


def use(client: Propello) -> None:
    redeemed: redeem_offer.Result = client.offers.redeem_offer(5)
    rewards: list_rewards.Result = client.reward.list_rewards()
    image: get_offer_image.Result = client.offers.get_offer_image("7")
    print(redeemed, rewards, image.payload.read())


async def use_async(client: AsyncPropello) -> None:
    redeemed: redeem_offer.Result = await client.offers.redeem_offer(5)
    print(redeemed)
"""

MISUSES_A_NEW_OPERATION = """
from propello import Propello


def use(client: Propello) -> None:
    client.offers.redeem_offer()
"""


def copy_checkout(target: Path) -> None:
    """The files git sees (tracked, and untracked but not ignored), as they are now, plus the shared tools."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    # Bump from the reconstruction (frozen as it was), whatever spec the live snapshot holds by now.
    shutil.copyfile(ROOT / "tests" / "fixtures" / "reconstruction-3.0.0.yaml", target / "openapi" / "openapi.yaml")
    for shared in (".venv", "node_modules"):
        (target / shared).symlink_to(ROOT / shared)
    stamps = target / ".stamps"
    stamps.mkdir()
    for stamp in ("venv", "node"):  # newer than the copied files (copy2 keeps their times): setup is done
        (stamps / stamp).touch()


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MAKEFLAGS", "MAKELEVEL"}}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=900)


PNG = b"\x89PNG\r\n\x1a\n-offer-7"


def command_line_has_the_new_operations(clone: Path, tmp_path: Path, httpserver: HTTPServer) -> None:
    """`propello` in the copy lists the new operations (and the new tag) as commands, and each one runs."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PROPELLO_", "XDG_"))}
    environment |= {
        "PYTHONPATH": os.pathsep.join([str(clone / "generated"), str(clone / "overrides")]),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PROPELLO_BASE_URL": httpserver.url_for(""),
        "PROPELLO_ACCESS_TOKEN": "t",
    }

    def propello(*args: str) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run([str(clone / ".venv" / "bin" / "propello"), *args], capture_output=True, env=environment)
        assert done.returncode == 0, f"propello {' '.join(args)}: {done.stderr.decode()}"
        return done

    assert b"reward" in propello("--help").stdout
    offers = propello("offers", "--help").stdout
    assert b"redeem-offer" in offers and b"get-offer-image" in offers
    envelope = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z"}
    httpserver.expect_request("/v3/rewards/list", method="POST").respond_with_json(
        {**envelope, "data": [{"id": "7", "name": "Free coffee"}]}
    )
    httpserver.expect_request("/v3/offers/5/redeem", method="POST").respond_with_json({**envelope, "data": {}})
    httpserver.expect_request("/v3/offers/7/image", method="POST").respond_with_data(PNG, content_type="image/png")
    assert json.loads(propello("reward", "list-rewards").stdout)["data"] == [{"id": "7", "name": "Free coffee"}]
    assert json.loads(propello("offers", "redeem-offer", "5").stdout)["status"] == 200
    assert propello("offers", "get-offer-image", "7").stdout == PNG


@pytest.mark.parametrize("fixture", ["openapi-3.0.yaml", "openapi-3.1.yaml"])
def test_make_with_an_upstream_spec_then_the_suite_passes(fixture: str, tmp_path: Path, httpserver: HTTPServer) -> None:
    spec = (FIXTURES / fixture).read_bytes()
    httpserver.expect_request("/_bundle/openapi.yaml").respond_with_data(spec, content_type="application/yaml")
    clone = tmp_path / "clone"
    copy_checkout(clone)

    bump = run(["make", f"SPEC_URL={httpserver.url_for('/_bundle/openapi.yaml')}"], clone)
    assert bump.returncode == 0, f"make SPEC_URL=... failed:\n{bump.stdout}{bump.stderr}"
    assert (clone / "openapi" / "openapi.yaml").read_bytes() == spec
    report = bump.stdout
    for operation in NEW_OPERATIONS:
        assert operation in report, f"the change report does not name {operation}:\n{report}"

    imported = run([".venv/bin/python", "-c", "import propello, propello_api; print(propello.__version__)"], clone)
    assert imported.returncode == 0, imported.stderr
    command_line_has_the_new_operations(clone, tmp_path, httpserver)

    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "uses_new.py").write_text(USES_THE_NEW_OPERATIONS, encoding="utf-8")
    (scripts / "misuses_new.py").write_text(MISUSES_A_NEW_OPERATION, encoding="utf-8")
    typed = run([".venv/bin/mypy", "--strict", str(scripts / "uses_new.py")], clone)
    assert typed.returncode == 0, f"the new operations are not typed methods:\n{typed.stdout}"
    untyped = run([".venv/bin/mypy", "--strict", str(scripts / "misuses_new.py")], clone)
    assert untyped.returncode == 1 and 'Too few arguments for "redeem_offer"' in untyped.stdout, untyped.stdout

    checks = run(["make", "check-generated", "lint"], clone)
    assert checks.returncode == 0, f"make check-generated lint failed after the bump:\n{checks.stdout}{checks.stderr}"
    suite = run(
        [
            ".venv/bin/python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/unit",
            "tests/snapshot",
            "tests/contract",
            "tests/docs",
        ],
        clone,
    )
    summary = suite.stdout.strip().splitlines()[-1] if suite.stdout.strip() else suite.stderr
    assert suite.returncode == 0, f"the suite fails after the bump ({summary}):\n{suite.stdout[-6000:]}"
