from typing import Literal, cast

UpdateUserIdentifier = Literal["email", "id", "UID"]

UPDATE_USER_IDENTIFIER_VALUES: set[UpdateUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_update_user_identifier(value: str) -> UpdateUserIdentifier:
    """Return value typed as UpdateUserIdentifier.

    A value not in UPDATE_USER_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(UpdateUserIdentifier, value)
