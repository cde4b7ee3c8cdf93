from typing import Literal, cast

MakeKnownUserIdentifier = Literal["id", "UID"]

MAKE_KNOWN_USER_IDENTIFIER_VALUES: set[MakeKnownUserIdentifier] = {
    "id",
    "UID",
}


def check_make_known_user_identifier(value: str) -> MakeKnownUserIdentifier:
    """Return value typed as MakeKnownUserIdentifier.

    A value not in MAKE_KNOWN_USER_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(MakeKnownUserIdentifier, value)
