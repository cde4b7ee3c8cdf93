"""Every operation of the spec is a command, and each one runs: the real console script against a loopback
server (which checks the request) and against a Prism mock of the spec (which validates it)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from cli_helpers import Run
from contract_helpers import SpecOperation, _resolved, example_arguments, example_credentials, spec, spec_operations
from propello.cli.operations import command_name, methods, resources
from propello_api.api import OPERATIONS
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TOKEN = "tok-7f3a9c"
USER = {"email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe", "send_activation_email": False}


@dataclass(frozen=True)
class Case:
    operation: SpecOperation
    argv: tuple[str, ...]
    path: tuple[str, ...]
    body: Any

    def __str__(self) -> str:
        return self.operation.id


def cases() -> list[Case]:
    """One command line per operation: the path values and body from the spec's examples."""
    by_id = {operation.id: operation for operation in spec_operations()}
    found = []
    for resource, (cls, _) in resources().items():
        for method in methods(resource, cls):
            operation = by_id[method.operation.id]
            path, body = example_arguments(operation)
            if method.body is not None and not body:
                body = {"data": [USER]} if "bulk" in operation.path else USER
            argv = [resource, command_name(method.name), *map(str, path)]
            if method.body is not None:
                argv += ["--data", json.dumps(body)]
            found.append(Case(operation, tuple(argv), tuple(map(str, path)), body if method.body else None))
    return found


CASES = cases()


def test_every_operation_is_a_command() -> None:
    assert sorted(case.operation.id for case in CASES) == sorted(operation.id for operation in OPERATIONS)


def example_response(operation: SpecOperation) -> Any:
    response = _resolved(spec()["paths"][operation.path][operation.method.lower()]["responses"]["200"])
    return response["content"]["application/json"]["example"]


def concrete_path(case: Case) -> str:
    values = iter(case.path)
    return re.sub(r"\{[^}]+\}", lambda _: quote(next(values), safe="@"), case.operation.path)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_command_against_a_loopback_server(case: Case, propello: Run, httpserver: HTTPServer) -> None:
    seen: list[Request] = []
    answer = example_response(case.operation)

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(answer), content_type="application/json")

    httpserver.expect_request(concrete_path(case), method=case.operation.method).respond_with_handler(handler)
    ran = propello(*case.argv, env={"PROPELLO_BASE_URL": httpserver.url_for(""), "PROPELLO_ACCESS_TOKEN": TOKEN})
    assert ran.code == 0, ran.stderr
    assert ran.stderr == ""
    secured = next(operation for operation in OPERATIONS if operation.id == case.operation.id).requires_auth
    # an operation the spec leaves unsecured (the token request) is sent with no Authorization header
    assert [request.headers.get("Authorization") for request in seen] == [f"Bearer {TOKEN}" if secured else None]
    if case.body is not None:
        sent = seen[0].get_json()
        assert {k: sent[k] for k in case.body} == case.body
    printed = json.loads(ran.stdout)
    assert isinstance(printed, dict) and printed.keys() <= answer.keys() | {"data"}
    secrets = [TOKEN, *(str(answer[key]) for key in ("access_token",) if key in answer)]
    assert not [secret for secret in secrets if secret in ran.stdout], "a secret was printed"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_command_against_prism(case: Case, propello: Run, prism_url: str) -> None:
    client_id, secret = example_credentials()
    env = {"PROPELLO_BASE_URL": prism_url, "PROPELLO_CLIENT_ID": str(client_id), "PROPELLO_CLIENT_SECRET": secret}
    ran = propello("--format", "json", *case.argv, env=env)
    assert ran.code == 0, ran.stderr
    printed = json.loads(ran.stdout)
    assert isinstance(printed, dict)
    assert secret not in ran.stdout + ran.stderr
