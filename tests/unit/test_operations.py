"""The operations table (propello/_operations.py) matches the spec, and every spec operation has a method."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from propello._operations import OPERATIONS, describe, is_read, match
from resource_coverage import spec_operations, uncovered

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "openapi.yaml"
GET_USER = "/v3/user/get/{identifier}/{identifier_value}"


def test_every_spec_operation_has_a_resource_method() -> None:
    problems = uncovered(SPEC)
    assert not problems, "\n".join(problems)


def test_table_agrees_with_the_spec_on_method_and_path() -> None:
    spec = spec_operations(SPEC)
    wrong = [op.id for op in OPERATIONS if spec.get(op.id) != (op.method, op.path)]
    assert not wrong, f"method or path differs from openapi.yaml for: {', '.join(wrong)}"


def test_only_the_token_call_has_no_resource_method() -> None:
    assert [op.id for op in OPERATIONS if op.sdk_method is None] == ["oauth-request"]


@pytest.mark.parametrize(
    ("url", "template"),
    [
        (
            "https://api.yourperx.com/v3/user/get/email/jane%40example.com",
            "/v3/user/get/{identifier}/{identifier_value}",
        ),
        ("https://api.yourperx.com/v3/offers/list", "/v3/offers/list"),
        ("https://api.yourperx.com/v3/offers/42", "/v3/offers/{id}"),
        ("https://api.yourperx.com/v3/group/list", "/v3/group/list"),
        ("https://api.yourperx.com/v3/group", "/v3/group"),
        ("https://mock.example/_mock/openapi/v3/user/create/bulk", "/v3/user/create/bulk"),
        ("https://api.yourperx.com/v3/user/get/id/a%2Fb?x=1", GET_USER),
    ],
)
def test_urls_match_their_template(url: str, template: str) -> None:
    operation = match(httpx.URL(url))
    assert operation is not None
    assert operation.path == template


def test_unknown_paths_are_writes_and_are_not_logged_concretely() -> None:
    request = httpx.Request("POST", "https://api.yourperx.com/v3/user/new-thing/jane@example.com")
    assert match(request.url) is None
    assert not is_read(request)
    assert "jane" not in describe(request)


def test_reads_and_writes_follow_the_issue() -> None:
    reads = {op.id for op in OPERATIONS if op.read}
    assert reads == {
        "oauth-request",
        "get-user-detail",
        "get-user-list",
        "get-group",
        "get-group-list",
        "get-offer",
        "get-offer-list",
    }
