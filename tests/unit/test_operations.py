"""Operation metadata: generated from the spec and the overlay, carried by every request, read by the transports.
Every spec operation is a method on both clients."""

from __future__ import annotations

from pathlib import Path

import httpx
from propello import AsyncPropello, Propello
from propello._calls.operations import describe, is_read, operation_of, token_operation
from propello_api.api import OPERATIONS, AsyncResources, Resources, get_user_detail
from propello_api.types import OPERATION_EXTENSION
from resource_coverage import uncovered

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "openapi.yaml"

# The reads of the docs, by method and path (what survives upstream renames), as the overlay marks them.
READS = {
    ("POST", "/v3/oauth/token"),
    ("POST", "/v3/user/get/{identifier}/{identifier_value}"),
    ("POST", "/v3/user/list"),
    ("POST", "/v3/group"),
    ("POST", "/v3/group/list"),
    ("POST", "/v3/offers/{id}"),
    ("POST", "/v3/offers/list"),
}


def test_every_spec_operation_has_a_resource_method() -> None:
    problems = uncovered(SPEC)
    assert not problems, "\n".join(problems)


def test_replayable_operations_are_the_reads_and_nothing_else() -> None:
    present = {(op.method, op.path) for op in OPERATIONS}
    assert {(op.method, op.path) for op in OPERATIONS if op.replayable} == READS & present


def test_the_token_operation_comes_from_the_spec() -> None:
    token = token_operation()
    assert (token.method, token.path, token.replayable, token.requires_auth) == ("POST", "/v3/oauth/token", True, False)
    assert token in OPERATIONS


def test_generated_requests_carry_their_operation() -> None:
    with Propello(access_token="t", base_url="https://api.yourperx.com") as client:
        http = client.api_client.get_httpx_client()
        request = http.build_request(
            "POST", "/v3/user/get/email/jane%40example.com", extensions={OPERATION_EXTENSION: get_user_detail.OPERATION}
        )
    assert operation_of(request) is get_user_detail.OPERATION
    assert is_read(request)
    assert describe(request) == "POST /v3/user/get/{identifier}/{identifier_value}"


def test_requests_without_an_operation_are_writes_and_are_not_logged_concretely() -> None:
    request = httpx.Request("POST", "https://api.yourperx.com/v3/user/new-thing/jane@example.com")
    assert operation_of(request) is None
    assert not is_read(request)
    assert "jane" not in describe(request)


def test_resource_names_do_not_shadow_the_clients_own_attributes() -> None:
    """A tag whose resource name clashes with a client attribute (close, with_options, ...) must be renamed in
    the overlay (x-propello-resource), or one of the two would be unreachable. (`users` is overridden on purpose:
    it adds create_many.)"""
    for client, resources in ((Propello, Resources), (AsyncPropello, AsyncResources)):
        own = {name for base in client.__mro__ if base not in (resources, object) for name in vars(base)}
        clashes = {name for name in vars(resources) if not name.startswith("_")} & (own - {"users"})
        assert not clashes, f"{client.__name__}: resources shadow client attributes {sorted(clashes)}"
