"""examples/usage.py imports without sending anything, and its functions work against a local server."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from propello import Propello
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, json_response, requests_to, serve_sequence

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "usage.py"


@pytest.fixture
def usage(httpserver: HTTPServer) -> ModuleType:
    spec = importlib.util.spec_from_file_location("usage_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert httpserver.log == []
    return module


def test_example_functions_run(httpserver: HTTPServer, make_client: Callable[..., Propello], usage: ModuleType) -> None:
    httpserver.expect_request(re.compile("/v3/user/get/.*")).respond_with_json({"message": "No."}, status=404)
    serve_sequence(
        httpserver,
        "/v3/user/create/bulk",
        json_response(OK_USER),
        json_response({"message": "Invalid."}, 422),
        json_response(OK_USER),
    )
    client = make_client(client_id=None, client_secret=None, access_token="t")
    assert usage.find_user(client, "jane@example.com") is None
    users = [{"email": f"u{i}@example.com"} for i in range(150)]
    usage.import_users(client, users)
    sent = [len(json.loads(r.get_data())["data"]) for r in requests_to(httpserver, "/v3/user/create/bulk")]
    assert sent == [100, 50, 50]  # the 422 batch was not processed, so it is resent once
