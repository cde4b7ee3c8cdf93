"""Our httpx clients: plain httpx plus one rule in send(), so it also holds for generated functions called through
`api_client`: no httpx exception and no non-2xx response gets out, only this package's typed errors.

The mapping sits in send(), outside the auth flow, because the auth flow must see a 401 to renew the token.

They keep no cookies: the API authenticates with a token, and httpx's cookie extraction on every response (it
builds urllib request objects for the cookie jar) cost more than all of this package's own per-call work."""

from __future__ import annotations

from typing import Any

import httpx

from ._clock import Clock
from ._error_mapping import mapped_transport_errors, raise_for_status


class _NoCookies(httpx.Cookies):
    """A cookie jar that stays empty, so nothing is extracted from responses and no Cookie header is sent."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class PropelloHTTPClient(httpx.Client):
    def __init__(self, *, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = _NoCookies()
        self._clock = clock

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        with mapped_transport_errors(request):
            response = super().send(request, **kwargs)
            if not response.is_success:
                try:
                    response.read()
                finally:
                    response.close()
        raise_for_status(response, now=self._clock.time())
        return response


class AsyncPropelloHTTPClient(httpx.AsyncClient):
    def __init__(self, *, clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = _NoCookies()
        self._clock = clock

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        with mapped_transport_errors(request):
            response = await super().send(request, **kwargs)
            if not response.is_success:
                try:
                    await response.aread()
                finally:
                    await response.aclose()
        raise_for_status(response, now=self._clock.time())
        return response
