"""Typed building blocks for tests that drive the sandbox through np6_client and np6.messages."""

from __future__ import annotations

import uuid

from np6_client import AuthenticatedClient
from np6_client.api.actions import create_action, validate_action
from np6_client.models import (
    Action,
    ActionContent,
    ActionType,
    EmailMessageDefinition,
    MessageHeaders,
    Sender,
    Stamp,
    UnicityIdentification,
    ValidationRequest,
)


def draft_action(name: str = "Welcome") -> Action:
    """An email action with content, as the sandbox and NP6 accept it."""
    return Action(
        type_=ActionType.MAILMESSAGE,
        name=name,
        content=ActionContent(
            headers=MessageHeaders(from_=Sender(prefix="news", domain="example.com", label="News")),
            subject="Hello {{ first_name }}",
            html="<p>Hello {{ first_name }}</p>",
        ),
    )


def validated_action(client: AuthenticatedClient) -> str:
    """Create an action, test it and validate it for production; return its id."""
    created = create_action.sync(client=client, body=draft_action())
    assert isinstance(created, Action)
    assert isinstance(created.id, str)
    for request in (
        ValidationRequest(fortest=True, test_segments=[7]),
        ValidationRequest(fortest=False),
    ):
        assert (
            validate_action.sync_detailed(created.id, client=client, body=request).status_code
            == 204
        )
    return created.id


def email_to(address: str) -> EmailMessageDefinition:
    """A message to one address, stamped with a fresh id so the sandbox counts it on its own."""
    return EmailMessageDefinition(
        recipient=UnicityIdentification(type_="unicity", value=[address]),
        stamp=Stamp(id=uuid.uuid4()),
    )
