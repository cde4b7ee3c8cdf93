from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.group_list_response import GroupListResponse
from ...types import (
    OPERATION_EXTENSION,
    UNSET,
    Operation,
    Response,
    Unset,
)

OPERATION = Operation(
    id="get-group-list",
    method="POST",
    path="/v3/group/list",
    name="groups.list",
    replayable=True,
    path_parameters=(),
    body="body",
    body_required=False,
    requires_auth=True,
)
"""POST /v3/group/list: this operation as the spec and openapi/overlay.yaml describe it."""

Result = GroupListResponse
"""What a 2xx response parses to: helpers name this operation's result type through it, not by schema name."""


def build_request(
    *,
    body: Any | Unset = UNSET,
) -> dict[str, Any]:
    """The request for this operation, as keyword arguments for httpx.Client.request (method, url, params,
    headers, body, extensions): the first of the two steps sync_detailed takes, public so that a runner can send
    it through its own client and tell a failure before sending from one after."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {OPERATION_EXTENSION: OPERATION},
        "url": "/v3/group/list",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | GroupListResponse:
    if response.status_code == 200:
        response_200 = GroupListResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | GroupListResponse]:
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
    body: Any | Unset = UNSET,
) -> Response[Error | GroupListResponse]:
    """Get Groups List

    Args:
        body (Any | Unset):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | GroupListResponse]
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
    body: Any | Unset = UNSET,
) -> Error | GroupListResponse | None:
    """Get Groups List

    Args:
        body (Any | Unset):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Error | GroupListResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Any | Unset = UNSET,
) -> Response[Error | GroupListResponse]:
    """Get Groups List

    Args:
        body (Any | Unset):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | GroupListResponse]
    """

    kwargs = build_request(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return parse_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Any | Unset = UNSET,
) -> Error | GroupListResponse | None:
    """Get Groups List

    Args:
        body (Any | Unset):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Error | GroupListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
