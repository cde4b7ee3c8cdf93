from typing import Literal, cast

GetUserDetailIdentifier = Literal["email", "id", "UID"]

GET_USER_DETAIL_IDENTIFIER_VALUES: set[GetUserDetailIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_get_user_detail_identifier(value: str) -> GetUserDetailIdentifier:
    """Return value typed as GetUserDetailIdentifier.

    A value not in GET_USER_DETAIL_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(GetUserDetailIdentifier, value)
