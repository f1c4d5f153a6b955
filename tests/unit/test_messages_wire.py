"""The four message operations on the wire, sync and async, over httpx.MockTransport.

For each operation and each channel: the exact Content-Type, the JSON body as the spec names and
nests it, the percent-encoded path, the client's headers and timeout; then the parsing of a
success, of a batch mixing successes, errors and unknown results, and of error statuses.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from uuid import UUID

import httpx
import pytest

from np6.messages import render_messages, send_messages
from np6.results import UnexpectedResultBodyError
from np6_client.errors import MalformedResponseError, UnexpectedStatus
from np6_client.models import (
    ExecutionError,
    ExecutionErrorDetail,
    ExecutionSuccess,
    FootprintIdentification,
    RenderSuccess,
    UnknownExecutionResult,
    UnknownRenderResult,
)
from tests.unit.messages_support import (
    AWKWARD_ID,
    BATCH_OPERATIONS,
    EMAIL,
    ENCODED_ID,
    EXECUTION_ERROR_JSON,
    EXECUTION_SUCCESS_JSON,
    KEY,
    MESSAGE_ID,
    OPERATIONS,
    RENDER_SUCCESS_JSON,
    SMS,
    UNKNOWN_RESULT_JSON,
    Np6Stub,
    Operation,
    call_detailed,
    call_parsed,
    email_message,
    email_render,
    sms_message,
)

FLAVOURS = ["sync", "async"]
MEDIA_TYPES = {"email": EMAIL, "sms": SMS}

by_operation = pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
by_batch_operation = pytest.mark.parametrize("op", BATCH_OPERATIONS, ids=lambda op: op.name)
by_flavour = pytest.mark.parametrize("flavour", FLAVOURS)
by_channel = pytest.mark.parametrize("channel", ["email", "sms"])


# ---- The request -------------------------------------------------------------------------------


@by_operation
@by_channel
@by_flavour
async def test_request_carries_the_channel_media_type_and_the_spec_json(
    op: Operation, channel: str, flavour: str
) -> None:
    np6 = Np6Stub(payload=op.success_payload())
    timeout = httpx.Timeout(7.0, connect=2.0)
    client = np6.client(headers={"X-Trace": "t-1"}, timeout=timeout)

    await call_detailed(op, flavour, AWKWARD_ID, client=client, body=op.body(channel))

    request = np6.only_request
    assert request.method == "POST"
    assert request.url.raw_path == f"/actions/{ENCODED_ID}/{op.path}".encode()
    assert request.headers["Content-Type"] == MEDIA_TYPES[channel]
    assert np6.sent_json() == op.expected_json(channel)
    assert request.headers["X-Key"] == KEY
    assert request.headers["X-Trace"] == "t-1"
    assert request.extensions["timeout"] == timeout.as_dict()


@by_operation
@by_flavour
async def test_content_type_override_is_sent_as_given(op: Operation, flavour: str) -> None:
    np6 = Np6Stub(payload=op.success_payload())
    override = "application/vnd.np6.cm.sms; charset=utf-8"

    await call_detailed(
        op, flavour, "A1", client=np6.client(), body=op.body("sms"), content_type=override
    )

    assert np6.only_request.headers["Content-Type"] == override


# ---- Successes ---------------------------------------------------------------------------------


def assert_render_success(result: object) -> None:
    assert isinstance(result, RenderSuccess)
    assert result.html == "<p>Hello Ada</p>"
    assert result.recipient == "ada@example.com"


def assert_execution_success(result: object) -> None:
    assert isinstance(result, ExecutionSuccess)
    assert result.id == UUID(MESSAGE_ID)
    assert isinstance(result.recipient, FootprintIdentification)
    assert result.recipient.unicity == "ada@example.com"


def assert_success(op: Operation, result: object) -> None:
    if op.name.startswith("render"):
        assert_render_success(result)
    else:
        assert_execution_success(result)


@by_operation
@by_flavour
async def test_success_is_parsed_into_the_typed_result(op: Operation, flavour: str) -> None:
    np6 = Np6Stub(payload=op.success_payload())

    response = await call_detailed(op, flavour, "A1", client=np6.client(), body=op.body("email"))

    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content) == op.success_payload()
    results = response.parsed if op.takes_list else [response.parsed]
    assert len(results) == (2 if op.takes_list else 1)
    for result in results:
        assert_success(op, result)


@by_operation
@by_flavour
async def test_parsed_flavour_returns_the_parsed_value(op: Operation, flavour: str) -> None:
    np6 = Np6Stub(payload=op.success_payload())

    parsed = await call_parsed(op, flavour, "A1", client=np6.client(), body=op.body("sms"))

    for result in parsed if op.takes_list else [parsed]:
        assert_success(op, result)


# ---- Partial failures and unknown results ------------------------------------------------------


@by_flavour
async def test_send_batch_reports_each_item_in_request_order(flavour: str) -> None:
    payload = [EXECUTION_SUCCESS_JSON, EXECUTION_ERROR_JSON, UNKNOWN_RESULT_JSON]
    np6 = Np6Stub(payload=payload)
    op = next(op for op in OPERATIONS if op.module is send_messages)
    body = [email_message(), email_message(), email_message()]

    response = await call_detailed(op, flavour, "A1", client=np6.client(), body=body)

    success, error, unknown = response.parsed
    assert_execution_success(success)
    assert isinstance(error, ExecutionError)
    assert error.to_dict() == EXECUTION_ERROR_JSON
    assert isinstance(error.value, ExecutionErrorDetail)
    assert error.value.type_ == "recipient not found"
    assert isinstance(unknown, UnknownExecutionResult)
    assert unknown.to_dict() == UNKNOWN_RESULT_JSON


@by_flavour
async def test_render_batch_keeps_an_unknown_result_in_its_place(flavour: str) -> None:
    np6 = Np6Stub(payload=[UNKNOWN_RESULT_JSON, RENDER_SUCCESS_JSON])
    op = next(op for op in OPERATIONS if op.module is render_messages)

    parsed = await call_parsed(
        op, flavour, "A1", client=np6.client(), body=[email_render(), email_render()]
    )

    unknown, success = parsed
    assert isinstance(unknown, UnknownRenderResult)
    assert unknown.type_ == "deferred"
    assert unknown.additional_properties == {"until": "2026-06-01T08:00:00Z", "queue": 7}
    assert_render_success(success)


@by_operation
@by_flavour
async def test_unknown_result_type_is_returned_as_data(op: Operation, flavour: str) -> None:
    payload = [UNKNOWN_RESULT_JSON] * 2 if op.takes_list else UNKNOWN_RESULT_JSON
    np6 = Np6Stub(payload=payload)

    parsed = await call_parsed(op, flavour, "A1", client=np6.client(), body=op.body("sms"))

    for result in parsed if op.takes_list else [parsed]:
        assert isinstance(result, UnknownRenderResult | UnknownExecutionResult)
        assert result.to_dict() == UNKNOWN_RESULT_JSON


@pytest.mark.no_contract  # NP6's answer departs from the spec on purpose
@by_batch_operation
@by_flavour
async def test_batch_answered_with_an_object_is_a_malformed_response(
    op: Operation, flavour: str
) -> None:
    np6 = Np6Stub(payload=op.success_json)

    with pytest.raises(MalformedResponseError, match="got a JSON object") as raised:
        await call_detailed(op, flavour, "A1", client=np6.client(), body=op.body("email"))

    assert isinstance(raised.value.__cause__, UnexpectedResultBodyError)
    assert json.loads(raised.value.content) == op.success_json


@pytest.mark.no_contract  # NP6's answer departs from the spec on purpose
@by_operation
@by_flavour
async def test_success_that_is_not_json_is_a_malformed_response(
    op: Operation, flavour: str
) -> None:
    np6 = Np6Stub(text="<html>busy</html>")

    with pytest.raises(MalformedResponseError) as raised:
        await call_detailed(op, flavour, "A1", client=np6.client(), body=op.body("sms"))

    assert raised.value.status_code == 200
    assert raised.value.content == b"<html>busy</html>"


# ---- Error statuses ----------------------------------------------------------------------------

DOCUMENTED_ERROR = {"render_message": 404, "render_messages": 400}
DOCUMENTED_ERROR_FOR_SEND = 409  # NP6's answer to a send through an action not yet validated


@by_operation
@by_flavour
async def test_documented_error_status_parses_to_none(op: Operation, flavour: str) -> None:
    status = DOCUMENTED_ERROR.get(op.name, DOCUMENTED_ERROR_FOR_SEND)
    np6 = Np6Stub(status=status)
    client = np6.client(raise_on_unexpected_status=True)

    response = await call_detailed(op, flavour, "A1", client=client, body=op.body("email"))

    assert response.status_code == status
    assert response.parsed is None
    assert response.content == b""


@by_operation
@by_flavour
async def test_undocumented_status_follows_raise_on_unexpected_status(
    op: Operation, flavour: str
) -> None:
    np6 = Np6Stub(status=502, payload={"message": "bad gateway"})

    lenient = await call_detailed(op, flavour, "A1", client=np6.client(), body=op.body("email"))
    assert lenient.parsed is None

    strict = np6.client(raise_on_unexpected_status=True)
    with pytest.raises(UnexpectedStatus) as raised:
        await call_detailed(op, flavour, "A1", client=strict, body=op.body("email"))
    assert raised.value.status_code == 502
    assert b"bad gateway" in raised.value.content


def test_sms_send_parses_an_error_item() -> None:
    op = next(op for op in OPERATIONS if op.module is send_messages)
    np6 = Np6Stub(payload=[EXECUTION_ERROR_JSON])

    (error,) = op.module.sync("A1", client=np6.client(), body=[sms_message()])

    assert isinstance(error, ExecutionError)
    assert np6.only_request.headers["Content-Type"] == SMS
