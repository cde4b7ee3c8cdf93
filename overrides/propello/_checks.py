"""What a value must be before anything is built or sent: a duration, text that can be sent, a header.

Headers: httpx encodes header values as ASCII and h11 refuses control characters and leading or trailing blanks,
so anything else would fail only when a request is sent (after the call looked accepted, and with the offending
value quoted in the error). Checking up front turns that into a clear InvalidArgumentError."""

from __future__ import annotations

import math
import re
from typing import TypeGuard

_NAME = re.compile(r"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
"""RFC 9110 token."""
_VALUE = re.compile(r"(?:[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*)?")
"""Visible ASCII, with spaces or tabs only between visible characters (h11's field-value, ASCII only)."""

VALUE_RULE = (
    "printable ASCII only: no CR, LF, NUL or other control characters, no non-ASCII characters, "
    "no leading or trailing blanks"
)
"""Said in errors about a value, which itself is never shown (it may be a credential)."""


def is_header_name(name: object) -> bool:
    return isinstance(name, str) and _NAME.fullmatch(name) is not None


def is_header_value(value: object) -> bool:
    return isinstance(value, str) and _VALUE.fullmatch(value) is not None


def is_positive_seconds(value: object) -> TypeGuard[int | float]:
    """A duration setting: an int or float (a bool is not a number of seconds), finite and above zero."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def encodes_utf8(text: str) -> bool:
    """Whether `text` can be sent as UTF-8 (a lone surrogate cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
