"""The API key never shows: a sentinel key, DEBUG logs on, every operation, then a search.

Every operation runs against a sandbox that accepts only the sentinel (so the key really was
sent), in success and in error (404, 409, 429, 5xx, a dropped connection, a timeout, an HTML
answer, bad input). Everything a user could see is captured and searched for the sentinel:
every log record of every logger, the repr() of the client objects, responses and requests,
the text, repr, args and formatted traceback of each error, and a cassette recorded with the
project's recorder (scripts/record_cassettes.py).
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cassette_scrub import Scrubber
from np6_sandbox import FaultKind, Sandbox
from record_cassettes import cassette_vcr

import np6
from np6.errors import NotFoundError
from np6.messages import render_message, render_messages, send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import (
    create_action,
    delete_action,
    duplicate_action,
    get_action,
    list_actions,
    unvalidate_action,
    update_action,
)
from np6_client.api.exports import export_clicks, export_opens, export_recipients
from np6_client.api.messages import render_links, send_target_message
from np6_client.models import (
    Action,
    EmailRenderDefinition,
    RenderLinksRequest,
    TargetMessageRequest,
    UnicityIdentification,
    ValidationRequest,
)
from tests.support.np6_flows import draft_action, email_to, validated_action
from tests.support.virtual_time import VirtualTime

# Faults make answers that depart from the spec (an HTML page with a 200) on purpose.
pytestmark = pytest.mark.no_contract

SENTINEL = "SENTINEL-np6-key-7e1d55aa90c3"
FRAGMENT = "7e1d55aa90c3"  # also caught if only part of the key leaked
ADDRESS = "ada@example.com"


class Capture:
    """Everything a user could print, log or record, as text."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def see(self, *objects: object) -> None:
        for value in objects:
            self.texts += [repr(value), str(value)]

    def see_error(self, error: BaseException) -> None:
        self.see(error, error.args, vars(error))
        self.texts += traceback.format_exception(error)  # the whole __cause__ chain too

    def call(self, operation: Callable[[], Any]) -> Any:
        """Run one operation, keep what it returns or raises; never let it fail the test."""
        try:
            result = operation()
        except Exception as error:  # every error is captured and searched, none is expected
            self.see_error(error)
            return error
        self.see(result)
        if isinstance(result, httpx.Response):
            self.see(result.request, result.request.headers, result.headers)
        return result

    def text(self) -> str:
        return "\n".join(self.texts)


@pytest.fixture(scope="module")
def sentinel_sandbox() -> Iterator[Sandbox]:
    with Sandbox(api_key=SENTINEL) as sandbox:
        yield sandbox


@pytest.fixture
def sandbox(sentinel_sandbox: Sandbox) -> Sandbox:
    sentinel_sandbox.reset()
    sentinel_sandbox.add_target(ADDRESS, "T-1")
    return sentinel_sandbox


def connect(sandbox: Sandbox, **settings: Any) -> AuthenticatedClient:
    settings.setdefault("retries", VirtualTime().policy(max_attempts=2))
    return np6.connect(SENTINEL, base_url=sandbox.base_url, **settings)


def every_operation(client: AuthenticatedClient, capture: Capture) -> list[Any]:
    """The 17 operations, each on a path that succeeds, then the errors of a typical day."""
    action_id = validated_action(client)
    draft = draft_action("Copy me")
    render = EmailRenderDefinition(receiver=UnicityIdentification(type_="unicity", value=[ADDRESS]))
    calls: list[Callable[[], Any]] = [
        lambda: list_actions.sync_detailed(client=client),
        lambda: get_action.sync_detailed(action_id, client=client),
        lambda: update_action.sync(action_id, client=client, body=draft),
        lambda: render_links.sync(action_id, client=client, body=RenderLinksRequest()),
        lambda: render_message.sync(action_id, client=client, body=render),
        lambda: render_messages.sync(action_id, client=client, body=[render]),
        lambda: validated_action(client),
        lambda: send_message.sync(validated_action(client), client=client, body=email_to(ADDRESS)),
        lambda: send_messages.sync(
            validated_action(client), client=client, body=[email_to(ADDRESS)]
        ),
        lambda: send_target_message.sync_detailed(
            validated_action(client), "T-1", client=client, body=TargetMessageRequest()
        ),
        lambda: duplicate_action.sync(action_id, client=client, folder=3),
        lambda: export_recipients.sync_detailed(action_id, client=client),
        lambda: export_opens.sync_detailed(action_id, client=client),
        lambda: export_clicks.sync_detailed(action_id, client=client),
        lambda: unvalidate_action.sync_detailed(action_id, client=client, body=ValidationRequest()),
        lambda: delete_action.sync_detailed(action_id, client=client),
        # errors: 404, 409 (send before validation), bad input
        lambda: get_action.sync(action_id, client=client),
        lambda: send_messages.sync(_draft_id(client), client=client, body=[email_to(ADDRESS)]),
        lambda: duplicate_action.sync("", client=client),
    ]
    return [capture.call(call) for call in calls]


def faulted_operations(
    client: AuthenticatedClient, sandbox: Sandbox, capture: Capture
) -> list[Any]:
    """429 until retries run out, 5xx and a dropped connection on sends, an HTML answer."""
    action_id = validated_action(client)
    faults: list[tuple[FaultKind, dict[str, Any], Callable[[], Any]]] = [
        ("rate_limit", {"times": None}, lambda: list_actions.sync(client=client)),
        (
            "server_error",
            {"status": 502},
            lambda: send_message.sync(action_id, client=client, body=email_to(ADDRESS)),
        ),
        (
            "drop",
            {"after_processing": True},
            lambda: send_messages.sync(action_id, client=client, body=[email_to(ADDRESS)]),
        ),
        ("drop", {"times": None}, lambda: get_action.sync(action_id, client=client)),
        ("not_json", {}, lambda: get_action.sync(action_id, client=client)),
    ]
    outcomes = []
    for kind, settings, call in faults:
        sandbox.faults.clear()
        sandbox.faults.add(r"/actions", kind, **settings)
        outcomes.append(capture.call(call))
    sandbox.faults.clear()
    return outcomes


def _draft_id(client: AuthenticatedClient) -> str:
    """An action that is not validated, so that a send through it answers 409."""
    created = create_action.sync(client=client, body=draft_action())
    assert isinstance(created, Action)
    assert isinstance(created.id, str)
    return created.id


def test_the_key_never_shows_in_logs_reprs_or_errors(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: np6, httpx, httpcore, the sandbox
    capture = Capture()
    client = connect(sandbox)

    outcomes = every_operation(client, capture) + faulted_operations(client, sandbox, capture)
    capture.see(client, client.get_httpx_client(), client._httpx_args, np6.connect)
    capture.see(client.get_httpx_client().headers, client.with_headers({"X-Trace": "1"}))

    searched = capture.text() + "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert FRAGMENT not in searched
    # The search means something only if the calls really went out, with the key, and failed
    # in the ways they were meant to.
    errors = {type(outcome).__name__ for outcome in outcomes if isinstance(outcome, Exception)}
    assert errors == {
        "NotFoundError",
        "ConflictError",
        "InvalidRequestError",
        "RateLimitError",
        "OutcomeUnknownError",
        "NoResponseError",
        "MalformedResponseError",
    }
    assert sum(sandbox.counts.accepted.values()) >= 4  # sends the sandbox accepted
    assert "GET /actions -> 200" in caplog.text  # DEBUG was on and the np6 logger spoke


async def test_the_key_never_shows_in_async_calls_either(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    capture = Capture()
    client = connect(sandbox)
    action_id = validated_action(client)

    try:
        sent = await send_messages.asyncio(action_id, client=client, body=[email_to(ADDRESS)])
        capture.see(sent)
        await get_action.asyncio(str(uuid.uuid4()), client=client)
    except NotFoundError as error:
        capture.see_error(error)
    else:
        pytest.fail("the unknown action was found")

    assert FRAGMENT not in capture.text() + caplog.text
    assert sandbox.counts.accepted.total() == 1


def test_the_key_never_reaches_a_recorded_cassette(sandbox: Sandbox, tmp_path: Path) -> None:
    # The project's recorder, its scrubber told nothing about this key: dropping the credential
    # headers must be enough, because the key is nowhere else. vcrpy records below np6's
    # transport, so a recorder without scrub_cassette's hooks would write the X-Key header.
    scrubber = Scrubber()
    recorder = cassette_vcr(
        "all",
        before_record_request=scrubber.drop_credentials,
        before_save_interaction=scrubber.interaction,
    )
    client = connect(sandbox)

    with recorder.use_cassette(str(tmp_path / "every_operation.yaml")):
        every_operation(client, Capture())

    cassette = (tmp_path / "every_operation.yaml").read_text()
    assert "/executions" in cassette  # the sends were recorded
    assert FRAGMENT not in cassette
