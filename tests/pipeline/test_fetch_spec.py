"""scripts/fetch_spec.py and `make fetch-spec` against real HTTP on 127.0.0.1: update (OpenAPI 3.0 and 3.1),
up to date, each way to keep the snapshot, and a URL the user chose that gives no spec."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from fetch_spec import main
from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def snapshot(tmp_path: Path, reconstruction_path: Path) -> Path:
    """A snapshot to fetch over: the frozen reconstruction (not the live one, which a real bump replaces)."""
    copy = tmp_path / "openapi" / "openapi.yaml"
    copy.parent.mkdir()
    shutil.copyfile(reconstruction_path, copy)
    shutil.copyfile(ROOT / "openapi" / "README.md", copy.parent / "README.md")
    copy.chmod(0o644)
    return copy


@pytest.fixture
def changelog(tmp_path: Path) -> Path:
    copy = tmp_path / "CHANGELOG.md"
    shutil.copyfile(ROOT / "CHANGELOG.md", copy)
    return copy


def fetch(url: str, snapshot: Path, *extra: str) -> int:
    return main(["--url", url, "--snapshot", str(snapshot), "--timeout", "5", *extra])


def serve(httpserver: HTTPServer, body: bytes | str, status: int = 200) -> str:
    httpserver.expect_request("/_bundle/openapi.yaml").respond_with_data(body, status=status)
    return httpserver.url_for("/_bundle/openapi.yaml")


def test_a_changed_spec_replaces_the_snapshot_and_is_reported(
    httpserver: HTTPServer,
    snapshot: Path,
    changelog: Path,
    next_spec_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = serve(httpserver, next_spec_path.read_bytes())
    assert fetch(url, snapshot, "--changelog", str(changelog)) == 0
    assert snapshot.read_bytes() == next_spec_path.read_bytes()
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o644
    assert sorted(p.name for p in snapshot.parent.iterdir()) == ["README.md", "openapi.yaml"], "no temp file left"
    digest = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    assert f"snapshot sha256: `{digest}`" in (snapshot.parent / "README.md").read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert f"fetch-spec: updated {snapshot} from {url}" in out
    assert "operation-added           POST /v3/offers/redeem/{id}" in out
    assert "3 changes, 0 breaking (API 3.0.0 -> 3.1.0)\n" in out
    assert "Python API changes (propello_api, propello):\n" in out
    assert "  ok        module-added              propello_api.api.offer.redeem_offer: added\n" in out
    assert "Suggested next version: 3.1.0.1.0 (API 3.0.0 -> 3.1.0 starts a new series) - no breaking change" in out
    log = changelog.read_text(encoding="utf-8")
    assert log.index("## API 3.1.0") < log.index("## API 3.0.0") < log.index("## Client 3.0.0.1")


def test_the_same_spec_says_up_to_date(
    httpserver: HTTPServer, snapshot: Path, changelog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = changelog.read_bytes()
    url = serve(httpserver, snapshot.read_bytes())
    assert fetch(url, snapshot, "--changelog", str(changelog), "--strict") == 0
    assert capsys.readouterr().out == f"fetch-spec: {snapshot} is up to date with {url}\n"
    assert changelog.read_bytes() == before


def test_strict_fails_on_a_breaking_change_but_keeps_the_new_snapshot_for_review(
    httpserver: HTTPServer, snapshot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = yaml.safe_load(snapshot.read_text(encoding="utf-8"))
    del spec["paths"]["/v3/offers/list"]
    body = yaml.safe_dump(spec, sort_keys=False).encode()
    assert fetch(serve(httpserver, body), snapshot, "--strict") == 1
    captured = capsys.readouterr()
    assert "BREAKING  operation-removed         POST /v3/offers/list" in captured.out
    assert "  BREAKING  module-removed            propello_api.api.offer.get_offer_list: removed\n" in captured.out
    assert "breaking spec changes and breaking Python API changes (--strict)" in captured.err
    assert snapshot.read_bytes() == body


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/_bundle/openapi.yaml"


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", 200, "sent an invalid OpenAPI document ("),
        ("<html><body>Sign in</body></html>", 200, "sent a document that is not an OpenAPI mapping"),
        ("openapi: [unclosed\n", 200, "sent no readable YAML/JSON (line 2, column 1: "),
        ("oops", 500, "answered HTTP 500 INTERNAL SERVER ERROR"),
        (
            "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
            200,
            "sent an invalid OpenAPI document (not an",
        ),
        (None, None, "unreachable ("),
    ],
    ids=["invalid-openapi", "html", "broken-yaml", "http-500", "swagger-2", "unreachable"],
)
@pytest.mark.parametrize("flag", [None, "--strict", "--no-fallback"])
def test_a_bad_download_keeps_the_snapshot_with_one_clear_line(
    httpserver: HTTPServer,
    snapshot: Path,
    changelog: Path,
    capsys: pytest.CaptureFixture[str],
    body: str | None,
    status: int | None,
    reason: str,
    flag: str | None,
) -> None:
    """Offline, the default upstream URL keeps the snapshot and goes on; --strict (CI on the real spec) and
    --no-fallback (a URL the user chose, `make fetch-spec SPEC_URL=...`) fail, keeping it too."""
    url = closed_port_url() if body is None else serve(httpserver, body, status or 200)
    before, log_before = snapshot.read_bytes(), changelog.read_bytes()
    assert fetch(url, snapshot, "--changelog", str(changelog), *([flag] if flag else [])) == (1 if flag else 0)
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    sha = hashlib.sha256(before).hexdigest()[:8]
    assert line.startswith(f"fetch-spec: {url} {reason}")
    assert line.endswith(f"; keeping the snapshot {snapshot} (sha256 {sha}…)")
    assert (snapshot.read_bytes(), changelog.read_bytes()) == (before, log_before)


UPSTREAM = ROOT / "tests" / "fixtures" / "upstream"


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_an_upstream_shaped_spec_in_openapi_3_0_or_3_1_replaces_the_snapshot(
    httpserver: HTTPServer, snapshot: Path, changelog: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    upstream = UPSTREAM / f"openapi-{version}.yaml"
    url = serve(httpserver, upstream.read_bytes())
    assert fetch(url, snapshot, "--changelog", str(changelog)) == 0
    assert snapshot.read_bytes() == upstream.read_bytes()
    out = capsys.readouterr().out
    assert f"fetch-spec: updated {snapshot} from {url}" in out
    for new_operation in ("POST /v3/offers/{id}/redeem", "POST /v3/rewards/list", "POST /v3/offers/{id}/image"):
        assert new_operation in out
    assert "## API 3.1.0" in changelog.read_text(encoding="utf-8")


def make_fetch_spec(url: str, snapshot: Path, changelog: Path) -> subprocess.CompletedProcess[str]:
    """`make fetch-spec SPEC_URL=...`, aimed at a temp snapshot and changelog instead of the repo's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    command = ["make", "fetch-spec", f"SPEC_URL={url}", f"SPEC={snapshot}", f"CHANGELOG={changelog}"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)


def test_make_fetch_spec_fetches_from_spec_url(httpserver: HTTPServer, snapshot: Path, changelog: Path) -> None:
    upstream = UPSTREAM / "openapi-3.1.yaml"
    url = serve(httpserver, upstream.read_bytes())
    result = make_fetch_spec(url, snapshot, changelog)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"fetch-spec: updated {snapshot} from {url}" in result.stdout
    assert snapshot.read_bytes() == upstream.read_bytes()
    assert "## API 3.1.0" in changelog.read_text(encoding="utf-8")


def test_make_fetch_spec_fails_when_the_chosen_spec_url_gives_no_spec(snapshot: Path, changelog: Path) -> None:
    """`make SPEC_URL=<typo>` must stop, not go on to build the old snapshot as if it were the new one."""
    before = snapshot.read_bytes()
    url = closed_port_url()
    result = make_fetch_spec(url, snapshot, changelog)
    assert result.returncode != 0
    assert f"fetch-spec: {url} unreachable (" in result.stderr
    assert snapshot.read_bytes() == before
