from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.make_known_user_identifier import MakeKnownUserIdentifier
from ...models.user_input import UserInput
from ...models.user_response import UserResponse
from ...types import (
    OPERATION_EXTENSION,
    Operation,
    PathParameter,
    Response,
    path_segment,
)

OPERATION = Operation(
    id="make-known-user",
    method="POST",
    path="/v3/user/make-known/{identifier}/{identifier_value}",
    name="users.make_known",
    replayable=False,
    path_parameters=(
        PathParameter(
            "identifier",
            frozenset(["id", "UID"]),
        ),
        PathParameter(
            "identifier_value",
        ),
    ),
    body="user",
    body_required=True,
    body_type=UserInput,
    requires_auth=True,
)
"""POST /v3/user/make-known/{identifier}/{identifier_value}: this operation as the spec and openapi/overlay.yaml describe it."""

Result = UserResponse
"""What a 2xx response parses to: helpers name this operation's result type through it, not by schema name."""


def build_request(
    identifier: MakeKnownUserIdentifier,
    identifier_value: str,
    *,
    body: UserInput,
) -> dict[str, Any]:
    """The request for this operation, as keyword arguments for httpx.Client.request (method, url, params,
    headers, body, extensions): the first of the two steps sync_detailed takes, public so that a runner can send
    it through its own client and tell a failure before sending from one after."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {OPERATION_EXTENSION: OPERATION},
        "url": "/v3/user/make-known/{identifier}/{identifier_value}".format(
            identifier=quote(path_segment(identifier, "identifier"), safe=""),
            identifier_value=quote(path_segment(identifier_value, "identifier_value"), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | UserResponse:
    if response.status_code == 200:
        response_200 = UserResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | UserResponse]:
    """The answer to this operation's request, with its body parsed: the second of sync_detailed's two steps."""
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    identifier: MakeKnownUserIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Response[Error | UserResponse]:
    """Restore previously anonymised user

     The body carries the user details to re-attach (PHP SDK).

    Args:
        identifier (MakeKnownUserIdentifier):
        identifier_value (str):
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | UserResponse]
    """

    kwargs = build_request(
        identifier=identifier,
        identifier_value=identifier_value,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return parse_response(client=client, response=response)


def sync(
    identifier: MakeKnownUserIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Error | UserResponse | None:
    """Restore previously anonymised user

     The body carries the user details to re-attach (PHP SDK).

    Args:
        identifier (MakeKnownUserIdentifier):
        identifier_value (str):
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Error | UserResponse
    """

    return sync_detailed(
        identifier=identifier,
        identifier_value=identifier_value,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    identifier: MakeKnownUserIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Response[Error | UserResponse]:
    """Restore previously anonymised user

     The body carries the user details to re-attach (PHP SDK).

    Args:
        identifier (MakeKnownUserIdentifier):
        identifier_value (str):
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | UserResponse]
    """

    kwargs = build_request(
        identifier=identifier,
        identifier_value=identifier_value,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return parse_response(client=client, response=response)


async def asyncio(
    identifier: MakeKnownUserIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Error | UserResponse | None:
    """Restore previously anonymised user

     The body carries the user details to re-attach (PHP SDK).

    Args:
        identifier (MakeKnownUserIdentifier):
        identifier_value (str):
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Error | UserResponse
    """

    return (
        await asyncio_detailed(
            identifier=identifier,
            identifier_value=identifier_value,
            client=client,
            body=body,
        )
    ).parsed
