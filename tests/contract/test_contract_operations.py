"""Every operation in openapi/openapi.yaml, called through Propello and AsyncPropello against a mock of the spec.

Prism validates each request against the spec (body, path values, Authorization), so a 2xx proves the client sent
what the spec accepts; parsing the mock's answer (the spec's example) proves the generated models read it.
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pytest
from contract_helpers import (
    SPEC_PATH,
    Connect,
    Exchange,
    RecordingTransport,
    SpecOperation,
    example_arguments,
    spec_operations,
)
from generate import effective_spec
from prism_mock import PrismMock
from propello import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MemoryTokenStore,
    NotFoundError,
    RateLimitError,
    StoredToken,
    UnprocessableEntityError,
)
from propello_api import Client, api
from propello_api.api import (
    bulk_create_user,
    get_group,
    get_group_list,
    get_offer,
    get_user_detail,
    get_user_list,
    login_url,
    oauth_request,
)
from resource_names import resource_methods

# Result types through the generated operation modules, never by schema name (a bump may rename schemas).
UserResponse = get_user_detail.Result
BulkCreateUsersResponse = bulk_create_user.Result
ListResponse = get_user_list.Result
LoginUrlResponse = login_url.Result
GroupDetailsResponse = get_group.Result
GroupListResponse = get_group_list.Result
OfferResponse = get_offer.Result

OVERLAY = SPEC_PATH.parents[1] / "openapi" / "overlay.yaml"
SPEC_OPERATIONS = spec_operations()
METHODS = {
    where: (resource, method) for where, resource, method in resource_methods(effective_spec(SPEC_PATH, OVERLAY))
}
BY_ID = {operation.id: operation for operation in SPEC_OPERATIONS}
TOKEN_OPERATION = BY_ID["oauth-request"]
EMAIL = "jane.doe@example.com"
USER = {"email": EMAIL, "first_name": "Jane", "last_name": "Doe", "send_activation_email": False}
EXAMPLE_TIMESTAMP = "1970-01-30T00:00:00.000000Z"


@dataclass(frozen=True)
class Case:
    """How to make one operation through the client, and what its answer must parse into."""

    call: Callable[[Any], Any]
    """Given a Propello or an AsyncPropello (whose methods return awaitables), makes the operation."""
    model: type[Any]
    example_field: Callable[[Any], object]
    example_value: object
    """`example_field(parsed) == example_value`, a value from the spec's example response."""
    made_by_client: bool = False
    """The client makes this operation itself (the token call): `call` is any request, and what is checked is the
    recorded exchange and the client's use of the token it returned."""


def _responses(answers: Any) -> Any:
    """create_many's BatchAnswers as the responses they hold (a coroutine's, for AsyncPropello)."""
    if inspect.isawaitable(answers):
        return _awaited_responses(answers)
    return [answer.response for answer in answers]


async def _awaited_responses(answers: Any) -> Any:
    return [answer.response for answer in await answers]


def _timestamp(parsed: Any) -> object:
    return parsed.timestamp


CASES: dict[str, Case] = {
    "oauth-request": Case(lambda c: c.offers.list(), oauth_request.Result, lambda r: r.token_type, "Bearer", True),
    "create-user": Case(lambda c: c.users.create(USER), UserResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "bulk-create-user": Case(
        lambda c: _responses(
            c.users.create_many([USER, {**USER, "email": "john.roe@example.com"}], activation_email="skip")
        ),
        BulkCreateUsersResponse,
        _timestamp,
        EXAMPLE_TIMESTAMP,
    ),
    "get-user-detail": Case(lambda c: c.users.get("email", EMAIL), UserResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "get-user-list": Case(lambda c: c.users.list({"page": 1}), ListResponse, lambda r: r.data, []),
    "update-user": Case(
        lambda c: c.users.update("email", EMAIL, {"first_name": "Janet"}), UserResponse, _timestamp, EXAMPLE_TIMESTAMP
    ),
    "delete-user": Case(lambda c: c.users.delete("UID", "crm-0042"), UserResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "restore-user": Case(lambda c: c.users.restore("id", 42), UserResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "login-url": Case(lambda c: c.users.login_url("email", EMAIL), LoginUrlResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "create-login-url": Case(
        lambda c: c.users.create_with_login_url(USER), LoginUrlResponse, _timestamp, EXAMPLE_TIMESTAMP
    ),
    "anonymise-user": Case(lambda c: c.users.anonymise("id", 42), UserResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "make-known-user": Case(
        lambda c: c.users.make_known("UID", "crm-0042", USER), UserResponse, _timestamp, EXAMPLE_TIMESTAMP
    ),
    "get-group": Case(
        lambda c: c.groups.get({"organisation_group_id": 1}), GroupDetailsResponse, lambda r: r.data.name, "example_org"
    ),
    "get-group-list": Case(
        lambda c: c.groups.list(), GroupListResponse, lambda r: r.data[0].display_name, "Example Org. LTD"
    ),
    "get-offer": Case(lambda c: c.offers.get(7), OfferResponse, _timestamp, EXAMPLE_TIMESTAMP),
    "get-offer-list": Case(lambda c: c.offers.list(), ListResponse, lambda r: r.data, []),
}


def test_every_case_is_a_spec_operation() -> None:
    stale = sorted(set(CASES) - set(BY_ID))
    assert not stale, f"CASES has operations the spec does not have (any more): {', '.join(stale)}"


def _generic_case(operation: SpecOperation) -> Case:
    """An operation these tests know nothing about (added by a version bump): its generated method, called with the
    spec's own example values, must reach the mock and parse into its generated result type."""
    module = importlib.import_module(api.OPERATION_MODULES[(operation.method, operation.path)], api.__name__)
    metadata = module.OPERATION
    resource, method = METHODS[f"{operation.method} {operation.path}"]
    path, body = example_arguments(operation)
    arguments = {metadata.body: body} if metadata.body else {}
    result_type = getattr(module, "Result", object)
    return Case(lambda c: getattr(getattr(c, resource), method)(*path, **arguments), result_type, lambda _: None, None)


@pytest.mark.parametrize("operation", SPEC_OPERATIONS, ids=lambda op: op.id)
def test_operation(operation: SpecOperation, connect: Connect) -> None:
    case = CASES.get(operation.id) or _generic_case(operation)
    result = connect(case.call)

    exchange = _the_one(connect.recorder, operation)
    assert 200 <= exchange.status < 300, f"{operation} answered {exchange.status}"
    assert not exchange.violations("request"), f"the mock found the request to {operation} invalid"
    _assert_authorized_with_issued_token(connect.recorder)
    if case.made_by_client:
        parsed = case.model.from_dict(exchange.json())
    else:
        parsed = result[-1] if isinstance(result, list) else result
    assert isinstance(parsed, case.model)
    if hasattr(parsed, "to_dict"):
        assert parsed.to_dict() == exchange.json(), "the model lost or changed part of the response"
    assert case.example_field(parsed) == case.example_value


def _the_one(recorder: RecordingTransport, operation: SpecOperation) -> Exchange:
    exchanges = recorder.of(operation)
    sent = [f"{e.request.method} {e.request.url.path} -> {e.status}" for e in recorder.exchanges]
    assert len(exchanges) == 1, f"expected one request to {operation}, the client sent: {sent}"
    return exchanges[0]


def _assert_authorized_with_issued_token(recorder: RecordingTransport) -> None:
    """Every request but the token call carries the token the mock issued (the spec's security requirement)."""
    token = _the_one(recorder, TOKEN_OPERATION).json()["access_token"]
    others = [e for e in recorder.exchanges if not TOKEN_OPERATION.matches(e.request.method, e.request.url.path)]
    assert others
    assert all(e.request.headers.get("Authorization") == f"Bearer {token}" for e in others)


def test_generated_function_through_api_client(connect: Connect) -> None:
    body = get_group.OPERATION.body_type(organisation_group_id=1)
    function = get_group.sync_detailed if connect.mode == "sync" else get_group.asyncio_detailed
    response = connect(lambda client: function(client=client.api_client, body=body))
    assert response.status_code == 200
    assert isinstance(response.parsed, GroupDetailsResponse)
    assert response.parsed.data.display_name == "Example Org. LTD"
    _assert_authorized_with_issued_token(connect.recorder)


# Error paths: what Prism itself answers (so these run against the local Prism only).


def test_the_mock_rejects_a_request_without_a_token(prism: PrismMock) -> None:
    """Prism enforces the spec's bearer-token requirement, so every 2xx above proves the client sent a token."""
    with Client(base_url=prism.url) as unauthenticated:
        response = get_group.sync_detailed(client=unauthenticated, body=get_group.OPERATION.body_type())
    assert response.status_code == 401


class _EvictingStore(MemoryTokenStore):
    """A token store that has lost its token, like an external cache whose entry expired."""

    def set(self, token: StoredToken) -> None:
        pass


def test_no_token_raises_authentication_error(prism: PrismMock, connect_sync: Connect) -> None:
    """A client with a pre-issued token (so no credentials to fetch another) whose store no longer has it."""
    options = {
        "client_id": None,
        "client_secret": None,
        "access_token": "issued-elsewhere",
        "token_store": _EvictingStore(),
    }
    with pytest.raises(AuthenticationError) as caught:
        connect_sync(lambda client: client.groups.get(), **options)
    assert caught.value.status_code == 401
    [exchange] = connect_sync.recorder.exchanges
    assert "Authorization" not in exchange.request.headers


def test_invalid_path_value_raises_unprocessable_entity_with_field_errors(
    prism: PrismMock, connect_sync: Connect
) -> None:
    """The generated Literal type only stops "nickname" for mypy; at run time it goes out, and Prism rejects it."""
    nickname = cast(Any, "nickname")
    with pytest.raises(UnprocessableEntityError) as caught:
        connect_sync(lambda client: get_user_detail.sync_detailed(nickname, "jane", client=client.api_client))
    error = caught.value
    assert error.status_code == 422
    # Prism answers with the spec's example error and lists what it rejected in its sl-violations header
    # (the client ships nothing that knows about the mock, so the test reads the header itself).
    [violation] = json.loads(error.headers["sl-violations"])
    assert violation["location"] == ["request", "path", "identifier"]
    assert "email, UID, id" in violation["message"]


@pytest.mark.parametrize(
    ("status", "error_type", "attempts"),
    [
        (400, BadRequestError, 1),
        (401, AuthenticationError, 2),  # a new token, then one replay
        (404, NotFoundError, 1),
        (409, ConflictError, 1),
        (429, RateLimitError, 3),  # a read: retried twice (max_retries=2; the fake clock skips the waits)
        (500, InternalServerError, 3),
        (503, InternalServerError, 3),
    ],
)
def test_status_selected_from_the_default_response(
    prism: PrismMock, connect_sync: Connect, status: int, error_type: type[APIStatusError], attempts: int
) -> None:
    """Each operation but the token call declares 200 and `default`; for `Prefer: code=N` Prism answers N with the
    default response (its example is an empty Error object), so every status the client handles can be produced.
    (The token call declares only 200: there Prism answers 404 "Requested status code N is not defined".)"""
    with pytest.raises(error_type) as caught:
        connect_sync(lambda client: client.users.get("email", EMAIL), default_headers={"Prefer": f"code={status}"})
    assert caught.value.status_code == status
    assert caught.value.body == {}
    assert [e.status for e in connect_sync.recorder.of(BY_ID["get-user-detail"])] == [status] * attempts
