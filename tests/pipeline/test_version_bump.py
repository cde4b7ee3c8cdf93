"""An API version bump, rehearsed with tests/fixtures/openapi-next.yaml (3.1.0): the change report names
every change, and the client regenerates from it with the new operation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from openapi_spec_validator import validate
from pytest_httpserver import HTTPServer
from specdiff import diff_specs, render_text

ROOT = Path(__file__).resolve().parents[2]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_fixture_is_valid_and_a_version_ahead(reconstruction_path: Path, next_spec_path: Path) -> None:
    fixture = load(next_spec_path)
    validate(fixture)
    assert (load(reconstruction_path)["info"]["version"], fixture["info"]["version"]) == ("3.0.0", "3.1.0")


def test_report_names_each_change(reconstruction_path: Path, next_spec_path: Path) -> None:
    report = diff_specs(load(reconstruction_path), load(next_spec_path))
    found = {(change.kind, change.location, change.breaking) for change in report.changes}
    assert ("operation-added", "POST /v3/offers/redeem/{id}", False) in found
    assert ("response-field-added", "schema Group.state", False) in found
    assert ("enum-value-added", "parameter Identifier", False) in found
    assert (report.old_version, report.new_version, report.breaking) == ("3.0.0", "3.1.0", False)
    text = render_text(report)
    assert "new operation: Redeem an offer (redeem-offer)" in text
    assert "value 'phone' added (request)" in text
    assert text.endswith("3 changes, 0 breaking (API 3.0.0 -> 3.1.0)\n")


def test_regeneration_from_the_fixture_has_the_new_operation(next_generated: Path) -> None:
    package = next_generated / "propello_api"
    assert (package / "api" / "offer" / "redeem_offer.py").is_file()
    assert 'API_VERSION = "3.1.0"' in (package / "_api_version.py").read_text(encoding="utf-8")
    assert "state: GroupState | Unset" in (package / "models" / "group.py").read_text(encoding="utf-8")
    # The overlay is applied to the new version too.
    assert "data: list[Group] | Unset" in (package / "models" / "group_list_response.py").read_text(encoding="utf-8")


CLIENT_AGAINST_NEXT = """
import sys
from pathlib import Path

import propello
from propello_api.api import redeem_offer
from resource_coverage import uncovered

assert propello.__api_version__ == "3.1.0", propello.__api_version__
with propello.Propello(client_id=1, client_secret="s3cret", base_url=sys.argv[1], rate_limit=None) as client:
    redeemed = redeem_offer.sync_detailed(id="5", client=client.api_client)
    method = client.offers.redeem_offer("5")
    group = client.groups.get()
print(redeemed.status_code, type(redeemed.parsed).__name__, type(method).__name__)
print(group.data.state, group.data.additional_properties)
print("\\n".join(uncovered(Path(sys.argv[2]))) or "all covered")
"""


def test_overrides_work_against_the_regenerated_package(
    next_generated: Path, next_spec_path: Path, httpserver: HTTPServer
) -> None:
    """The client regenerated from 3.1.0: overrides import and work, the new operation is a resource method and is
    callable through api_client (with auth), a response enum value newer than 3.1.0 parses, and every operation
    is covered with no hand edit."""
    httpserver.expect_request("/v3/oauth/token").respond_with_json({"access_token": "tok", "expires_in": 3600})
    bearer = {"Authorization": "Bearer tok"}
    envelope = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z"}
    httpserver.expect_request("/v3/offers/redeem/5", headers=bearer).respond_with_json({**envelope, "data": {}})
    group = {"id": 1, "name": "example_org", "state": "archived", "colour": "teal"}
    httpserver.expect_request("/v3/group", headers=bearer).respond_with_json({**envelope, "data": group})
    path = os.pathsep.join(map(str, (next_generated, ROOT / "overrides", ROOT / "tests" / "unit", ROOT / "scripts")))
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_AGAINST_NEXT, httpserver.url_for("/"), str(next_spec_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path, "PYTHONNOUSERSITE": "1"},
        cwd=next_generated,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "200 OfferResponse OfferResponse",
        "archived {'colour': 'teal'}",
        "all covered",
    ]
