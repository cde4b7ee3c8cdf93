"""Where access tokens live between requests (and, with FileTokenStore, between processes: tokens last a year).

A store that processes share also offers a lock (`locked()`, or `alocked()` for asyncio): the client fetches a
token under it, after loading what another process may have stored meanwhile, so a fleet makes one token request.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from .._errors import InvalidArgumentError, TokenStoreError
from .._forks import follow

if sys.platform != "win32":  # FileTokenStore's cross-process lock is POSIX only; importing the package is not
    import fcntl

LOCK_POLL = 0.02
"""Seconds between tries for an asyncio task waiting for the file lock (a blocking flock would stall its loop)."""


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


@runtime_checkable
class SharedTokenStore(TokenStore, Protocol):
    """A store several processes share, for threads: `with store.locked():` holds the other processes' fetches
    off and loads what they stored."""

    def locked(self) -> AbstractContextManager[None]: ...


@runtime_checkable
class AsyncSharedTokenStore(TokenStore, Protocol):
    """The same for asyncio tasks: `async with store.alocked():`."""

    def alocked(self) -> AbstractAsyncContextManager[None]: ...


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
    """Keeps the token in a JSON file readable only by its owner (mode 0600), replaced atomically, so processes on
    one host reuse one token: the first that needs one fetches it holding an exclusive lock on `.<name>.lock`
    beside the file (fcntl.flock), and the others wait for it, then read it.

    It refuses, with TokenStoreError, a token file or lock file it did not write: owned by another user, not a
    regular file, or readable or writable by group or others. Errors of the operating system (an unwritable
    directory, a vanished path) become TokenStoreError too. Use one file per client_id, base URL and scope."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """`path`: the token file; its directory must exist (the file is created when a token is first fetched)."""
        self._path = Path(path)
        if not self._path.parent.is_dir():
            raise InvalidArgumentError(f"FileTokenStore: directory {str(self._path.parent)!r} does not exist")
        self._lock_path = self._path.with_name(f".{self._path.name}.lock")
        self._lock = threading.Lock()
        self._cached: StoredToken | None = None
        self._loaded = False
        follow(self)

    def after_fork(self) -> None:
        """A forked child keeps the cached token, with a new lock."""
        self._lock = threading.Lock()

    def get(self) -> StoredToken | None:
        """The token read from the file the first time (TokenStoreError if it is not ours), then kept here."""
        with self._lock:
            if not self._loaded:
                self._cached, self._loaded = self._read(), True
            return self._cached

    def set(self, token: StoredToken) -> None:
        """Write `token` to a new 0600 file that replaces the old one in one step (readers never see half)."""
        with self._lock:
            payload = json.dumps({"access_token": token.access_token, "expires_at": token.expires_at})
            temporary = self._path.with_name(f".{self._path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            with _os_errors("write the token file", self._path):
                temporary.unlink(missing_ok=True)  # a leftover could have looser permissions; O_EXCL makes ours new
                descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                try:
                    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                        file.write(payload)
                    os.replace(temporary, self._path)
                except BaseException:
                    temporary.unlink(missing_ok=True)
                    raise
            self._cached, self._loaded = token, True

    def clear(self) -> None:
        """Forget the token, and delete the file if it still holds that token (another process may already have
        stored a newer one)."""
        with self._lock:
            known, self._cached, self._loaded = self._cached, None, True
            if known is not None and self._read() == known:
                with _os_errors("delete the token file", self._path):
                    self._path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock file (blocking), reloading the token that another process may have written."""
        descriptor = self._open_lock_file()
        try:
            with _os_errors("lock", self._lock_path):
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            self._reload()
            yield
        finally:
            os.close(descriptor)  # closing releases the lock

    @contextlib.asynccontextmanager
    async def alocked(self) -> AsyncIterator[None]:
        """As locked(), trying without blocking every LOCK_POLL seconds so the event loop keeps running."""
        descriptor = self._open_lock_file()
        try:
            import asyncio  # here, not at the top: a sync client never needs it

            while not _try_flock(descriptor, self._lock_path):
                await asyncio.sleep(LOCK_POLL)
            self._reload()
            yield
        finally:
            os.close(descriptor)

    def _reload(self) -> None:
        with self._lock:
            self._cached, self._loaded = self._read(), True

    def _open_lock_file(self) -> int:
        with _os_errors("open the lock file", self._lock_path):
            descriptor = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            _check_private(os.fstat(descriptor), self._lock_path)
        except BaseException:
            os.close(descriptor)
            raise
        return descriptor

    def _read(self) -> StoredToken | None:
        """The stored token; None when there is no file or it does not hold a token (a fresh one replaces it)."""
        try:
            descriptor = os.open(self._path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise _store_error("read the token file", self._path, error) from None
        try:
            _check_private(os.fstat(descriptor), self._path)
        except BaseException:
            os.close(descriptor)
            raise
        with os.fdopen(descriptor, "rb") as file:
            try:
                data = json.loads(file.read())
                token, expires_at = data["access_token"], data["expires_at"]
            except (OSError, ValueError, KeyError, TypeError):
                return None
        if not isinstance(token, str) or not token or not isinstance(expires_at, int | float | None):
            return None
        return StoredToken(token, None if expires_at is None else float(expires_at))

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self._path)!r})"


def _check_private(status: os.stat_result, path: Path) -> None:
    """A file we wrote: a regular file owned by this user that group and others can neither read nor write."""
    if not stat.S_ISREG(status.st_mode):
        raise TokenStoreError(f"{str(path)!r} is not a regular file; FileTokenStore will not use it")
    if status.st_uid != os.getuid():
        raise TokenStoreError(
            f"{str(path)!r} belongs to another user (uid {status.st_uid}); FileTokenStore will not use it: "
            "point it at a file of your own"
        )
    if status.st_mode & 0o066:
        raise TokenStoreError(
            f"{str(path)!r} is readable or writable by group or others (mode {stat.S_IMODE(status.st_mode):04o}); "
            "FileTokenStore writes mode 0600 and will not use it: delete it to let the client write a new one"
        )


def _try_flock(descriptor: int, path: Path) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return False
        raise _store_error("lock", path, error) from None
    return True


@contextlib.contextmanager
def _os_errors(action: str, path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise _store_error(action, path, error) from None


def _store_error(action: str, path: Path, error: OSError) -> TokenStoreError:
    return TokenStoreError(f"FileTokenStore could not {action} {str(path)!r}: {error.strerror or type(error).__name__}")
