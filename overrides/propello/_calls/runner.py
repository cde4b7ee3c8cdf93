"""How a generated resource method is sent: the runner a client gives its resources (propello_api.types'
SyncRunner and AsyncRunner protocols). It checks the arguments against the operation's metadata, so bad input
fails before anything is sent, sends through the client's generated `Client`, and returns the parsed 2xx body
(`run`), or that body in a RawResponse with the answer's status, headers and request id and the retry layer's
CallFacts (`run_raw`, behind every resource's `with_raw_response`).

It takes the generated module's two public steps itself (build_request, then parse_response), as the module's
sync_detailed does, so only what fails after a response arrived is called an unparsable response: an error
before sending (a request hook of yours, say) comes out as itself, not as a response the server processed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import httpx
from propello_api.types import OperationModule, RawResponse, Response

from .._errors import APIResponseValidationError, PropelloError, request_id_of
from .._observe import facts_of
from . import inputs as check

if TYPE_CHECKING:
    from propello_api import Client

T = TypeVar("T")


def _arguments(module: OperationModule, path: tuple[Any, ...], arguments: dict[str, Any]) -> list[str]:
    """Check path values and body in place, set the body fields the method's options name (activation_email),
    and check the spec's limits; the path values come back as path segments."""
    operation = module.OPERATION
    segments = [
        check.path_value(parameter, value) for parameter, value in zip(operation.path_parameters, path, strict=True)
    ]
    for option in operation.options:
        arguments["body"] = check.option(operation, option, arguments.pop(option.name), arguments.get("body"))
    if "body" in arguments:
        arguments["body"] = check.body(operation, arguments["body"])
    if operation.constraints:
        names = {parameter.name: value for parameter, value in zip(operation.path_parameters, segments, strict=True)}
        check.constraints(operation, names, arguments)
    return segments


def _result(response: Response[Any], expected: type[T]) -> T:
    parsed = response.parsed
    if not isinstance(parsed, expected):
        raise APIResponseValidationError(
            f"expected a {expected.__name__} from a {int(response.status_code)} response, got {type(parsed).__name__}"
        )
    return parsed


@contextmanager
def _unparsable_as_error() -> Iterator[None]:
    """A 2xx body the generated parser chokes on (HTML, truncated JSON, odd status) is the API's fault: the
    request was processed. Wraps only the parsing of a response that arrived."""
    try:
        yield
    except PropelloError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise APIResponseValidationError(
            f"could not parse the response ({type(exc).__name__}); the request was processed"
        ) from exc


@runtime_checkable
class Spanning(Protocol):
    """A runner that traces its calls (_tracing/otel.py's, with tracing on) and can open a span over several."""

    def operation(self, name: str) -> AbstractContextManager[object]: ...


def operation_span(runner: object, name: str) -> AbstractContextManager[object]:
    """The span `name` over the calls a helper makes (users.create_many) when `runner` traces; nothing otherwise."""
    return runner.operation(name) if isinstance(runner, Spanning) else nullcontext()


def _raw(response: httpx.Response, parsed: T) -> RawResponse[T]:
    facts = facts_of(response)
    return RawResponse(
        parsed,
        status_code=response.status_code,
        headers=response.headers,
        request_id=request_id_of(response.headers),
        retries_taken=facts.retries_taken,
        rate_limit_wait=facts.rate_limit_wait,
    )


class SyncRunner:
    """Sends Propello's resource calls through `client` (the generated Client wired to our httpx client)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        return self._send(operation, expected, path, arguments)[1]

    def run_raw(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> RawResponse[T]:
        return _raw(*self._send(operation, expected, path, arguments))

    def _send(
        self, operation: OperationModule, expected: type[T], path: tuple[Any, ...], arguments: dict[str, Any]
    ) -> tuple[httpx.Response, T]:
        request = operation.build_request(*_arguments(operation, path, arguments), **arguments)
        response = self._client.get_httpx_client().request(**request)
        with _unparsable_as_error():
            parsed = operation.parse_response(client=self._client, response=response)
        return response, _result(parsed, expected)


class AsyncRunner:
    """The asyncio twin of SyncRunner, for AsyncPropello."""

    def __init__(self, client: Client) -> None:
        self._client = client

    async def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        return (await self._send(operation, expected, path, arguments))[1]

    async def run_raw(
        self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any
    ) -> RawResponse[T]:
        return _raw(*await self._send(operation, expected, path, arguments))

    async def _send(
        self, operation: OperationModule, expected: type[T], path: tuple[Any, ...], arguments: dict[str, Any]
    ) -> tuple[httpx.Response, T]:
        request = operation.build_request(*_arguments(operation, path, arguments), **arguments)
        response = await self._client.get_async_httpx_client().request(**request)
        with _unparsable_as_error():
            parsed = operation.parse_response(client=self._client, response=response)
        return response, _result(parsed, expected)
