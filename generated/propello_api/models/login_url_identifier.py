from typing import Literal, cast

LoginUrlIdentifier = Literal["email", "id", "UID"]

LOGIN_URL_IDENTIFIER_VALUES: set[LoginUrlIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_login_url_identifier(value: str) -> LoginUrlIdentifier:
    if value in LOGIN_URL_IDENTIFIER_VALUES:
        return cast(LoginUrlIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOGIN_URL_IDENTIFIER_VALUES!r}")
