from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.offer_response import OfferResponse
from ...types import (
    OPERATION_EXTENSION,
    Operation,
    PathParameter,
    Response,
    path_segment,
)

OPERATION = Operation(
    id="get-offer",
    method="POST",
    path="/v3/offers/{id}",
    name="offers.get",
    replayable=True,
    path_parameters=(
        PathParameter(
            "id",
        ),
    ),
    requires_auth=True,
)
"""POST /v3/offers/{id}: this operation as the spec and openapi/overlay.yaml describe it."""

Result = OfferResponse
"""What a 2xx response parses to: helpers name this operation's result type through it, not by schema name."""


def build_request(
    id: str,
) -> dict[str, Any]:
    """The request for this operation, as keyword arguments for httpx.Client.request (method, url, params,
    headers, body, extensions): the first of the two steps sync_detailed takes, public so that a runner can send
    it through its own client and tell a failure before sending from one after."""

    _kwargs: dict[str, Any] = {
        "method": "post",
        "extensions": {OPERATION_EXTENSION: OPERATION},
        "url": "/v3/offers/{id}".format(
            id=quote(path_segment(id, "id"), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | OfferResponse:
    if response.status_code == 200:
        response_200 = OfferResponse.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | OfferResponse]:
    """The answer to this operation's request, with its body parsed: the second of sync_detailed's two steps."""
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | OfferResponse]:
    """Get Offer Details

     No request body is documented.

    Args:
        id (str):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | OfferResponse]
    """

    kwargs = build_request(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return parse_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | OfferResponse | None:
    """Get Offer Details

     No request body is documented.

    Args:
        id (str):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Error | OfferResponse
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | OfferResponse]:
    """Get Offer Details

     No request body is documented.

    Args:
        id (str):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Response[Error | OfferResponse]
    """

    kwargs = build_request(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return parse_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | OfferResponse | None:
    """Get Offer Details

     No request body is documented.

    Args:
        id (str):

    Raises:
        propello.APIStatusError: The API answered with a status other than 2xx (a subclass per status:
            NotFoundError, RateLimitError, ...).
        propello.APIConnectionError: No answer arrived: the connection failed, or timed out (APITimeoutError).
        propello.APIError: The call failed otherwise (ResponseTooLargeError, ClientClosedError, ...). Through a
            propello client's `api_client`, as these functions are meant to be called, no httpx exception gets out.

    Returns:
        Error | OfferResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
