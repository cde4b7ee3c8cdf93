"""Operations tagged o_auth: OauthResource and AsyncOauthResource, reached as the client's `oauth`."""

from collections.abc import Mapping
from typing import Any

from ...models.o_auth_body import OAuthBody
from ...models.o_auth_token_response import OAuthTokenResponse
from ...types import AsyncRunner, SyncRunner
from . import (
    oauth_request,
)


class OauthResource:
    """OAuth Operations

    Reached as the client's `oauth`."""

    def __init__(self, runner: SyncRunner) -> None:
        self._runner = runner

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


class AsyncOauthResource:
    """OAuth Operations

    Reached as the client's `oauth` on AsyncPropello; every method is a coroutine."""

    def __init__(self, runner: AsyncRunner) -> None:
        self._runner = runner

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
