"""An API version bump, rehearsed with tests/fixtures/openapi-next.yaml (3.1.0): the change report names
every change, and the client regenerates from it with the new operation."""

from __future__ import annotations

from pathlib import Path

import yaml
from openapi_spec_validator import validate
from specdiff import diff_specs, render_text


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_fixture_is_valid_and_a_version_ahead(snapshot_path: Path, next_spec_path: Path) -> None:
    fixture = load(next_spec_path)
    validate(fixture)
    assert (load(snapshot_path)["info"]["version"], fixture["info"]["version"]) == ("3.0.0", "3.1.0")


def test_report_names_each_change(snapshot_path: Path, next_spec_path: Path) -> None:
    report = diff_specs(load(snapshot_path), load(next_spec_path))
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
