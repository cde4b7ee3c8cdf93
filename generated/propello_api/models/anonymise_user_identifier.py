from typing import Literal, cast

AnonymiseUserIdentifier = Literal["email", "id", "UID"]

ANONYMISE_USER_IDENTIFIER_VALUES: set[AnonymiseUserIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_anonymise_user_identifier(value: str) -> AnonymiseUserIdentifier:
    """Return value typed as AnonymiseUserIdentifier.

    A value not in ANONYMISE_USER_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(AnonymiseUserIdentifier, value)
