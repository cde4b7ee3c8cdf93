from __future__ import annotations

import json

from conftest import Run
from pytest_httpserver import HTTPServer

USER = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": {"id": 7, "email": "jane@example.com"}}


def test_users_get(propello: Run, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v3/user/get/email/jane@example.com", method="POST").respond_with_json(USER)
    ran = propello("users", "get", "email", "jane@example.com", env={"PROPELLO_BASE_URL": httpserver.url_for(""), "PROPELLO_ACCESS_TOKEN": "tok"})
    assert ran.code == 0, ran.stderr
    print(ran.stdout)
    assert json.loads(ran.stdout)["data"]["email"] == "jane@example.com"
