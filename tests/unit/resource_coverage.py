"""Which spec operations the client does not cover yet: what a version bump must add, by name."""

from __future__ import annotations

from pathlib import Path

import yaml
from propello import AsyncPropello, Propello
from propello._operations import OPERATIONS

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def spec_operations(spec: Path) -> dict[str, tuple[str, str]]:
    """operationId -> (METHOD, path template), read from a spec file."""
    paths = yaml.safe_load(spec.read_text(encoding="utf-8"))["paths"]
    return {
        operation["operationId"]: (method.upper(), path)
        for path, item in paths.items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def uncovered(spec: Path) -> list[str]:
    """One line per spec operation with no entry in propello/_operations.py or no resource method behind it."""
    table = {op.id: op for op in OPERATIONS}
    problems = [
        f"{op_id} ({method} {path}): no entry in propello/_operations.py and no resource method"
        for op_id, (method, path) in sorted(spec_operations(spec).items())
        if op_id not in table
    ]
    clients = (Propello(access_token="t"), AsyncPropello(access_token="t"))
    for op in OPERATIONS:
        if op.sdk_method is None:
            continue
        resource, method = op.sdk_method.split(".")
        problems += [
            f"{op.id}: {type(client).__name__}.{op.sdk_method} is missing"
            for client in clients
            if not callable(getattr(getattr(client, resource, None), method, None))
        ]
    return problems
