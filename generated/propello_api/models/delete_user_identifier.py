from typing import Literal, cast

DeleteUserIdentifier = Literal["email", "id", "UID"]

DELETE_USER_IDENTIFIER_VALUES: set[DeleteUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_delete_user_identifier(value: str) -> DeleteUserIdentifier:
    """Return value typed as DeleteUserIdentifier.

    A value not in DELETE_USER_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(DeleteUserIdentifier, value)
