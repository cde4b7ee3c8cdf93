"""create_many: batches of at most 100 in order, each user once, progress reports, and resume data on failure."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from propello import (
    APIConnectionError,
    AsyncPropello,
    BulkCreateError,
    BulkProgress,
    InternalServerError,
    InvalidArgumentError,
    Propello,
    UnprocessableEntityError,
)
from propello_api.api import bulk_create_user, create_user
from pytest_httpserver import HTTPServer
from unit_helpers import json_response, requests_to, run
from werkzeug import Request, Response

BULK_PATH = "/v3/user/create/bulk"


def users(count: int) -> list[dict[str, str]]:
    return [{"email": f"user{i}@example.com", "first_name": f"User{i}"} for i in range(count)]


def serve_bulk(server: HTTPServer, failures: dict[int, Response] | None = None) -> None:
    """The bulk endpoint: echoes how many users it got; call number n (1-based) answers failures[n] if given."""
    calls: list[None] = []

    def answer(request: Request) -> Response:
        calls.append(None)
        if failures and len(calls) in failures:
            return failures[len(calls)]
        return json_response({"status": 200, "data": {"created": len(json.loads(request.get_data())["data"])}})

    server.expect_request(BULK_PATH, method="POST").respond_with_handler(answer)


def recording(seen: list[tuple[int, int | None]]) -> BulkProgress:
    """A BulkProgress whose on_batch records (users_accepted, total) after each accepted batch."""
    return BulkProgress(on_batch=lambda progress: seen.append((progress.users_accepted, progress.total)))


def sent_batches(server: HTTPServer) -> list[list[str]]:
    return [[u["email"] for u in json.loads(r.get_data())["data"]] for r in requests_to(server, BULK_PATH)]


@pytest.fixture
def client(make_client: Callable[..., Propello]) -> Propello:
    return make_client(client_id=None, client_secret=None, access_token="t")


def test_250_users_go_in_three_ordered_batches(httpserver: HTTPServer, client: Propello) -> None:
    serve_bulk(httpserver)
    progress: list[tuple[int, int | None]] = []
    given = users(250)
    results = client.users.create_many(given, progress=recording(progress))
    assert [len(batch) for batch in sent_batches(httpserver)] == [100, 100, 50]
    assert [email for batch in sent_batches(httpserver) for email in batch] == [u["email"] for u in given]
    assert progress == [(100, 250), (200, 250), (250, 250)]
    assert len(results) == 3 and all(isinstance(r.response, bulk_create_user.Result) for r in results)
    assert json.loads(requests_to(httpserver, BULK_PATH)[0].get_data())["send_activation_email"] is False


def test_generators_models_and_the_activation_flag(httpserver: HTTPServer, client: Propello) -> None:
    serve_bulk(httpserver)

    def generate() -> Iterator[Any]:
        yield create_user.OPERATION.body_type(email="model@example.com")
        yield from users(4)

    client.users.create_many(generate(), batch_size=2, activation_email="send")
    assert [len(batch) for batch in sent_batches(httpserver)] == [2, 2, 1]
    bodies = [json.loads(r.get_data()) for r in requests_to(httpserver, BULK_PATH)]
    assert all(body["send_activation_email"] is True for body in bodies)
    assert bodies[0]["data"][0] == {"email": "model@example.com"}


def test_no_users_sends_nothing(httpserver: HTTPServer, client: Propello) -> None:
    assert client.users.create_many([]) == []
    assert httpserver.log == []


@pytest.mark.parametrize(
    ("failure", "kind", "maybe_processed"),
    [
        (
            json_response({"message": "Invalid.", "errors": {"data.3.email": ["taken"]}}, 422),
            UnprocessableEntityError,
            False,
        ),
        (json_response({"message": "Oops."}, 500), InternalServerError, 1),
    ],
)
def test_failing_middle_batch_says_how_to_resume(
    httpserver: HTTPServer, client: Propello, failure: Response, kind: type, maybe_processed: int
) -> None:
    serve_bulk(httpserver, {2: failure})
    given = users(250)
    progress = BulkProgress()
    with pytest.raises(BulkCreateError) as caught:
        client.users.create_many(given, progress=progress)
    error = caught.value
    assert (progress.batches_sent, progress.batches_accepted, progress.users_accepted) == (2, 1, 100)
    assert (progress.in_flight, progress.in_flight_start) == (given[100:200], 100)
    assert error.accepted_count == 100
    assert error.failed_batch == given[100:200]
    assert error.not_sent_count == 50
    not_sent = list(error.not_sent)
    assert not_sent == given[200:]
    assert error.may_have_been_processed is bool(maybe_processed)
    assert isinstance(error.error, kind) and error.__cause__ is error.error
    assert len(error.results) == 1
    assert len(requests_to(httpserver, BULK_PATH)) == 2  # the write was not retried
    assert str(error).startswith("bulk create stopped: 100 users accepted, 100 in the failed batch")
    if kind is UnprocessableEntityError:  # the server's data.3.email is the 104th user of the input
        assert error.errors == {"users[103].email": ["taken"]}
        assert str(error).endswith("; users[103].email: taken")
    assert "example.com" not in str(error) and "User1" not in str(error)

    client.users.create_many(not_sent)
    assert sent_batches(httpserver)[2:] == [[u["email"] for u in given[200:]]]


def test_connection_refused_batch_was_not_processed(make_client: Callable[..., Propello], dead_url: str) -> None:
    client = make_client(base_url=dead_url, client_id=None, client_secret=None, access_token="t", max_retries=0)
    with pytest.raises(BulkCreateError) as caught:
        client.users.create_many(users(150))
    assert caught.value.accepted_count == 0
    assert len(caught.value.failed_batch) == 100 and len(list(caught.value.not_sent)) == 50
    assert isinstance(caught.value.error, APIConnectionError)
    assert caught.value.may_have_been_processed is False


@pytest.mark.parametrize("batch_size", [0, 101, -5, 1.5, True, "10"])
def test_batch_size_outside_1_to_100_sends_nothing(httpserver: HTTPServer, client: Propello, batch_size: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="batch_size"):
        client.users.create_many(users(3), batch_size=batch_size)
    assert httpserver.log == []


@pytest.mark.parametrize("bad", [42, "user@example.com", None, ["email", "x"]])
def test_a_bad_user_anywhere_sends_nothing(httpserver: HTTPServer, client: Propello, bad: Any) -> None:
    given: list[Any] = [*users(150), bad, *users(10)]
    with pytest.raises(InvalidArgumentError, match=r"users\[150\] must be a mapping or a generated model"):
        client.users.create_many(given)
    assert httpserver.log == []


@pytest.mark.parametrize("not_a_list", ["abc", {"email": "x@example.com"}, b"bytes"])
def test_users_must_be_an_iterable_of_users(httpserver: HTTPServer, client: Propello, not_a_list: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="users must be an iterable"):
        client.users.create_many(not_a_list)
    assert httpserver.log == []


def test_async_create_many(httpserver: HTTPServer, make_async_client: Callable[..., AsyncPropello]) -> None:
    serve_bulk(httpserver, {3: json_response({"message": "Oops."}, 500)})
    progress: list[tuple[int, int | None]] = []

    async def main() -> None:
        async with make_async_client(client_id=None, client_secret=None, access_token="t") as client:
            await client.users.create_many(users(205), progress=recording(progress))

    with pytest.raises(BulkCreateError) as caught:
        run(main())
    error = caught.value
    assert (error.accepted_count, len(error.failed_batch), error.not_sent_count) == (200, 5, 0)
    assert list(error.not_sent) == []
    assert progress == [(100, 205), (200, 205)]


def test_an_iterator_is_read_one_batch_at_a_time(httpserver: HTTPServer, client: Propello) -> None:
    """A generator over a large export is not copied: each batch is read, checked and sent before the next is
    read, and a failure keeps the generator (not a list of what is left) for the resume."""
    serve_bulk(httpserver, {2: json_response({"message": "Oops."}, 500)})
    pulled: list[int] = []

    def export() -> Iterator[dict[str, str]]:
        for i in range(1_000_000):
            pulled.append(i)
            yield {"email": f"user{i}@example.com"}

    progress: list[tuple[int, int | None]] = []
    with pytest.raises(BulkCreateError) as caught:
        client.users.create_many(export(), progress=recording(progress))
    error = caught.value
    assert len(pulled) == 200  # two batches read, nothing more
    assert progress == [(100, None)]
    assert (error.accepted_count, len(error.failed_batch), error.not_sent_count) == (100, 100, None)
    assert next(error.not_sent) == {"email": "user200@example.com"}
    assert "the rest of the input not sent" in str(error)


def test_a_bad_user_in_an_iterator_stops_before_its_batch(httpserver: HTTPServer, client: Propello) -> None:
    serve_bulk(httpserver)
    given: list[Any] = [*users(150), 42]
    with pytest.raises(InvalidArgumentError, match=r"users\[150\] must be a mapping"):
        client.users.create_many(iter(given))
    assert [len(batch) for batch in sent_batches(httpserver)] == [100]
