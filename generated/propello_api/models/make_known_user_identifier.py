from typing import Literal, cast

MakeKnownUserIdentifier = Literal["id", "UID"]

MAKE_KNOWN_USER_IDENTIFIER_VALUES: set[MakeKnownUserIdentifier] = {
    "id",
    "UID",
}


def check_make_known_user_identifier(value: str) -> MakeKnownUserIdentifier:
    if value in MAKE_KNOWN_USER_IDENTIFIER_VALUES:
        return cast(MakeKnownUserIdentifier, value)
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MAKE_KNOWN_USER_IDENTIFIER_VALUES!r}")
