"""Operations tagged user: UsersResource and AsyncUsersResource, reached as the client's `users`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...types import AsyncRunner, RawResponse, SyncRunner
from .. import ActivationEmail

if TYPE_CHECKING:
    from ...models.anonymise_user_identifier import AnonymiseUserIdentifier
    from ...models.bulk_create_users_body import BulkCreateUsersBody
    from ...models.bulk_create_users_response import BulkCreateUsersResponse
    from ...models.delete_user_identifier import DeleteUserIdentifier
    from ...models.get_user_detail_identifier import GetUserDetailIdentifier
    from ...models.list_filters import ListFilters
    from ...models.list_response import ListResponse
    from ...models.login_url_identifier import LoginUrlIdentifier
    from ...models.login_url_response import LoginUrlResponse
    from ...models.make_known_user_identifier import MakeKnownUserIdentifier
    from ...models.restore_user_identifier import RestoreUserIdentifier
    from ...models.update_user_identifier import UpdateUserIdentifier
    from ...models.user_input import UserInput
    from ...models.user_response import UserResponse
    from . import (
        anonymise_user,
        bulk_create_user,
        create_login_url,
        create_user,
        delete_user,
        get_user_detail,
        get_user_list,
        login_url,
        make_known_user,
        restore_user,
        update_user,
    )


def _import_operations() -> None:
    """Bind this tag's operation modules and the models its methods hand the runner as module globals. Called by
    each resource's constructor: importing them imports every model (and attrs), which `from propello import
    Propello` and building a client do not need; a resource needs them from its first call."""
    global \
        AnonymiseUserIdentifier, \
        BulkCreateUsersBody, \
        BulkCreateUsersResponse, \
        DeleteUserIdentifier, \
        GetUserDetailIdentifier, \
        ListFilters, \
        ListResponse, \
        LoginUrlIdentifier, \
        LoginUrlResponse, \
        MakeKnownUserIdentifier, \
        RestoreUserIdentifier, \
        UpdateUserIdentifier, \
        UserInput, \
        UserResponse, \
        create_user, \
        bulk_create_user, \
        get_user_detail, \
        get_user_list, \
        update_user, \
        delete_user, \
        restore_user, \
        login_url, \
        create_login_url, \
        anonymise_user, \
        make_known_user
    from ...models.anonymise_user_identifier import AnonymiseUserIdentifier
    from ...models.bulk_create_users_body import BulkCreateUsersBody
    from ...models.bulk_create_users_response import BulkCreateUsersResponse
    from ...models.delete_user_identifier import DeleteUserIdentifier
    from ...models.get_user_detail_identifier import GetUserDetailIdentifier
    from ...models.list_filters import ListFilters
    from ...models.list_response import ListResponse
    from ...models.login_url_identifier import LoginUrlIdentifier
    from ...models.login_url_response import LoginUrlResponse
    from ...models.make_known_user_identifier import MakeKnownUserIdentifier
    from ...models.restore_user_identifier import RestoreUserIdentifier
    from ...models.update_user_identifier import UpdateUserIdentifier
    from ...models.user_input import UserInput
    from ...models.user_response import UserResponse
    from . import (
        anonymise_user,
        bulk_create_user,
        create_login_url,
        create_user,
        delete_user,
        get_user_detail,
        get_user_list,
        login_url,
        make_known_user,
        restore_user,
        update_user,
    )


class UsersResourceWithRawResponse:
    """The methods of UsersResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `users.with_raw_response`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    def create(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[UserResponse]:
        """Create a new user record

        POST /v3/user/create (operation create-user)."""

        return self._runner.run_raw(
            create_user,
            UserResponse,
            body=user,
        )

    def create_batch(
        self,
        batch: BulkCreateUsersBody | Mapping[str, Any],
        *,
        activation_email: ActivationEmail = "skip",
    ) -> RawResponse[BulkCreateUsersResponse]:
        """Bulk create new user records (limit 100)

        At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not recovered.

        POST /v3/user/create/bulk (operation bulk-create-user).

        Args:
            activation_email: Whether the new users get the group's instant activation email: "send", "skip" (the
                default; the PHP SDK always sends false), or "group-default" to leave it to the
                group's setting. Sent as the body's send_activation_email (true, false, or left
                out)."""

        return self._runner.run_raw(
            bulk_create_user,
            BulkCreateUsersResponse,
            body=batch,
            activation_email=activation_email,
        )

    def get(
        self,
        identifier: GetUserDetailIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Retrieve a users details

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/get/{identifier}/{identifier_value} (operation get-user-detail)."""

        return self._runner.run_raw(
            get_user_detail,
            UserResponse,
            identifier,
            identifier_value,
        )

    def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> RawResponse[ListResponse]:
        """Retrieve a list of users

        POST /v3/user/list (operation get-user-list)."""

        return self._runner.run_raw(
            get_user_list,
            ListResponse,
            body=filters,
        )

    def update(
        self,
        identifier: UpdateUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[UserResponse]:
        """Update a user record

        By default users added via the API cannot change their email address (see Create a new user record).

        POST /v3/user/update/{identifier}/{identifier_value} (operation update-user)."""

        return self._runner.run_raw(
            update_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )

    def delete(
        self,
        identifier: DeleteUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Deactivate a user record

        The docs index gives DELETE; the PHP SDK (1.1.0) sends POST to the same path. No request body is documented.

        DELETE /v3/user/delete/{identifier}/{identifier_value} (operation delete-user)."""

        return self._runner.run_raw(
            delete_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    def restore(
        self,
        identifier: RestoreUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Restore a deactivated user record

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/restore/{identifier}/{identifier_value} (operation restore-user)."""

        return self._runner.run_raw(
            restore_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    def login_url(
        self,
        identifier: LoginUrlIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[LoginUrlResponse]:
        """Generate a single-use user login link

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/login-url/{identifier}/{identifier_value} (operation login-url)."""

        return self._runner.run_raw(
            login_url,
            LoginUrlResponse,
            identifier,
            identifier_value,
        )

    def create_with_login_url(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[LoginUrlResponse]:
        """Create a user and return a single-use login URL

        POST /v3/user/create/login-url (operation create-login-url)."""

        return self._runner.run_raw(
            create_login_url,
            LoginUrlResponse,
            body=user,
        )

    def anonymise(
        self,
        identifier: AnonymiseUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Delete user and remove identifiable information

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/anonymise/{identifier}/{identifier_value} (operation anonymise-user)."""

        return self._runner.run_raw(
            anonymise_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    def make_known(
        self,
        identifier: MakeKnownUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[UserResponse]:
        """Restore previously anonymised user

        The body carries the user details to re-attach (PHP SDK).

        POST /v3/user/make-known/{identifier}/{identifier_value} (operation make-known-user)."""

        return self._runner.run_raw(
            make_known_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )


class UsersResource:
    """User Operations

    Reached as the client's `users`."""

    def __init__(self, runner: SyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> UsersResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return UsersResourceWithRawResponse(self._runner)

    def create(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> UserResponse:
        """Create a new user record

        POST /v3/user/create (operation create-user)."""

        return self._runner.run(
            create_user,
            UserResponse,
            body=user,
        )

    def create_batch(
        self,
        batch: BulkCreateUsersBody | Mapping[str, Any],
        *,
        activation_email: ActivationEmail = "skip",
    ) -> BulkCreateUsersResponse:
        """Bulk create new user records (limit 100)

        At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not recovered.

        POST /v3/user/create/bulk (operation bulk-create-user).

        Args:
            activation_email: Whether the new users get the group's instant activation email: "send", "skip" (the
                default; the PHP SDK always sends false), or "group-default" to leave it to the
                group's setting. Sent as the body's send_activation_email (true, false, or left
                out)."""

        return self._runner.run(
            bulk_create_user,
            BulkCreateUsersResponse,
            body=batch,
            activation_email=activation_email,
        )

    def get(
        self,
        identifier: GetUserDetailIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Retrieve a users details

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/get/{identifier}/{identifier_value} (operation get-user-detail)."""

        return self._runner.run(
            get_user_detail,
            UserResponse,
            identifier,
            identifier_value,
        )

    def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> ListResponse:
        """Retrieve a list of users

        POST /v3/user/list (operation get-user-list)."""

        return self._runner.run(
            get_user_list,
            ListResponse,
            body=filters,
        )

    def update(
        self,
        identifier: UpdateUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> UserResponse:
        """Update a user record

        By default users added via the API cannot change their email address (see Create a new user record).

        POST /v3/user/update/{identifier}/{identifier_value} (operation update-user)."""

        return self._runner.run(
            update_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )

    def delete(
        self,
        identifier: DeleteUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Deactivate a user record

        The docs index gives DELETE; the PHP SDK (1.1.0) sends POST to the same path. No request body is documented.

        DELETE /v3/user/delete/{identifier}/{identifier_value} (operation delete-user)."""

        return self._runner.run(
            delete_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    def restore(
        self,
        identifier: RestoreUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Restore a deactivated user record

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/restore/{identifier}/{identifier_value} (operation restore-user)."""

        return self._runner.run(
            restore_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    def login_url(
        self,
        identifier: LoginUrlIdentifier,
        identifier_value: str | int,
        /,
    ) -> LoginUrlResponse:
        """Generate a single-use user login link

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/login-url/{identifier}/{identifier_value} (operation login-url)."""

        return self._runner.run(
            login_url,
            LoginUrlResponse,
            identifier,
            identifier_value,
        )

    def create_with_login_url(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> LoginUrlResponse:
        """Create a user and return a single-use login URL

        POST /v3/user/create/login-url (operation create-login-url)."""

        return self._runner.run(
            create_login_url,
            LoginUrlResponse,
            body=user,
        )

    def anonymise(
        self,
        identifier: AnonymiseUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Delete user and remove identifiable information

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/anonymise/{identifier}/{identifier_value} (operation anonymise-user)."""

        return self._runner.run(
            anonymise_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    def make_known(
        self,
        identifier: MakeKnownUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> UserResponse:
        """Restore previously anonymised user

        The body carries the user details to re-attach (PHP SDK).

        POST /v3/user/make-known/{identifier}/{identifier_value} (operation make-known-user)."""

        return self._runner.run(
            make_known_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )


class AsyncUsersResourceWithRawResponse:
    """The methods of AsyncUsersResource, each returning a RawResponse around what that one returns:
    the call's status, headers, request id, retries taken and rate-limit wait, and `parse()`.

    Reached as the client's `users.with_raw_response`."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    async def create(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[UserResponse]:
        """Create a new user record

        POST /v3/user/create (operation create-user)."""

        return await self._runner.run_raw(
            create_user,
            UserResponse,
            body=user,
        )

    async def create_batch(
        self,
        batch: BulkCreateUsersBody | Mapping[str, Any],
        *,
        activation_email: ActivationEmail = "skip",
    ) -> RawResponse[BulkCreateUsersResponse]:
        """Bulk create new user records (limit 100)

        At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not recovered.

        POST /v3/user/create/bulk (operation bulk-create-user).

        Args:
            activation_email: Whether the new users get the group's instant activation email: "send", "skip" (the
                default; the PHP SDK always sends false), or "group-default" to leave it to the
                group's setting. Sent as the body's send_activation_email (true, false, or left
                out)."""

        return await self._runner.run_raw(
            bulk_create_user,
            BulkCreateUsersResponse,
            body=batch,
            activation_email=activation_email,
        )

    async def get(
        self,
        identifier: GetUserDetailIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Retrieve a users details

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/get/{identifier}/{identifier_value} (operation get-user-detail)."""

        return await self._runner.run_raw(
            get_user_detail,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> RawResponse[ListResponse]:
        """Retrieve a list of users

        POST /v3/user/list (operation get-user-list)."""

        return await self._runner.run_raw(
            get_user_list,
            ListResponse,
            body=filters,
        )

    async def update(
        self,
        identifier: UpdateUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[UserResponse]:
        """Update a user record

        By default users added via the API cannot change their email address (see Create a new user record).

        POST /v3/user/update/{identifier}/{identifier_value} (operation update-user)."""

        return await self._runner.run_raw(
            update_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )

    async def delete(
        self,
        identifier: DeleteUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Deactivate a user record

        The docs index gives DELETE; the PHP SDK (1.1.0) sends POST to the same path. No request body is documented.

        DELETE /v3/user/delete/{identifier}/{identifier_value} (operation delete-user)."""

        return await self._runner.run_raw(
            delete_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def restore(
        self,
        identifier: RestoreUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Restore a deactivated user record

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/restore/{identifier}/{identifier_value} (operation restore-user)."""

        return await self._runner.run_raw(
            restore_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def login_url(
        self,
        identifier: LoginUrlIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[LoginUrlResponse]:
        """Generate a single-use user login link

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/login-url/{identifier}/{identifier_value} (operation login-url)."""

        return await self._runner.run_raw(
            login_url,
            LoginUrlResponse,
            identifier,
            identifier_value,
        )

    async def create_with_login_url(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[LoginUrlResponse]:
        """Create a user and return a single-use login URL

        POST /v3/user/create/login-url (operation create-login-url)."""

        return await self._runner.run_raw(
            create_login_url,
            LoginUrlResponse,
            body=user,
        )

    async def anonymise(
        self,
        identifier: AnonymiseUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> RawResponse[UserResponse]:
        """Delete user and remove identifiable information

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/anonymise/{identifier}/{identifier_value} (operation anonymise-user)."""

        return await self._runner.run_raw(
            anonymise_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def make_known(
        self,
        identifier: MakeKnownUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> RawResponse[UserResponse]:
        """Restore previously anonymised user

        The body carries the user details to re-attach (PHP SDK).

        POST /v3/user/make-known/{identifier}/{identifier_value} (operation make-known-user)."""

        return await self._runner.run_raw(
            make_known_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )


class AsyncUsersResource:
    """User Operations

    Reached as the client's `users` on AsyncPropello; every method is a coroutine."""

    def __init__(self, runner: AsyncRunner) -> None:
        _import_operations()
        self._runner = runner

    @cached_property
    def with_raw_response(self) -> AsyncUsersResourceWithRawResponse:
        """The same methods, each returning a RawResponse: status, headers, request id, retries taken and
        rate-limit wait, around what the method returns (`parse()`)."""
        return AsyncUsersResourceWithRawResponse(self._runner)

    async def create(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> UserResponse:
        """Create a new user record

        POST /v3/user/create (operation create-user)."""

        return await self._runner.run(
            create_user,
            UserResponse,
            body=user,
        )

    async def create_batch(
        self,
        batch: BulkCreateUsersBody | Mapping[str, Any],
        *,
        activation_email: ActivationEmail = "skip",
    ) -> BulkCreateUsersResponse:
        """Bulk create new user records (limit 100)

        At most 100 users per call. The body shape is taken from the PHP SDK (1.1.0); the doc page was not recovered.

        POST /v3/user/create/bulk (operation bulk-create-user).

        Args:
            activation_email: Whether the new users get the group's instant activation email: "send", "skip" (the
                default; the PHP SDK always sends false), or "group-default" to leave it to the
                group's setting. Sent as the body's send_activation_email (true, false, or left
                out)."""

        return await self._runner.run(
            bulk_create_user,
            BulkCreateUsersResponse,
            body=batch,
            activation_email=activation_email,
        )

    async def get(
        self,
        identifier: GetUserDetailIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Retrieve a users details

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/get/{identifier}/{identifier_value} (operation get-user-detail)."""

        return await self._runner.run(
            get_user_detail,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def list(
        self,
        filters: ListFilters | Mapping[str, Any] | None = None,
    ) -> ListResponse:
        """Retrieve a list of users

        POST /v3/user/list (operation get-user-list)."""

        return await self._runner.run(
            get_user_list,
            ListResponse,
            body=filters,
        )

    async def update(
        self,
        identifier: UpdateUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> UserResponse:
        """Update a user record

        By default users added via the API cannot change their email address (see Create a new user record).

        POST /v3/user/update/{identifier}/{identifier_value} (operation update-user)."""

        return await self._runner.run(
            update_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )

    async def delete(
        self,
        identifier: DeleteUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Deactivate a user record

        The docs index gives DELETE; the PHP SDK (1.1.0) sends POST to the same path. No request body is documented.

        DELETE /v3/user/delete/{identifier}/{identifier_value} (operation delete-user)."""

        return await self._runner.run(
            delete_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def restore(
        self,
        identifier: RestoreUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Restore a deactivated user record

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/restore/{identifier}/{identifier_value} (operation restore-user)."""

        return await self._runner.run(
            restore_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def login_url(
        self,
        identifier: LoginUrlIdentifier,
        identifier_value: str | int,
        /,
    ) -> LoginUrlResponse:
        """Generate a single-use user login link

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/login-url/{identifier}/{identifier_value} (operation login-url)."""

        return await self._runner.run(
            login_url,
            LoginUrlResponse,
            identifier,
            identifier_value,
        )

    async def create_with_login_url(
        self,
        user: UserInput | Mapping[str, Any],
    ) -> LoginUrlResponse:
        """Create a user and return a single-use login URL

        POST /v3/user/create/login-url (operation create-login-url)."""

        return await self._runner.run(
            create_login_url,
            LoginUrlResponse,
            body=user,
        )

    async def anonymise(
        self,
        identifier: AnonymiseUserIdentifier,
        identifier_value: str | int,
        /,
    ) -> UserResponse:
        """Delete user and remove identifiable information

        No request body is documented (the PHP SDK sends an empty JSON array).

        POST /v3/user/anonymise/{identifier}/{identifier_value} (operation anonymise-user)."""

        return await self._runner.run(
            anonymise_user,
            UserResponse,
            identifier,
            identifier_value,
        )

    async def make_known(
        self,
        identifier: MakeKnownUserIdentifier,
        identifier_value: str | int,
        /,
        user: UserInput | Mapping[str, Any],
    ) -> UserResponse:
        """Restore previously anonymised user

        The body carries the user details to re-attach (PHP SDK).

        POST /v3/user/make-known/{identifier}/{identifier_value} (operation make-known-user)."""

        return await self._runner.run(
            make_known_user,
            UserResponse,
            identifier,
            identifier_value,
            body=user,
        )
