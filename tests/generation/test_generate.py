"""`make generate` is deterministic, atomic, and refuses bad input without touching generated/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated" / "propello_api"


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), *args], capture_output=True, text=True, cwd=ROOT
    )


def snapshot_tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A copy of the committed generated package to generate over."""
    target = tmp_path / "propello_api"
    shutil.copytree(GENERATED, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_committed_generated_code_is_in_sync() -> None:
    result = generate("--check")
    assert result.returncode == 0, result.stderr


def test_generation_is_deterministic_and_matches_the_commit(out: Path) -> None:
    before = snapshot_tree(out)
    assert generate("--out", str(out)).returncode == 0
    first = snapshot_tree(out)
    assert generate("--out", str(out)).returncode == 0
    assert snapshot_tree(out) == first == before


ADOPT_ANOTHER_SPEC = """To adopt another spec instead, make it the snapshot first, then regenerate:
  make fetch-spec SPEC_URL=<bundle URL>   (or copy the file to openapi/openapi.yaml)
  make generate
"""


def test_check_names_the_stale_file_and_the_fix(out: Path) -> None:
    (out / "client.py").write_text("# edited by hand\n", encoding="utf-8")
    result = generate("--check", "--out", str(out))
    assert result.returncode == 1
    assert "client.py (changed)" in result.stderr
    assert "To keep openapi/openapi.yaml: run `make generate` and commit the result" in result.stderr
    assert ADOPT_ANOTHER_SPEC in result.stderr
    assert "It was generated from API" not in result.stderr, "same API version: nothing to say about it"


def test_check_after_generating_from_another_spec_says_how_to_adopt_it(out: Path) -> None:
    """`make generate SPEC=other.yaml` then `make check-generated`: the user is told how to make it the snapshot."""
    petstore = ROOT / "tests" / "fixtures" / "thirdparty" / "oai-petstore.yaml"
    assert generate("--spec", str(petstore), "--out", str(out)).returncode == 0
    next_spec = ROOT / "tests" / "fixtures" / "openapi-next.yaml"
    result = generate("--check", "--spec", str(next_spec), "--out", str(out))
    assert result.returncode == 1
    assert "api/pets/list_pets.py (only in generated/)" in result.stderr
    assert "It was generated from API 1.0.0; tests/fixtures/openapi-next.yaml is API 3.1.0.\n" in result.stderr
    assert ADOPT_ANOTHER_SPEC in result.stderr
    assert "`make generate SPEC=<file>` alone leaves openapi/openapi.yaml as it was" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "spec not found: "),
        ("openapi: 3.0.3\ninfo: {title: x}\npaths: {}\n", "is invalid: 'version' is a required property (at $.info)"),
        (
            "openapi: [unclosed\n",
            "is not readable YAML/JSON (line 2, column 1: expected ',' or ']', but got '<stream end>')",
        ),
        ("swagger: '2.0'\n", "is invalid: not an OpenAPI 3.0 or 3.1 document"),
        (
            "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      title: A\n"
            "      responses: {'200': {description: ok}}\n",
            "is invalid: Unevaluated properties are not allowed ('title' was unexpected) (at $.paths['/a/{id}'].get)",
        ),
        (
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
            "        '200':\n          description: ok\n"
            "          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}\n",
            "is invalid: $ref #/components/schemas/A points to nothing "
            "(at $.paths['/a'].get.responses['200'].content['application/json'].schema)",
        ),
        (
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
            "    A: {type: object, properties: {n: {type: string, default: 1}}}\n",
            "is invalid: 1 is not of type 'string' (at $.components.schemas.A.properties.n)",
        ),
    ],
    ids=["missing", "no-version", "broken-yaml", "swagger-2", "3.1-operation-title", "dangling-ref", "bad-default"],
)
def test_bad_spec_is_named_with_where_it_is_and_leaves_output_untouched(
    out: Path, tmp_path: Path, content: str | None, expected: str
) -> None:
    spec = tmp_path / "broken.yaml"
    if content is not None:
        spec.write_text(content, encoding="utf-8")
    before = snapshot_tree(out)
    result = generate("--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert str(spec) in result.stderr and expected in result.stderr
    assert "untouched" in result.stderr
    assert len(result.stderr.splitlines()) == 2, "one line for the problem, one saying nothing changed"
    assert snapshot_tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["propello_api", *([spec.name] if content else [])])


def test_without_the_default_overlay_file_generation_goes_on_without_one(tmp_path: Path) -> None:
    """openapi/overlay.yaml is optional: a project whose spec needs no fixes deletes it (a copy of the
    pipeline without it, here). A named overlay that does not exist is an error (tests/pipeline/test_overlay.py)."""
    root = tmp_path / "project"
    for folder in ("scripts", "templates"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "generator-config.yml", root)
    (root / "openapi").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "thirdparty" / "oai-petstore.yaml", root / "openapi" / "openapi.yaml")
    result = subprocess.run(
        [sys.executable, str(root / "scripts" / "generate.py")], capture_output=True, text=True, cwd=root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("generate: no overlay applied (openapi/overlay.yaml does not exist)\n")
    assert result.stderr == ""
    assert (root / "generated" / "propello_api" / "api" / "pets" / "list_pets.py").is_file()
