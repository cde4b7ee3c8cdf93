"""scripts/overlay.py: Overlay 1.0 semantics, clear errors, targets that match nothing, and the repo's overlay.yaml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from overlay import OverlayError, apply_overlay, apply_overlay_file, main

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "openapi" / "overlay.yaml"


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "test", "version": "1"}, "actions": list(actions)}


@pytest.fixture
def spec() -> dict[str, Any]:
    return {
        "info": {"title": "T", "contact": {"name": "a"}},
        "tags": [{"name": "A"}],
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        {"name": "q1", "in": "query"},
                        {"name": "id", "in": "path"},
                        {"name": "q2", "in": "query"},
                    ],
                    "x-list": [1],
                }
            }
        },
    }


@pytest.mark.reconstruction
def test_repo_overlay_makes_group_list_data_an_array_of_group(snapshot_path: Path) -> None:
    snapshot = yaml.safe_load(snapshot_path.read_text(encoding="utf-8"))
    before = yaml.safe_dump(snapshot)
    result = apply_overlay_file(snapshot, OVERLAY)
    assert result["components"]["schemas"]["GroupListResponse"]["properties"]["data"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Group"},
    }
    assert yaml.safe_dump(snapshot) == before, "the input spec must not be mutated"
    actions = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))["actions"]
    assert all(action.get("description") for action in actions)


@pytest.mark.reconstruction
def test_committed_client_parses_group_list_data_as_groups() -> None:
    from propello_api.models.group import Group
    from propello_api.models.group_list_response import GroupListResponse

    parsed = GroupListResponse.from_dict({"status": 200, "data": [{"id": 1, "name": "example_org"}]})
    assert isinstance(parsed.data, list)
    assert isinstance(parsed.data[0], Group) and parsed.data[0].name == "example_org"


def test_update_merges_objects_recursively_and_appends_to_arrays(spec: dict[str, Any]) -> None:
    result = apply_overlay(
        spec,
        overlay(
            {"target": "$.info", "update": {"contact": {"email": "e"}, "version": "2"}},
            {"target": "$.tags", "update": {"name": "B"}},
            {"target": "$.tags", "update": [{"name": "C"}, {"name": "D"}]},
            {"target": "$.paths['/x'].get", "update": {"x-list": [2], "summary": "s"}},
        ),
    )
    assert result["info"] == {"title": "T", "contact": {"name": "a", "email": "e"}, "version": "2"}
    assert [tag["name"] for tag in result["tags"]] == ["A", "B", "C", "D"]
    assert result["paths"]["/x"]["get"]["x-list"] == [1, 2]
    assert result["paths"]["/x"]["get"]["summary"] == "s"
    assert spec["tags"] == [{"name": "A"}] and "version" not in spec["info"]


def test_remove_deletes_every_match_even_several_items_of_one_array(spec: dict[str, Any]) -> None:
    result = apply_overlay(
        spec,
        overlay(
            {"target": "$.paths.*.get.parameters[?(@.in == 'query')]", "remove": True},
            {"target": "$.info.contact", "remove": True},
        ),
    )
    assert result["paths"]["/x"]["get"]["parameters"] == [{"name": "id", "in": "path"}]
    assert result["info"] == {"title": "T"}


def test_yaml_aliases_are_not_updated_together() -> None:
    spec = yaml.safe_load("a: &shared {k: 1}\nb: *shared\n")
    result = apply_overlay(spec, overlay({"target": "$.a", "update": {"k": 2}}))
    assert result == {"a": {"k": 2}, "b": {"k": 1}}


GONE = {"target": "$.components.schemas.Gone", "description": "fix Gone:\n  its data", "remove": True}
GONE_LINE = (
    "action 2 ('fix Gone: its data'): target $.components.schemas.Gone matched nothing; "
    "upstream may have fixed this; remove the action"
)


def test_a_target_matching_nothing_is_reported_in_one_line_and_skipped(spec: dict[str, Any]) -> None:
    reported: list[str] = []
    result = apply_overlay(
        spec,
        overlay({"target": "$.info", "update": {"x": 1}}, GONE, {"target": "$.tags", "update": {"name": "B"}}),
        report=reported.append,
    )
    assert reported == [GONE_LINE]
    assert result["info"]["x"] == 1 and [tag["name"] for tag in result["tags"]] == ["A", "B"], "the others still apply"


def test_strict_makes_a_target_matching_nothing_an_error(spec: dict[str, Any]) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(spec, overlay({"target": "$.info", "update": {"x": 1}}, GONE), strict=True)
    assert str(caught.value) == GONE_LINE


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"info": {}, "actions": []}, "`overlay` must be a version like 1.0.0, got None"),
        ({"overlay": "2.0.0", "actions": []}, "got '2.0.0'"),
        ({"overlay": "1.0.0", "actions": {"target": "$"}}, "`actions` must be a non-empty list"),
        ({"overlay": "1.0.0", "actions": [{"target": "$.info"}]}, "action 1: needs `update` or `remove: true`"),
        ({"overlay": "1.0.0", "actions": [{"update": {}}]}, "action 1: `target` must be a JSONPath starting with $"),
        ({"overlay": "1.0.0", "actions": ["$.info"]}, "action 1 is not a mapping"),
        ({"overlay": "1.0.0", "actions": [{"target": "$.info[?(@.x ==", "update": {}}]}, "invalid JSONPath"),
        ({"overlay": "1.0.0", "actions": [{"target": "$.info.title", "update": "x"}]}, "only objects and arrays"),
        ({"overlay": "1.0.0", "actions": [{"target": "$.info", "update": [1]}]}, "`update` must be an object"),
        ({"overlay": "1.0.0", "actions": [{"target": "$", "remove": True}]}, "the document root cannot be removed"),
    ],
)
def test_malformed_overlays_are_refused_clearly(spec: dict[str, Any], document: dict[str, Any], expected: str) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(spec, document)
    assert expected in str(caught.value)


def test_unreadable_overlay_file_is_named(tmp_path: Path, spec: dict[str, Any]) -> None:
    broken = tmp_path / "overlay.yaml"
    broken.write_text("actions: [unclosed\n", encoding="utf-8")
    with pytest.raises(OverlayError, match=f"cannot read overlay {broken}"):
        apply_overlay_file(spec, broken)
    with pytest.raises(OverlayError, match="cannot read overlay"):
        apply_overlay_file(spec, tmp_path / "missing.yaml")


@pytest.fixture
def spec_file(tmp_path: Path, spec: dict[str, Any]) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def write_overlay(tmp_path: Path, *actions: dict[str, Any]) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(yaml.safe_dump(overlay(*actions)), encoding="utf-8")
    return path


def test_cli_prints_or_writes_the_result(tmp_path: Path, spec_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actions = write_overlay(tmp_path, {"target": "$.info", "update": {"version": "2"}})
    assert main([str(spec_file), str(actions)]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["info"] == {"title": "T", "contact": {"name": "a"}, "version": "2"}
    out = tmp_path / "effective.yaml"
    assert main([str(spec_file), str(actions), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == printed


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "overlay.py"), *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_reports_a_target_matching_nothing_and_strict_fails(tmp_path: Path, spec_file: Path) -> None:
    actions = write_overlay(tmp_path, {"target": "$.nothing", "remove": True})
    line = "action 1: target $.nothing matched nothing; upstream may have fixed this; remove the action\n"
    result = run_cli(str(spec_file), str(actions))
    assert (result.returncode, result.stderr) == (0, f"overlay: {line}")
    assert yaml.safe_load(result.stdout) == yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    strict = run_cli(str(spec_file), str(actions), "--strict")
    assert (strict.returncode, strict.stdout, strict.stderr) == (2, "", f"overlay: {line}")


def test_cli_failure_is_one_message_and_exit_2(tmp_path: Path, spec_file: Path) -> None:
    missing = tmp_path / "overlay.yml"
    result = run_cli(str(spec_file), str(missing))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"overlay: cannot read overlay {missing}: ")
    assert len(result.stderr.splitlines()) == 1


def generate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--out", str(tmp_path / "propello_api"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_generate_reports_an_overlay_action_upstream_made_obsolete_and_strict_refuses(tmp_path: Path) -> None:
    actions = write_overlay(tmp_path, {"target": "$.components.schemas.Gone", "remove": True})
    line = "action 1: target $.components.schemas.Gone matched nothing; upstream may have fixed this; remove the action"
    result = generate(tmp_path, "--overlay", str(actions))
    assert result.returncode == 0, result.stderr
    assert f"generate: warning: overlay: {line}\n" in result.stderr
    assert (tmp_path / "propello_api" / "__init__.py").is_file()
    shutil.rmtree(tmp_path / "propello_api")
    strict = generate(tmp_path, "--overlay", str(actions), "--strict")
    assert strict.returncode == 2
    assert f"error: overlay {actions}: {line}\n" in strict.stderr
    assert not (tmp_path / "propello_api").exists()


def test_generate_refuses_a_named_overlay_that_does_not_exist(tmp_path: Path) -> None:
    result = generate(tmp_path, "--overlay", str(tmp_path / "overlay.ymal"))
    assert result.returncode == 2
    assert f"error: overlay not found: {tmp_path / 'overlay.ymal'}\n" in result.stderr
    assert not (tmp_path / "propello_api").exists()
