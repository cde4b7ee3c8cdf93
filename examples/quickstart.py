"""Quickstart: see the client work against the mock server, no account needed.

    make mock                        # terminal 1: Prism serves the spec's examples on http://127.0.0.1:4010
    python examples/quickstart.py    # terminal 2   (or just `make demo`, which does both)

Settings (environment):
    PROPELLO_BASE_URL       default http://127.0.0.1:4010, the local mock; the hosted one is
                            https://propello-cloud.redocly.app/_mock/openapi
    PROPELLO_CLIENT_ID      default 1, and PROPELLO_CLIENT_SECRET default the secret in the spec's example token
                            request: the mock accepts any credentials. For the real API set yours, and point
                            PROPELLO_BASE_URL at https://api.yourperx.com.

A mock answers every call with the spec's example, so the users you send do not come back in the answers.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone

from propello import BulkProgress, MemoryTokenStore, Propello, PropelloError

MOCK_URL = "http://127.0.0.1:4010"
EXAMPLE_CLIENT_ID = "1"
EXAMPLE_CLIENT_SECRET = "VFCcW5gYwy4RDn9hhK16DoPK6nrqvNkIPoeeyMnG"
"""From the spec's example token request (openapi/openapi.yaml, OAuthBody): fine for a mock, nowhere else."""
BULK_USERS = 250
BATCH_SIZE = 100
BAR_WIDTH = 20


def step(name: str, what: str) -> None:
    print(f"  {name:<8} {what}")


def progress_bar(done: int, total: int | None) -> None:
    """Redraws one line in place: [########------------] 100/250 users."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    print(f"\r  {'bulk':<8} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} users", end="", flush=True)


def new_users(count: int) -> list[dict[str, str]]:
    return [
        {"email": f"user{n:03d}@example.com", "first_name": "Demo", "last_name": f"User {n:03d}"}
        for n in range(1, count + 1)
    ]


def run(client: Propello, tokens: MemoryTokenStore) -> None:
    jane = {"email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe"}
    created = client.users.create(jane)
    token = tokens.get()
    if token is not None and token.expires_at is not None:
        until = datetime.fromtimestamp(token.expires_at, timezone.utc).strftime("%Y-%m-%d")
        step("token", f"fetched from /v3/oauth/token on the first call, reused until {until}")
    step("create", f"{jane['email']}: status {created.status}")

    found = client.users.get("email", jane["email"])
    step("get", f"by email {jane['email']}: status {found.status}")

    groups = client.groups.list().data or []
    names = ", ".join(f"{group.display_name} ({group.name})" for group in groups)
    step("groups", f"{len(groups)} group{'' if len(groups) == 1 else 's'}: {names}")

    users = new_users(BULK_USERS)
    progress_bar(0, len(users))
    progress = BulkProgress(on_batch=lambda now: progress_bar(now.users_accepted, now.total))
    batches = client.users.create_many(users, batch_size=BATCH_SIZE, progress=progress)
    print()
    step("bulk", f"{len(users)} users created in {len(batches)} batches of at most {BATCH_SIZE}")


def settings() -> dict[str, str]:
    """The environment, with the mock and the example credentials for whatever it leaves unset."""
    defaults = {
        "PROPELLO_BASE_URL": MOCK_URL,
        "PROPELLO_CLIENT_ID": EXAMPLE_CLIENT_ID,
        "PROPELLO_CLIENT_SECRET": EXAMPLE_CLIENT_SECRET,
    }
    return {**defaults, **{name: value for name, value in os.environ.items() if value.strip()}}


def main() -> int:
    env = settings()
    example = ", the spec's example credentials" if env["PROPELLO_CLIENT_SECRET"] == EXAMPLE_CLIENT_SECRET else ""
    print(f"Propello quickstart against {env['PROPELLO_BASE_URL']} (client_id {env['PROPELLO_CLIENT_ID']}{example})")
    tokens = MemoryTokenStore()
    try:
        with Propello.from_env(env, token_store=tokens) as client:
            run(client, tokens)
    except PropelloError as error:
        print(f"\nquickstart failed: {error}", file=sys.stderr)
        if env["PROPELLO_BASE_URL"] == MOCK_URL:
            print("Is the mock running? Start it with `make mock`, or run `make demo`.", file=sys.stderr)
        return 1
    print("Done: one token, fetched once, authorised every call.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
