"""Contains methods for accessing the API, grouped by tag, and the resources built on them.

A tag's package (its operations, resource classes and models) is imported when first used."""

from __future__ import annotations

import importlib
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from ..types import AsyncRunner, Constraint, Operation, SyncRunner

if TYPE_CHECKING:
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

ActivationEmail = Literal["send", "skip", "group-default"]
""" Whether the new users get the group's instant activation email: "send", "skip" (the default; the PHP SDK always sends false), or "group-default" to leave it to the group's setting. Sent as the body's send_activation_email (true, false, or left out). """

_LAZY = {
    "OauthResource": ".o_auth",
    "AsyncOauthResource": ".o_auth",
    "oauth_request": ".o_auth.oauth_request",
    "UsersResource": ".user",
    "AsyncUsersResource": ".user",
    "create_user": ".user.create_user",
    "bulk_create_user": ".user.bulk_create_user",
    "get_user_detail": ".user.get_user_detail",
    "get_user_list": ".user.get_user_list",
    "update_user": ".user.update_user",
    "delete_user": ".user.delete_user",
    "restore_user": ".user.restore_user",
    "login_url": ".user.login_url",
    "create_login_url": ".user.create_login_url",
    "anonymise_user": ".user.anonymise_user",
    "make_known_user": ".user.make_known_user",
    "GroupsResource": ".group",
    "AsyncGroupsResource": ".group",
    "get_group": ".group.get_group",
    "get_group_list": ".group.get_group_list",
    "OffersResource": ".offer",
    "AsyncOffersResource": ".offer",
    "get_offer": ".offer.get_offer",
    "get_offer_list": ".offer.get_offer_list",
}
"""Each name this module offers from a tag's package, and where it is: that package (a resource class), or the
operation's own module (an operation), which the tag's package imports only when a resource is made."""

OPERATION_MODULES: dict[tuple[str, str], str] = {
    ("POST", "/v3/oauth/token"): ".o_auth.oauth_request",
    ("POST", "/v3/user/create"): ".user.create_user",
    ("POST", "/v3/user/create/bulk"): ".user.bulk_create_user",
    ("POST", "/v3/user/get/{identifier}/{identifier_value}"): ".user.get_user_detail",
    ("POST", "/v3/user/list"): ".user.get_user_list",
    ("POST", "/v3/user/update/{identifier}/{identifier_value}"): ".user.update_user",
    ("DELETE", "/v3/user/delete/{identifier}/{identifier_value}"): ".user.delete_user",
    ("POST", "/v3/user/restore/{identifier}/{identifier_value}"): ".user.restore_user",
    ("POST", "/v3/user/login-url/{identifier}/{identifier_value}"): ".user.login_url",
    ("POST", "/v3/user/create/login-url"): ".user.create_login_url",
    ("POST", "/v3/user/anonymise/{identifier}/{identifier_value}"): ".user.anonymise_user",
    ("POST", "/v3/user/make-known/{identifier}/{identifier_value}"): ".user.make_known_user",
    ("POST", "/v3/group"): ".group.get_group",
    ("POST", "/v3/group/list"): ".group.get_group_list",
    ("POST", "/v3/offers/{id}"): ".offer.get_offer",
    ("POST", "/v3/offers/list"): ".offer.get_offer_list",
}
"""Every operation's (METHOD, path template), and its module relative to this package."""

OPERATION_CONSTRAINTS: dict[tuple[str, str], tuple[Constraint, ...]] = {
    ("POST", "/v3/user/create/bulk"): (Constraint(where=("body", "data"), keyword="maxItems", limit=100),),
}
"""The request limits of each operation that has some, by (METHOD, path template): its OPERATION.constraints,
read without importing its module (and the models that module imports), e.g. for a default in a signature."""


def find_operation(method: str, path: str) -> Operation | None:
    """The metadata of the operation at `method` `path` (upper-case method, path template as Operation.path
    has it), or None when the spec has no such operation. Imports that operation's tag only.

    Args:
        method: The HTTP method, upper case.
        path: The path template, e.g. "/v3/oauth/token".
    """
    module = OPERATION_MODULES.get((method, path))
    if module is None:
        return None
    found: Operation = importlib.import_module(module, __name__).OPERATION
    return found


def __getattr__(name: str) -> Any:
    """Names of the tags' packages, imported on first use; OPERATIONS imports every tag."""
    if name == "OPERATIONS":
        value: Any = tuple(importlib.import_module(module, __name__).OPERATION for module in OPERATION_MODULES.values())
    elif name in _LAZY and name.endswith("Resource"):
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _LAZY:
        value = importlib.import_module(_LAZY[name], __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:
    OPERATIONS: tuple[Operation, ...]
    """Every operation of the spec, once (an operation with several tags is in several resources)."""


class Resources:
    """Every tag of the API as an attribute. A client sets `_runner`; resources are made on first use."""

    _runner: SyncRunner

    @cached_property
    def oauth(self) -> OauthResource:
        """OAuth Operations"""
        from .o_auth import OauthResource

        return OauthResource(self._runner)

    @cached_property
    def users(self) -> UsersResource:
        """User Operations"""
        from .user import UsersResource

        return UsersResource(self._runner)

    @cached_property
    def groups(self) -> GroupsResource:
        """Organisation Group Operations"""
        from .group import GroupsResource

        return GroupsResource(self._runner)

    @cached_property
    def offers(self) -> OffersResource:
        """Organisation Offer Operations"""
        from .offer import OffersResource

        return OffersResource(self._runner)


class AsyncResources:
    """Every tag of the API as an attribute (asyncio). A client sets `_runner`; resources are made on first use."""

    _runner: AsyncRunner

    @cached_property
    def oauth(self) -> AsyncOauthResource:
        """OAuth Operations"""
        from .o_auth import AsyncOauthResource

        return AsyncOauthResource(self._runner)

    @cached_property
    def users(self) -> AsyncUsersResource:
        """User Operations"""
        from .user import AsyncUsersResource

        return AsyncUsersResource(self._runner)

    @cached_property
    def groups(self) -> AsyncGroupsResource:
        """Organisation Group Operations"""
        from .group import AsyncGroupsResource

        return AsyncGroupsResource(self._runner)

    @cached_property
    def offers(self) -> AsyncOffersResource:
        """Organisation Offer Operations"""
        from .offer import AsyncOffersResource

        return AsyncOffersResource(self._runner)


__all__ = [
    "AsyncResources",
    "OPERATIONS",
    "OPERATION_CONSTRAINTS",
    "OPERATION_MODULES",
    "Resources",
    "find_operation",
    "ActivationEmail",
    "OauthResource",
    "AsyncOauthResource",
    "oauth_request",
    "UsersResource",
    "AsyncUsersResource",
    "create_user",
    "bulk_create_user",
    "get_user_detail",
    "get_user_list",
    "update_user",
    "delete_user",
    "restore_user",
    "login_url",
    "create_login_url",
    "anonymise_user",
    "make_known_user",
    "GroupsResource",
    "AsyncGroupsResource",
    "get_group",
    "get_group_list",
    "OffersResource",
    "AsyncOffersResource",
    "get_offer",
    "get_offer_list",
]
