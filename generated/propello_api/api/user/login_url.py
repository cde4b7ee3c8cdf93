from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.login_url_identifier import LoginUrlIdentifier
from ...models.login_url_response import LoginUrlResponse
from ...types import (
    OPERATION_EXTENSION,
    Operation,
    PathParameter,
    Response,
    path_segment,
)

OPERATION = Operation(
    id="login-url",
    method="POST",
    path="/v3/user/login-url/{identifier}/{identifier_value}",
    name="users.login_url",
    replayable=False,
    path_parameters=(
        PathParameter(
            "identifier",
            frozenset(["email", "id", "UID"]),
        ),
        PathParameter(
            "identifier_value",
        ),
    ),
    requires_auth=True,
)
"""POST /v3/user/login-url/{identifier}/{identifier_value}: this operation as the spec and openapi/overlay.yaml describe it."""

Result = LoginUrlResponse
"""What a 2xx response parses to: helpers name this operation's result type through it, not by schema name."""


def _get_kwargs(
    identifier: LoginUrlIdentifier,
    identifier_value: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {OPERATION_EXTENSION: OPERATION},
        "url": "/v3/user/login-url/{identifier}/{identifier_value}".format(
            identifier=quote(path_segment(identifier, "identifier"), safe=""),
            identifier_value=quote(path_segment(identifier_value, "identifier_value"), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | LoginUrlResponse:
    if response.status_code == 200:
        response_200 = LoginUrlResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LoginUrlResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    identifier: LoginUrlIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | LoginUrlResponse]:
    """Generate a single-use user login link

     No request body is documented (the PHP SDK sends an empty JSON array).

    Args:
        identifier (LoginUrlIdentifier):
        identifier_value (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LoginUrlResponse]
    """

    kwargs = _get_kwargs(
        identifier=identifier,
        identifier_value=identifier_value,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    identifier: LoginUrlIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | LoginUrlResponse | None:
    """Generate a single-use user login link

     No request body is documented (the PHP SDK sends an empty JSON array).

    Args:
        identifier (LoginUrlIdentifier):
        identifier_value (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LoginUrlResponse
    """

    return sync_detailed(
        identifier=identifier,
        identifier_value=identifier_value,
        client=client,
    ).parsed


async def asyncio_detailed(
    identifier: LoginUrlIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | LoginUrlResponse]:
    """Generate a single-use user login link

     No request body is documented (the PHP SDK sends an empty JSON array).

    Args:
        identifier (LoginUrlIdentifier):
        identifier_value (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LoginUrlResponse]
    """

    kwargs = _get_kwargs(
        identifier=identifier,
        identifier_value=identifier_value,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    identifier: LoginUrlIdentifier,
    identifier_value: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | LoginUrlResponse | None:
    """Generate a single-use user login link

     No request body is documented (the PHP SDK sends an empty JSON array).

    Args:
        identifier (LoginUrlIdentifier):
        identifier_value (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LoginUrlResponse
    """

    return (
        await asyncio_detailed(
            identifier=identifier,
            identifier_value=identifier_value,
            client=client,
        )
    ).parsed
