"""Bad input to the message operations raises a clear error, and no request leaves."""

from __future__ import annotations

from typing import Any

import pytest

import np6
from np6 import BodyTypeError
from np6.errors import InvalidRequestError
from np6.messages import render_message, render_messages, send_message, send_messages
from np6_client.models import EmailMessageDefinition
from tests.unit.messages_support import (
    EMAIL,
    OPERATIONS,
    SMS,
    Np6Stub,
    Operation,
    call_detailed,
    call_parsed,
    email_message,
    email_render,
    sms_message,
    sms_render,
)

FLAVOURS = ["sync", "async"]
by_operation = pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.name)
by_flavour = pytest.mark.parametrize("flavour", FLAVOURS)


async def assert_refused(
    op: Operation,
    flavour: str,
    error: type[Exception],
    match: str,
    *,
    action_id: Any = "A1",
    **kwargs: Any,
) -> None:
    """Call op every way (detailed and parsed); each call raises and sends nothing."""
    np6_server = Np6Stub(payload=op.success_payload())
    for call in (call_detailed, call_parsed):
        with pytest.raises(error, match=match):
            await call(op, flavour, action_id, client=np6_server.client(), **kwargs)
    assert np6_server.requests == []


# ---- Action id ---------------------------------------------------------------------------------


@by_operation
@by_flavour
@pytest.mark.parametrize("action_id", ["", "  ", "/", "//", " / ", ".", "..", None, 42])
async def test_empty_or_non_string_action_id_is_refused(
    op: Operation, flavour: str, action_id: Any
) -> None:
    await assert_refused(
        op, flavour, InvalidRequestError, "^id must be", action_id=action_id, body=op.body("email")
    )


# ---- Batches -----------------------------------------------------------------------------------

BATCHES = [
    (render_messages, email_render, sms_render, email_message),
    (send_messages, email_message, sms_message, email_render),
]
by_batch = pytest.mark.parametrize(
    ("module", "email_body", "sms_body", "other_kind"),
    BATCHES,
    ids=["render_messages", "send_messages"],
)


def batch_op(module: Any) -> Operation:
    return next(op for op in OPERATIONS if op.module is module)


@by_batch
@by_flavour
async def test_empty_batch_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    await assert_refused(batch_op(module), flavour, InvalidRequestError, "empty list", body=[])


@by_batch
@by_flavour
async def test_mixed_batch_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    body = [email_body(), email_body(), sms_body()]

    await assert_refused(
        batch_op(module),
        flavour,
        InvalidRequestError,
        r"item 0 is an email definition but item 2 is an SMS definition",
        body=body,
    )


@by_batch
@by_flavour
async def test_batch_item_of_the_other_kind_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    body = [email_body(), other_kind()]

    await assert_refused(
        batch_op(module),
        flavour,
        BodyTypeError,
        f"item 1 is .* {other_kind().__class__.__name__}",
        body=body,
    )


@by_batch
@by_flavour
@pytest.mark.parametrize("bad", ["one", "dict", "string"])
async def test_batch_of_something_else_than_a_list_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str, bad: str
) -> None:
    body = {"one": email_body(), "dict": {"recipient": {}}, "string": "recipients"}[bad]

    await assert_refused(batch_op(module), flavour, BodyTypeError, "takes a list of", body=body)


@by_batch
@by_flavour
async def test_batch_of_dicts_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    body = [email_body().to_dict()]

    await assert_refused(batch_op(module), flavour, BodyTypeError, "item 0 is .* dict", body=body)


# ---- Single messages ---------------------------------------------------------------------------

SINGLES = [
    (render_message, email_render, sms_render, email_message),
    (send_message, email_message, sms_message, sms_render),
]
by_single = pytest.mark.parametrize(
    ("module", "email_body", "sms_body", "other_kind"),
    SINGLES,
    ids=["render_message", "send_message"],
)


@by_single
@by_flavour
async def test_definition_of_the_other_kind_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    await assert_refused(
        batch_op(module),
        flavour,
        BodyTypeError,
        f"takes an Email.* or an Sms.*, got .*{other_kind().__class__.__name__}",
        body=other_kind(),
    )


@by_single
@by_flavour
async def test_list_given_to_a_single_message_call_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    await assert_refused(
        batch_op(module), flavour, BodyTypeError, "for a list, use", body=[email_body()]
    )


@by_single
@by_flavour
async def test_dict_body_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str
) -> None:
    await assert_refused(
        batch_op(module), flavour, BodyTypeError, "got .* dict", body=email_body().to_dict()
    )


@by_single
@by_flavour
@pytest.mark.parametrize("channel", ["email", "sms"])
async def test_content_type_of_the_other_channel_is_refused(
    module: Any, email_body: Any, sms_body: Any, other_kind: Any, flavour: str, channel: str
) -> None:
    body, wrong = (email_body(), SMS.upper()) if channel == "email" else (sms_body(), EMAIL)

    await assert_refused(
        batch_op(module),
        flavour,
        InvalidRequestError,
        "is the (SMS|email) media type, but the body is an (email|SMS) definition",
        body=body,
        content_type=f"{wrong}; charset=utf-8",
    )


@by_operation
@by_flavour
@pytest.mark.parametrize("content_type", ["", "  "])
async def test_empty_content_type_is_refused(
    op: Operation, flavour: str, content_type: str
) -> None:
    await assert_refused(
        op,
        flavour,
        InvalidRequestError,
        "content_type must be a media type",
        body=op.body("email"),
        content_type=content_type,
    )


# ---- The error classes and the media-type table ------------------------------------------------


def test_input_errors_are_value_or_type_errors_naming_the_argument() -> None:
    with pytest.raises(TypeError) as wrong_type:
        send_message.sync("A1", client=Np6Stub().client(), body=email_render())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty list") as empty:
        send_messages.sync("A1", client=Np6Stub().client(), body=[])

    assert isinstance(wrong_type.value, InvalidRequestError)
    assert wrong_type.value.parameter == "body"
    assert empty.value.parameter == "body"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("make_body", "media_type"),
    [(email_render, EMAIL), (sms_render, SMS), (email_message, EMAIL), (sms_message, SMS)],
)
def test_each_body_type_knows_its_media_type(make_body: Any, media_type: str) -> None:
    assert np6.media_type_of(make_body()) == media_type


def test_a_subclass_of_a_definition_is_sent_like_its_parent() -> None:
    class Receipt(EmailMessageDefinition):
        pass

    np6_server = Np6Stub(payload=[])
    send_messages.sync("A1", client=np6_server.client(), body=[email_message(), Receipt()])

    assert np6_server.only_request.headers["Content-Type"] == EMAIL


def test_media_type_of_something_else_is_refused() -> None:
    with pytest.raises(BodyTypeError, match="render or message definition"):
        np6.media_type_of({"recipient": {}})  # type: ignore[arg-type]
