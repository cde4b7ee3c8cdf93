"""Helpers that add behaviour to the generated resources (propello_api.api): everything else a resource offers
is generated from the spec. Resource and method names come from openapi/overlay.yaml."""

from __future__ import annotations

from collections.abc import Iterable

from propello_api.api import AsyncUsersResource, UsersResource, bulk_create_user

from . import _bulk
from ._bulk import BatchAnswer, ProgressCallback, UserLike
from ._inputs import MAX_BATCH_SIZE

BatchResult = bulk_create_user.Result
"""What one bulk-create call returns (the generated model of its 200 response)."""


def _batches(
    users: Iterable[UserLike], batch_size: int, send_activation_email: bool | None, on_progress: ProgressCallback | None
) -> _bulk.Flow[BatchResult]:
    """create_many's batches, each checked against the bulk-create body the spec defines."""
    return _bulk.batches(
        users,
        batch_size=batch_size,
        send_activation_email=send_activation_email,
        on_progress=on_progress,
        body_type=bulk_create_user.OPERATION.body_type,
    )


class Users(UsersResource):
    """User operations, plus `create_many` for any number of users."""

    def create_many(
        self,
        users: Iterable[UserLike],
        *,
        batch_size: int = MAX_BATCH_SIZE,
        send_activation_email: bool | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[BatchAnswer[BatchResult]]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        Args:
            users: Mappings (or generated models) of user fields. A list or tuple is checked whole before the first
                call, so a bad record late in it fails before anything is sent; any other iterable (a generator
                over a large export) is read, checked and sent one batch at a time, so memory stays bounded.
            batch_size: Users per call, 1 to 100 (the API's limit).
            send_activation_email: Sent with every batch when given; None leaves it to the group's settings.
            on_progress: Called after each accepted batch as `on_progress(users_done, total)`; `total` is None
                for an iterator, whose length is unknown.

        Returns:
            A BatchAnswer per batch, in order: the API's response, the users sent, the answer's raw `data`, and
            `results`, one UserAnswer per user (with the API's `errors` for a user it refused inside a 2xx answer)
            when the answer names every user of the batch by email; None when its shape cannot be read for
            certain (the docs do not give it), and then `data` is all there is.

        Raises:
            BulkCreateError: A batch failed. It says how many users were accepted, holds the failed batch, and
                `not_sent` iterates over the users never sent, so a resume creates nobody twice.
        """
        flow = _batches(users, batch_size, send_activation_email, on_progress)
        return _bulk.run_sync(flow, self.create_batch)


class AsyncUsers(AsyncUsersResource):
    """User operations for AsyncPropello, plus `create_many` for any number of users."""

    async def create_many(
        self,
        users: Iterable[UserLike],
        *,
        batch_size: int = MAX_BATCH_SIZE,
        send_activation_email: bool | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[BatchAnswer[BatchResult]]:
        """Create users in bulk calls of at most `batch_size`, in order, each user once.

        The same as `Propello.users.create_many` (see there for every argument), awaited."""
        flow = _batches(users, batch_size, send_activation_email, on_progress)
        return await _bulk.run_async(flow, self.create_batch)
