"""FileTokenStore: private, atomic, one fetch across processes (tests/fleet runs the processes), and it refuses
files it did not write; OS errors become TokenStoreError."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from propello import FileTokenStore, Propello, StoredToken, TokenStoreError
from pytest_httpserver import HTTPServer
from unit_helpers import OK_USER, TOKEN_PATH, json_response, requests_to, run, serve_sequence, serve_tokens, token

USER_PATH = "/v3/user/get/id/7"


@pytest.fixture
def served(httpserver: HTTPServer) -> HTTPServer:
    serve_tokens(httpserver)
    serve_sequence(httpserver, USER_PATH, json_response(OK_USER))
    return httpserver


def test_file_is_private_and_reused_across_clients(
    served: HTTPServer, make_client: Callable[..., Propello], tmp_path: Path
) -> None:
    path = tmp_path / "propello-token.json"
    make_client(token_store=FileTokenStore(path)).users.get("id", 7)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["access_token"] == token(1)
    make_client(token_store=FileTokenStore(path)).users.get("id", 7)
    assert len(requests_to(served, TOKEN_PATH)) == 1
    assert token(1) not in repr(FileTokenStore(path))
    lock = tmp_path / ".propello-token.json.lock"
    assert sorted(p.name for p in tmp_path.iterdir()) == [lock.name, path.name]  # no temporary file left behind
    assert stat.S_IMODE(os.stat(lock).st_mode) == 0o600


def test_a_file_of_ours_without_a_token_is_replaced(
    served: HTTPServer, make_client: Callable[..., Propello], tmp_path: Path
) -> None:
    path = tmp_path / "token.json"
    path.write_text("not json")
    path.chmod(0o600)
    make_client(token_store=FileTokenStore(path)).users.get("id", 7)
    assert json.loads(path.read_text())["access_token"] == token(1)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o620, 0o602])
def test_a_file_open_to_group_or_others_is_refused_before_anything_is_sent(
    served: HTTPServer, make_client: Callable[..., Propello], tmp_path: Path, mode: int
) -> None:
    path = tmp_path / "token.json"
    path.write_text(json.dumps({"access_token": "planted-token", "expires_at": None}))
    path.chmod(mode)
    with pytest.raises(TokenStoreError, match=f"readable or writable by group or others \\(mode {mode:04o}\\)") as e:
        make_client(token_store=FileTokenStore(path)).users.get("id", 7)
    assert str(path) in str(e.value) and "planted-token" not in str(e.value)
    assert served.log == []


def test_a_file_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root (CI and `make test` here run as root)")
    path = tmp_path / "token.json"
    path.write_text(json.dumps({"access_token": "planted-token", "expires_at": None}))
    path.chmod(0o600)
    os.chown(path, 12345, 12345)
    with pytest.raises(TokenStoreError, match="belongs to another user"):
        FileTokenStore(path).get()


def test_a_symlink_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"access_token": "planted-token", "expires_at": None}))
    target.chmod(0o600)
    (tmp_path / "token.json").symlink_to(target)
    with pytest.raises(TokenStoreError, match="could not read the token file"):
        FileTokenStore(tmp_path / "token.json").get()


def test_a_lock_file_open_to_others_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / ".token.json.lock"
    lock.touch()
    lock.chmod(0o666)
    with (
        pytest.raises(TokenStoreError, match="readable or writable by group or others"),
        FileTokenStore(tmp_path / "token.json").locked(),
    ):
        pass


def test_os_errors_become_token_store_errors(tmp_path: Path) -> None:
    directory = tmp_path / "gone"
    directory.mkdir()
    store = FileTokenStore(directory / "token.json")
    directory.rmdir()
    with pytest.raises(TokenStoreError, match="could not write the token file") as e:
        store.set(StoredToken("secret-token-1", None))
    assert "secret-token-1" not in str(e.value)
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(TokenStoreError, match="is not a regular file"):
        FileTokenStore(tmp_path / "dir.json").get()


def test_clear_keeps_a_newer_token_another_process_stored(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    ours, theirs = FileTokenStore(path), FileTokenStore(path)
    ours.set(StoredToken("old", None))
    theirs.set(StoredToken("new", None))
    ours.clear()  # "old" was rejected: forgetting it must not delete "new"
    assert json.loads(path.read_text())["access_token"] == "new"
    theirs.clear()
    assert not path.exists()


def test_the_lock_loads_what_another_store_wrote_and_holds_others_off(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    first, second = FileTokenStore(path), FileTokenStore(path)
    assert second.get() is None
    entered = threading.Event()
    order: list[str] = []

    def holder() -> None:
        with first.locked():
            entered.set()
            first.set(StoredToken("fetched", None))
            order.append("holder done")

    async def waiter() -> None:
        entered.wait()
        async with second.alocked():
            order.append("waiter in")
            stored = second.get()
            assert stored is not None and stored.access_token == "fetched"

    thread = threading.Thread(target=holder)
    thread.start()
    run(asyncio.wait_for(waiter(), 5))
    thread.join()
    assert order == ["holder done", "waiter in"]
