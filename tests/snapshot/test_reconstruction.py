"""The reconstructed snapshot says what the docs say: every operation, verbatim, and nothing invented unmarked.

These are facts of the reconstruction: once a fetched upstream spec replaces it they are skipped (the
`reconstruction` marker, tests/conftest.py). Checks that hold for any snapshot are in test_snapshot.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.reconstruction

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "openapi" / "openapi.yaml"
DOCS_INDEX = ROOT.parent / "shared" / "reference" / "seeds" / "redocly-docs-index.md"

# The docs' operation index (https://propello-cloud.redocly.app/openapi.md): method, path, summary
# verbatim; operationId = the doc page slug; tag as the docs group it.
DOCS_OPERATIONS = [
    ("POST", "/v3/oauth/token", "Generate Access Tokens", "oauth-request", "OAuth"),
    ("POST", "/v3/user/create", "Create a new user record", "create-user", "User"),
    ("POST", "/v3/user/create/bulk", "Bulk create new user records (limit 100)", "bulk-create-user", "User"),
    ("POST", "/v3/user/get/{identifier}/{identifier_value}", "Retrieve a users details", "get-user-detail", "User"),
    ("POST", "/v3/user/list", "Retrieve a list of users", "get-user-list", "User"),
    ("POST", "/v3/user/update/{identifier}/{identifier_value}", "Update a user record", "update-user", "User"),
    ("DELETE", "/v3/user/delete/{identifier}/{identifier_value}", "Deactivate a user record", "delete-user", "User"),
    (
        "POST",
        "/v3/user/restore/{identifier}/{identifier_value}",
        "Restore a deactivated user record",
        "restore-user",
        "User",
    ),
    (
        "POST",
        "/v3/user/login-url/{identifier}/{identifier_value}",
        "Generate a single-use user login link",
        "login-url",
        "User",
    ),
    (
        "POST",
        "/v3/user/create/login-url",
        "Create a user and return a single-use login URL",
        "create-login-url",
        "User",
    ),
    (
        "POST",
        "/v3/user/anonymise/{identifier}/{identifier_value}",
        "Delete user and remove identifiable information",
        "anonymise-user",
        "User",
    ),
    (
        "POST",
        "/v3/user/make-known/{identifier}/{identifier_value}",
        "Restore previously anonymised user",
        "make-known-user",
        "User",
    ),
    ("POST", "/v3/group", "Get Group Details", "get-group", "Group"),
    ("POST", "/v3/group/list", "Get Groups List", "get-group-list", "Group"),
    ("POST", "/v3/offers/{id}", "Get Offer Details", "get-offer", "Offer"),
    ("POST", "/v3/offers/list", "Get Offer List", "get-offer-list", "Offer"),
]
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SNAPSHOT.read_text(encoding="utf-8"))


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): op
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    }


def test_snapshot_is_openapi_3_0_3_of_api_3_0_0(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.0.3"
    assert spec["info"]["title"] == "Propello Cloud API"
    assert spec["info"]["version"] == "3.0.0"


def test_description_is_the_docs_text(spec: dict[str, Any]) -> None:
    description = spec["info"]["description"]
    assert description.startswith("# Overview:\nThe Propello API has been created")
    assert "The rate limit is set to 120 calls per minute, however this can be changed upon request." in description
    assert "[tech@propellocloud.com](mailto:tech@propellocloud.com)" in description
    assert description.endswith("| [JavaScript](https://www.npmjs.com/package/yourperx) |\n")
    assert description.count("<br><br>") == 3


def test_tags_are_the_docs_tags(spec: dict[str, Any]) -> None:
    assert spec["tags"] == [
        {"name": "OAuth", "description": "OAuth Operations"},
        {"name": "User", "description": "User Operations"},
        {"name": "Group", "description": "Organisation Group Operations"},
        {"name": "Offer", "description": "Organisation Offer Operations"},
    ]


def test_exactly_the_documented_operations(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    assert set(ops) == {(method, path) for method, path, *_ in DOCS_OPERATIONS}
    for method, path, summary, operation_id, tag in DOCS_OPERATIONS:
        op = ops[(method, path)]
        assert (op["summary"], op["operationId"], op["tags"]) == (summary, operation_id, [tag]), path


@pytest.mark.skipif(not DOCS_INDEX.is_file(), reason="shared/reference is not beside this checkout")
def test_table_agrees_with_the_docs_index_seed() -> None:
    index = DOCS_INDEX.read_text(encoding="utf-8")
    found = re.findall(
        r"### ((?:(?!###).)+?) - \[(GET|POST|PUT|PATCH|DELETE) (/v3/[^\]]+)\]\([^)]*/([a-z-]+)\.md\)", index
    )
    assert sorted((m, p, s, slug) for s, m, p, slug in found) == sorted(
        (m, p, s, oid) for m, p, s, oid, _ in DOCS_OPERATIONS
    )


def test_delete_says_the_sdk_sends_post(spec: dict[str, Any]) -> None:
    op = operations(spec)[("DELETE", "/v3/user/delete/{identifier}/{identifier_value}")]
    assert "PHP SDK" in op["description"] and "POST" in op["description"]


def test_bearer_auth_everywhere_but_the_token_call(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["BearerAuth"]
    assert scheme == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "To authenticate requests, provide a Bearer token in the `Authorization` header. "
        "Example: `Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...`. "
        "You can obtain a token via the Authorise endpoint.\n",
    }
    for (method, path), op in operations(spec).items():
        effective = op.get("security", spec["security"])
        expected = [] if path == "/v3/oauth/token" else [{"BearerAuth": []}]
        assert effective == expected, f"{method} {path}"


def test_oauth_body_and_full_token_example(spec: dict[str, Any]) -> None:
    body = spec["components"]["schemas"]["OAuthBody"]
    assert body["required"] == ["client_id", "client_secret", "grant_type", "scope"]
    assert {k: (v["type"], v["example"]) for k, v in body["properties"].items()} == {
        "client_id": ("integer", 1),
        "client_secret": ("string", "VFCcW5gYwy4RDn9hhK16DoPK6nrqvNkIPoeeyMnG"),
        "grant_type": ("string", "client_credentials"),
        "scope": ("string", "*"),
    }
    example = spec["paths"]["/v3/oauth/token"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    header, _payload, signature = example["access_token"].split(".")
    assert header.startswith("eyJ0eXAiOiJKV1Qi") and len(signature) == 683  # 512-byte RS256 signature, base64url
    assert example["expires_in"] == 31536000 and example["token_type"] == "Bearer"


def test_group_details_example_is_verbatim(spec: dict[str, Any]) -> None:
    op = spec["paths"]["/v3/group"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/GroupDetailsBody")
    assert spec["components"]["schemas"]["GroupDetailsBody"]["properties"]["organisation_group_id"]["type"] == "integer"
    assert op["responses"]["200"]["content"]["application/json"]["example"] == {
        "status": 200,
        "timestamp": "1970-01-30T00:00:00.000000Z",
        "data": {
            "id": 1,
            "name": "example_org",
            "display_name": "Example Org. LTD",
            "sandbox": 0,
            "locale": "en_GB",
            "timezone": "Europe/London",
            "custom_domain": None,
            "subdomain": "example",
        },
    }


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_every_operation_has_a_200_json_example(spec: dict[str, Any]) -> None:
    for (method, path), op in operations(spec).items():
        ok = resolve(spec, op["responses"]["200"])
        assert "example" in ok["content"]["application/json"], f"{method} {path}"


def test_identifier_parameters(spec: dict[str, Any]) -> None:
    params = spec["components"]["parameters"]
    assert params["Identifier"]["schema"]["enum"] == ["email", "UID", "id"]
    assert params["IdentifierValue"]["schema"]["type"] == "string"
    make_known = spec["paths"]["/v3/user/make-known/{identifier}/{identifier_value}"]["parameters"][0]
    assert make_known["schema"]["enum"] == ["UID", "id"]


def test_every_reconstructed_part_says_what_is_unknown(spec: dict[str, Any]) -> None:
    marked: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("x-reconstructed"):
                assert len(node.get("description", "")) > 20, f"{where} is marked but not described"
                marked.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(spec, "#")
    assert len(marked) >= 10
