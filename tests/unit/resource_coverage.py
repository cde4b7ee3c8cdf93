"""Which spec operations the clients do not offer as a method: what a regeneration must add, by name. It reads
whatever spec openapi/openapi.yaml (or the one named) holds, with the overlay applied, as `make generate` does."""

from __future__ import annotations

from pathlib import Path

from generate import effective_spec
from propello import AsyncPropello, Propello
from propello_api.api import OPERATIONS
from resource_names import resource_methods

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "openapi" / "overlay.yaml"


def uncovered(spec: Path) -> list[str]:
    """One line per spec operation that has no generated metadata, or no method on Propello or AsyncPropello."""
    effective = effective_spec(spec, OVERLAY)
    generated = {f"{op.method} {op.path}" for op in OPERATIONS}
    problems: list[str] = []
    clients = (Propello(access_token="t"), AsyncPropello(access_token="t"))
    for where, resource, method in resource_methods(effective):
        if where not in generated:
            problems.append(f"{where}: not in propello_api (run `make generate`)")
        problems += [
            f"{where}: {type(client).__name__}.{resource}.{method} is missing"
            for client in clients
            if not callable(getattr(getattr(client, resource, None), method, None))
        ]
    return problems
