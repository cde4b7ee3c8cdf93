"""Where access tokens live between requests (and, with FileTokenStore, between processes: tokens last a year)."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ._errors import InvalidArgumentError


@dataclass(frozen=True)
class StoredToken:
    access_token: str = field(repr=False)
    expires_at: float | None
    """Wall-clock time after which the token is not used any more (a safety margin before its real expiry is
    already taken off); None when unknown, e.g. for a pre-issued token: then only a 401 retires it."""

    def __repr__(self) -> str:
        return f"StoredToken(access_token='***', expires_at={self.expires_at!r})"


class TokenStore(Protocol):
    """Keeps one access token. Implementations must be safe to call from several threads."""

    def get(self) -> StoredToken | None: ...

    def set(self, token: StoredToken) -> None: ...

    def clear(self) -> None: ...


class MemoryTokenStore:
    """The default: the token lives as long as the client (and its with_options copies)."""

    def __init__(self) -> None:
        self._token: StoredToken | None = None

    def get(self) -> StoredToken | None:
        return self._token

    def set(self, token: StoredToken) -> None:
        self._token = token

    def clear(self) -> None:
        self._token = None

    def __repr__(self) -> str:
        return f"MemoryTokenStore(holds_token={self._token is not None})"


class FileTokenStore:
    """Keeps the token in a JSON file readable only by its owner (mode 0600), replaced atomically, so processes
    reuse a token instead of fetching one each. Use one file per client_id, base URL and scope."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = Path(path)
        if not self._path.parent.is_dir():
            raise InvalidArgumentError(f"FileTokenStore: directory {str(self._path.parent)!r} does not exist")
        self._lock = threading.Lock()
        self._cached: StoredToken | None = None
        self._loaded = False

    def get(self) -> StoredToken | None:
        with self._lock:
            if not self._loaded:
                self._cached, self._loaded = self._read(), True
            return self._cached

    def set(self, token: StoredToken) -> None:
        with self._lock:
            payload = json.dumps({"access_token": token.access_token, "expires_at": token.expires_at})
            temporary = self._path.with_name(f".{self._path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.unlink(missing_ok=True)  # a leftover could have looser permissions; O_EXCL makes ours new
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                    file.write(payload)
                os.replace(temporary, self._path)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            self._cached, self._loaded = token, True

    def clear(self) -> None:
        with self._lock:
            self._path.unlink(missing_ok=True)
            self._cached, self._loaded = None, True

    def _read(self) -> StoredToken | None:
        """The stored token, or None when the file is missing or unreadable (a fresh token replaces it)."""
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            token, expires_at = data["access_token"], data["expires_at"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(token, str) or not token or not isinstance(expires_at, int | float | None):
            return None
        return StoredToken(token, None if expires_at is None else float(expires_at))

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self._path)!r})"
