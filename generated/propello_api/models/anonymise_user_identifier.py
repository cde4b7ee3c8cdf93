from typing import Literal, cast

AnonymiseUserIdentifier = Literal["email", "id", "UID"]

ANONYMISE_USER_IDENTIFIER_VALUES: set[AnonymiseUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_anonymise_user_identifier(value: str) -> AnonymiseUserIdentifier:
    if value in ANONYMISE_USER_IDENTIFIER_VALUES:
        return cast(AnonymiseUserIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ANONYMISE_USER_IDENTIFIER_VALUES!r}")
