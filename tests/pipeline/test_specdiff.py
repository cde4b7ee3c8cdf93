"""scripts/specdiff.py: each kind of change, its breaking flag, $ref attribution, reports and the CLI.
The rules against oasdiff's cases are in test_spec_rules.py, the Python API section in test_api_diff.py."""

from __future__ import annotations

import copy
import datetime
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from change_report import ApiSection, suggest_version
from overlay import apply_overlay_file
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from specdiff import Change, diff_specs, main, render_markdown, render_text, strict_problem, update_changelog

ROOT = Path(__file__).resolve().parents[2]


def base() -> dict[str, Any]:
    """A small spec: a component schema used by a request and (through allOf) a response."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0.0"},
        "security": [{"Bearer": []}],
        "paths": {
            "/items/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "post": {
                    "operationId": "update-item",
                    "summary": "Update an item",
                    "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemInput"}}}
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemResponse"}}},
                        }
                    },
                },
            },
            "/items": {
                "get": {
                    "operationId": "list-items",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"Bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {"Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}},
            "schemas": {
                "ItemInput": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "colour": {"type": "string", "enum": ["red", "blue"]},
                    },
                },
                "Envelope": {"type": "object", "properties": {"status": {"type": "integer"}}},
                "Item": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "state": {"type": "string", "enum": ["new", "done"]},
                        "note": {"type": "string"},
                    },
                },
                "ItemResponse": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Envelope"},
                        {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Item"}}},
                    ]
                },
            },
        },
    }


def changed(edit: Any) -> list[Change]:
    """The changes from base() to base() modified by ``edit``."""
    new = base()
    edit(new)
    return diff_specs(base(), new).changes


def only(edit: Any) -> tuple[str, str, str, bool]:
    changes = changed(edit)
    assert len(changes) == 1, changes
    change = changes[0]
    return (change.kind, change.location, change.detail, change.breaking)


def op(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"]["/items/{id}"]["post"]


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]


def test_identical_specs_have_no_changes() -> None:
    report = diff_specs(base(), base())
    assert (report.changes, report.breaking) == ([], False)
    assert render_text(report).splitlines()[-1] == "0 changes, 0 breaking (API 1.0.0 -> 1.0.0)"


def test_operations_added_removed_and_renamed() -> None:
    def add(s: dict[str, Any]) -> None:
        s["paths"]["/items"]["delete"] = {"operationId": "delete-items", "summary": "Delete", "responses": {}}

    assert only(add) == ("operation-added", "DELETE /items", "new operation: Delete (delete-items)", False)
    assert only(lambda s: s["paths"].pop("/items")) == (
        "operation-removed",
        "GET /items",
        "operation removed: list-items",
        True,
    )
    rename = only(lambda s: op(s).update(operationId="edit-item"))
    assert rename[:2] == ("operation-renamed", "POST /items/{id}") and rename[3] is True


def test_a_renamed_path_parameter_is_the_same_operation() -> None:
    def rename(s: dict[str, Any]) -> None:
        s["paths"]["/items/{item_id}"] = s["paths"].pop("/items/{id}")
        s["components"]["parameters"]["Id"]["name"] = "item_id"

    kinds = {(c.kind, c.detail, c.breaking) for c in changed(rename)}
    assert kinds == {
        ("parameter-removed", "path parameter id removed", True),
        ("parameter-added", "required path parameter item_id added", True),
    }


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: op(s)["parameters"].append({"name": "page", "in": "query"}),
            ("parameter-added", "optional query parameter page added", False),
        ),
        (
            lambda s: op(s)["parameters"].append({"name": "page", "in": "query", "required": True}),
            ("parameter-added", "required query parameter page added", True),
        ),
        (lambda s: op(s).pop("parameters"), ("parameter-removed", "query parameter dry_run removed", True)),
        (
            lambda s: op(s)["parameters"][0].update(required=True),
            ("parameter-required", "query parameter dry_run is now required", True),
        ),
    ],
)
def test_parameters(edit: Any, expected: tuple[str, str, bool]) -> None:
    kind, location, detail, breaking = only(edit)
    assert (kind, detail, breaking) == expected
    assert location == "POST /items/{id}"


def test_change_in_a_shared_parameter_is_reported_once_at_the_component() -> None:
    def enum(s: dict[str, Any]) -> None:
        s["components"]["parameters"]["Id"]["schema"]["enum"] = ["a"]

    assert only(enum) == (
        "enum-changed",
        "parameter Id",
        "now restricted to 'a' (request) (used by update-item)",
        True,
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: schemas(s)["ItemInput"]["properties"].update(size={"type": "integer"}),
            ("request-field-added", "schema ItemInput.size", "optional field added (integer)", False),
        ),
        (
            lambda s: (
                schemas(s)["ItemInput"]["properties"].update(size={"type": "integer"}),
                schemas(s)["ItemInput"]["required"].append("size"),
            ),
            ("request-field-added", "schema ItemInput.size", "required field added (integer)", True),
        ),
        (
            lambda s: schemas(s)["ItemInput"]["properties"].pop("colour"),
            ("request-field-removed", "schema ItemInput.colour", "field removed", True),
        ),
        (
            lambda s: schemas(s)["ItemInput"]["required"].append("colour"),
            ("request-field-required", "schema ItemInput.colour", "now required", True),
        ),
        (
            lambda s: schemas(s)["ItemInput"].pop("required"),
            ("request-field-optional", "schema ItemInput.name", "now optional", False),
        ),
    ],
)
def test_request_body_fields(edit: Any, expected: tuple[str, str, str, bool]) -> None:
    kind, location, detail, breaking = only(edit)
    assert (kind, location, detail.removesuffix(" (used by update-item)"), breaking) == expected


def test_request_body_added_removed_and_required() -> None:
    assert only(lambda s: op(s).pop("requestBody"))[::3] == ("request-body-removed", True)
    assert only(lambda s: op(s)["requestBody"].update(required=True))[::3] == ("request-body-required", True)


def test_response_fields_are_attributed_to_the_schema_that_declares_them() -> None:
    changes = changed(lambda s: schemas(s)["Envelope"]["properties"].update(status_text={"type": "string"}))
    assert [(c.kind, c.location, c.detail, c.breaking) for c in changes] == [
        (
            "response-field-added",
            "schema Envelope.status_text",
            "optional field added (string) (used by update-item)",
            False,
        )
    ]
    removed = changed(lambda s: schemas(s)["Item"]["properties"].pop("note"))
    assert [(c.kind, c.location, c.detail, c.breaking) for c in removed] == [
        ("response-field-removed", "schema Item.note", "field removed (used by update-item, list-items)", True)
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: schemas(s)["Item"]["properties"]["state"]["enum"].append("archived"),
            ("enum-value-added", "schema Item.state", False),
        ),
        (
            lambda s: schemas(s)["Item"]["properties"]["state"]["enum"].remove("done"),
            ("enum-value-removed", "schema Item.state", False),
        ),
        (
            lambda s: schemas(s)["ItemInput"]["properties"]["colour"]["enum"].append("green"),
            ("enum-value-added", "schema ItemInput.colour", False),
        ),
        (
            lambda s: schemas(s)["ItemInput"]["properties"]["colour"]["enum"].remove("blue"),
            ("enum-value-removed", "schema ItemInput.colour", True),
        ),
    ],
)
def test_enum_rule_depends_on_direction(edit: Any, expected: tuple[str, str, bool]) -> None:
    kind, location, detail, breaking = only(edit)
    assert (kind, location, breaking) == expected
    if "Item.state" in location and kind == "enum-value-added":
        assert "value 'archived' added (response; kept by this client" in detail


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: schemas(s)["Item"]["properties"]["id"].update(type="string"),
            ("type-changed", "integer -> string", True),
        ),
        (
            lambda s: schemas(s)["Item"]["properties"]["note"].update(nullable=True),
            ("nullable-added", "now nullable", True),
        ),
        (
            lambda s: schemas(s)["ItemInput"]["properties"]["name"].update(nullable=True),
            ("nullable-added", "now nullable", False),
        ),
        (lambda s: schemas(s)["ItemInput"]["properties"]["name"].pop("type"), ("type-changed", "string -> any", False)),
        (
            lambda s: schemas(s)["Item"]["properties"]["id"].update(type="number"),
            ("type-changed", "integer -> number", True),
        ),
        (
            lambda s: schemas(s)["Item"]["properties"]["note"].pop("type"),
            ("type-changed", "string -> any", True),
        ),
    ],
)
def test_type_changes(edit: Any, expected: tuple[str, str, bool]) -> None:
    """Nullable is its own kind (it used to be reported as a type change to null|string, same verdicts)."""
    kind, _, detail, breaking = only(edit)
    assert (kind, detail.split(" (")[0].removeprefix("type "), breaking) == expected


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s["paths"]["/items"]["get"].pop("security"), ("security-tightened", "GET /items", True)),
        (lambda s: op(s).update(security=[]), ("security-relaxed", "POST /items/{id}", False)),
        (
            lambda s: s["security"].append({"Key": []}) or s["components"]["securitySchemes"].update(Key={}),
            None,
        ),
        (
            lambda s: op(s).update(security=[{"Bearer": [], "Key": []}]),
            ("security-tightened", "POST /items/{id}", True),
        ),
        (
            lambda s: s["components"]["securitySchemes"]["Bearer"].update(scheme="basic"),
            ("security-scheme-changed", "security scheme Bearer", True),
        ),
    ],
)
def test_security(edit: Any, expected: tuple[str, str, bool] | None) -> None:
    changes = changed(edit)
    if expected is None:  # an alternative added: relaxed, plus the new scheme
        assert {(c.kind, c.breaking) for c in changes} == {
            ("security-relaxed", False),
            ("security-scheme-added", False),
        }
        return
    assert [(c.kind, c.location, c.breaking) for c in changes] == [expected]


def test_component_schemas_added_and_removed() -> None:
    def swap(s: dict[str, Any]) -> None:
        schemas(s)["Unused"] = {"type": "object"}

    assert only(swap) == ("schema-added", "schema Unused", "schema added", False)
    old = base()
    schemas(old)["Gone"] = {"type": "object"}
    assert [(c.kind, c.breaking) for c in diff_specs(old, base()).changes] == [("schema-removed", True)]


def test_recursive_schemas_terminate() -> None:
    def tree(s: dict[str, Any]) -> None:
        schemas(s)["Item"]["properties"]["children"] = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}

    old = base()
    tree(old)
    new = copy.deepcopy(old)
    schemas(new)["Item"]["properties"]["extra"] = {"type": "string"}
    assert [c.location for c in diff_specs(old, new).changes] == ["schema Item.extra"]


@pytest.mark.reconstruction
def test_overlay_fix_shows_as_a_breaking_type_change(snapshot_path: Path) -> None:
    snapshot = yaml.safe_load(snapshot_path.read_text(encoding="utf-8"))
    fixed = apply_overlay_file(snapshot, ROOT / "openapi" / "overlay.yaml")
    (change,) = [c for c in diff_specs(snapshot, fixed).changes if c.location.startswith("schema ")]
    assert (change.kind, change.location, change.detail, change.breaking) == (
        "type-changed",
        "schema GroupListResponse.data",
        "type object -> array (response) (used by get-group-list)",
        True,
    )
    assert change.reason.startswith("they parse to another Python type")


def bumped() -> dict[str, Any]:
    new = base()
    new["info"]["version"] = "1.1.0"
    new["paths"].pop("/items")
    schemas(new)["Envelope"]["properties"]["status_text"] = {"type": "string"}
    return new


def test_render_text_groups_changes_and_ends_with_the_summary() -> None:
    assert render_text(diff_specs(base(), bumped())) == (
        "Spec changes from API 1.0.0 to 1.1.0:\n"
        "Operations\n"
        "  BREAKING  operation-removed         GET /items: operation removed: list-items\n"
        "                                    why: its generated module is gone (ImportError) and the server no longer"
        " serves it\n"
        "Responses\n"
        "  ok        response-field-added      schema Envelope.status_text: optional field added (string)"
        " (used by update-item)\n"
        "2 changes, 1 breaking (API 1.0.0 -> 1.1.0)\n"
    )


def test_render_markdown_section() -> None:
    """One table per section, breaking rows first; each row: operation or symbol, kind, breaking, change, reason."""
    report = diff_specs(base(), bumped())
    report.api = ApiSection([Change("class-removed", "pkg.Model", "removed", True, "imports fail")])
    report.next_version = "1.1.0.1 (new series)"
    lines = render_markdown(report, datetime.date(2025, 1, 31)).splitlines()
    assert lines[0] == "## API 1.1.0 (2025-01-31)"
    assert "Compared with API 1.0.0: spec 2 changes, 1 breaking; Python API 1 change, 1 breaking." in lines
    assert "Suggested version: 1.1.0.1 (new series)." in lines
    spec = lines.index("### Spec changes")
    assert lines[spec + 2 : spec + 4] == [
        "| Operation or symbol | Kind | Breaking | Change | Reason |",
        "| --- | --- | --- | --- | --- |",
    ]
    assert lines[spec + 4].startswith(
        "| `GET /items` | operation-removed | yes | operation removed: list-items | its generated module is gone"
    )
    assert lines[spec + 5].startswith("| `schema Envelope.status_text` | response-field-added | no | optional field")
    api = lines.index("### Python API changes")
    assert lines[api + 4] == "| `pkg.Model` | class-removed | yes | removed | imports fail |"
    assert render_markdown(diff_specs(base(), bumped())).startswith("## API 1.1.0\n")


def test_markdown_cells_escape_pipes_and_newlines() -> None:
    report = diff_specs(base(), base())
    report.changes = [Change("type-changed", "schema A.b", "type integer -> null|string\nmore", True, "why")]
    assert "| `schema A.b` | type-changed | yes | type integer -> null\\|string more | why |" in render_markdown(report)


@pytest.mark.parametrize(
    ("old", "new", "current", "api_breaking", "expected"),
    [
        ("3.0.0", "3.1.0", "3.0.0.4.2", False, "3.1.0.1.0 (API 3.0.0 -> 3.1.0 starts a new series) - no breaking"),
        ("3.0.0", "3.0.0", "3.0.0.4.2", False, "3.0.0.4.3 (same API 3.0.0: next client minor after 3.0.0.4.2)"),
        ("3.0.0", "3.0.0", "3.0.0.4.2", True, "3.0.0.5.0 (same API 3.0.0: next client major after 3.0.0.4.2) - BREAK"),
        # A release from before the scheme had a minor number: 3.0.0.2 is 3.0.0.2.0.
        ("3.0.0", "3.0.0", "3.0.0.2", False, "3.0.0.2.1 (same API 3.0.0: next client minor after 3.0.0.2)"),
        ("3.0.0", "3.0.0", "3.0.0.2", True, "3.0.0.3.0 (same API 3.0.0: next client major after 3.0.0.2) - BREAKING"),
        ("3.0.0", "3.0.0", "2.9.0.7.0", False, "3.0.0.1.0 (same API 3.0.0: first client release of this series"),
        ("3.0.0", "3.0.0", None, True, "3.0.0.1.0 (same API 3.0.0: first client release of this series (now none))"),
        ("3.0.0", "3.1.0", "3.0.0.1.0", True, "3.1.0.1.0 (API 3.0.0 -> 3.1.0 starts a new series) - BREAKING"),
        ("3", "3.1", "3.0.0.1.0", False, "3.1.0.1.0 (API 3 -> 3.1 starts a new series)"),
    ],
)
def test_suggested_version_follows_the_readme_scheme_and_says_breaking(
    old: str, new: str, current: str | None, api_breaking: bool, expected: str
) -> None:
    report = diff_specs(base(), base())
    report.old_version, report.new_version = old, new
    report.api = ApiSection([Change("function-removed", "pkg.f", "removed", True, "")] if api_breaking else [])
    suggestion = suggest_version(report, current)
    assert suggestion.startswith(expected)
    if api_breaking:
        assert "0 spec and 1 Python API changes break existing code; a new client major, so that" in suggestion


def test_the_suggested_version_is_excluded_by_pins_on_the_current_one_when_breaking() -> None:
    """What the scheme is for: `~=` on the current version takes the next minor and never the next major."""
    report = diff_specs(base(), base())
    report.old_version = report.new_version = "3.0.0"
    pin = SpecifierSet("~=3.0.0.2.0")
    for breaking, accepted in ((False, True), (True, False)):
        report.api = ApiSection([Change("function-removed", "pkg.f", "removed", breaking, "")])
        assert (Version(suggest_version(report, "3.0.0.2.0").split()[0]) in pin) is accepted


@pytest.mark.parametrize(
    ("arguments", "writes"),
    [
        (["OLD=/tmp/a.yaml", "NEW=/tmp/b.yaml"], None),
        (["OLD=/tmp/a.yaml", "NEW=/tmp/b.yaml", "CHANGELOG=/tmp/notes.md"], "/tmp/notes.md"),
        (["OLD=/tmp/a.yaml", "NEW=openapi/openapi.yaml"], "CHANGELOG.md"),
        (["OLD=/tmp/a.yaml", f"NEW={ROOT / 'openapi' / 'openapi.yaml'}"], "CHANGELOG.md"),
        (["OLD=/tmp/a.yaml", "NEW=openapi/openapi.yaml", "CHANGELOG="], None),
    ],
    ids=["two-other-files", "asked", "new-is-the-snapshot", "snapshot-by-absolute-path", "asked-not-to"],
)
def test_make_diff_spec_writes_changelog_only_when_asked_or_new_is_the_snapshot(
    arguments: list[str], writes: str | None
) -> None:
    dry_run = subprocess.run(
        ["make", "-n", "diff-spec", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    )
    (command,) = [line for line in dry_run.stdout.splitlines() if "scripts/specdiff.py" in line]
    assert command.split("--changelog ")[1].split()[0] == writes if writes else "--changelog" not in command


def test_strict_fails_on_either_section_or_an_uncompared_python_api() -> None:
    report = diff_specs(base(), base())
    assert strict_problem(report) is None
    report.api = ApiSection()
    assert strict_problem(report) is None
    report.api = ApiSection(error="spec does not generate")
    assert strict_problem(report) == "the Python API could not be compared"
    report.api = ApiSection([Change("function-removed", "pkg.f", "removed", True, "")])
    assert strict_problem(report) == "breaking Python API changes"
    assert strict_problem(diff_specs(base(), bumped())) == "breaking spec changes"


def test_render_text_shows_the_python_api_section_and_the_suggestion() -> None:
    report = diff_specs(base(), base())
    report.api = ApiSection([Change("function-removed", "pkg.f", "removed", True, "calls fail")])
    report.next_version = "1.0.0.2 (same API)"
    assert render_text(report).splitlines()[-5:] == [
        "Python API changes (propello_api, propello):",
        "  BREAKING  function-removed          pkg.f: removed",
        "                                    why: calls fail",
        "1 change, 1 breaking",
        "Suggested next version: 1.0.0.2 (same API)",
    ]
    report.api = ApiSection(error="openapi-python-client failed")
    assert "  not compared: openapi-python-client failed\n" in render_text(report)


CHANGELOG = """# Changelog

Intro paragraph.

## API 1.0.0

- Hand-written notes.
"""


def test_update_changelog_inserts_at_the_top_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_text(CHANGELOG, encoding="utf-8")
    update_changelog(path, diff_specs(base(), bumped()))
    first = path.read_text(encoding="utf-8")
    assert first.startswith("# Changelog\n\nIntro paragraph.\n\n## API 1.1.0\n")
    assert first.endswith("\n\n## API 1.0.0\n\n- Hand-written notes.\n")
    update_changelog(path, diff_specs(base(), bumped()))
    assert path.read_text(encoding="utf-8") == first
    smaller = bumped()
    smaller["paths"]["/items"] = base()["paths"]["/items"]
    update_changelog(path, diff_specs(base(), smaller))
    replaced = path.read_text(encoding="utf-8")
    assert replaced.count("## API 1.1.0") == 1 and "operation-removed" not in replaced


def test_update_changelog_leaves_a_hand_written_section_of_the_same_version(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_text(CHANGELOG, encoding="utf-8")
    same_version = base()
    schemas(same_version)["Item"]["properties"].pop("note")
    update_changelog(path, diff_specs(base(), same_version))
    text = path.read_text(encoding="utf-8")
    assert text.count("## API 1.0.0") == 2 and "- Hand-written notes." in text


def test_update_changelog_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "CHANGELOG.md"
    update_changelog(path, diff_specs(base(), bumped()))
    assert path.read_text(encoding="utf-8").startswith("# Changelog\n\n## API 1.1.0\n")


def write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_cli_exit_codes_and_changelog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write(tmp_path / "old.yaml", base()), write(tmp_path / "new.yaml", bumped())
    skip = "--no-python-api"
    assert main([str(old), str(new), skip]) == 0
    out = capsys.readouterr().out
    assert "2 changes, 1 breaking (API 1.0.0 -> 1.1.0)\nSuggested next version: 1.1.0.1.0 (API 1.0.0 -> 1.1.0" in out
    assert "Python API changes (" not in out
    assert main([str(old), str(new), "--strict", skip]) == 1
    assert capsys.readouterr().err == "specdiff: breaking spec changes (--strict)\n"
    assert main([str(old), str(old), "--strict", skip]) == 0
    changelog = tmp_path / "CHANGELOG.md"
    assert main([str(old), str(new), "--changelog", str(changelog), skip]) == 0
    assert "## API 1.1.0" in changelog.read_text(encoding="utf-8")


def test_cli_a_spec_that_does_not_generate_leaves_the_python_api_uncompared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spec the diff can read but the generator refuses (no info.title): the report says so, and --strict
    fails (nothing vouches for the Python API)."""
    spec = base()
    del spec["info"]["title"]
    old = write(tmp_path / "old.yaml", spec)
    assert main([str(old), str(old)]) == 0
    out = capsys.readouterr().out
    assert f"Python API changes (propello_api, propello):\n  not compared: spec {old} is invalid: " in out
    assert main([str(old), str(old), "--strict"]) == 1
    assert capsys.readouterr().err.endswith("specdiff: the Python API could not be compared (--strict)\n")


def test_cli_rules_prints_why_each_change_breaks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rules"]) == 0
    out = capsys.readouterr().out
    assert "enum-value-added (Enums)\n  not breaking: requests: old values are still accepted; responses: kept" in out
    assert "parameter-removed (Python API)\n  breaking: calls passing it raise TypeError\n" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read new spec {path}"),
        ("openapi: [unclosed\n", "cannot read new spec {path}"),
        ("swagger: '2.0'\n", "new spec {path} is not an OpenAPI 3 document"),
        (
            yaml.safe_dump(base()).replace("'#/components/schemas/Item'", "'#/nowhere'"),
            "new spec: $ref #/nowhere does not resolve ({path})",
        ),
    ],
)
def test_cli_unreadable_input_exits_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str
) -> None:
    old, new = write(tmp_path / "old.yaml", base()), tmp_path / "new.yaml"
    if content is not None:
        new.write_text(content, encoding="utf-8")
    assert main([str(old), str(new)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("specdiff: ") and expected.format(path=new) in captured.err
