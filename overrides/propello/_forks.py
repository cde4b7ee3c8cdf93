"""Fork safety: what a client shares with the process that built it is replaced in a forked child.

A child of os.fork (gunicorn --preload, Celery prefork, multiprocessing's and concurrent.futures' fork pools)
inherits the parent's sockets, locks held by threads that do not exist in it, and its Redis member id. Objects
that hold such things call `follow(self)`; in the child, os.register_at_fork runs each one's `after_fork()`
before the child's code runs again, so the child starts with its own pool, locks and identity, and keeps the
cached token (still valid). The parent's objects are left alone: the child never closes or shuts down a
connection it inherited (that would cut the parent's), it only stops using it.
"""

from __future__ import annotations

import os
import weakref
from typing import Protocol


class FollowsForks(Protocol):
    def after_fork(self) -> None:
        """Called in a forked child, before its code runs again: replace what the parent's process owns."""


_followed: weakref.WeakSet[FollowsForks] = weakref.WeakSet()


def follow(owner: FollowsForks) -> None:
    """Run `owner.after_fork()` in every child forked while `owner` is alive."""
    _followed.add(owner)


def _in_child() -> None:
    for owner in list(_followed):
        owner.after_fork()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_in_child)
