"""scripts/api_diff.py: the Python API section. Small package trees for each kind of change, then a rehearsal
bump of the real spec (a model renamed, a method parameter removed) through `specdiff` as `make diff-spec` runs it."""

from __future__ import annotations

import copy
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from api_diff import RULES, ApiDiffError, diff_generated, diff_python_api, main
from specdiff import main as specdiff_main

ROOT = Path(__file__).resolve().parents[2]

OLD = {
    "propello_api/__init__.py": "",
    "propello_api/models/__init__.py": """
        from .pet import Pet
        from .toy import Toy

        __all__ = ("Pet", "Toy")
    """,
    "propello_api/models/pet.py": """
        class Pet:
            name: str
            def to_dict(self) -> dict: ...
    """,
    "propello_api/models/toy.py": """
        class Toy:
            colour: str
    """,
    "propello_api/api/__init__.py": "",
    "propello_api/api/pets/__init__.py": "",
    "propello_api/api/pets/get_pet.py": """
        def sync(pet_id: str, *, client: object, verbose: bool = False) -> object: ...
        def _get_kwargs(pet_id: str) -> dict: ...
    """,
    "propello_api/api/pets/list_pets.py": """
        def sync(*, client: object, limit: int = 10) -> object: ...
    """,
    "propello/__init__.py": """
        from ._client import Client

        __all__ = ["Client"]
    """,
    "propello/_client.py": """
        class Client:
            def __init__(self, token: str, timeout: float = 30.0) -> None: ...
            def close(self) -> None: ...
            def _internal(self) -> None: ...
    """,
}


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def changes_after(tmp_path: Path, edits: dict[str, str | None]) -> list[tuple[str, str, str, bool]]:
    """The changes from OLD to OLD with ``edits`` (file -> its new text; None removes it)."""
    new_files = {**OLD, **edits}
    new_files = {name: text for name, text in new_files.items() if text is not None}
    old, new = tree(tmp_path / "old", OLD), tree(tmp_path / "new", new_files)
    return [(c.kind, c.location, c.detail, c.breaking) for c in diff_python_api([old], [new])]


def test_the_same_tree_has_no_changes(tmp_path: Path) -> None:
    assert changes_after(tmp_path, {}) == []


GET_PET, LIST_PETS, CLIENT = (
    "propello_api/api/pets/get_pet.py",
    "propello_api/api/pets/list_pets.py",
    "propello/_client.py",
)


def sync(signature: str) -> str:
    return f"def sync({signature}) -> object: ...\n"


def client(*methods: str) -> str:
    return "class Client:\n" + "".join(f"    def {method}: ...\n" for method in methods)


INIT, CLOSE = "__init__(self, token: str, timeout: float = 30.0) -> None", "close(self) -> None"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            {GET_PET: sync("pet_id: str, *, client: object")},
            ("parameter-removed", "propello_api.api.pets.get_pet.sync", "parameter verbose removed", True),
        ),
        (
            {GET_PET: sync("pet_id: str, *, client: object, verbose: bool")},
            ("parameter-required", "propello_api.api.pets.get_pet.sync", "parameter verbose is now required", True),
        ),
        (
            {GET_PET: sync("*, pet_id: str, client: object, verbose: bool = False")},
            (
                "parameter-kind-changed",
                "propello_api.api.pets.get_pet.sync",
                "parameter pet_id: positional or keyword -> keyword-only",
                True,
            ),
        ),
        (
            {LIST_PETS: sync("*, client: object, limit: int = 10, page: int")},
            ("parameter-added", "propello_api.api.pets.list_pets.sync", "required parameter page added", True),
        ),
        (
            {LIST_PETS: sync("*, client: object, limit: int = 20")},
            (
                "parameter-default-changed",
                "propello_api.api.pets.list_pets.sync",
                "parameter limit default 10 -> 20",
                True,
            ),
        ),
        ({LIST_PETS: None}, ("module-removed", "propello_api.api.pets.list_pets", "removed", True)),
        ({CLIENT: client(INIT)}, ("method-removed", "propello._client.Client.close", "removed", True)),
        (
            {CLIENT: client(INIT, CLOSE, "reopen(self) -> None")},
            ("method-added", "propello._client.Client.reopen", "added", False),
        ),
        (
            {"propello_api/api/pets/feed_pet.py": sync("*, client: object")},
            ("module-added", "propello_api.api.pets.feed_pet", "added", False),
        ),
        ({CLIENT: client(INIT, CLOSE, "_private_helper(self) -> None")}, None),
    ],
    ids=[
        "parameter-removed",
        "parameter-required",
        "parameter-kind-changed",
        "required-parameter-added",
        "default-changed",
        "module-removed",
        "method-removed-behind-an-export",
        "method-added",
        "module-added",
        "private-names-are-not-api",
    ],
)
def test_each_kind_of_change(tmp_path: Path, edits: dict[str, str | None], expected: tuple[str, ...] | None) -> None:
    assert changes_after(tmp_path, edits) == ([expected] if expected else [])


REQUIRED = "field-added-required"
# A generated model as openapi-python-client writes it; {new} is where a spec change adds a property.
ATTRS_MODEL = """
from typing import ClassVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


@_attrs_define
class UserInput:
    email: str
{new}    additional_properties: dict = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict: ...
"""
DATACLASS_MODEL = "import dataclasses\n\n\n@dataclasses.dataclass\nclass UserInput:\n    email: str\n{new}"
PLAIN_CLASS = "class UserInput:\n    email: str\n{new}"


@pytest.mark.parametrize(
    ("model", "new", "expected"),
    [
        (
            ATTRS_MODEL,
            "employee_ref: str",
            (REQUIRED, "employee_ref", "required field employee_ref added (no default)"),
        ),
        (ATTRS_MODEL, "employee_ref: str | None = None", ("attribute-added", "employee_ref", "added")),
        (ATTRS_MODEL, "employee_ref: ClassVar[str]", ("attribute-added", "employee_ref", "added")),
        # griffe builds a dataclass's __init__ itself.
        (
            DATACLASS_MODEL,
            "employee_ref: str",
            ("parameter-added", "__init__", "required parameter employee_ref added"),
        ),
        (PLAIN_CLASS, "employee_ref: str", ("attribute-added", "employee_ref", "added")),
    ],
    ids=["attrs-required", "attrs-optional", "attrs-classvar", "dataclass-required", "plain-class-annotation"],
)
def test_a_model_gaining_a_field_with_no_default_breaks_its_constructor(
    tmp_path: Path, model: str, new: str, expected: tuple[str, str, str]
) -> None:
    """The issue's case: a request model gains a required property (UserInput.employee_ref). Its attrs __init__,
    which griffe does not see, now requires it: TypeError at run time, `Missing positional argument` in mypy."""
    name = "propello_api/models/user_input.py"
    base = {"propello_api/__init__.py": "", "propello_api/models/__init__.py": "", "propello/__init__.py": ""}
    old = tree(tmp_path / "old", {**base, name: model.format(new="")})
    grown = tree(tmp_path / "new", {**base, name: model.format(new=f"    {new}\n")})
    changes = [(c.kind, c.location, c.detail, c.breaking) for c in diff_python_api([old], [grown])]
    kind, member, detail = expected
    reported = (kind, f"propello_api.models.user_input.UserInput.{member}", detail, kind != "attribute-added")
    assert reported in changes
    assert [change for change in changes if change[3]] == ([reported] if reported[3] else [])


def test_a_renamed_model_is_reported_as_renamed_not_removed_and_added(tmp_path: Path) -> None:
    models = OLD["propello_api/models/__init__.py"].replace("Pet", "Animal").replace(".pet", ".animal")
    found = changes_after(
        tmp_path,
        {
            "propello_api/models/__init__.py": models,
            "propello_api/models/pet.py": None,
            "propello_api/models/animal.py": OLD["propello_api/models/pet.py"].replace("Pet", "Animal"),
        },
    )
    assert found == [
        ("class-renamed", "propello_api.models.Pet", "renamed to Animal (same shape)", True),
        ("module-renamed", "propello_api.models.pet", "renamed to animal (same shape)", True),
    ]


def test_a_changed_class_that_moved_is_removed_and_added(tmp_path: Path) -> None:
    models = OLD["propello_api/models/__init__.py"].replace("Toy", "Ball").replace(".toy", ".ball")
    found = changes_after(
        tmp_path,
        {
            "propello_api/models/__init__.py": models,
            "propello_api/models/toy.py": None,
            "propello_api/models/ball.py": "class Ball:\n    size: int\n",
        },
    )
    assert {(kind, location) for kind, location, _, _ in found} == {
        ("class-removed", "propello_api.models.Toy"),
        ("module-removed", "propello_api.models.toy"),
        ("class-added", "propello_api.models.Ball"),
        ("module-added", "propello_api.models.ball"),
    }


def test_every_kind_has_a_reason() -> None:
    for rule in RULES.values():
        assert rule.breaks or rule.safe, rule.kind


def test_a_tree_without_the_packages_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ApiDiffError, match="package propello_api not found in "):
        diff_python_api([tmp_path], [tmp_path])
    assert main(["--old", str(tmp_path), "--new", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("api_diff: package propello_api not found in ")


def test_cli_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tree(tmp_path / "old", OLD)
    assert main(["--old", str(old), "--new", str(old)]) == 0
    new = tree(
        tmp_path / "new", {**OLD, "propello_api/api/pets/list_pets.py": "def sync(*, client: object) -> object: ...\n"}
    )
    assert main(["--old", str(old), "--new", str(new)]) == 1
    assert "BREAKING  parameter-removed" in capsys.readouterr().out


def test_the_committed_client_matches_the_snapshot(snapshot_path: Path) -> None:
    """What fetch-spec compares a download with: generated/ + overrides/. Against the snapshot itself, nothing."""
    assert diff_generated(None, snapshot_path).changes == []


def rehearsal_bump(spec: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """A breaking bump of the spec: a model renamed (every $ref follows), the request body of an operation
    removed (its generated functions lose the `body` parameter), and a required property added to UserInput (the
    request model's constructor gains a required argument). Returns the new spec, the model's name and the
    operation's operationId. The model is one the overlay does not name, so the overlay still applies."""
    overlay = (ROOT / "openapi" / "overlay.yaml").read_text(encoding="utf-8")
    new = copy.deepcopy(spec)
    operation = next(
        op for item in new["paths"].values() for op in item.values() if isinstance(op, dict) and "requestBody" in op
    )
    del operation["requestBody"]
    used = json.dumps(new["paths"])
    model = next(name for name in new["components"]["schemas"] if name not in overlay and f'/{name}"' in used)
    text = json.dumps(new).replace(f'"#/components/schemas/{model}"', f'"#/components/schemas/{model}Renamed"')
    new = json.loads(text)
    new["components"]["schemas"][f"{model}Renamed"] = new["components"]["schemas"].pop(model)
    user_input = new["components"]["schemas"]["UserInput"]
    user_input["properties"]["employee_ref"] = {"type": "string"}
    user_input["required"] = [*user_input.get("required", []), "employee_ref"]
    new["info"]["version"] = "3.0.1"
    return new, model, operation["operationId"]


def test_rehearsal_bump_shows_a_renamed_model_and_a_removed_parameter_as_breaking(
    tmp_path: Path, reconstruction_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot_path = reconstruction_path  # the frozen 3.0.0 (the live snapshot moves with real bumps)
    spec = yaml.safe_load(snapshot_path.read_text(encoding="utf-8"))
    bumped, model, operation_id = rehearsal_bump(spec)
    new = tmp_path / "openapi-bumped.yaml"
    new.write_text(yaml.safe_dump(bumped, sort_keys=False), encoding="utf-8")
    changelog = tmp_path / "CHANGELOG.md"
    assert specdiff_main([str(snapshot_path), str(new), "--strict", "--changelog", str(changelog)]) == 1
    out, err = capsys.readouterr()
    section = out[out.index("Python API changes (propello_api, propello):") :]
    module = operation_id.replace("-", "_")
    assert f"  BREAKING  class-renamed             propello_api.models.{model}: renamed to {model}Renamed" in section
    assert f".{module}.sync: parameter body removed\n" in section
    method_parameters = [  # the generated resource classes' methods (client.<resource>.<method>) lose it too
        line for line in section.splitlines() if "BREAKING  parameter-removed" in line and ".api." in line
    ]
    assert any(line.split(":")[0].split(".")[-2][0].isupper() for line in method_parameters), section
    assert "  BREAKING  field-added-required      propello_api.models.user_input.UserInput.employee_ref" in section
    assert "Suggested next version: 3.0.1.1.0 (API 3.0.0 -> 3.0.1 starts a new series) - BREAKING for callers" in out
    assert err == "specdiff: breaking spec changes and breaking Python API changes (--strict)\n"
    log = changelog.read_text(encoding="utf-8")
    assert f"| `propello_api.models.{model}` | class-renamed | yes | renamed to {model}Renamed (same shape) |" in log


def test_an_operation_the_overlay_names_can_be_removed(tmp_path: Path, snapshot_path: Path) -> None:
    """The overlay's actions for a removed operation no longer fit the spec: they are skipped (and noted), so
    the Python API still compares and shows the operation's module as removed."""
    overlay = (ROOT / "openapi" / "overlay.yaml").read_text(encoding="utf-8")
    path = re.findall(r"\$\.paths\['([^']+)'\]", overlay)[-1]
    spec = yaml.safe_load(snapshot_path.read_text(encoding="utf-8"))
    operation_id = next(iter(spec["paths"].pop(path).values()))["operationId"]
    new = tmp_path / "openapi.yaml"
    new.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    section = diff_generated(snapshot_path, new)
    assert section.error == ""
    assert f"$.paths['{path}']" in " ".join(section.notes)
    removed = [c.location for c in section.changes if c.kind == "module-removed" and c.breaking]
    assert any(location.endswith("." + operation_id.replace("-", "_")) for location in removed), section.changes
