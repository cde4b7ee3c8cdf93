"""Helpers that add behaviour to the generated resources (propello_api.api): everything else a resource offers
is generated from the spec. Resource and method names come from openapi/overlay.yaml."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from propello_api.api import (
    OPERATION_CONSTRAINTS,
    ActivationEmail,
    AsyncUsersResource,
    UsersResource,
    find_operation,
)
from propello_api.api.user import AsyncUsersResourceWithRawResponse, UsersResourceWithRawResponse
from propello_api.types import RawResponse

from . import bulk
from .bulk import BatchAnswer, BulkProgress, UserLike
from .listing import AsyncUserListing, UserListing
from .runner import operation_span

CREATE_MANY = "users.create_many"
"""The span over create_many's batches, when the client traces."""

if TYPE_CHECKING:
    from propello_api.api import bulk_create_user
    from propello_api.types import AsyncRunner, SyncRunner

    BatchResult = bulk_create_user.Result

R = TypeVar("R")
BULK_CREATE = ("POST", "/v3/user/create/bulk")
"""The bulk-create operation, by method and path template. Its module (and with it every model) is imported on
the first create_many, not with this module: `from propello import Propello` loads no model."""

MAX_BATCH_SIZE = next(
    (
        int(limit.limit)
        for limit in OPERATION_CONSTRAINTS.get(BULK_CREATE, ())
        if limit.where == ("body", "data") and limit.keyword == "maxItems"
    ),
    100,
)
"""Users per bulk call at most: the spec's maxItems for the bulk body's data (100 when a spec gives none)."""


def _import_batch_result() -> None:
    """Bind BatchResult, what one bulk-create call returns (the generated model of its 200 response), as a module
    global when the first Users or AsyncUsers is made, as the generated resources bind their models: the
    annotations that name it then resolve at run time too (typing.get_type_hints). Importing it imports every
    model, which `from propello import Propello` does not need."""
    global BatchResult
    from propello_api.api import bulk_create_user

    BatchResult = bulk_create_user.Result


def _batches(users: Iterable[UserLike], batch_size: int, progress: BulkProgress | None) -> bulk.Flow[R]:
    """create_many's batches, each checked against the bulk-create body the spec defines."""
    return bulk.batches(
        users,
        batch_size=batch_size,
        max_batch_size=MAX_BATCH_SIZE,
        progress=progress,
        body_type=operation.body_type if (operation := find_operation(*BULK_CREATE)) else None,
    )


class UsersWithRawResponse(UsersResourceWithRawResponse):
    """Users' methods, each returning a RawResponse (status, headers, request id, retries taken, rate-limit wait)."""

    def create_many(
        self,
        users: Iterable[UserLike],
        *,
        activation_email: ActivationEmail = "skip",
        batch_size: int = MAX_BATCH_SIZE,
        progress: BulkProgress | None = None,
    ) -> list[RawResponse[BatchResult]]:
        """As `users.create_many` (see there for every argument): each batch's RawResponse, in order."""
        send = functools.partial(self.create_batch, activation_email=activation_email)
        with operation_span(self._runner, CREATE_MANY):
            flow: bulk.Flow[RawResponse[BatchResult]] = _batches(users, batch_size, progress)
            return [answer.response for answer in bulk.run_sync(flow, send)]


class AsyncUsersWithRawResponse(AsyncUsersResourceWithRawResponse):
    """AsyncUsers' methods, each returning a RawResponse."""

    async def create_many(
        self,
        users: Iterable[UserLike],
        *,
        activation_email: ActivationEmail = "skip",
        batch_size: int = MAX_BATCH_SIZE,
        progress: BulkProgress | None = None,
    ) -> list[RawResponse[BatchResult]]:
        """As `users.create_many` (see there for every argument), awaited: each batch's RawResponse, in order."""
        send = functools.partial(self.create_batch, activation_email=activation_email)
        with operation_span(self._runner, CREATE_MANY):
            flow: bulk.Flow[RawResponse[BatchResult]] = _batches(users, batch_size, progress)
            return [answer.response for answer in await bulk.run_async(flow, send)]


class Users(UsersResource):
    """User operations, plus `create_many` for any number of users and `iter_all` over the list."""

    def __init__(self, runner: SyncRunner) -> None:
        """Made by the client (its `users`), not by you.

        Args:
            runner: The client's runner, which checks and sends each call.
        """
        super().__init__(runner)
        _import_batch_result()

    @cached_property
    def with_raw_response(self) -> UsersWithRawResponse:
        """The same methods, create_many included, each returning a RawResponse: status, headers, request id,
        retries taken and rate-limit wait, around what the method returns (`parse()`)."""
        return UsersWithRawResponse(self._runner)

    def iter_all(self, filters: Mapping[str, Any] | None = None) -> UserListing:
        """Every user users.list gives, following its pages only when its answers show paging.

        The docs give neither the list's shape nor its paging. When the answer's data is a plain list, that one page
        is all this yields, and the listing's `note` says so plainly (`complete` is None: not known). When the
        answer shows paging (a Laravel-style paginator: current_page with last_page or a next link), the next page
        is asked for with `page` in the body, and iteration stops, saying why in `note`, if an answer is not the
        page asked for or repeats one already read: it never loops over the same page.

        Args:
            filters: The list's body (not documented, passed through); None sends none.

        Returns:
            A UserListing: iterate over it, then read its `pages`, `paged`, `complete` and `note`.
        """
        return UserListing(self, filters)

    def create_many(
        self,
        users: Iterable[UserLike],
        *,
        activation_email: ActivationEmail = "skip",
        batch_size: int = MAX_BATCH_SIZE,
        progress: BulkProgress | None = None,
    ) -> list[BatchAnswer[BatchResult]]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        Args:
            users: Mappings (or generated models) of user fields. A list or tuple is checked whole before the first
                call, so a bad record late in it fails before anything is sent; any other iterable (a generator
                over a large export) is read, checked and sent one batch at a time, so memory stays bounded.
            activation_email: Whether the new users get the group's instant activation email: "skip" (the
                default: every batch sends `"send_activation_email": false`, as the PHP SDK's createBulk always
                does), "send" (`true`), or "group-default" (the flag is left out and the group's setting decides,
                which may email every new user). Set in every batch's body; see `create_batch`.
            batch_size: Users per call, 1 to 100 (the spec's maxItems for a bulk body).
            progress: A `propello.BulkProgress` you hold, kept up to date: batches sent and accepted, users
                accepted, and the batch in flight. Read it after KeyboardInterrupt or a cancelled task to resume
                without sending anyone twice; its `on_batch` is called after each accepted batch (a progress bar).

        Returns:
            A BatchAnswer per batch, in order: the API's response, the users sent, the answer's raw `data`, and
            `results`, one UserAnswer per user (with the API's `errors` for a user it refused inside a 2xx answer)
            when the answer names every user of the batch by email; None when its shape cannot be read for
            certain (the docs do not give it), and then `data` is all there is.

        Raises:
            BulkCreateError: A batch failed. It says how many users were accepted, holds the failed batch, and
                `not_sent` iterates over the users never sent, so a resume creates nobody twice.
        """
        send = functools.partial(self.create_batch, activation_email=activation_email)
        with operation_span(self._runner, CREATE_MANY):
            batches: bulk.Flow[BatchResult] = _batches(users, batch_size, progress)
            return bulk.run_sync(batches, send)


class AsyncUsers(AsyncUsersResource):
    """User operations for AsyncPropello, plus `create_many` for any number of users and `iter_all`."""

    def __init__(self, runner: AsyncRunner) -> None:
        """Made by the client (its `users`), not by you.

        Args:
            runner: The client's runner, which checks and sends each call.
        """
        super().__init__(runner)
        _import_batch_result()

    @cached_property
    def with_raw_response(self) -> AsyncUsersWithRawResponse:
        """As `Users.with_raw_response`, awaited."""
        return AsyncUsersWithRawResponse(self._runner)

    def iter_all(self, filters: Mapping[str, Any] | None = None) -> AsyncUserListing:
        """The same as `Propello.users.iter_all` (see there), for `async for`."""
        return AsyncUserListing(self, filters)

    async def create_many(
        self,
        users: Iterable[UserLike],
        *,
        activation_email: ActivationEmail = "skip",
        batch_size: int = MAX_BATCH_SIZE,
        progress: BulkProgress | None = None,
    ) -> list[BatchAnswer[BatchResult]]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        The same as `Propello.users.create_many` (see there for every argument; `activation_email` defaults to
        "skip", as the PHP SDK sends false), awaited."""
        send = functools.partial(self.create_batch, activation_email=activation_email)
        with operation_span(self._runner, CREATE_MANY):
            batches: bulk.Flow[BatchResult] = _batches(users, batch_size, progress)
            return await bulk.run_async(batches, send)
