from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.user_input import UserInput
from ...models.user_response import UserResponse
from ...types import (
    OPERATION_EXTENSION,
    Operation,
    Response,
)

OPERATION = Operation(
    id="create-user",
    method="POST",
    path="/v3/user/create",
    name="users.create",
    replayable=False,
    path_parameters=(),
    body="user",
    body_required=True,
    body_type=UserInput,
    requires_auth=True,
)
"""POST /v3/user/create: this operation as the spec and openapi/overlay.yaml describe it."""

Result = UserResponse
"""What a 2xx response parses to: helpers name this operation's result type through it, not by schema name."""


def _get_kwargs(
    *,
    body: UserInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {OPERATION_EXTENSION: OPERATION},
        "url": "/v3/user/create",
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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | UserResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Response[Error | UserResponse]:
    """Create a new user record

    Args:
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Error | UserResponse | None:
    """Create a new user record

    Args:
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Response[Error | UserResponse]:
    """Create a new user record

    Args:
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: UserInput,
) -> Error | UserResponse | None:
    """Create a new user record

    Args:
        body (UserInput): A user record as sent to create, update and make-known. The docs name
            these fields in prose only; their types (except the two boolean flags), required flags,
            the metadata key and the external-id (UID) field are not documented, so other fields are
            allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
