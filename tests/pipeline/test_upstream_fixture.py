"""The upstream-shaped fixtures (tests/fixtures/upstream/) are what their README says: a bump of the frozen
reconstruction with renamed schemas, an inlined body, the overlay's quirk fixed and new operations, in OpenAPI
3.0 and 3.1, which generate the same client."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from client_generator import operations
from jsonpath_ng.ext import parse
from spec_check import first_validation_error

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "tests" / "fixtures" / "upstream"
VERSIONS = {"3.0": "3.0.3", "3.1": "3.1.0"}
NEW_OPERATIONS = {
    ("post", "/v3/offers/{id}/redeem", "redeem-offer", "Offer"),
    ("post", "/v3/rewards/list", "list-rewards", "Reward"),
    ("post", "/v3/offers/{id}/image", "get-offer-image", "Offer"),
}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def signature(spec: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    """(method, path, operationId, tag) of every operation."""
    return {
        (method, path, operation["operationId"], operation["tags"][0])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


@pytest.fixture(scope="module", params=list(VERSIONS))
def upstream(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(UPSTREAM / f"openapi-{request.param}.yaml")


def test_is_valid_openapi_of_its_version_and_a_version_ahead(upstream: dict[str, Any]) -> None:
    assert first_validation_error(upstream) is None
    assert upstream["openapi"] in VERSIONS.values()
    assert upstream["info"]["version"] == "3.1.0"


def test_keeps_the_documented_operations_and_adds_three(upstream: dict[str, Any], reconstruction_path: Path) -> None:
    documented = signature(load(reconstruction_path))
    assert len(documented) == 16
    assert signature(upstream) == documented | NEW_OPERATIONS
    assert "Reward" in {tag["name"] for tag in upstream["tags"]}


def test_renames_every_component_and_inlines_the_create_user_body(
    upstream: dict[str, Any], reconstruction_path: Path
) -> None:
    old = load(reconstruction_path)["components"]
    for kind in ("schemas", "responses", "parameters"):
        assert not set(old[kind]) & set(upstream["components"][kind]), kind
    body = upstream["paths"]["/v3/user/create"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "$ref" not in body and "email" in body["properties"]


def test_fixes_the_group_list_quirk_so_the_overlay_actions_for_it_match_nothing(upstream: dict[str, Any]) -> None:
    assert parse("$.components.schemas.GroupListResponse").find(upstream) == []
    ok = upstream["paths"]["/v3/group/list"]["post"]["responses"]["200"]["content"]["application/json"]
    collection = upstream["components"]["schemas"][ok["schema"]["$ref"].rsplit("/", 1)[1]]
    assert collection["properties"]["data"]["type"] == "array"


def test_answers_a_png_and_carries_no_reconstruction_marks(upstream: dict[str, Any]) -> None:
    assert [str(op) for op in operations(upstream) if "image/png" in op.media_types] == [
        "get-offer-image (POST /v3/offers/{id}/image)"
    ]
    assert "x-reconstructed" not in yaml.safe_dump(upstream)


def test_both_versions_generate_the_same_client(tmp_path: Path) -> None:
    packages = {}
    for version in VERSIONS:
        packages[version] = tmp_path / version / "propello_api"
        command = [sys.executable, str(ROOT / "scripts" / "generate.py"), "--out", str(packages[version])]
        result = subprocess.run(
            [*command, "--spec", str(UPSTREAM / f"openapi-{version}.yaml")], capture_output=True, text=True, cwd=ROOT
        )
        assert result.returncode == 0, result.stderr
        assert "generate: image/png is generated as bytes (File) in get-offer-image" in result.stdout
    compared = filecmp.dircmp(packages["3.0"], packages["3.1"], ignore=["__pycache__"])
    assert differing(compared) == ["_api_version.py"], "only the effective spec's sha256 differs"


def differing(compared: filecmp.dircmp[str]) -> list[str]:
    """Files that differ or exist on one side only, in every subfolder too."""
    here = [*compared.diff_files, *compared.left_only, *compared.right_only]
    return here + [f"{name}/{path}" for name, sub in compared.subdirs.items() for path in differing(sub)]
