from typing import Literal, cast

DeleteUserIdentifier = Literal["email", "id", "UID"]

DELETE_USER_IDENTIFIER_VALUES: set[DeleteUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_delete_user_identifier(value: str) -> DeleteUserIdentifier:
    if value in DELETE_USER_IDENTIFIER_VALUES:
        return cast(DeleteUserIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DELETE_USER_IDENTIFIER_VALUES!r}")
