from typing import Literal, cast

GetUserDetailIdentifier = Literal["email", "id", "UID"]

GET_USER_DETAIL_IDENTIFIER_VALUES: set[GetUserDetailIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_get_user_detail_identifier(value: str) -> GetUserDetailIdentifier:
    if value in GET_USER_DETAIL_IDENTIFIER_VALUES:
        return cast(GetUserDetailIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_USER_DETAIL_IDENTIFIER_VALUES!r}")
