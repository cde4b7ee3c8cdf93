"""Operations tagged o_auth: OauthResource and AsyncOauthResource, reached as the client's `oauth`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...types import AsyncRunner, RawResponse, SyncRunner

if TYPE_CHECKING:
    from ...models.o_auth_body import OAuthBody
    from ...models.o_auth_token_response import OAuthTokenResponse
    from . import (
        oauth_request,
    )


def _import_operations() -> None:
    """Bind this tag's operation modules and the models its methods hand the runner as module globals. Called by
    each resource's constructor: importing them imports every model (and attrs), which `from propello import
    Propello` and building a client do not need; a resource needs them from its first call."""
    global OAuthBody, OAuthTokenResponse, oauth_request
    from ...models.o_auth_body import OAuthBody
    from ...models.o_auth_token_response import OAuthTokenResponse
    from . import (
        oauth_request,
    )


class OauthResourceWithRawResponse:
    """The methods of OauthResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `oauth.with_raw_response`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    def request_token(
        self,
        credentials: OAuthBody | Mapping[str, Any],
    ) -> RawResponse[OAuthTokenResponse]:
        """Generate Access Tokens

        POST /v3/oauth/token (operation oauth-request)."""

        return self._runner.run_raw(
            oauth_request,
            OAuthTokenResponse,
            body=credentials,
        )


class OauthResource:
    """OAuth Operations

    Reached as the client's `oauth`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> OauthResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return OauthResourceWithRawResponse(self._runner)

    def request_token(
        self,
        credentials: OAuthBody | Mapping[str, Any],
    ) -> OAuthTokenResponse:
        """Generate Access Tokens

        POST /v3/oauth/token (operation oauth-request)."""

        return self._runner.run(
            oauth_request,
            OAuthTokenResponse,
            body=credentials,
        )


class AsyncOauthResourceWithRawResponse:
    """The methods of AsyncOauthResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `oauth.with_raw_response`."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    async def request_token(
        self,
        credentials: OAuthBody | Mapping[str, Any],
    ) -> RawResponse[OAuthTokenResponse]:
        """Generate Access Tokens

        POST /v3/oauth/token (operation oauth-request)."""

        return await self._runner.run_raw(
            oauth_request,
            OAuthTokenResponse,
            body=credentials,
        )


class AsyncOauthResource:
    """OAuth Operations

    Reached as the client's `oauth` on AsyncPropello; every method is a coroutine."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> AsyncOauthResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return AsyncOauthResourceWithRawResponse(self._runner)

    async def request_token(
        self,
        credentials: OAuthBody | Mapping[str, Any],
    ) -> OAuthTokenResponse:
        """Generate Access Tokens

        POST /v3/oauth/token (operation oauth-request)."""

        return await self._runner.run(
            oauth_request,
            OAuthTokenResponse,
            body=credentials,
        )
