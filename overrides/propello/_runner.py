"""How a generated resource method is sent: the runner a client gives its resources (propello_api.types'
SyncRunner and AsyncRunner protocols). It checks the arguments against the operation's metadata, so bad input
fails before anything is sent, sends through the client's generated `Client`, and returns the parsed 2xx body.

It takes the generated module's two steps itself (build the request, parse the response), as the module's
sync_detailed does, so only what fails after a response arrived is called an unparsable response: an error
before sending (a request hook of yours, say) comes out as itself, not as a response the server processed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from propello_api.types import OperationModule, Response

from . import _inputs as check
from ._errors import APIResponseValidationError, PropelloError

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


class SyncRunner:
    """Sends Propello's resource calls through `client` (the generated Client wired to our httpx client)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        request = operation._get_kwargs(*_arguments(operation, path, arguments), **arguments)
        response = self._client.get_httpx_client().request(**request)
        with _unparsable_as_error():
            parsed = operation._build_response(client=self._client, response=response)
        return _result(parsed, expected)


class AsyncRunner:
    """The asyncio twin of SyncRunner, for AsyncPropello."""

    def __init__(self, client: Client) -> None:
        self._client = client

    async def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        request = operation._get_kwargs(*_arguments(operation, path, arguments), **arguments)
        response = await self._client.get_async_httpx_client().request(**request)
        with _unparsable_as_error():
            parsed = operation._build_response(client=self._client, response=response)
        return _result(parsed, expected)
