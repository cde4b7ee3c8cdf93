"""The fault server itself, driven by bare httpx: it answers like the API, keeps its store honest, and records
what it committed even when the answer never arrives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fake_api import RollingWindow
from scenarios import CLIENT_ID, SECRET
from server import Fault, FaultServer, Kind, ScriptedPlan


@pytest.fixture
def http(server: FaultServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url) as client:
        token = client.post("/v3/oauth/token", json={"client_id": CLIENT_ID, "client_secret": SECRET}).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        yield client


def test_answers_like_the_api(server: FaultServer, http: httpx.Client) -> None:
    created = http.post("/v3/user/create", json={"email": "a@example.com"}).json()
    assert created["status"] == 200 and created["data"]["email"] == "a@example.com"
    assert http.post("/v3/user/get/email/a%40example.com").json()["data"] == created["data"]
    assert http.post("/v3/user/create", json={"email": "a@example.com"}).status_code == 422
    too_many = {"data": [{"email": f"{n}@example.com"} for n in range(101)]}
    assert http.post("/v3/user/create/bulk", json=too_many).status_code == 422
    assert http.post("/v3/group/list").json()["data"][0]["name"] == "example_org"
    assert server.api.duplicate_attempts == 1 and dict(server.api.commits) == {"a@example.com": 1}
    assert http.post("/v3/user/list", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_records_a_commit_whose_answer_broke_off(server: FaultServer, http: httpx.Client) -> None:
    server.plan = ScriptedPlan("/v3/user/create", {1: Fault(Kind.CUT), 2: Fault(Kind.DROP)})
    for email in ("cut@example.com", "dropped@example.com"):
        with pytest.raises(httpx.RemoteProtocolError):
            http.post("/v3/user/create", json={"email": email})
    assert [e.committed for e in server.to_path("/v3/user/create")] == [("cut@example.com",), ()]
    assert server.injected() == {"cut after commit": 1, "drop": 1}


def test_enforces_a_rolling_window(server: FaultServer, http: httpx.Client, clock: Any) -> None:
    server.api.window = RollingWindow(2, 10.0, clock)
    statuses = [http.post("/v3/group").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    clock.advance(10.0)
    assert http.post("/v3/group").status_code == 200
