"""Malformed calls: each gets an InvalidRequestError that names the argument, and sends nothing.

The generated operations check their ids, datetimes, integers and body types before building the
request (scripts/templates/endpoint_module.py.jinja); np6.messages checks its batches.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from np6._connect import KEY_PLACEHOLDER
from np6._transport import Np6Transport
from np6.errors import InvalidRequestError
from np6.messages import render_messages, send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import (
    create_action,
    delete_action,
    duplicate_action,
    get_action,
    list_actions,
    unvalidate_action,
    update_action,
    validate_action,
)
from np6_client.api.exports import export_recipients
from np6_client.api.messages import render_links, send_target_message
from np6_client.models import (
    Action,
    EmailMessageDefinition,
    RenderLinksRequest,
    SmsMessageDefinition,
    TargetMessageRequest,
    UnicityIdentification,
    ValidationRequest,
)

KEY = "bad-input-key-0c7d"
BASE_URL = "https://np6.test"
NAIVE = datetime.datetime(2026, 1, 5, 9, 30)
AWARE = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)


def email_to(address: str) -> EmailMessageDefinition:
    return EmailMessageDefinition(recipient=UnicityIdentification(type_="unicity", value=[address]))


def sms_to(number: str) -> SmsMessageDefinition:
    return SmsMessageDefinition(recipient=UnicityIdentification(type_="unicity", value=[number]))


@dataclass(frozen=True)
class BadCall:
    """A call that cannot be right, and the argument it must be refused for."""

    name: str
    parameter: str
    call: Callable[[AuthenticatedClient], Any]


BAD_CALLS = [
    # ids that would not name one action once put in the path
    BadCall("empty id", "id", lambda c: get_action.sync("", client=c)),
    BadCall("blank id", "id", lambda c: get_action.sync("   ", client=c)),
    BadCall("'/' id", "id", lambda c: get_action.sync("/", client=c)),
    BadCall("'///' id", "id", lambda c: delete_action.sync_detailed("///", client=c)),
    BadCall("'..' id", "id", lambda c: get_action.sync("..", client=c)),
    BadCall("'.' id for a delete", "id", lambda c: delete_action.sync_detailed(".", client=c)),
    BadCall("None id", "id", lambda c: get_action.sync(None, client=c)),  # type: ignore[arg-type]
    BadCall("int id", "id", lambda c: get_action.sync(42, client=c)),  # type: ignore[arg-type]
    BadCall("empty id, export", "id", lambda c: export_recipients.sync_detailed("", client=c)),
    BadCall(
        "empty target id",
        "target_id",
        lambda c: send_target_message.sync("A1", "", client=c, body=TargetMessageRequest()),
    ),
    BadCall(
        "'/' target id",
        "target_id",
        lambda c: send_target_message.sync("A1", "/", client=c, body=TargetMessageRequest()),
    ),
    # bodies of the wrong type
    BadCall("dict body", "body", lambda c: create_action.sync(client=c, body={"name": "x"})),  # type: ignore[arg-type]
    BadCall("None body", "body", lambda c: create_action.sync(client=c, body=None)),  # type: ignore[arg-type]
    BadCall(
        "validation body to create",
        "body",
        lambda c: create_action.sync(client=c, body=ValidationRequest()),  # type: ignore[arg-type]
    ),
    BadCall(
        "action body to validate",
        "body",
        lambda c: validate_action.sync_detailed("A1", client=c, body=Action()),  # type: ignore[arg-type]
    ),
    BadCall(
        "dict body to unvalidate",
        "body",
        lambda c: unvalidate_action.sync_detailed("A1", client=c, body={}),  # type: ignore[arg-type]
    ),
    BadCall(
        "list body to render links",
        "body",
        lambda c: render_links.sync("A1", client=c, body=[RenderLinksRequest()]),  # type: ignore[arg-type]
    ),
    BadCall(
        "update with an empty id",
        "id",
        lambda c: update_action.sync("", client=c, body=Action(name="x")),
    ),
    # datetimes NP6 would read in a time zone nobody chose
    BadCall(
        "naive creation_start",
        "creation_start",
        lambda c: list_actions.sync(client=c, creation_start=NAIVE),
    ),
    BadCall(
        "naive creation_end",
        "creation_end",
        lambda c: list_actions.sync(client=c, creation_start=AWARE, creation_end=NAIVE),
    ),
    BadCall(
        "string creation_start",
        "creation_start",
        lambda c: list_actions.sync(client=c, creation_start="2026-01-05"),  # type: ignore[arg-type]
    ),
    BadCall(
        "date creation_end",
        "creation_end",
        lambda c: list_actions.sync(client=c, creation_end=datetime.date(2026, 1, 5)),  # type: ignore[arg-type]
    ),
    # folder and type ids
    BadCall(
        "negative folder", "folder", lambda c: duplicate_action.sync("A1", client=c, folder=-1)
    ),
    BadCall("negative type", "type_", lambda c: duplicate_action.sync("A1", client=c, type_=-3)),
    BadCall("bool folder", "folder", lambda c: duplicate_action.sync("A1", client=c, folder=True)),
    BadCall("str folder", "folder", lambda c: duplicate_action.sync("A1", client=c, folder="3")),  # type: ignore[arg-type]
    BadCall("float folder", "folder", lambda c: duplicate_action.sync("A1", client=c, folder=1.5)),  # type: ignore[arg-type]
    BadCall(
        "folder beyond int32",
        "folder",
        lambda c: duplicate_action.sync("A1", client=c, folder=2**31),
    ),
    # message batches (np6.messages)
    BadCall("empty batch", "body", lambda c: send_messages.sync("A1", client=c, body=[])),
    BadCall(
        "mixed email and SMS batch",
        "body",
        lambda c: send_messages.sync("A1", client=c, body=[email_to("a@x.test"), sms_to("+336")]),  # type: ignore[arg-type]
    ),
    BadCall(
        "batch of dicts",
        "body",
        lambda c: send_messages.sync("A1", client=c, body=[{"recipient": {}}]),  # type: ignore[arg-type]
    ),
    BadCall(
        "list to a single send",
        "body",
        lambda c: send_message.sync("A1", client=c, body=[email_to("a@x.test")]),  # type: ignore[arg-type]
    ),
    BadCall(
        "message definitions to a render",
        "body",
        lambda c: render_messages.sync("A1", client=c, body=[email_to("a@x.test")]),  # type: ignore[arg-type]
    ),
    BadCall(
        "'/' id for a batch send",
        "id",
        lambda c: send_messages.sync("/", client=c, body=[email_to("a@x.test")]),
    ),
]


@dataclass
class Counter:
    requests: int = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(500)


def client_counting(counter: Counter) -> AuthenticatedClient:
    """A client as np6.connect builds it, over a transport that counts what reaches it."""
    mock = httpx.MockTransport(counter)
    transport = Np6Transport(KEY, base_url=BASE_URL, inner=mock, async_inner=mock)
    return AuthenticatedClient(
        base_url=BASE_URL, token=KEY_PLACEHOLDER, httpx_args={"transport": transport}
    )


def test_the_table_has_at_least_twenty_distinct_calls() -> None:
    assert len({bad.name for bad in BAD_CALLS}) == len(BAD_CALLS) >= 20


@pytest.mark.parametrize("bad", BAD_CALLS, ids=lambda bad: bad.name)
def test_malformed_call_is_refused_with_a_clear_error_and_sends_nothing(bad: BadCall) -> None:
    counter = Counter()

    with pytest.raises(InvalidRequestError) as caught:
        bad.call(client_counting(counter))

    assert counter.requests == 0
    assert caught.value.parameter == bad.parameter
    assert bad.parameter.rstrip("_") in str(caught.value) or bad.parameter == "body"
    assert KEY not in str(caught.value)


async def test_async_flavours_refuse_the_same_calls_before_sending() -> None:
    counter = Counter()
    client = client_counting(counter)

    with pytest.raises(InvalidRequestError, match="naive"):
        await list_actions.asyncio(client=client, creation_start=NAIVE)
    with pytest.raises(InvalidRequestError, match="folder"):
        await duplicate_action.asyncio("A1", client=client, folder=-2)
    with pytest.raises(InvalidRequestError):
        await get_action.asyncio("/", client=client)

    assert counter.requests == 0


def test_good_values_next_to_the_bad_ones_pass_the_checks() -> None:
    kwargs = duplicate_action._get_kwargs("0A/B C", type_=0, folder=2**31 - 1)
    assert kwargs["params"] == {"type": 0, "folder": 2**31 - 1}

    kwargs = list_actions._get_kwargs(creation_start=AWARE, creation_end=None)
    assert kwargs["params"] == {"creation_start": AWARE.isoformat()}
