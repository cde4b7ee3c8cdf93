from typing import Literal, cast

UpdateUserIdentifier = Literal["email", "id", "UID"]

UPDATE_USER_IDENTIFIER_VALUES: set[UpdateUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_update_user_identifier(value: str) -> UpdateUserIdentifier:
    if value in UPDATE_USER_IDENTIFIER_VALUES:
        return cast(UpdateUserIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {UPDATE_USER_IDENTIFIER_VALUES!r}")
