"""Resources follow the client's life: a client dropped without close() gives back what the garbage collector
would not (the Redis report thread and connections) when it is collected, with a ResourceWarning naming it, as an
unclosed file, socket or asyncio event loop does.

The finalizer watches the transport stack below retries, not the client: every with_options() copy, resource
(`client.users`) and api_client sends through it, so `Propello(...).users.list()` or a copy still in use keeps it
open after the client object itself is gone. close() detaches it: a closed client is quiet. What it releases holds
no reference to that stack, or it could never be collected.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Callable

Release = Callable[[], None] | None
"""What closes a dropped client's resources; None when the collector frees everything itself."""


def on_drop(stack: object, name: str, release: Release) -> weakref.finalize[[str, Release], object]:
    """When `stack` (the transport stack a client and all it made send through) is garbage-collected first: a
    ResourceWarning naming the client (`name`, its repr, which shows no secret), then `release()` (closing the
    Redis link: its report thread would keep it alive for good). Not run at interpreter exit, where a client that
    lives as long as the program is no leak."""
    finalizer = weakref.finalize(stack, _dropped, name, release)
    finalizer.atexit = False
    return finalizer


def _dropped(name: str, release: Release) -> None:
    warnings.warn(f"unclosed client {name}: call close() or use it in a with block", ResourceWarning, stacklevel=2)
    if release is not None:
        release()
