"""Render and send through the np6.messages overlays, against the same calls made by hand.

The client's side builds the generated models a user builds (EmailRenderDefinition,
EmailMessageDefinition, with their identifications and data), the floor builds the same JSON as
dicts; both sides' answers are parsed, into result models or into dicts.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from benchmarks import payloads
from benchmarks._clients import post_json
from benchmarks._measure import (
    PARSE_MANY,
    SERIALISE_MANY,
    SINGLE_CALL,
    Comparison,
    compare_per_call,
)
from benchmarks.settings import Settings
from np6.messages import render_message, send_messages
from np6.results import parse_execution_results
from np6_client.client import AuthenticatedClient
from np6_client.models import (
    EmailMessageDefinition,
    EmailMessageDefinitionData,
    EmailRenderDefinition,
    EmailRenderDefinitionData,
    IdIdentification,
    UnicityIdentification,
)

RENDER_PATH = f"/actions/{payloads.ACTION_ID}/render"
SEND_PATH = f"/actions/{payloads.ACTION_ID}/executions"


def run(client: AuthenticatedClient, http: httpx.Client, settings: Settings) -> list[Comparison]:
    return [
        render_one_email(client, http, settings),
        send_batch(client, http, settings),
        serialise_batch(settings),
        parse_batch_results(settings),
    ]


def build_render_definition() -> EmailRenderDefinition:
    """The model a user builds for payloads.render_definition()."""
    source = payloads.render_definition()
    return EmailRenderDefinition(
        receiver=IdIdentification(type_="id", value=source["receiver"]["value"]),
        data=EmailRenderDefinitionData.from_dict(source["data"]),
    )


def build_message(index: int) -> EmailMessageDefinition:
    """The model a user builds for payloads.message_definition(index)."""
    return EmailMessageDefinition(
        recipient=UnicityIdentification(type_="unicity", value=[payloads.recipient_address(index)]),
        data=EmailMessageDefinitionData.from_dict(payloads.message_definition(index)["data"]),
    )


def build_messages(count: int, start: int = 0) -> list[EmailMessageDefinition]:
    return [build_message(index) for index in range(start, start + count)]


def render_one_email(
    client: AuthenticatedClient, http: httpx.Client, settings: Settings
) -> Comparison:
    def subject() -> object:
        return render_message.sync(
            payloads.ACTION_ID, client=client, body=build_render_definition()
        )

    def floor() -> object:
        body = payloads.render_definition()
        return post_json(http, RENDER_PATH, body, payloads.EMAIL_MEDIA_TYPE)

    return compare_per_call("render one email", floor, subject, settings, SINGLE_CALL)


def send_batch(client: AuthenticatedClient, http: httpx.Client, settings: Settings) -> Comparison:
    size = settings.batch_size

    def subject() -> object:
        body = build_messages(size)
        return send_messages.sync(payloads.ACTION_ID, client=client, body=body)

    def floor() -> object:
        body = payloads.message_batch(size)
        return post_json(http, SEND_PATH, body, payloads.EMAIL_MEDIA_TYPE)

    name = f"send {size:,} emails (build+send+parse)"
    note = "no target of its own: its two halves below carry the issue's targets"
    return compare_per_call(name, floor, subject, settings, None, (note,))


def serialise_batch(settings: Settings) -> Comparison:
    """Models to JSON bytes against dicts to JSON bytes: the serialising half of a send."""
    models = build_messages(settings.batch_size)
    dicts = payloads.message_batch(settings.batch_size)

    def subject() -> object:
        return json.dumps([message.to_dict() for message in models])

    def floor() -> object:
        return json.dumps(dicts)

    name = f"serialise {settings.batch_size:,} messages (to_dict)"
    return compare_per_call(name, floor, subject, settings, SERIALISE_MANY)


def parse_batch_results(settings: Settings) -> Comparison:
    """JSON bytes to result models against JSON bytes to dicts: the parsing half of a send."""
    body = payloads.encode(payloads.execution_results(settings.batch_size))

    def subject() -> object:
        results: list[Any] = parse_execution_results(json.loads(body))
        return results

    def floor() -> object:
        return json.loads(body)

    name = f"parse {settings.batch_size:,} send results"
    return compare_per_call(name, floor, subject, settings, PARSE_MANY)
