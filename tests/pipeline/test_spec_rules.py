"""scripts/spec_changes.py and spec_rules.py on spec pairs modelled on oasdiff's checker tests
(tests/fixtures/specdiff/oasdiff_pairs.yaml): each pair's breaking verdict matches oasdiff's (ERR or WARN:
breaking, INFO or no rule: not), or the pair says why a client generated for Python judges otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from spec_changes import diff_specs
from spec_rules import RULES

ROOT = Path(__file__).resolve().parents[2]
PAIRS = yaml.safe_load((ROOT / "tests" / "fixtures" / "specdiff" / "oasdiff_pairs.yaml").read_text(encoding="utf-8"))
# The rule families the table must cover, by the kinds that show them.
FAMILIES = {
    "composition": {"variant-removed", "variant-added", "allof-part-added", "allof-part-removed"},
    "additionalProperties": {"response-field-removed", "type-changed"},
    "request constraints": {"constraint-tightened", "enum-value-removed"},
    "formats": {"format-changed"},
    "nullable": {"nullable-added", "nullable-removed"},
    "media types": {"media-type-removed", "media-type-added"},
    "success status codes": {"response-removed", "response-added"},
    "webhooks and callbacks": {"webhook-removed", "webhook-added", "callback-removed", "callback-added"},
}


def build_spec(side: dict[str, Any]) -> dict[str, Any]:
    """The small spec a pair's shorthand stands for (see the fixture's header): POST /pets plus components."""
    response = {"description": "OK"}
    if "response" in side:
        response["content"] = {"application/json": {"schema": side["response"]}}
    operation: dict[str, Any] = {"operationId": "updatePets", "responses": side.get("responses") or {"200": response}}
    if "request" in side:
        operation["requestBody"] = {"content": {"application/json": {"schema": side["request"]}}}
    for key in ("requestBody", "parameters", "callbacks"):
        if key in side:
            operation[key] = side[key]
    spec: dict[str, Any] = {
        "openapi": side.get("openapi", "3.0.3"),
        "info": {"title": "pairs", "version": "1.0.0"},
        "paths": {"/pets": {"post": operation}},
    }
    if "webhooks" in side:
        spec["webhooks"] = side["webhooks"]
    if "schemas" in side:
        spec["components"] = {"schemas": side["schemas"]}
    return spec


def oasdiff_breaking(pair: dict[str, Any]) -> bool:
    """ERR or WARN in the pair's `oasdiff` line ("rule LEVEL (test)", or "none (...)" when no rule fires)."""
    words = pair["oasdiff"].split()
    return words[0] != "none" and words[1] in ("ERR", "WARN")


@pytest.mark.parametrize("pair", PAIRS, ids=[pair["name"] for pair in PAIRS])
def test_verdict_matches_oasdiff_or_says_why(pair: dict[str, Any]) -> None:
    report = diff_specs(build_spec(pair["base"]), build_spec(pair["revision"]))
    kinds = {change.kind for change in report.changes}
    assert set(pair["kinds"]) <= kinds, report.changes
    assert report.breaking is pair["breaking"], report.changes
    if pair["breaking"] != oasdiff_breaking(pair):
        assert pair.get("why"), "a verdict that differs from oasdiff's must say why"
    else:
        assert "why" not in pair, "the verdict matches oasdiff's: nothing to explain"
    assert all(change.reason for change in report.changes), "every change says why it breaks or not"


@pytest.mark.parametrize("pair", PAIRS, ids=[pair["name"] for pair in PAIRS])
def test_both_sides_are_valid_openapi(pair: dict[str, Any]) -> None:
    validate(build_spec(pair["base"]))
    validate(build_spec(pair["revision"]))


def test_the_table_covers_every_family_with_at_least_30_pairs() -> None:
    assert len(PAIRS) >= 30
    reported = {kind for pair in PAIRS for kind in pair["kinds"]}
    assert {family for family, kinds in FAMILIES.items() if not kinds <= reported} == set()
    assert len({pair["name"] for pair in PAIRS}) == len(PAIRS)


def test_every_rule_says_why() -> None:
    for rule in RULES.values():
        assert rule.breaks or rule.safe, rule.kind
        assert rule.heading, rule.kind
