"""Resilience against the NP6 sandbox's faults, through np6.connect: nothing sent twice, no hang.

The sandbox counts what it received and accepted, so "exactly once" is checked at the server.
Waits run on virtual time (recorded, not slept) except in the hanging-server tests, which need
real time: their bounds are generous (an order of magnitude) so that they cannot flake.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from np6_sandbox import Sandbox

import np6
from np6.errors import (
    InsecureTransportError,
    NoResponseError,
    OutcomeUnknownError,
    RequestTimeoutError,
)
from np6.messages import send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import duplicate_action, get_action, list_actions
from np6_client.api.messages import send_target_message
from np6_client.models import EmailMessageDefinition, ExecutionSuccess, TargetMessageRequest
from tests.conftest import SANDBOX_KEY
from tests.support.fault_server import FaultServer, Received, Reply
from tests.support.np6_flows import email_to, validated_action
from tests.support.virtual_time import VirtualTime

ADDRESS = "ada@example.com"
MESSAGES = 1000
BATCH = 100
EXECUTIONS = r"/actions/\w+/executions$"


@pytest.fixture
def time_() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def client(sandbox: Sandbox, time_: VirtualTime) -> Iterator[AuthenticatedClient]:
    sandbox.add_target(ADDRESS, "T-1")
    client = np6.connect(
        SANDBOX_KEY, base_url=sandbox.base_url, retries=time_.policy(max_attempts=41)
    )
    yield client
    client.get_httpx_client().close()


def batches() -> list[list[EmailMessageDefinition]]:
    return [[email_to(ADDRESS) for _ in range(BATCH)] for _ in range(MESSAGES // BATCH)]


def report(label: str, **figures: object) -> None:
    """Print the figures the issue asks for (seen with pytest -s)."""
    print(f"\n[{label}] " + ", ".join(f"{name}={value}" for name, value in figures.items()))


# ---- 429 storm -----------------------------------------------------------------------------


async def test_429_storm_every_message_accepted_exactly_once_async(
    sandbox: Sandbox, client: AuthenticatedClient, time_: VirtualTime
) -> None:
    action_id = validated_action(client)
    sandbox.faults.add(EXECUTIONS, "rate_limit", times=40, retry_after=1)
    started = time.monotonic()

    results = await asyncio.gather(
        *(send_messages.asyncio(action_id, client=client, body=batch) for batch in batches())
    )

    elapsed = time.monotonic() - started
    assert all(isinstance(r, ExecutionSuccess) for batch in results for r in batch or [])
    assert sum(len(batch or []) for batch in results) == MESSAGES
    accepted = sandbox.counts.accepted
    assert len(accepted) == MESSAGES
    assert set(accepted.values()) == {1}
    assert sandbox.counts.received["send_messages"] == MESSAGES // BATCH + 40
    assert time_.waits == [1.0] * 40  # Retry-After: 1, each time
    report(
        "429 storm, async, 10 concurrent batches",
        accepted=accepted.total(),
        received=sandbox.counts.received["send_messages"],
        waits_asked_s=time_.slept,
        elapsed_s=round(elapsed, 3),
    )


def test_429_storm_every_message_accepted_exactly_once_sync(
    sandbox: Sandbox, client: AuthenticatedClient, time_: VirtualTime
) -> None:
    action_id = validated_action(client)
    started = time.monotonic()

    for batch in batches():
        sandbox.faults.add(EXECUTIONS, "rate_limit", times=5, retry_after=2)
        results = send_messages.sync(action_id, client=client, body=batch)
        assert results is not None
        assert len(results) == BATCH

    elapsed = time.monotonic() - started
    assert set(sandbox.counts.accepted.values()) == {1}
    assert sandbox.counts.accepted.total() == MESSAGES
    assert sandbox.counts.received["send_messages"] == 10 + 50
    assert time_.waits == [2.0] * 50
    report(
        "429 storm, sync, 10 batches with 5 x 429 each",
        accepted=sandbox.counts.accepted.total(),
        received=sandbox.counts.received["send_messages"],
        waits_asked_s=time_.slept,
        elapsed_s=round(elapsed, 3),
    )


# ---- 5xx and dropped connections on sends ----------------------------------------------------


def test_5xx_and_drops_on_batches_give_outcome_unknown_for_exactly_those_batches(
    sandbox: Sandbox, client: AuthenticatedClient
) -> None:
    action_id = validated_action(client)
    faults = {
        2: {"kind": "server_error", "status": 502, "after_processing": True},
        5: {"kind": "drop", "after_processing": True},
        7: {"kind": "server_error", "status": 503},  # refused before processing
        8: {"kind": "server_error", "status": 500, "after_processing": True},
    }
    unknown: list[int] = []
    started = time.monotonic()

    for number, batch in enumerate(batches()):
        if number in faults:
            sandbox.faults.add(EXECUTIONS, **faults[number])  # type: ignore[arg-type]
        try:
            send_messages.sync(action_id, client=client, body=batch)
        except OutcomeUnknownError:
            unknown.append(number)

    elapsed = time.monotonic() - started
    assert unknown == [2, 5, 7, 8]
    assert sandbox.counts.received["send_messages"] == 10  # not one retry
    assert set(sandbox.counts.accepted.values()) == {1}  # no message twice
    assert sandbox.counts.accepted.total() == MESSAGES - BATCH  # batch 7 was never processed
    report(
        "5xx and drops on 10 batches",
        outcome_unknown_batches=unknown,
        received=sandbox.counts.received["send_messages"],
        accepted=sandbox.counts.accepted.total(),
        max_per_message=max(sandbox.counts.accepted.values()),
        elapsed_s=round(elapsed, 3),
    )


def test_single_sends_and_duplication_are_never_repeated(
    sandbox: Sandbox, client: AuthenticatedClient
) -> None:
    action_id = validated_action(client)
    sandbox.faults.add(r"/execution$", "server_error", status=504, after_processing=True)
    sandbox.faults.add(r"/targets/", "drop", after_processing=True)
    sandbox.faults.add(r"/duplication$", "server_error", status=502, after_processing=True)

    with pytest.raises(OutcomeUnknownError) as single:
        send_message.sync(action_id, client=client, body=email_to(ADDRESS))
    with pytest.raises(OutcomeUnknownError):
        send_target_message.sync(action_id, "T-1", client=client, body=TargetMessageRequest())
    with pytest.raises(OutcomeUnknownError):
        duplicate_action.sync(action_id, client=client)

    received = sandbox.counts.received
    assert (received["send_message"], received["send_target_message"]) == (1, 1)
    assert received["duplicate_action"] == 1
    assert sandbox.counts.accepted.total() == 2
    assert len(list_actions.sync(client=client) or []) == 2  # the action and one copy
    assert single.value.status_code == 504


async def test_async_send_with_a_dropped_connection_is_outcome_unknown(
    sandbox: Sandbox, client: AuthenticatedClient
) -> None:
    action_id = validated_action(client)
    sandbox.faults.add(EXECUTIONS, "drop", after_processing=True)

    with pytest.raises(OutcomeUnknownError):
        await send_messages.asyncio(action_id, client=client, body=[email_to(ADDRESS)])

    assert sandbox.counts.received["send_messages"] == 1
    assert sandbox.counts.accepted.total() == 1


def test_reads_are_retried_through_5xx_and_drops(
    sandbox: Sandbox, client: AuthenticatedClient
) -> None:
    action_id = validated_action(client)
    sandbox.faults.add(r"/actions/\w+$", "server_error", status=503, method="GET")
    sandbox.faults.add(r"/actions/\w+$", "drop", method="GET")

    action = get_action.sync(action_id, client=client)

    assert action is not None
    assert action.id == action_id
    assert sandbox.counts.received["get_action"] == 3


def test_a_send_is_retried_when_the_connection_failed_before_anything_was_sent(
    time_: VirtualTime,
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    client = np6.connect(
        "any-key",
        base_url=f"http://127.0.0.1:{closed_port}",
        retries=time_.policy(max_attempts=3, base_delay=0.2),
    )

    with pytest.raises(NoResponseError, match="not sent"):
        send_messages.sync("A1", client=client, body=[email_to(ADDRESS)])

    assert time_.waits == [0.1, 0.2]  # two retries: a refused connection sent nothing


# ---- a hanging server -----------------------------------------------------------------------


def hanging_client(base_url: str, key: str = SANDBOX_KEY) -> AuthenticatedClient:
    """Real time here: 0.2 s per read, 0.6 s for the whole call."""
    policy = np6.RetryPolicy(deadline=0.6, base_delay=0.01, max_delay=0.05)
    return np6.connect(key, base_url=base_url, timeout=0.2, retries=policy)


def test_a_hanging_server_ends_in_a_timeout_within_the_deadline(sandbox: Sandbox) -> None:
    client = hanging_client(sandbox.base_url)
    action_id = validated_action(client)
    sandbox.faults.add(r"/actions/\w+$", "slow", delay=10.0, times=None, method="GET")
    started = time.monotonic()

    with pytest.raises(RequestTimeoutError):
        get_action.sync(action_id, client=client)

    elapsed = time.monotonic() - started
    assert elapsed < 6.0  # the deadline is 0.6 s; the server would answer after 10 s
    assert sandbox.counts.received["get_action"] >= 2  # retried while the deadline allowed
    report("hanging GET", deadline_s=0.6, elapsed_s=round(elapsed, 3))


def test_a_send_to_a_hanging_server_is_outcome_unknown_not_resent(sandbox: Sandbox) -> None:
    sandbox.add_target(ADDRESS, "T-1")
    client = hanging_client(sandbox.base_url)
    action_id = validated_action(client)
    sandbox.faults.add(EXECUTIONS, "slow", delay=10.0)

    with pytest.raises(OutcomeUnknownError, match="ReadTimeout"):
        send_messages.sync(action_id, client=client, body=[email_to(ADDRESS)])

    assert sandbox.counts.received["send_messages"] == 1


async def test_an_async_call_to_a_hanging_server_ends_within_the_deadline(
    sandbox: Sandbox,
) -> None:
    client = hanging_client(sandbox.base_url)
    sandbox.faults.add(r"/actions$", "slow", delay=10.0, times=None, method="GET")
    started = time.monotonic()

    with pytest.raises(RequestTimeoutError):
        await list_actions.asyncio(client=client)

    assert time.monotonic() - started < 6.0


@pytest.mark.no_contract  # the scripted server is not NP6
def test_a_body_that_trickles_in_is_cut_at_the_deadline() -> None:
    # One byte every 50 ms: each read is far under the 0.2 s read timeout, the whole body is not.
    body = b'{"id": "A1", "name": "' + b"x" * 200 + b'"}'

    def trickle(received: Received) -> Reply:
        return Reply(200, body, {"Content-Type": "application/json"}, trickle=0.05)

    with FaultServer(trickle) as server:
        client = hanging_client(server.base_url, key="any")
        started = time.monotonic()
        with pytest.raises(RequestTimeoutError, match="deadline"):
            get_action.sync("A1", client=client)
        elapsed = time.monotonic() - started

    assert elapsed < 6.0  # the body alone would take 11 s
    report("trickled body", deadline_s=0.6, elapsed_s=round(elapsed, 3))


# ---- where the key goes ----------------------------------------------------------------------


@pytest.mark.no_contract  # the scripted servers are not NP6
def test_a_redirect_to_another_server_never_carries_the_key() -> None:
    with FaultServer() as elsewhere:

        def redirect(received: Received) -> Reply:
            if received.path == "/actions/OLD":  # same origin first, then away
                return Reply(307, headers={"Location": "/actions/MOVED"})
            return Reply(307, headers={"Location": f"{elsewhere.base_url}/actions/A1"})

        with FaultServer(redirect) as np6_like:
            client = np6.connect(
                "redirect-key-4d2f", base_url=np6_like.base_url, follow_redirects=True
            )
            response = client.get_httpx_client().get("/actions/OLD")

    assert response.status_code == 200
    assert [r.path for r in np6_like.received] == ["/actions/OLD", "/actions/MOVED"]
    assert all(r.headers.get("x-key") == "redirect-key-4d2f" for r in np6_like.received)
    (moved,) = elsewhere.received
    assert "x-key" not in moved.headers
    assert "redirect-key-4d2f" not in repr(moved)


def test_plain_http_to_a_remote_host_is_refused_before_any_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_socket(*args: object, **kwargs: object) -> socket.socket:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "socket", no_socket)

    with pytest.raises(InsecureTransportError):
        np6.connect("any-key", base_url="http://api-cm.np6.com")


@pytest.mark.no_contract  # the request goes to no NP6 at all
def test_the_key_is_not_sent_over_plain_http_even_to_an_absolute_url() -> None:
    sent_headers: list[httpx.Headers] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent_headers.append(request.headers.copy())  # as written on the wire, at send time
        return httpx.Response(200)

    client = np6.connect("any-key")
    transport = client._httpx_args["transport"]
    transport._sync = httpx.MockTransport(record)  # no network, even to loopback

    client.get_httpx_client().get("http://api-cm.np6.com/actions")

    assert "x-key" not in sent_headers[0]
