"""Contains all the data models used in inputs/outputs"""

from .anonymise_user_identifier import AnonymiseUserIdentifier
from .bulk_create_users_body import BulkCreateUsersBody
from .bulk_create_users_response import BulkCreateUsersResponse
from .delete_user_identifier import DeleteUserIdentifier
from .envelope import Envelope
from .error import Error
from .get_user_detail_identifier import GetUserDetailIdentifier
from .group import Group
from .group_details_body import GroupDetailsBody
from .group_details_response import GroupDetailsResponse
from .group_list_response import GroupListResponse
from .list_filters import ListFilters
from .list_response import ListResponse
from .login_url_identifier import LoginUrlIdentifier
from .login_url_response import LoginUrlResponse
from .login_url_response_data import LoginUrlResponseData
from .make_known_user_identifier import MakeKnownUserIdentifier
from .o_auth_body import OAuthBody
from .o_auth_token_response import OAuthTokenResponse
from .offer import Offer
from .offer_response import OfferResponse
from .restore_user_identifier import RestoreUserIdentifier
from .update_user_identifier import UpdateUserIdentifier
from .user import User
from .user_input import UserInput
from .user_response import UserResponse

__all__ = (
    "AnonymiseUserIdentifier",
    "BulkCreateUsersBody",
    "BulkCreateUsersResponse",
    "DeleteUserIdentifier",
    "Envelope",
    "Error",
    "GetUserDetailIdentifier",
    "Group",
    "GroupDetailsBody",
    "GroupDetailsResponse",
    "GroupListResponse",
    "ListFilters",
    "ListResponse",
    "LoginUrlIdentifier",
    "LoginUrlResponse",
    "LoginUrlResponseData",
    "MakeKnownUserIdentifier",
    "OAuthBody",
    "OAuthTokenResponse",
    "Offer",
    "OfferResponse",
    "RestoreUserIdentifier",
    "UpdateUserIdentifier",
    "User",
    "UserInput",
    "UserResponse",
)
