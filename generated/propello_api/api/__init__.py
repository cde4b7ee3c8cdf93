"""Contains methods for accessing the API, grouped by tag, and the resources built on them."""

from functools import cached_property

from ..types import AsyncRunner, Operation, SyncRunner
from .group import AsyncGroupsResource, GroupsResource, get_group, get_group_list
from .o_auth import AsyncOauthResource, OauthResource, oauth_request
from .offer import AsyncOffersResource, OffersResource, get_offer, get_offer_list
from .user import (
    AsyncUsersResource,
    UsersResource,
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


class Resources:
    """Every tag of the API as an attribute. A client sets `_runner`; resources are made on first use."""

    _runner: SyncRunner

    @cached_property
    def oauth(self) -> OauthResource:
        """OAuth Operations"""
        return OauthResource(self._runner)

    @cached_property
    def users(self) -> UsersResource:
        """User Operations"""
        return UsersResource(self._runner)

    @cached_property
    def groups(self) -> GroupsResource:
        """Organisation Group Operations"""
        return GroupsResource(self._runner)

    @cached_property
    def offers(self) -> OffersResource:
        """Organisation Offer Operations"""
        return OffersResource(self._runner)


class AsyncResources:
    """Every tag of the API as an attribute (asyncio). A client sets `_runner`; resources are made on first use."""

    _runner: AsyncRunner

    @cached_property
    def oauth(self) -> AsyncOauthResource:
        """OAuth Operations"""
        return AsyncOauthResource(self._runner)

    @cached_property
    def users(self) -> AsyncUsersResource:
        """User Operations"""
        return AsyncUsersResource(self._runner)

    @cached_property
    def groups(self) -> AsyncGroupsResource:
        """Organisation Group Operations"""
        return AsyncGroupsResource(self._runner)

    @cached_property
    def offers(self) -> AsyncOffersResource:
        """Organisation Offer Operations"""
        return AsyncOffersResource(self._runner)


OPERATIONS: tuple[Operation, ...] = (
    oauth_request.OPERATION,
    create_user.OPERATION,
    bulk_create_user.OPERATION,
    get_user_detail.OPERATION,
    get_user_list.OPERATION,
    update_user.OPERATION,
    delete_user.OPERATION,
    restore_user.OPERATION,
    login_url.OPERATION,
    create_login_url.OPERATION,
    anonymise_user.OPERATION,
    make_known_user.OPERATION,
    get_group.OPERATION,
    get_group_list.OPERATION,
    get_offer.OPERATION,
    get_offer_list.OPERATION,
)
"""Every operation of the spec, once (an operation with several tags is in several resources)."""

__all__ = [
    "AsyncResources",
    "OPERATIONS",
    "Resources",
    "AsyncOauthResource",
    "OauthResource",
    "AsyncUsersResource",
    "UsersResource",
    "AsyncGroupsResource",
    "GroupsResource",
    "AsyncOffersResource",
    "OffersResource",
]
