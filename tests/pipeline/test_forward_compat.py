"""Responses from an API newer than our spec still parse: unknown enum values and extra fields are kept.

The snapshot has no enum in a response, so the proof uses the client generated from the 3.1.0 fixture
(Group.state: active | deactivated), served a value and fields that even 3.1.0 does not describe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

NEWER_GROUP = {
    "status": 200,
    "timestamp": "1970-01-30T00:00:00.000000Z",
    "request_id": "r-1",
    "data": {"id": 1, "name": "example_org", "state": "archived", "loyalty_tier": "gold"},
}

PARSE = """
import json, sys
import propello_api
from propello_api import AuthenticatedClient
from propello_api.api import get_group
from propello_api.models.group_details_body import GroupDetailsBody
from propello_api.models.group_state import GROUP_STATE_VALUES

parsed = get_group.sync(client=AuthenticatedClient(base_url=sys.argv[1], token="t"), body=GroupDetailsBody())
print(json.dumps({
    "package": propello_api.__file__,
    "state": parsed.data.state,
    "known_states": sorted(GROUP_STATE_VALUES),
    "group_extra": parsed.data.additional_properties,
    "envelope_extra": parsed.additional_properties,
}))
"""


def test_unknown_enum_value_and_extra_fields_are_kept(next_generated: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v3/group", method="POST").respond_with_json(NEWER_GROUP)
    env = {**os.environ, "PYTHONPATH": str(next_generated)}
    result = subprocess.run(
        [sys.executable, "-c", PARSE, httpserver.url_for("")], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert Path(parsed["package"]).is_relative_to(next_generated)
    assert parsed["known_states"] == ["active", "deactivated"]
    assert parsed["state"] == "archived"
    assert parsed["group_extra"] == {"loyalty_tier": "gold"}
    assert parsed["envelope_extra"] == {"request_id": "r-1"}


def test_committed_enum_checks_keep_unknown_values() -> None:
    from propello_api.models.anonymise_user_identifier import (
        ANONYMISE_USER_IDENTIFIER_VALUES,
        check_anonymise_user_identifier,
    )

    assert check_anonymise_user_identifier("phone") == "phone"
    assert "phone" not in ANONYMISE_USER_IDENTIFIER_VALUES, "the known values stay detectable"
