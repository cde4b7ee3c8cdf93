"""The messy export: a BOM, a sniffed dialect, mixed-case and padded emails, duplicates, empty and invalid keys,
ragged rows, decomposed Unicode, ignored columns, and values the spec's types refuse; each bad row is rejected
with its line number and never sent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from propello import Propello
from propello.sync import ExportError, apply_plan, make_plan
from standin import StandIn
from sync_helpers import WINDOW, Runner

MESSY = (
    "\ufeff Email ;First_Name;last_name;Department\r\n"  # 1: BOM, padded header, semicolons
    "  Anne.Lee@Example.COM ;Anne;Lee;Sales\r\n"  # 2: padded, mixed case
    'bob@example.com;Bob;"Smith; Jr";Ops\r\n'  # 3: quoted delimiter
    ";Nobody;Here;Ops\r\n"  # 4: empty key
    "not-an-email;Bad;Key;Ops\r\n"  # 5: invalid key
    "carl@example.com;Carl;One;Ops\r\n"  # 6: duplicate (with 8)
    'dina@example.com;Dina;"Multi\r\nLine";Ops\r\n'  # 7-8: a quoted line break
    "CARL@example.com;Carl;Two;Ops\r\n"  # 9: duplicate of 6, other case
    "erin@example.com;Erin\r\n"  # 10: too few cells
    "\r\n"  # 11: blank, skipped
    "fe\u0301lix@example.com;Fe\u0301lix;Nfc;Ops\r\n"  # 12: decomposed é (NFC on the way in)
    "gus@example.com;Gus;;Ops\r\n"  # 13: empty field: not sent
)


def test_messy_csv_is_normalised_and_rejected_by_line(api: StandIn, runner: Runner, tmp_path: Path) -> None:
    api.seed_users([{"email": "anne.lee@example.com", "first_name": "Anne", "last_name": "Lee"}])
    export = tmp_path / "hr.csv"
    export.write_text(MESSY, encoding="utf-8", newline="")
    plan = make_plan(runner.client, export, state=runner.state, activation_email="skip", rate_limit=WINDOW)
    assert plan.ignored_columns == ["Department"]
    assert [(r.line, r.reason) for r in plan.rejections] == [
        (4, "empty email"),
        (5, "email 'not-an-email' is not an email address"),
        (6, "duplicate key: the export has it on lines 6, 9"),
        (9, "duplicate key: the export has it on lines 6, 9"),
        (10, "2 cells where the header has 4"),
    ]
    creates = {a.key: a.fields for a in plan.actions if a.kind == "create"}
    assert creates == {
        "bob@example.com": {"email": "bob@example.com", "first_name": "Bob", "last_name": "Smith; Jr"},
        "dina@example.com": {"email": "dina@example.com", "first_name": "Dina", "last_name": "Multi\r\nLine"},
        "f\u00e9lix@example.com": {"email": "f\u00e9lix@example.com", "first_name": "F\u00e9lix", "last_name": "Nfc"},
        "gus@example.com": {"email": "gus@example.com", "first_name": "Gus"},
    }
    assert plan.counts["unchanged"] == 1  # Anne existed on the server: matched case-insensitively, not created
    runner.apply(plan)
    assert api.directory.creates["anne.lee@example.com"] == 0 and set(api.directory.snapshot()) == {
        "anne.lee@example.com",
        "bob@example.com",
        "dina@example.com",
        "f\u00e9lix@example.com",
        "gus@example.com",
    }


def test_jsonl_values_the_spec_refuses_are_rejected(runner: Runner, tmp_path: Path) -> None:
    lines = [
        {"email": "a@example.com", "first_name": "A", "phone": 447700900000},
        {"email": "b@example.com", "first_name": 42},
        ["not", "an", "object"],
        {"email": "c@example.com", "first_name": True},
    ]
    export = tmp_path / "hr.jsonl"
    export.write_text("\n".join(json.dumps(line) for line in lines) + "\n{broken\n", encoding="utf-8")
    plan = make_plan(runner.client, export, state=runner.state, activation_email="skip", rate_limit=WINDOW)
    assert [(r.line, r.reason) for r in plan.rejections] == [
        (2, "first_name must be a string, got int"),
        (3, "a JSON list, not an object"),
        (4, "first_name must be a string, got a boolean"),
        (5, "not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ]
    assert [a.fields for a in plan.actions] == [{"email": "a@example.com", "first_name": "A", "phone": 447700900000}]


def test_field_mapping_and_uid_keys(api: StandIn, runner: Runner, tmp_path: Path) -> None:
    export = tmp_path / "hr.csv"
    export.write_text("employee_id,work_email,given\nE1,one@example.com,One\nE2,two@example.com,Two\n")
    plan = make_plan(
        runner.client,
        export,
        state=runner.state,
        key="UID=employee_id",
        fields={"email": "work_email", "first_name": "given", "UID": "employee_id"},
        activation_email="skip",
        rate_limit=WINDOW,
    )
    assert [a.fields for a in plan.actions] == [
        {"UID": "E1", "email": "one@example.com", "first_name": "One"},
        {"UID": "E2", "email": "two@example.com", "first_name": "Two"},
    ]
    apply_plan(runner.client, plan.save(tmp_path / "plan.json"), catch_interrupt=False)
    assert api.directory.find("UID", "E2") is not None and not api.directory.duplicates()


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("", {}, "no header row"),
        ("name,phone\nx,1\n", {}, "--key email=email: the export has no column 'email'"),
        ("email,email\na@example.com,b\n", {}, "names column 'email' twice"),
        ("email\na@example.com\n", {"fields": {"first_name": "given"}}, "--field first_name=given"),
        ("email\na@example.com\n", {"key": "employee=email"}, "the API identifies users by UID, email, id"),
        ("employee_id\nE1\n", {"key": "UID=employee_id"}, "must also hold an email column"),
        ("email\na@example.com\n", {"leavers": "delete"}, "--leavers 'delete'"),
        ("email\na@example.com\n", {"protect": ["("]}, "--protect '('"),
    ],
)
def test_unusable_exports_and_options_fail_before_anything_is_sent(
    api: StandIn, client: Propello, tmp_path: Path, text: str, options: dict[str, object], message: str
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(text, encoding="utf-8")
    with pytest.raises(ExportError, match=re.escape(message)):
        make_plan(client, export, state=tmp_path / "state.db", **options)  # type: ignore[arg-type]
    assert sum(api.directory.calls.values()) == 0


def test_a_non_utf8_export_is_refused(client: Propello, tmp_path: Path) -> None:
    export = tmp_path / "hr.csv"
    export.write_bytes("email,first_name\nzoe@example.com,Zo\u00eb\n".encode("latin-1"))
    with pytest.raises(ExportError, match="not UTF-8"):
        make_plan(client, export, state=tmp_path / "state.db")
