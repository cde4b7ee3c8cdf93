"""Using the Propello client: resources, error handling, bulk create with resume, and a generated function
through `client.api_client`. Checked by `mypy --strict`; it runs only as a script (nothing is sent on import).

    PROPELLO_CLIENT_ID=... PROPELLO_CLIENT_SECRET=... python examples/usage.py
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from propello import AsyncPropello, BulkCreateError, BulkProgress, NotFoundError, Propello, RateLimit
from propello_api.api import get_user_detail


def find_user(client: Propello, email: str) -> get_user_detail.Result | None:
    """A user's record, or None when there is none."""
    try:
        return client.users.get("email", email)
    except NotFoundError:
        return None


def import_users(client: Propello, users: Iterable[Mapping[str, Any]]) -> None:
    """Bulk create, then resend what was not sent if a batch fails: no user is created twice. After Ctrl-C,
    `progress` says which users were accepted and which batch was in flight (look those up before resending)."""
    pending = list(users)
    progress = BulkProgress(on_batch=lambda now: print(f"{now.users_accepted}/{now.total} users accepted"))
    try:
        client.users.create_many(pending, progress=progress)
    except KeyboardInterrupt:
        print(f"interrupted: {progress.users_accepted} accepted, {len(progress.in_flight)} in doubt", file=sys.stderr)
        raise
    except BulkCreateError as error:
        print(f"stopped: {error}", file=sys.stderr)
        if not error.may_have_been_processed:
            client.users.create_many([*error.failed_batch, *error.not_sent])


def generated_function(client: Propello, email: str) -> get_user_detail.Result | None:
    """Any generated operation works through client.api_client, with the same auth, retries and rate limit."""
    response = get_user_detail.sync_detailed("email", email, client=client.api_client)
    return response.parsed if isinstance(response.parsed, get_user_detail.Result) else None


async def list_groups_and_offers() -> None:
    async with AsyncPropello.from_env() as client:
        groups, offers = await asyncio.gather(client.groups.list(), client.offers.list())
        print(groups.status, offers.status)


def main() -> None:
    with Propello.from_env(rate_limit=RateLimit(calls=120, period=60.0), max_retries=3) as client:
        user = find_user(client, "jane@example.com")
        if user is None:
            user = client.users.create({"email": "jane@example.com", "first_name": "Jane"})
        print("user:", user.data)
        print("via api_client:", generated_function(client, "jane@example.com"))
        import_users(client, [{"email": f"user{i}@example.com", "first_name": f"User {i}"} for i in range(250)])
        print("login link:", client.with_options(timeout=10.0).users.login_url("email", "jane@example.com").data)
    asyncio.run(list_groups_and_offers())


if __name__ == "__main__":
    main()
