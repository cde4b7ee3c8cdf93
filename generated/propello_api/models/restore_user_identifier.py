from typing import Literal, cast

RestoreUserIdentifier = Literal["email", "id", "UID"]

RESTORE_USER_IDENTIFIER_VALUES: set[RestoreUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_restore_user_identifier(value: str) -> RestoreUserIdentifier:
    if value in RESTORE_USER_IDENTIFIER_VALUES:
        return cast(RestoreUserIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RESTORE_USER_IDENTIFIER_VALUES!r}")
