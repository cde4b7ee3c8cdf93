from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.bulk_create_users_body import BulkCreateUsersBody
from ...models.bulk_create_users_response import BulkCreateUsersResponse
from ...models.error import Error
from ...types import (
    OPERATION_EXTENSION,
    BodyOption,
    Constraint,
    Operation,
    Response,
)

OPERATION = Operation(
    id="bulk-create-user",
    method="POST",
    path="/v3/user/create/bulk",
    name="users.create_batch",
    replayable=False,
    path_parameters=(),
    body="batch",
    body_required=True,
    body_type=BulkCreateUsersBody,
    requires_auth=True,
    constraints=(Constraint(where=("body", "data"), keyword="maxItems", limit=100),),
    options=(
        BodyOption(
            name="activation_email",
            field="send_activation_email",
            choices=(("send", True), ("skip", False)),
            omit="group-default",
            default="skip",
        ),
    ),
)
"""POST /v3/user/create/bulk: this operation as the spec and openapi/overlay.yaml describe it."""

Result = BulkCreateUsersResponse
"""What a 2xx response parses to: helpers name this operation's result type through it, not by schema name."""


def build_request(
    *,
    body: BulkCreateUsersBody,
) -> dict[str, Any]:
    """The request for this operation, as keyword arguments for httpx.Client.request (method, url, params,
    headers, body, extensions): the first of the two steps sync_detailed takes, public so that a runner can send
    it through its own client and tell a failure before sending from one after."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {OPERATION_EXTENSION: OPERATION},
        "url": "/v3/user/create/bulk",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BulkCreateUsersResponse | Error:
    if response.status_code == 200:
        response_200 = BulkCreateUsersResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BulkCreateUsersResponse | Error]:
    """The answer to this operation's request, with its body parsed: the second of sync_detailed's two steps."""
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BulkCreateUsersBody,
) -> Response[BulkCreateUsersResponse | Error]:
    """Bulk create new user records (limit 100)

     At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not
    recovered.

    Args:
        body (BulkCreateUsersBody): Shape taken from the PHP SDK; whether other fields are
            accepted is not documented.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[BulkCreateUsersResponse | Error]
    """

    kwargs = build_request(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return parse_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: BulkCreateUsersBody,
) -> BulkCreateUsersResponse | Error | None:
    """Bulk create new user records (limit 100)

     At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not
    recovered.

    Args:
        body (BulkCreateUsersBody): Shape taken from the PHP SDK; whether other fields are
            accepted is not documented.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        BulkCreateUsersResponse | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BulkCreateUsersBody,
) -> Response[BulkCreateUsersResponse | Error]:
    """Bulk create new user records (limit 100)

     At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not
    recovered.

    Args:
        body (BulkCreateUsersBody): Shape taken from the PHP SDK; whether other fields are
            accepted is not documented.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[BulkCreateUsersResponse | Error]
    """

    kwargs = build_request(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return parse_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: BulkCreateUsersBody,
) -> BulkCreateUsersResponse | Error | None:
    """Bulk create new user records (limit 100)

     At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not
    recovered.

    Args:
        body (BulkCreateUsersBody): Shape taken from the PHP SDK; whether other fields are
            accepted is not documented.

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        BulkCreateUsersResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
