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


def build_request(
    identifier: LoginUrlIdentifier,
    identifier_value: str,
) -> dict[str, Any]:
    """The request for this operation, as keyword arguments for httpx.Client.request (method, url, params,
    headers, body, extensions): the first of the two steps sync_detailed takes, public so that a runner can send
    it through its own client and tell a failure before sending from one after."""

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


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LoginUrlResponse]:
    """The answer to this operation's request, with its body parsed: the second of sync_detailed's two steps."""
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
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | LoginUrlResponse]
    """

    kwargs = build_request(
        identifier=identifier,
        identifier_value=identifier_value,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return parse_response(client=client, response=response)


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
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

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
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | LoginUrlResponse]
    """

    kwargs = build_request(
        identifier=identifier,
        identifier_value=identifier_value,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return parse_response(client=client, response=response)


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
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

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
