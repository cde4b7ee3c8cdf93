"""What the contract tests read from the spec, and a transport that records every exchange a client makes."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from propello import AsyncPropello, Propello
from spec_schema import Spec

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class SpecOperation:
    id: str
    method: str
    path: str
    """Path template as the spec writes it, e.g. /v3/offers/{id}."""

    def __str__(self) -> str:
        return f"{self.id} ({self.method} {self.path})"

    def matches(self, method: str, path: str) -> bool:
        """Whether a request is this operation; a base URL may put a prefix before the template (/_mock/openapi)."""
        template = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(self.path))
        return method == self.method and re.fullmatch(f"(/.*)?{template}", path) is not None


def spec_operations() -> list[SpecOperation]:
    """Every (method, path, operationId) in the spec, in the spec's order."""
    return [
        SpecOperation(operation["operationId"], method.upper(), path)
        for path, item in spec()["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def _resolved(node: Any) -> Any:
    """Follow a local $ref chain, as the change report does (scripts/spec_schema.py)."""
    return Spec(spec(), "snapshot").resolve(node)[0]


def json_schema(operation: SpecOperation) -> dict[str, Any]:
    """The JSON request body schema of an operation, found by path and method (never by a schema's name)."""
    body = _resolved(spec()["paths"][operation.path][operation.method.lower()].get("requestBody") or {})
    media = (body.get("content") or {}).get("application/json") or {}
    return _resolved(media.get("schema") or {})


def example_credentials() -> tuple[int, str]:
    """client_id and client_secret from the spec's example token request (the mock accepts any)."""
    token = next(op for op in spec_operations() if (op.method, op.path) == ("POST", "/v3/oauth/token"))
    properties = json_schema(token).get("properties", {})
    examples = {name: _resolved(prop).get("example") for name, prop in properties.items()}
    client_id, secret = examples.get("client_id"), examples.get("client_secret")
    return int(client_id) if client_id is not None else 1, str(secret) if secret is not None else "example-secret"


def example_value(schema: Any, fallback: object) -> object:
    """A value the spec offers for a schema (example, enum, default), else `fallback`."""
    schema = _resolved(schema) or {}
    for key in ("example", "default"):
        if key in schema:
            return schema[key]
    return schema["enum"][0] if schema.get("enum") else fallback


def example_arguments(operation: SpecOperation) -> tuple[list[object], object]:
    """Path values and a JSON body for calling an operation the tests know nothing about: from the spec's own
    examples, enums and defaults; the body's required properties get theirs, others are left out."""
    item = spec()["paths"][operation.path]
    declared = item[operation.method.lower()]
    parameters = [_resolved(p) for p in [*item.get("parameters", []), *declared.get("parameters", [])]]
    path = [p["example"] if "example" in p else example_value(p.get("schema"), "1") for p in parameters]
    path = [value for value, p in zip(path, parameters, strict=True) if p.get("in") == "path"]
    schema = json_schema(operation)
    content = _resolved(declared.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json") or {}
    if "example" in media:
        return path, media["example"]
    properties = schema.get("properties") or {}
    body = {name: example_value(properties.get(name), "x") for name in schema.get("required", [])}
    return path, body


@dataclass(frozen=True)
class Exchange:
    request: httpx.Request
    status: int
    headers: httpx.Headers
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def violations(self, location: str) -> list[dict[str, Any]]:
        """What Prism found wrong in the request or response (its sl-violations header), e.g. location="request"."""
        found: list[dict[str, Any]] = json.loads(self.headers.get("sl-violations", "[]"))
        return [v for v in found if v.get("location", [None])[0] == location]


@dataclass
class RecordingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A real HTTP transport (sync and async) that keeps every request and response it carried, read in full.
    Pass it to the httpx client given to Propello(http_client=...): it sits under our retries and auth."""

    exchanges: list[Exchange] = field(default_factory=list)
    _sync: httpx.HTTPTransport = field(default_factory=httpx.HTTPTransport)
    _async: httpx.AsyncHTTPTransport = field(default_factory=httpx.AsyncHTTPTransport)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._sync.handle_request(request)
        response.read()
        return self._keep(request, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._async.handle_async_request(request)
        await response.aread()
        return self._keep(request, response)

    def _keep(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Record the exchange; hand on a copy with the (decoded) body, as the original stream is used up."""
        self.exchanges.append(Exchange(request, response.status_code, response.headers, response.content))
        framing = ("content-encoding", "content-length", "transfer-encoding")
        headers = [(name, value) for name, value in response.headers.multi_items() if name.lower() not in framing]
        return httpx.Response(response.status_code, headers=headers, content=response.content)

    def of(self, operation: SpecOperation) -> list[Exchange]:
        return [e for e in self.exchanges if operation.matches(e.request.method, e.request.url.path)]

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.aclose()


@dataclass
class Connect:
    """Runs `call(client)` on a new Propello (mode "sync") or AsyncPropello (mode "async", `call` returns an
    awaitable) configured for the mock, and keeps every exchange in `recorder`. `options` override the defaults."""

    mode: str
    options: dict[str, Any]
    recorder: RecordingTransport

    def __call__(self, call: Callable[[Any], Any], **options: Any) -> Any:
        merged = {**self.options, **options}
        if self.mode == "sync":
            with httpx.Client(transport=self.recorder) as http, Propello(http_client=http, **merged) as client:
                return call(client)

        async def run() -> Any:
            async with (
                httpx.AsyncClient(transport=self.recorder) as http,
                AsyncPropello(http_client=http, **merged) as client,
            ):
                return await call(client)

        return asyncio.run(run())
