"""What a user sees of the clients without reading the source: constructor errors and signatures in their own
names and types, every constructor argument documented, help() listing the resources and their methods, and no
message or repr that names a private class or module (every public error type produced for real here)."""

from __future__ import annotations

import inspect
import json
import pydoc
import re
import socket
import sys
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

import propello
import pytest
from propello import AsyncPropello, FileTokenStore, Propello, PropelloError
from pytest_httpserver import HTTPServer
from unit_helpers import OK_GROUPS, run

CLIENTS = [Propello, AsyncPropello]
TOKEN_ONLY = {"client_id": None, "client_secret": None, "access_token": "t"}
PRIVATE = re.compile(r"propello\._|propello_api\._|\b_[A-Z]\w*|\b_BaseClient\b|\b_Shared\b")
"""A private module path (propello._client) or a private class name (_BaseClient, _Shared)."""

USER_TYPES = {"int", "str", "float", "bool", "None", "Any", "Self", "Mapping", "ssl.SSLContext"}
USER_TYPES |= {"httpx.Timeout", "httpx.Client", "httpx.AsyncClient", "httpx.URL", "httpx.Proxy"}
USER_TYPES |= {name for name in propello.__all__ if isinstance(getattr(propello, name), type)}
"""What a public signature may name: builtins, typing, ssl and httpx types, and what `propello` exports."""


@pytest.mark.parametrize("client", CLIENTS)
def test_a_mistyped_keyword_names_the_class_you_called(client: type) -> None:
    with pytest.raises(TypeError) as direct:
        client(access_token="t", max_retry=3)
    with pytest.raises(TypeError) as from_env:
        client.from_env({"PROPELLO_ACCESS_TOKEN": "t"}, base_ulr="http://127.0.0.1:4010")
    for caught, keyword in ((direct, "max_retry"), (from_env, "base_ulr")):
        message = str(caught.value)
        assert f"unexpected keyword argument '{keyword}'" in message and not PRIVATE.search(message)
        if sys.version_info >= (3, 11):  # 3.10 names the function only: "__init__() got ..."
            assert message.startswith(f"{client.__name__}.__init__()")


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("member", ["__init__", "from_env", "with_options", "close"])
def test_signatures_name_only_types_users_know(client: type, member: str) -> None:
    signature = inspect.signature(getattr(client, member))
    annotations = [p.annotation for name, p in signature.parameters.items() if not name.startswith("_")]
    named = {
        word
        for annotation in [*annotations, signature.return_annotation]
        if annotation is not inspect.Parameter.empty
        for word in re.findall(r"[A-Za-z_][\w.]*", str(annotation))
    }
    assert named <= USER_TYPES, f"{client.__name__}.{member}{signature} names {sorted(named - USER_TYPES)}"


def test_each_client_takes_its_own_kind_of_http_client() -> None:
    assert inspect.signature(Propello).parameters["http_client"].annotation == "httpx.Client | None"
    assert inspect.signature(AsyncPropello).parameters["http_client"].annotation == "httpx.AsyncClient | None"


@pytest.mark.parametrize("client", CLIENTS)
def test_every_constructor_argument_is_documented(client: type) -> None:
    """In the class docstring (which the API reference and help() show), one entry per argument, saying what it
    is for; the test seam `_clock` is private and left out."""
    doc = inspect.getdoc(client) or ""
    entries = dict(re.findall(r"^    (\w+): (.+(?:\n        .+)*)", doc, re.MULTILINE))
    public = [name for name in inspect.signature(client).parameters if not name.startswith("_")]
    assert [name for name in public if name not in entries] == []
    assert [name for name in public if len(entries[name]) < 40] == []
    assert "_clock" not in entries


@pytest.mark.parametrize("client", CLIENTS)
def test_help_lists_every_resource_and_its_methods(client: type) -> None:
    text = pydoc.render_doc(client, renderer=pydoc.plaintext)
    instance = client(access_token="t", base_url="http://127.0.0.1:9", verify=False)
    for name, _ in inspect.getmembers(client, lambda found: isinstance(found, cached_property)):
        assert f"    {name}: " in text
        resource = getattr(instance, name)
        for method in (m for m in dir(resource) if not m.startswith("_") and callable(getattr(resource, m))):
            assert f"        .{method}(" in text, f"{client.__name__}.{name}.{method} is not in help()"
    assert "create_many(users, *, activation_email='skip', batch_size=100" in text


# Messages and reprs: every public error type, produced against real loopback servers, and every client repr.


@pytest.fixture
def silent_url() -> Iterator[str]:
    """A server that accepts connections and never answers: a read timeout."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def _caught(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except (PropelloError, TypeError) as exc:
        return exc
    raise AssertionError("no error")


def _errors(
    server: HTTPServer, make: Callable[..., Propello], silent_url: str, dead_url: str, tmp: Path
) -> list[BaseException]:
    for status in (400, 401, 403, 404, 409, 422, 429, 500):
        server.expect_request(f"/v3/offers/{status}").respond_with_json(
            {"message": "no", "errors": {"email": ["The email field is required."]}}, status=status
        )
    server.expect_request("/v3/group/list").respond_with_data("<html>not json</html>", content_type="text/html")
    server.expect_request("/v3/user/create/bulk").respond_with_json(
        {"message": "invalid", "errors": {"data.0.email": ["The email must be valid."]}}, status=422
    )
    client = make(max_retries=0, **TOKEN_ONLY)
    errors = [_caught(lambda status=status: client.offers.get(status)) for status in (400, 401, 403, 404, 409)]
    errors += [_caught(lambda status=status: client.offers.get(status)) for status in (422, 429, 500)]
    errors += [
        _caught(lambda: client.groups.list()),  # APIResponseValidationError
        _caught(lambda: make(max_response_bytes=8, **TOKEN_ONLY).offers.get(404)),
        _caught(lambda: client.users.create_many([{"email": "a@example.com"}])),
        _caught(lambda: make(base_url=dead_url, max_retries=0, **TOKEN_ONLY).groups.list()),
        _caught(lambda: make(base_url=silent_url, timeout=0.2, max_retries=0, **TOKEN_ONLY).groups.list()),
        _caught(lambda: make(client_id=-1, client_secret="s")),
        _caught(lambda: make(verify="/etc/ssl/ca.pem")),
        _caught(lambda: Propello(acess_token="t")),
    ]
    closed = make(**TOKEN_ONLY)
    copy = closed.with_options(max_retries=1)
    closed.close()
    errors += [_caught(lambda: closed.groups.list()), _caught(lambda: copy.groups.list())]
    token_file = tmp / "token.json"
    token_file.write_text(json.dumps({"access_token": "planted", "expires_at": None}))
    token_file.chmod(0o644)
    errors.append(_caught(lambda: FileTokenStore(token_file).get()))
    return errors


def test_no_message_or_repr_names_a_private_class(
    httpserver: HTTPServer,
    make_client: Callable[..., Propello],
    make_async_client: Callable[..., AsyncPropello],
    silent_url: str,
    dead_url: str,
    tmp_path: Path,
) -> None:
    errors = _errors(httpserver, make_client, silent_url, dead_url, tmp_path)
    httpserver.expect_request("/v3/offers/list").respond_with_json(OK_GROUPS)
    async_client = make_async_client(**TOKEN_ONLY)
    run(async_client.offers.list())
    errors.append(_caught(lambda: run(async_client.offers.list())))  # EventLoopError: another loop
    exported_errors = {
        getattr(propello, name) for name in propello.__all__ if name.endswith("Error") and name != "PropelloError"
    }
    made = {type(error) for error in errors}
    assert exported_errors - {propello.APIError, propello.APIStatusError} <= made
    client = make_client(**TOKEN_ONLY)
    texts = [text for error in errors for text in (str(error), repr(error), *map(repr, error.args))]
    texts += [repr(vars(error)) for error in errors]
    texts += [repr(x) for x in (client, client.with_options(timeout=3), client.api_client, client.users)]
    texts += [repr(client.api_client.get_httpx_client()), repr(async_client), repr(async_client.api_client)]
    texts += [repr(client.groups), repr(propello.RateLimit()), repr(propello.Backoff())]
    found = sorted({match for text in texts for match in PRIVATE.findall(text)})
    assert found == [], [text for text in texts if PRIVATE.search(text)][:3]
