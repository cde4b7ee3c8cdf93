"""Operations tagged group: GroupsResource and AsyncGroupsResource, reached as the client's `groups`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...types import AsyncRunner, RawResponse, SyncRunner

if TYPE_CHECKING:
    from ...models.group_details_body import GroupDetailsBody
    from ...models.group_details_response import GroupDetailsResponse
    from ...models.group_list_response import GroupListResponse
    from . import (
        get_group,
        get_group_list,
    )


def _import_operations() -> None:
    """Bind this tag's operation modules and the models its methods hand the runner as module globals. Called by
    each resource's constructor: importing them imports every model (and attrs), which `from propello import
    Propello` and building a client do not need; a resource needs them from its first call."""
    global GroupDetailsBody, GroupDetailsResponse, GroupListResponse, get_group, get_group_list
    from ...models.group_details_body import GroupDetailsBody
    from ...models.group_details_response import GroupDetailsResponse
    from ...models.group_list_response import GroupListResponse
    from . import (
        get_group,
        get_group_list,
    )


class GroupsResourceWithRawResponse:
    """The methods of GroupsResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `groups.with_raw_response`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    def get(
        self,
        body: GroupDetailsBody | Mapping[str, Any] | None = None,
    ) -> RawResponse[GroupDetailsResponse]:
        """Get Group Details

        POST /v3/group (operation get-group)."""

        return self._runner.run_raw(
            get_group,
            GroupDetailsResponse,
            body=body,
        )

    def list(
        self,
        body: Any | None = None,
    ) -> RawResponse[GroupListResponse]:
        """Get Groups List

        POST /v3/group/list (operation get-group-list)."""

        return self._runner.run_raw(
            get_group_list,
            GroupListResponse,
            body=body,
        )


class GroupsResource:
    """Organisation Group Operations

    Reached as the client's `groups`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> GroupsResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return GroupsResourceWithRawResponse(self._runner)

    def get(
        self,
        body: GroupDetailsBody | Mapping[str, Any] | None = None,
    ) -> GroupDetailsResponse:
        """Get Group Details

        POST /v3/group (operation get-group)."""

        return self._runner.run(
            get_group,
            GroupDetailsResponse,
            body=body,
        )

    def list(
        self,
        body: Any | None = None,
    ) -> GroupListResponse:
        """Get Groups List

        POST /v3/group/list (operation get-group-list)."""

        return self._runner.run(
            get_group_list,
            GroupListResponse,
            body=body,
        )


class AsyncGroupsResourceWithRawResponse:
    """The methods of AsyncGroupsResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `groups.with_raw_response`."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    async def get(
        self,
        body: GroupDetailsBody | Mapping[str, Any] | None = None,
    ) -> RawResponse[GroupDetailsResponse]:
        """Get Group Details

        POST /v3/group (operation get-group)."""

        return await self._runner.run_raw(
            get_group,
            GroupDetailsResponse,
            body=body,
        )

    async def list(
        self,
        body: Any | None = None,
    ) -> RawResponse[GroupListResponse]:
        """Get Groups List

        POST /v3/group/list (operation get-group-list)."""

        return await self._runner.run_raw(
            get_group_list,
            GroupListResponse,
            body=body,
        )


class AsyncGroupsResource:
    """Organisation Group Operations

    Reached as the client's `groups` on AsyncPropello; every method is a coroutine."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> AsyncGroupsResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return AsyncGroupsResourceWithRawResponse(self._runner)

    async def get(
        self,
        body: GroupDetailsBody | Mapping[str, Any] | None = None,
    ) -> GroupDetailsResponse:
        """Get Group Details

        POST /v3/group (operation get-group)."""

        return await self._runner.run(
            get_group,
            GroupDetailsResponse,
            body=body,
        )

    async def list(
        self,
        body: Any | None = None,
    ) -> GroupListResponse:
        """Get Groups List

        POST /v3/group/list (operation get-group-list)."""

        return await self._runner.run(
            get_group_list,
            GroupListResponse,
            body=body,
        )
