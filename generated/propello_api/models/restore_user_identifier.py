from typing import Literal, cast

RestoreUserIdentifier = Literal["email", "id", "UID"]

RESTORE_USER_IDENTIFIER_VALUES: set[RestoreUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_restore_user_identifier(value: str) -> RestoreUserIdentifier:
    """Return value typed as RestoreUserIdentifier.

    A value not in RESTORE_USER_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(RestoreUserIdentifier, value)
