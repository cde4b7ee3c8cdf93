"""Helpers that add behaviour to the generated resources (propello_api.api): everything else a resource offers
is generated from the spec. Resource and method names come from openapi/overlay.yaml."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from propello_api.api import ActivationEmail, AsyncUsersResource, UsersResource, bulk_create_user

from . import _bulk
from ._bulk import ProgressCallback, UserLike

BatchResult = bulk_create_user.Result
"""What one bulk-create call returns (the generated model of its 200 response)."""

MAX_BATCH_SIZE = next(
    (
        int(limit.limit)
        for limit in bulk_create_user.OPERATION.constraints
        if limit.where == ("body", "data") and limit.keyword == "maxItems"
    ),
    100,
)
"""Users per bulk call at most: the spec's maxItems for the bulk body's data (100 when a spec gives none)."""


def _batches(
    users: Iterable[UserLike], batch_size: int, on_progress: ProgressCallback | None
) -> _bulk.Flow[BatchResult]:
    """create_many's batches, each checked against the bulk-create body the spec defines."""
    return _bulk.batches(
        users,
        batch_size=batch_size,
        max_batch_size=MAX_BATCH_SIZE,
        on_progress=on_progress,
        body_type=bulk_create_user.OPERATION.body_type,
    )


class Users(UsersResource):
    """User operations, plus `create_many` for any number of users."""

    def create_many(
        self,
        users: Iterable[UserLike],
        *,
        activation_email: ActivationEmail = "skip",
        batch_size: int = MAX_BATCH_SIZE,
        on_progress: ProgressCallback | None = None,
    ) -> list[BatchResult]:
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
            on_progress: Called after each accepted batch as `on_progress(users_done, total)`; `total` is None
                for an iterator, whose length is unknown.

        Returns:
            The API's response for each batch, in order.

        Raises:
            BulkCreateError: A batch failed. It says how many users were accepted, holds the failed batch, and
                `not_sent` iterates over the users never sent, so a resume creates nobody twice.
        """
        send = functools.partial(self.create_batch, activation_email=activation_email)
        return _bulk.run_sync(_batches(users, batch_size, on_progress), send)


class AsyncUsers(AsyncUsersResource):
    """User operations for AsyncPropello, plus `create_many` for any number of users."""

    async def create_many(
        self,
        users: Iterable[UserLike],
        *,
        activation_email: ActivationEmail = "skip",
        batch_size: int = MAX_BATCH_SIZE,
        on_progress: ProgressCallback | None = None,
    ) -> list[BatchResult]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        The same as `Propello.users.create_many` (see there for every argument; `activation_email` defaults to
        "skip", as the PHP SDK sends false), awaited."""
        send = functools.partial(self.create_batch, activation_email=activation_email)
        return await _bulk.run_async(_batches(users, batch_size, on_progress), send)
