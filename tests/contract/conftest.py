"""Contract-test fixtures: one Prism mock of openapi/openapi.yaml per session (or the mock at PROPELLO_MOCK_URL),
fresh Propello/AsyncPropello clients that record what they send, and Prism's log in the report of a failing test."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from contract_helpers import Connect, RecordingTransport, example_credentials
from prism_mock import PrismError, PrismMock, running_prism

MOCK_URL_VARIABLE = "PROPELLO_MOCK_URL"
_PRISM = pytest.StashKey[PrismMock]()
_LOG_OFFSET = pytest.StashKey[int]()


def _unreachable(url: str) -> str | None:
    """Why `url` cannot be reached, or None when it answers at all (any status)."""
    try:
        httpx.get(url, timeout=5.0)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return None


HOSTED_MOCK = os.environ.get(MOCK_URL_VARIABLE, "").strip().rstrip("/")
CONTRACT_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test here is a contract test. With PROPELLO_MOCK_URL set but not answering, all of them are skipped
    with the reason, probed once here rather than failing each test on a connection error."""
    ours = [item for item in items if item.path.is_relative_to(CONTRACT_TESTS)]
    problem = _unreachable(HOSTED_MOCK) if HOSTED_MOCK and ours else None
    for item in ours:
        item.add_marker(pytest.mark.contract)
        if problem:
            item.add_marker(pytest.mark.skip(reason=f"{MOCK_URL_VARIABLE}={HOSTED_MOCK} is unreachable ({problem})"))


@pytest.fixture(scope="session")
def mock_url(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[str]:
    """Base URL of the mock: PROPELLO_MOCK_URL when set, else a Prism we start for the session."""
    if HOSTED_MOCK:
        yield HOSTED_MOCK
        return
    try:
        with running_prism(tmp_path_factory.mktemp("prism") / "prism.log") as prism:
            pytestconfig.stash[_PRISM] = prism
            yield prism.url
    except PrismError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def prism(mock_url: str, pytestconfig: pytest.Config) -> PrismMock:
    """For tests of Prism's own behaviour (its 401, 422 and Prefer handling), which another mock may not share."""
    if _PRISM not in pytestconfig.stash:
        pytest.skip(f"relies on Prism's request validation and Prefer header; {MOCK_URL_VARIABLE} is a different mock")
    return pytestconfig.stash[_PRISM]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    prism = item.config.stash.get(_PRISM, None)
    item.stash[_LOG_OFFSET] = prism.log_size() if prism else 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """A failing test's report shows what Prism logged while it ran (its validation messages say what it rejected)."""
    report = yield
    prism = item.config.stash.get(_PRISM, None)
    if report.failed and prism is not None:
        report.sections.append(("Prism log during this test", prism.log_since(item.stash.get(_LOG_OFFSET, 0))))
    return report


@pytest.fixture
def client_options(mock_url: str, clock: Any) -> dict[str, Any]:
    """The spec's example credentials; no rate limit and a fake clock (retry waits pass at once) keep it fast."""
    client_id, client_secret = example_credentials()
    return {
        "client_id": client_id,
        "client_secret": client_secret,
        "base_url": mock_url,
        "rate_limit": None,
        "_clock": clock,
    }


@pytest.fixture(params=["sync", "async"])
def connect(request: pytest.FixtureRequest, client_options: dict[str, Any]) -> Connect:
    """Parametrises a test over Propello and AsyncPropello."""
    return Connect(request.param, client_options, RecordingTransport())


@pytest.fixture
def connect_sync(client_options: dict[str, Any]) -> Connect:
    return Connect("sync", client_options, RecordingTransport())
