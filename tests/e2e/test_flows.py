"""End-to-end flows against the sandbox, through the public API: email and SMS, sync and async.

Each flow creates an action, runs its test phase, validates it, renders one personalised
message, sends a batch of 100 and asks for the recipients' export, checking the action's state
at each step and, at the sandbox, that each of the 100 messages was accepted exactly once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from np6_sandbox import Sandbox

from np6.messages import render_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import create_action, get_action, validate_action
from np6_client.api.exports import export_recipients
from np6_client.models import (
    Action,
    ActionContent,
    ActionType,
    EmailMessageDefinition,
    EmailRenderDefinition,
    EmailRenderDefinitionData,
    ExecutionSuccess,
    MessageHeaders,
    RenderSuccess,
    Sender,
    SmsMessageDefinition,
    SmsRenderDefinition,
    SmsRenderDefinitionData,
    Stamp,
    UnicityIdentification,
    ValidationRequest,
)
from np6_client.types import Unset
from tests.e2e.calls import call, given

BATCH = 100


def to(address: str) -> UnicityIdentification:
    return UnicityIdentification(type_="unicity", value=[address])


@dataclass(frozen=True)
class Channel:
    """What differs between an email flow and an SMS flow."""

    name: str
    action: Action
    recipient: Callable[[int], str]
    render: Callable[[str], EmailRenderDefinition | SmsRenderDefinition]
    message: Callable[[str], EmailMessageDefinition | SmsMessageDefinition]
    rendered: Callable[[RenderSuccess], str | Unset]
    expected_render: str


EMAIL = Channel(
    name="email",
    action=Action(
        type_=ActionType.MAILMESSAGE,
        name="Spring newsletter",
        content=ActionContent(
            headers=MessageHeaders(from_=Sender(prefix="news", domain="example.com", label="News")),
            subject="Spring news for {{ first_name }}",
            html="<p>Hello {{ first_name }}</p>",
        ),
    ),
    recipient=lambda n: f"reader.{n}@example.com",
    render=lambda address: EmailRenderDefinition(
        receiver=to(address), data=EmailRenderDefinitionData.from_dict({"first_name": "Ada"})
    ),
    message=lambda address: EmailMessageDefinition(
        recipient=to(address), stamp=Stamp(id=uuid.uuid4())
    ),
    rendered=lambda result: result.subject,
    expected_render="Spring news for Ada",
)
SMS = Channel(
    name="sms",
    action=Action(
        type_=ActionType.SMSMESSAGE,
        name="Delivery code",
        content=ActionContent(text="Your code is {{ code }}"),
    ),
    recipient=lambda n: f"+3360000{n:04d}",
    render=lambda phone: SmsRenderDefinition(
        receiver=to(phone), data=SmsRenderDefinitionData.from_dict({"code": "4321"})
    ),
    message=lambda phone: SmsMessageDefinition(recipient=to(phone), stamp=Stamp(id=uuid.uuid4())),
    rendered=lambda result: result.text,
    expected_render="Your code is 4321",
)


async def state_of(client: AuthenticatedClient, flavour: str, action_id: str) -> int | None:
    action = (await call(get_action, flavour, action_id, client=client)).parsed
    assert isinstance(action, Action)
    state = given(action.informations).state
    return None if state is None or isinstance(state, Unset) else int(state)


@pytest.mark.parametrize("channel", [EMAIL, SMS], ids=lambda channel: channel.name)
@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_create_validate_render_send_export(
    sandbox: Sandbox, sandbox_client: AuthenticatedClient, channel: Channel, flavour: str
) -> None:
    client = sandbox_client
    recipients = [channel.recipient(n) for n in range(BATCH)]
    for recipient in recipients:
        sandbox.add_target(recipient)

    # create: a draft with content
    created = (await call(create_action, flavour, client=client, body=channel.action)).parsed
    assert isinstance(created, Action)
    action_id = given(created.id)
    assert await state_of(client, flavour, action_id) == 20

    # test phase, then validation for production
    for_test = ValidationRequest(fortest=True, test_segments=[7])
    response = await call(validate_action, flavour, action_id, client=client, body=for_test)
    assert response.status_code == 204
    assert await state_of(client, flavour, action_id) == 38
    production = ValidationRequest(fortest=False)
    response = await call(validate_action, flavour, action_id, client=client, body=production)
    assert response.status_code == 204
    assert await state_of(client, flavour, action_id) == 50

    # render for one recipient
    render = channel.render(recipients[0])
    rendered = (await call(render_message, flavour, action_id, client=client, body=render)).parsed
    assert isinstance(rendered, RenderSuccess)
    assert rendered.recipient == recipients[0]
    assert channel.rendered(rendered) == channel.expected_render

    # send a batch of 100: one success per message, each accepted once
    batch = [channel.message(recipient) for recipient in recipients]
    response = await call(send_messages, flavour, action_id, client=client, body=batch)
    results = given(response.parsed)
    assert all(isinstance(result, ExecutionSuccess) for result in results)
    assert [given(r.recipient).unicity for r in results] == recipients
    stamps = {str(given(message.stamp).id) for message in batch}
    assert dict(sandbox.counts.accepted) == dict.fromkeys(stamps, 1)
    assert sandbox.counts.received["send_messages"] == 1

    # export the recipients
    response = await call(export_recipients, flavour, action_id, client=client)
    assert response.status_code == 204


async def test_send_before_validation_is_refused_and_nothing_is_accepted(
    sandbox: Sandbox, sandbox_client: AuthenticatedClient
) -> None:
    sandbox.add_target("reader.0@example.com")
    created = create_action.sync(client=sandbox_client, body=EMAIL.action)
    assert isinstance(created, Action)
    action_id = given(created.id)
    for_test = ValidationRequest(fortest=True, test_segments=[7])
    validate_action.sync_detailed(action_id, client=sandbox_client, body=for_test)

    message = EmailMessageDefinition(recipient=to("reader.0@example.com"))

    response = await send_messages.asyncio_detailed(
        action_id, client=sandbox_client, body=[message]
    )

    assert response.status_code == 409
    assert response.parsed is None
    assert not sandbox.counts.accepted
