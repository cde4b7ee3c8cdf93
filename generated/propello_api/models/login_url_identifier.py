from typing import Literal, cast

LoginUrlIdentifier = Literal["email", "id", "UID"]

LOGIN_URL_IDENTIFIER_VALUES: set[LoginUrlIdentifier] = {
    "email",
    "id",
    "UID",
}


def check_login_url_identifier(value: str) -> LoginUrlIdentifier:
    """Return value typed as LoginUrlIdentifier.

    A value not in LOGIN_URL_IDENTIFIER_VALUES is kept, not rejected: a newer API may add enum values,
    and responses carrying one must still parse.
    """
    return cast(LoginUrlIdentifier, value)
