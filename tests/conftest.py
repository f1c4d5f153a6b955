"""Fixtures every test directory shares: the spec contract check and the NP6 sandbox.

scripts/ is put on sys.path here, once, so that tests import the sandbox and the cassette
scrubber by their module names (np6_sandbox, cassette_scrub), as the scripts themselves do.
"""

from __future__ import annotations

import ssl
import sys
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from np6_sandbox import Sandbox  # noqa: E402  (needs scripts/ on sys.path, set just above)

from np6_client import AuthenticatedClient  # noqa: E402
from tests.contract import ContractCheck, install  # noqa: E402

SANDBOX_KEY = "sandbox-test-key"
CALL_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember whether the test body passed, for the contract check's teardown."""
    report = yield
    if report.when == "call":
        item.stash[CALL_PASSED] = report.passed
    return report


@pytest.fixture(autouse=True)
def contract(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ContractCheck]:
    """Check every HTTP exchange of the test against the spec (see tests/contract.py).

    A violation raises where it happens; if the code under test swallowed it and the test
    passed anyway, the test fails here. @pytest.mark.no_contract turns the check off.
    """
    check = ContractCheck()
    if request.node.get_closest_marker("no_contract") is None:
        install(monkeypatch, check)
    yield check
    if check.violations and request.node.stash.get(CALL_PASSED, False):
        pytest.fail("swallowed contract violations:\n" + "\n".join(map(str, check.violations)))


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """One sandbox for the whole session, on 127.0.0.1 and a free port."""
    with Sandbox(api_key=SANDBOX_KEY) as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Sandbox:
    """The session's sandbox, emptied for this test: no actions, targets, counts or faults."""
    sandbox_server.reset()
    return sandbox_server


@pytest.fixture(scope="session")
def ssl_context() -> ssl.SSLContext:
    """One TLS context for the session: each client that builds its own loads the CA bundle
    again, about 50 ms, which adds up over hundreds of tests."""
    return ssl.create_default_context()


@pytest.fixture
def sandbox_client(sandbox: Sandbox, ssl_context: ssl.SSLContext) -> Iterator[AuthenticatedClient]:
    """A client of the sandbox with the key it accepts."""
    client = AuthenticatedClient(
        base_url=sandbox.base_url, token=SANDBOX_KEY, verify_ssl=ssl_context
    )
    yield client
    client.get_httpx_client().close()
