"""Operations tagged offer: OffersResource and AsyncOffersResource, reached as the client's `offers`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...types import AsyncRunner, RawResponse, SyncRunner

if TYPE_CHECKING:
    from ...models.list_filters import ListFilters
    from ...models.list_response import ListResponse
    from ...models.offer_response import OfferResponse
    from . import (
        get_offer,
        get_offer_list,
    )


def _import_operations() -> None:
    """Bind this tag's operation modules and the models its methods hand the runner as module globals. Called by
    each resource's constructor: importing them imports every model (and attrs), which `from propello import
    Propello` and building a client do not need; a resource needs them from its first call."""
    global ListFilters, ListResponse, OfferResponse, get_offer, get_offer_list
    from ...models.list_filters import ListFilters
    from ...models.list_response import ListResponse
    from ...models.offer_response import OfferResponse
    from . import (
        get_offer,
        get_offer_list,
    )


class OffersResourceWithRawResponse:
    """The methods of OffersResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `offers.with_raw_response`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    def get(
        self,
        id: str | int,
        /,
    ) -> RawResponse[OfferResponse]:
        """Get Offer Details

        No request body is documented.

        POST /v3/offers/{id} (operation get-offer)."""

        return self._runner.run_raw(
            get_offer,
            OfferResponse,
            id,
        )

    def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> RawResponse[ListResponse]:
        """Get Offer List

        POST /v3/offers/list (operation get-offer-list)."""

        return self._runner.run_raw(
            get_offer_list,
            ListResponse,
            body=filters,
        )


class OffersResource:
    """Organisation Offer Operations

    Reached as the client's `offers`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> OffersResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return OffersResourceWithRawResponse(self._runner)

    def get(
        self,
        id: str | int,
        /,
    ) -> OfferResponse:
        """Get Offer Details

        No request body is documented.

        POST /v3/offers/{id} (operation get-offer)."""

        return self._runner.run(
            get_offer,
            OfferResponse,
            id,
        )

    def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> ListResponse:
        """Get Offer List

        POST /v3/offers/list (operation get-offer-list)."""

        return self._runner.run(
            get_offer_list,
            ListResponse,
            body=filters,
        )


class AsyncOffersResourceWithRawResponse:
    """The methods of AsyncOffersResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `offers.with_raw_response`."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    async def get(
        self,
        id: str | int,
        /,
    ) -> RawResponse[OfferResponse]:
        """Get Offer Details

        No request body is documented.

        POST /v3/offers/{id} (operation get-offer)."""

        return await self._runner.run_raw(
            get_offer,
            OfferResponse,
            id,
        )

    async def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> RawResponse[ListResponse]:
        """Get Offer List

        POST /v3/offers/list (operation get-offer-list)."""

        return await self._runner.run_raw(
            get_offer_list,
            ListResponse,
            body=filters,
        )


class AsyncOffersResource:
    """Organisation Offer Operations

    Reached as the client's `offers` on AsyncPropello; every method is a coroutine."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> AsyncOffersResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return AsyncOffersResourceWithRawResponse(self._runner)

    async def get(
        self,
        id: str | int,
        /,
    ) -> OfferResponse:
        """Get Offer Details

        No request body is documented.

        POST /v3/offers/{id} (operation get-offer)."""

        return await self._runner.run(
            get_offer,
            OfferResponse,
            id,
        )

    async def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> ListResponse:
        """Get Offer List

        POST /v3/offers/list (operation get-offer-list)."""

        return await self._runner.run(
            get_offer_list,
            ListResponse,
            body=filters,
        )
