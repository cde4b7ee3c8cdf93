"""users, groups and offers: one method per API operation (see _operations.OPERATIONS), each accepting the generated
request model or a plain dict and returning the generated 200 model. Written once for sync and async (_endpoint)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from propello_api.api.group import get_group, get_group_list
from propello_api.api.offer import get_offer, get_offer_list
from propello_api.api.user import (
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
from propello_api.models import (
    AnonymiseUserIdentifier,
    BulkCreateUsersBody,
    BulkCreateUsersResponse,
    DeleteUserIdentifier,
    GetUserDetailIdentifier,
    GroupDetailsBody,
    GroupDetailsResponse,
    GroupListResponse,
    ListFilters,
    ListResponse,
    LoginUrlIdentifier,
    LoginUrlResponse,
    MakeKnownUserIdentifier,
    OfferResponse,
    RestoreUserIdentifier,
    UpdateUserIdentifier,
    UserInput,
    UserResponse,
)
from propello_api.models.anonymise_user_identifier import ANONYMISE_USER_IDENTIFIER_VALUES
from propello_api.models.delete_user_identifier import DELETE_USER_IDENTIFIER_VALUES
from propello_api.models.get_user_detail_identifier import GET_USER_DETAIL_IDENTIFIER_VALUES
from propello_api.models.login_url_identifier import LOGIN_URL_IDENTIFIER_VALUES
from propello_api.models.make_known_user_identifier import MAKE_KNOWN_USER_IDENTIFIER_VALUES
from propello_api.models.restore_user_identifier import RESTORE_USER_IDENTIFIER_VALUES
from propello_api.models.update_user_identifier import UPDATE_USER_IDENTIFIER_VALUES
from propello_api.types import UNSET, Unset

from . import _inputs as check
from ._endpoint import Flow, R, Resource, endpoint, invoke
from ._errors import APIError, BulkCreateError, InvalidArgumentError

UserLike = UserInput | Mapping[str, Any]
FiltersLike = ListFilters | Mapping[str, Any]
ProgressCallback = Callable[[int, int], None]


class Users(Resource[R]):
    @endpoint
    def create(self, user: UserLike) -> Flow[UserResponse]:
        """Create a user."""
        body = check.model(UserInput, user, "user")
        return invoke(UserResponse, create_user, client=self._api, body=body)

    @endpoint
    def create_many(
        self,
        users: Iterable[UserLike],
        *,
        batch_size: int = check.MAX_BATCH_SIZE,
        send_activation_email: bool | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Flow[list[BulkCreateUsersResponse]]:
        """Create users in bulk calls of at most `batch_size` (the API takes 100), in order, each user once.

        The whole iterable is read and checked first, so a bad record late in it fails before any batch is sent.
        After each batch `on_progress(users_done, total)` is called; the result is one response per batch. When a
        batch fails, BulkCreateError says which users were accepted, which failed and which were not sent.
        """
        size = check.batch_size(batch_size)
        if isinstance(users, str | bytes | Mapping):
            raise InvalidArgumentError(f"users must be an iterable of users, got {type(users).__name__}")
        originals = list(users)
        models = [check.model(UserInput, user, f"users[{index}]") for index, user in enumerate(originals)]
        flag: bool | Unset = UNSET if send_activation_email is None else send_activation_email
        return self._send_batches(originals, models, size, flag, on_progress)

    def _send_batches(
        self,
        originals: list[UserLike],
        models: list[UserInput],
        size: int,
        send_activation_email: bool | Unset,
        on_progress: ProgressCallback | None,
    ) -> Flow[list[BulkCreateUsersResponse]]:
        results: list[BulkCreateUsersResponse] = []
        for start in range(0, len(models), size):
            stop = min(start + size, len(models))
            body = BulkCreateUsersBody(send_activation_email=send_activation_email, data=models[start:stop])
            try:
                result = yield from invoke(
                    BulkCreateUsersResponse,
                    bulk_create_user,
                    client=self._api,
                    body=body,
                )
            except APIError as exc:
                raise BulkCreateError(
                    accepted=originals[:start],
                    failed_batch=originals[start:stop],
                    not_sent=originals[stop:],
                    results=results,
                    error=exc,
                ) from exc
            results.append(result)
            if on_progress is not None:
                on_progress(stop, len(models))
        return results

    @endpoint
    def get(self, identifier: GetUserDetailIdentifier, identifier_value: str | int) -> Flow[UserResponse]:
        """A user's details, by `identifier` ("email", "UID" or "id") and its value."""
        kind, value = check.user_reference(identifier, identifier_value, GET_USER_DETAIL_IDENTIFIER_VALUES)
        return invoke(UserResponse, get_user_detail, kind, value, client=self._api)

    @endpoint
    def list(self, filters: FiltersLike | None = None) -> Flow[ListResponse]:
        """Users; `filters` is passed through (the API does not document its filters or paging)."""
        body = check.model(ListFilters, {} if filters is None else filters, "filters")
        return invoke(ListResponse, get_user_list, client=self._api, body=body)

    @endpoint
    def update(
        self, identifier: UpdateUserIdentifier, identifier_value: str | int, user: UserLike
    ) -> Flow[UserResponse]:
        """Update a user's record with the fields given."""
        kind, value = check.user_reference(identifier, identifier_value, UPDATE_USER_IDENTIFIER_VALUES)
        body = check.model(UserInput, user, "user")
        return invoke(
            UserResponse,
            update_user,
            kind,
            value,
            client=self._api,
            body=body,
        )

    @endpoint
    def delete(self, identifier: DeleteUserIdentifier, identifier_value: str | int) -> Flow[UserResponse]:
        """Deactivate a user (restore() undoes it)."""
        kind, value = check.user_reference(identifier, identifier_value, DELETE_USER_IDENTIFIER_VALUES)
        return invoke(UserResponse, delete_user, kind, value, client=self._api)

    @endpoint
    def restore(self, identifier: RestoreUserIdentifier, identifier_value: str | int) -> Flow[UserResponse]:
        """Reactivate a deactivated user."""
        kind, value = check.user_reference(identifier, identifier_value, RESTORE_USER_IDENTIFIER_VALUES)
        return invoke(UserResponse, restore_user, kind, value, client=self._api)

    @endpoint
    def login_url(self, identifier: LoginUrlIdentifier, identifier_value: str | int) -> Flow[LoginUrlResponse]:
        """A single-use login link for an existing user."""
        kind, value = check.user_reference(identifier, identifier_value, LOGIN_URL_IDENTIFIER_VALUES)
        return invoke(LoginUrlResponse, login_url, kind, value, client=self._api)

    @endpoint
    def create_with_login_url(self, user: UserLike) -> Flow[LoginUrlResponse]:
        """Create a user and return a single-use login link for them."""
        body = check.model(UserInput, user, "user")
        return invoke(
            LoginUrlResponse,
            create_login_url,
            client=self._api,
            body=body,
        )

    @endpoint
    def anonymise(self, identifier: AnonymiseUserIdentifier, identifier_value: str | int) -> Flow[UserResponse]:
        """Delete a user and remove their identifiable information (make_known() re-attaches details)."""
        kind, value = check.user_reference(identifier, identifier_value, ANONYMISE_USER_IDENTIFIER_VALUES)
        return invoke(UserResponse, anonymise_user, kind, value, client=self._api)

    @endpoint
    def make_known(
        self, identifier: MakeKnownUserIdentifier, identifier_value: str | int, user: UserLike
    ) -> Flow[UserResponse]:
        """Restore an anonymised user (by "UID" or "id": they have no email any more) with the details given."""
        kind, value = check.user_reference(identifier, identifier_value, MAKE_KNOWN_USER_IDENTIFIER_VALUES)
        body = check.model(UserInput, user, "user")
        return invoke(
            UserResponse,
            make_known_user,
            kind,
            value,
            client=self._api,
            body=body,
        )


class Groups(Resource[R]):
    @endpoint
    def get(self, body: GroupDetailsBody | Mapping[str, Any] | None = None) -> Flow[GroupDetailsResponse]:
        """A group's details; with an organisation-level token pass {"organisation_group_id": ...}."""
        details = check.model(GroupDetailsBody, {} if body is None else body, "body")
        return invoke(GroupDetailsResponse, get_group, client=self._api, body=details)

    @endpoint
    def list(self) -> Flow[GroupListResponse]:
        """The groups this token can see."""
        return invoke(GroupListResponse, get_group_list, client=self._api, body={})


class Offers(Resource[R]):
    @endpoint
    def get(self, offer_id: str | int) -> Flow[OfferResponse]:
        """An offer's details."""
        value = check.path_segment(offer_id, "offer_id")
        return invoke(OfferResponse, get_offer, value, client=self._api)

    @endpoint
    def list(self, filters: FiltersLike | None = None) -> Flow[ListResponse]:
        """Offers; `filters` is passed through (the API does not document its filters or paging)."""
        body = check.model(ListFilters, {} if filters is None else filters, "filters")
        return invoke(ListResponse, get_offer_list, client=self._api, body=body)
