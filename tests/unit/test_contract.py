"""The contract check of tests/contract.py: what fails, what it names, what it leaves alone."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator

import httpx
import pytest
from np6_sandbox import Message, load_spec_check
from pytest_socket import SocketConnectBlockedError
from record_cassettes import CASSETTES, cassette_vcr, email_message

from np6.messages import send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import create_action, get_action
from np6_client.models import Action, ActionContent, MessageHeaders, UnicityIdentification
from tests.contract import ContractCheck

NP6_URL = "https://api-cm.np6.com"


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"{request.method} {request.url} was sent; the check should refuse it")


def answering(status: int, payload: object = None) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if payload is None:
            return httpx.Response(status, headers={"x-request-id": "r-1"})
        return httpx.Response(status, json=payload)

    return httpx.MockTransport(handle)


@pytest.fixture
def np6() -> Iterator[AuthenticatedClient]:
    client = AuthenticatedClient(
        base_url=NP6_URL,
        token="unit-key",
        httpx_args={"transport": httpx.MockTransport(unreachable)},
    )
    yield client
    client.get_httpx_client().close()


def test_wrong_field_in_a_cassette_fails_naming_operation_and_pointer(
    contract: ContractCheck,
) -> None:
    client = AuthenticatedClient(base_url=NP6_URL, token="unit-key")
    broken = CASSETTES / "broken" / "get_action_wrong_field.yaml"

    with cassette_vcr("none").use_cassette(str(broken)), contract.expect_violation() as found:
        get_action.sync_detailed("action-1", client=client)

    [violation] = found
    assert violation.operation == "get_action (GET /actions/{id})"
    assert (violation.side, violation.part, violation.pointer) == (
        "response",
        "body",
        "/informations/folder",
    )
    assert "get_action (GET /actions/{id}): response body /informations/folder" in str(violation)


def test_request_body_the_spec_forbids_is_refused_before_sending(
    contract: ContractCheck, np6: AuthenticatedClient
) -> None:
    headers = MessageHeaders()
    headers.additional_properties["from"] = "news@example.com"  # NP6 refuses a string sender
    action = Action(name="Plain sender", content=ActionContent(headers=headers))

    with contract.expect_violation() as found:
        create_action.sync_detailed(client=np6, body=action)

    [violation] = found
    assert violation.operation == "create_action (POST /actions)"
    assert (violation.side, violation.pointer) == ("request", "/content/headers/from")


async def test_vendor_media_type_body_is_checked_as_json(
    contract: ContractCheck, np6: AuthenticatedClient
) -> None:
    message = email_message("ada@example.com")
    assert isinstance(message.recipient, UnicityIdentification)
    message.recipient.value = "ada@example.com"  # type: ignore[assignment]  # must be an array

    with contract.expect_violation() as found:
        await send_messages.asyncio_detailed("A1", client=np6, body=[message])

    [violation] = found
    assert violation.operation == "send_messages (POST /actions/{id}/executions)"
    assert violation.pointer == "/0/recipient/value"


def test_conforming_exchange_passes_and_is_returned(contract: ContractCheck) -> None:
    client = AuthenticatedClient(
        base_url=NP6_URL, token="unit-key", httpx_args={"transport": answering(404)}
    )

    response = get_action.sync_detailed("A1", client=client)

    assert response.status_code == 404
    assert contract.violations == []


def test_undocumented_status_is_a_violation(contract: ContractCheck) -> None:
    client = AuthenticatedClient(
        base_url=NP6_URL, token="unit-key", httpx_args={"transport": answering(418)}
    )

    with contract.expect_violation() as found:
        get_action.sync_detailed("A1", client=client)

    assert [(v.part, v.operation) for v in found] == [("status", "get_action (GET /actions/{id})")]


def test_server_errors_and_control_routes_are_not_checked(contract: ContractCheck) -> None:
    client = AuthenticatedClient(
        base_url=NP6_URL, token="unit-key", httpx_args={"transport": answering(503)}
    )
    http = client.get_httpx_client()

    assert get_action.sync_detailed("A1", client=client).status_code == 503
    assert http.post("/_sandbox/faults", content=b"not json at all").status_code == 503
    assert contract.violations == []


def test_path_outside_the_spec_is_a_violation(contract: ContractCheck) -> None:
    client = AuthenticatedClient(base_url=NP6_URL, token="unit-key")

    with contract.expect_violation() as found:
        client.get_httpx_client().get("/campaigns")

    assert found[0].part == "operation"
    assert "GET /campaigns" in str(found[0])


def test_a_swallowed_violation_is_still_recorded(contract: ContractCheck) -> None:
    """The conftest fails a passing test at teardown when violations remain recorded."""
    client = AuthenticatedClient(
        base_url=NP6_URL, token="unit-key", httpx_args={"transport": answering(418)}
    )

    with contextlib.suppress(AssertionError):  # code under test that catches too much
        get_action.sync_detailed("A1", client=client)

    assert [v.part for v in contract.violations] == ["status"]
    contract.violations.clear()  # this test expects it; others would fail at teardown


@pytest.mark.no_contract
def test_no_contract_marker_turns_the_check_off(contract: ContractCheck) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"<html>"))
    client = AuthenticatedClient(
        base_url=NP6_URL, token="unit-key", httpx_args={"transport": transport}
    )

    response = client.get_httpx_client().get("/actions/A1")

    assert response.text == "<html>"
    assert contract.violations == []


@pytest.mark.filterwarnings("ignore::UserWarning")  # pytest-socket also warns about the attempt
def test_sockets_to_other_hosts_than_loopback_fail() -> None:
    with pytest.raises(SocketConnectBlockedError), socket.create_connection(("192.0.2.1", 443), 1):
        pass


def test_violation_message_lists_every_offending_field(contract: ContractCheck) -> None:
    payload = {"id": 5, "informations": {"state": "draft"}, "creationDate": "yesterday"}
    client = AuthenticatedClient(
        base_url=NP6_URL, token="unit-key", httpx_args={"transport": answering(200, payload)}
    )

    with contract.expect_violation() as found:
        get_action.sync_detailed("A1", client=client)

    assert {v.pointer for v in found} == {"/id", "/informations/state", "/creationDate"}
    assert json.dumps(payload)  # the payload itself is plain JSON: only its shape is wrong


def test_remembered_results_still_tell_exchanges_apart() -> None:
    """Results are kept per exchange; what the spec checks must still change the answer."""
    spec = load_spec_check()
    listing = Message("GET", "/actions", [], {"X-Key": "k"}, b"", "")
    without_key = Message("GET", "/actions", [], {}, b"", "")

    for _ in range(2):
        assert spec.check_request(listing) == []
        assert [v.pointer for v in spec.check_request(without_key)] == ["/X-Key"]
        assert spec.check_response(listing, 429, {"Retry-After": "1"}, b"") == []
        late = spec.check_response(listing, 429, {"Retry-After": "soon"}, b"")
        assert [(v.part, v.pointer) for v in late] == [("header", "/Retry-After")]
