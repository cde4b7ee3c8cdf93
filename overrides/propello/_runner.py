"""How a generated resource method is sent: the runner a client gives its resources (propello_api.types'
SyncRunner and AsyncRunner protocols). It checks the arguments against the operation's metadata, so bad input
fails before anything is sent, binds the client's generated `Client`, and returns the parsed 2xx body."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from propello_api import Client
from propello_api.types import OperationModule, Response

from . import _inputs as check
from ._errors import APIResponseValidationError, PropelloError

T = TypeVar("T")


def _arguments(module: OperationModule, path: tuple[Any, ...], arguments: dict[str, Any]) -> list[str]:
    """Check path values and body in place; the path values come back as path segments."""
    operation = module.OPERATION
    segments = [
        check.path_value(parameter, value) for parameter, value in zip(operation.path_parameters, path, strict=True)
    ]
    if "body" in arguments:
        arguments["body"] = check.body(operation, arguments["body"])
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
    """A 2xx body the generated parser chokes on (HTML, truncated JSON, odd status) is the API's fault."""
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
        segments = _arguments(operation, path, arguments)
        with _unparsable_as_error():
            response = operation.sync_detailed(*segments, client=self._client, **arguments)
        return _result(response, expected)


class AsyncRunner:
    """The asyncio twin of SyncRunner, for AsyncPropello."""

    def __init__(self, client: Client) -> None:
        self._client = client

    async def run(self, operation: OperationModule, expected: type[T], /, *path: Any, **arguments: Any) -> T:
        segments = _arguments(operation, path, arguments)
        with _unparsable_as_error():
            response = await operation.asyncio_detailed(*segments, client=self._client, **arguments)
        return _result(response, expected)
