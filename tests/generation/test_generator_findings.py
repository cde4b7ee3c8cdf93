"""What the generator cannot map no longer throws the client away: binary media types become bytes, the rest is
reported naming its operation, and only --strict (`make ... STRICT=1`) fails on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

# An overlay every spec matches, so only the generator's findings are reported.
NEUTRAL_OVERLAY = {
    "overlay": "1.0.0",
    "info": {"title": "t", "version": "1"},
    "actions": [{"target": "$.info", "update": {"x-note": "generated in a test"}}],
}


def media(content: dict[str, object]) -> dict[str, object]:
    return {"description": "ok", "content": content}


BINARY_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "binary", "version": "1"},
    "paths": {
        "/qr": {"get": {"operationId": "get-qr", "responses": {"200": media({"image/png": {}})}}},
        "/badge": {
            "get": {
                "operationId": "get-badge",
                "responses": {
                    "200": media({"image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}}})
                },
            }
        },
        "/invoice": {
            "get": {
                "operationId": "get-invoice",
                "responses": {"200": media({"application/pdf": {"schema": {"type": "string", "format": "binary"}}})},
            }
        },
        "/photo": {
            "put": {
                "operationId": "put-photo",
                "requestBody": {"content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"204": {"description": "stored"}},
            }
        },
    },
}

UNSUPPORTED_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "unsupported", "version": "1"},
    "paths": {
        "/notes": {
            "post": {
                "operationId": "upload-notes",
                "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "stored"}},
            }
        },
        "/mixed": {
            "get": {
                "operationId": "get-mixed",
                "responses": {"200": media({"application/json": {"schema": {"$ref": "#/components/schemas/Mixed"}}})},
            }
        },
        "/fine": {
            "get": {
                "operationId": "get-fine",
                "responses": {"200": media({"application/json": {"schema": {"type": "object"}}})},
            }
        },
    },
    "components": {"schemas": {"Mixed": {"type": "object", "properties": {"either": {"enum": [1, "a"]}}}}},
}


def generate(tmp_path: Path, spec: dict[str, object], *args: str) -> subprocess.CompletedProcess[str]:
    spec_file, overlay = tmp_path / "spec.yaml", tmp_path / "overlay.yaml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    overlay.write_text(yaml.safe_dump(NEUTRAL_OVERLAY), encoding="utf-8")
    out = tmp_path / "propello_api"
    command = [sys.executable, str(ROOT / "scripts" / "generate.py"), "--spec", str(spec_file), "--out", str(out)]
    return subprocess.run([*command, "--overlay", str(overlay), *args], capture_output=True, text=True, cwd=ROOT)


def test_binary_media_types_are_generated_as_bytes(tmp_path: Path) -> None:
    result = generate(tmp_path, BINARY_SPEC, "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "a mapped media type is no warning, even under --strict"
    assert result.stdout.splitlines()[:3] == [
        "generate: application/pdf is generated as bytes (File) in get-invoice (GET /invoice)",
        "generate: image/jpeg is generated as bytes (File) in put-photo (PUT /photo)",
        "generate: image/png is generated as bytes (File) in get-qr (GET /qr), get-badge (GET /badge)",
    ]
    api = tmp_path / "propello_api" / "api" / "default"
    for name in ("get_qr", "get_badge", "get_invoice"):
        code = (api / f"{name}.py").read_text(encoding="utf-8")
        assert "response_200 = File(payload=BytesIO(response.content))" in code, name
    upload = (api / "put_photo.py").read_text(encoding="utf-8")
    assert '_kwargs["content"] = body.payload' in upload and 'headers["Content-Type"] = "image/jpeg"' in upload


def test_what_cannot_be_generated_is_reported_by_operation_and_the_rest_is_kept(tmp_path: Path) -> None:
    result = generate(tmp_path, UNSUPPORTED_SPEC)
    assert result.returncode == 0, result.stderr
    notes, mixed, schema = result.stderr.splitlines()
    assert notes == (
        "generate: warning: operation upload-notes (POST /notes): Unsupported content type text/plain; "
        "the operation is left out of the client"
    )
    assert mixed == (
        "generate: warning: operation get-mixed (GET /mixed): Cannot parse response for status code 200 "
        "(Could not find reference in parsed models or enums), response will be omitted from generated client"
    )
    assert schema.startswith("generate: warning: Unable to process schema /components/schemas/Mixed: Got {")
    api = tmp_path / "propello_api" / "api" / "default"
    assert sorted(p.name for p in api.glob("*.py")) == ["__init__.py", "get_fine.py", "get_mixed.py"]
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    imported = subprocess.run(
        [sys.executable, "-c", "from propello_api.api.default import get_fine, get_mixed"], env=env, cwd=tmp_path
    )
    assert imported.returncode == 0


def test_strict_refuses_a_client_with_parts_missing(tmp_path: Path) -> None:
    result = generate(tmp_path, UNSUPPORTED_SPEC, "--strict")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-2:] == [
        "error: strict: 3 generator warning(s) above are fatal",
        "generated/ was left untouched.",
    ]
    assert not (tmp_path / "propello_api").exists()
