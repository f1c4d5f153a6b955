"""Replay of tests/cassettes/: every NP6 operation, through the public API, sync and async.

The cassettes are recorded by scripts/record_cassettes.py and replayed here with
record_mode="none": a request that does not match its cassette (method, path, query, JSON body)
fails, and nothing reaches the network. The client is one of NP6's production origin, as the
cassettes say; vcrpy answers before any connection, and a fixture fails the test if a host name
is even looked up. The bodies come from the recorder's own builders, given the placeholders the
recording was scrubbed to. The contract check of tests/conftest.py also checks every replayed
request and response against the spec.
"""

from __future__ import annotations

import datetime
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import httpx
import pytest
import yaml
from np6_sandbox import load_spec_check
from record_cassettes import (
    CASES,
    CASSETTES,
    LIST_FROM,
    NP6_URL,
    SCRUBBED,
    UNKNOWN_ACTION,
    cassette_vcr,
    email_action,
    email_message,
    email_render,
    links_request,
    production_validation,
    sms_action,
    sms_message,
    sms_render,
    target_message,
    validation_for_test,
)

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
    validate_action,
)
from np6_client.api.exports import export_clicks, export_opens, export_recipients
from np6_client.api.messages import render_links, send_target_message
from np6_client.models import (
    Action,
    ActionListItem,
    ActionType,
    ExecutionError,
    ExecutionSuccess,
    RenderLinksResult,
    RenderSuccess,
    UnknownRenderResult,
    ValidationRequest,
)
from np6_client.types import Response
from tests.e2e.calls import call, given

REPLAY = cassette_vcr("none")
FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])


@contextmanager
def replay(name: str) -> Iterator[None]:
    """Serve the block's requests from tests/cassettes/<name>.yaml, and all of them."""
    with REPLAY.use_cassette(str(CASSETTES / f"{name}.yaml")) as cassette:
        yield
    assert cassette.all_played, f"{name}.yaml has exchanges the test did not replay"


@pytest.fixture(autouse=True)
def no_name_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Fail the test if anything resolves a host name: replay must not leave the process.

    pytest-socket refuses connections to hosts other than 127.0.0.1, but not DNS look-ups.
    """
    looked_up: list[Any] = []

    def refuse(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(host)
        raise OSError(f"replay looked up {host!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield looked_up
    assert looked_up == [], f"replay looked up {looked_up}"


@pytest.fixture
def client(ssl_context: ssl.SSLContext) -> Iterator[AuthenticatedClient]:
    """A client of NP6 itself: replay never needs the host the cassette was recorded on."""
    np6 = AuthenticatedClient(base_url=NP6_URL, token="replay-key", verify_ssl=ssl_context)
    yield np6
    np6.get_httpx_client().close()


def assert_empty_error(response: Response[Any], status: int) -> None:
    """NP6's 4xx: that status, no body, an x-request-id to quote to support."""
    assert response.status_code == status
    assert response.parsed is None
    assert response.content == b""
    assert response.headers["x-request-id"]


# ---- coverage ---------------------------------------------------------------------------------


def test_every_operation_has_a_cassette() -> None:
    spec = load_spec_check()
    served = set()
    for cassette in CASSETTES.glob("*.yaml"):
        for interaction in yaml.safe_load(cassette.read_text())["interactions"]:
            request = interaction["request"]
            path = httpx.URL(request["uri"]).raw_path.decode().split("?")[0]
            operation = spec.find(request["method"], path)
            assert operation is not None, f"{cassette.name}: {request['method']} {request['uri']}"
            served.add(operation.operation_id)

    assert served == {operation.operation_id for operation in spec.operations}
    assert len(served) == 17


def test_every_cassette_is_recorded_by_a_case_and_replayed_by_a_test() -> None:
    cassettes = {path.stem for path in CASSETTES.glob("*.yaml")}

    assert cassettes == {case.name for case in CASES}
    assert not {name for name in cassettes if f"test_{name}" not in globals()}


# ---- actions ----------------------------------------------------------------------------------


@FLAVOURS
async def test_list_actions(client: AuthenticatedClient, flavour: str) -> None:
    with replay("list_actions"):
        response = await call(list_actions, flavour, client=client, creation_start=LIST_FROM)

    assert response.status_code == 200
    [item] = given(response.parsed)
    assert isinstance(item, ActionListItem)
    assert item.id == "action-1"
    assert item.type_ == ActionType.MAILMESSAGE
    assert isinstance(item.creation_date, datetime.datetime)


@FLAVOURS
async def test_list_actions_401(ssl_context: ssl.SSLContext, flavour: str) -> None:
    wrong_key = AuthenticatedClient(base_url=NP6_URL, token="not-the-key", verify_ssl=ssl_context)

    with replay("list_actions_401"):
        response = await call(list_actions, flavour, client=wrong_key)

    assert_empty_error(response, 401)


@FLAVOURS
async def test_create_action(client: AuthenticatedClient, flavour: str) -> None:
    with replay("create_action"):
        response = await call(create_action, flavour, client=client, body=email_action(SCRUBBED))

    created = response.parsed
    assert isinstance(created, Action)
    assert created.id == "action-1"
    assert given(created.informations).state == 20
    assert given(created.creation_date).tzinfo is not None
    assert given(given(given(created.content).headers).from_).domain == SCRUBBED.sender_domain


@FLAVOURS
async def test_create_action_sms(client: AuthenticatedClient, flavour: str) -> None:
    with replay("create_action_sms"):
        response = await call(create_action, flavour, client=client, body=sms_action(SCRUBBED))

    created = response.parsed
    assert isinstance(created, Action)
    assert created.type_ == ActionType.SMSMESSAGE
    assert given(created.content).text == "Your code is {{ code }}"


@FLAVOURS
async def test_get_action(client: AuthenticatedClient, flavour: str) -> None:
    with replay("get_action"):
        response = await call(get_action, flavour, "action-1", client=client)

    action = response.parsed
    assert isinstance(action, Action)
    assert action.name == "Cassette email"
    assert given(given(action.settings).templating).version == "4.1"


@FLAVOURS
async def test_get_action_404(client: AuthenticatedClient, flavour: str) -> None:
    with replay("get_action_404"):
        response = await call(get_action, flavour, UNKNOWN_ACTION, client=client)

    assert_empty_error(response, 404)


@FLAVOURS
async def test_update_action(client: AuthenticatedClient, flavour: str) -> None:
    renamed = email_action(SCRUBBED)
    renamed.name = "Cassette email, renamed"

    with replay("update_action"):
        response = await call(update_action, flavour, "action-1", client=client, body=renamed)

    assert isinstance(response.parsed, Action)
    assert response.parsed.name == "Cassette email, renamed"
    assert response.parsed.id == "action-1"


@FLAVOURS
async def test_delete_action(client: AuthenticatedClient, flavour: str) -> None:
    with replay("delete_action"):
        response = await call(delete_action, flavour, "action-1", client=client)

    assert response.status_code == 204
    assert response.parsed is None


@FLAVOURS
async def test_delete_action_404(client: AuthenticatedClient, flavour: str) -> None:
    with replay("delete_action_404"):
        response = await call(delete_action, flavour, UNKNOWN_ACTION, client=client)

    assert_empty_error(response, 404)


@FLAVOURS
async def test_duplicate_action(client: AuthenticatedClient, flavour: str) -> None:
    with replay("duplicate_action"):
        response = await call(duplicate_action, flavour, "action-1", client=client, folder=1)

    copy = response.parsed
    assert isinstance(copy, Action)
    assert copy.id == "action-2"
    assert given(copy.informations).folder == 1
    assert given(copy.informations).state == 20


# ---- validation -------------------------------------------------------------------------------


@FLAVOURS
async def test_validate_action_for_test(client: AuthenticatedClient, flavour: str) -> None:
    body = validation_for_test(SCRUBBED)

    with replay("validate_action_for_test"):
        response = await call(validate_action, flavour, "action-1", client=client, body=body)

    assert response.status_code == 204


@FLAVOURS
async def test_validate_action(client: AuthenticatedClient, flavour: str) -> None:
    body = production_validation()

    with replay("validate_action"):
        response = await call(validate_action, flavour, "action-1", client=client, body=body)

    assert response.status_code == 204


@FLAVOURS
async def test_validate_action_409(client: AuthenticatedClient, flavour: str) -> None:
    body = production_validation()

    with replay("validate_action_409"):
        response = await call(validate_action, flavour, "action-1", client=client, body=body)

    assert_empty_error(response, 409)


async def _chunks(body: bytes) -> AsyncIterator[bytes]:
    yield body


@FLAVOURS
async def test_validate_action_411(client: AuthenticatedClient, flavour: str) -> None:
    """The client always sends a length; a chunked body through its httpx client shows 411."""
    url = "/actions/action-1/validation"
    body = b'{"fortest": false}'
    headers = {"Content-Type": "application/json"}

    with replay("validate_action_411"):
        if flavour == "sync":
            response = client.get_httpx_client().post(url, content=iter([body]), headers=headers)
        else:
            async_http = client.get_async_httpx_client()
            response = await async_http.post(url, content=_chunks(body), headers=headers)

    assert response.status_code == 411
    assert response.request.headers["transfer-encoding"] == "chunked"


@FLAVOURS
async def test_unvalidate_action(client: AuthenticatedClient, flavour: str) -> None:
    with replay("unvalidate_action"):
        response = await call(
            unvalidate_action, flavour, "action-1", client=client, body=ValidationRequest()
        )

    assert response.status_code == 204


@FLAVOURS
async def test_unvalidate_action_409(client: AuthenticatedClient, flavour: str) -> None:
    with replay("unvalidate_action_409"):
        response = await call(
            unvalidate_action, flavour, "action-1", client=client, body=ValidationRequest()
        )

    assert_empty_error(response, 409)


# ---- renders ----------------------------------------------------------------------------------


@FLAVOURS
async def test_render_message(client: AuthenticatedClient, flavour: str) -> None:
    body = email_render(SCRUBBED.email)

    with replay("render_message"):
        response = await call(render_message, flavour, "action-1", client=client, body=body)

    rendered = response.parsed
    assert isinstance(rendered, RenderSuccess)
    assert rendered.recipient == SCRUBBED.email
    assert rendered.subject == "Hello Ada"
    assert rendered.html == "<p>Hello Ada</p>"
    assert given(rendered.sender).label == "News"


@FLAVOURS
async def test_render_message_sms(client: AuthenticatedClient, flavour: str) -> None:
    body = sms_render(SCRUBBED.phone)

    with replay("render_message_sms"):
        response = await call(render_message, flavour, "action-1", client=client, body=body)

    rendered = response.parsed
    assert isinstance(rendered, RenderSuccess)
    assert rendered.recipient == SCRUBBED.phone
    assert rendered.text == "Your code is 4321"


@FLAVOURS
async def test_render_messages(client: AuthenticatedClient, flavour: str) -> None:
    batch = [email_render(SCRUBBED.email), email_render(SCRUBBED.unknown_email)]

    with replay("render_messages"):
        response = await call(render_messages, flavour, "action-1", client=client, body=batch)

    found, missing = given(response.parsed)
    assert isinstance(found, RenderSuccess)
    assert found.recipient == SCRUBBED.email
    assert isinstance(missing, UnknownRenderResult)
    assert missing.type_ == "error"
    assert missing.additional_properties["value"]["type"] == "recipient not found"


@FLAVOURS
async def test_render_links(client: AuthenticatedClient, flavour: str) -> None:
    body = links_request(SCRUBBED)

    with replay("render_links"):
        response = await call(render_links, flavour, "action-1", client=client, body=body)

    result = response.parsed
    assert isinstance(result, RenderLinksResult)
    assert result.type_ == "success"
    assert len(given(result.links)) == 1


# ---- sends ------------------------------------------------------------------------------------


@FLAVOURS
async def test_send_message(client: AuthenticatedClient, flavour: str) -> None:
    body = email_message(SCRUBBED.email)

    with replay("send_message"):
        response = await call(send_message, flavour, "action-1", client=client, body=body)

    result = response.parsed
    assert isinstance(result, ExecutionSuccess)
    assert isinstance(result.id, UUID)
    assert given(result.recipient).id == SCRUBBED.target_id
    assert given(result.recipient).unicity == SCRUBBED.email


@FLAVOURS
async def test_send_message_409(client: AuthenticatedClient, flavour: str) -> None:
    body = email_message(SCRUBBED.email)

    with replay("send_message_409"):
        response = await call(send_message, flavour, "action-1", client=client, body=body)

    assert_empty_error(response, 409)


@FLAVOURS
async def test_send_messages(client: AuthenticatedClient, flavour: str) -> None:
    batch = [email_message(SCRUBBED.email), email_message(SCRUBBED.unknown_email)]

    with replay("send_messages"):
        response = await call(send_messages, flavour, "action-1", client=client, body=batch)

    sent, refused = given(response.parsed)
    assert isinstance(sent, ExecutionSuccess)
    assert given(sent.recipient).unicity == SCRUBBED.email
    assert isinstance(refused, ExecutionError)
    assert given(refused.value).type_ == "recipient not found"
    recipient = given(given(refused.value).recipient)
    assert recipient.additional_properties["value"] == [SCRUBBED.unknown_email]


@FLAVOURS
async def test_send_messages_sms(client: AuthenticatedClient, flavour: str) -> None:
    batch = [sms_message(SCRUBBED.phone)]

    with replay("send_messages_sms"):
        response = await call(send_messages, flavour, "action-1", client=client, body=batch)

    [sent] = given(response.parsed)
    assert isinstance(sent, ExecutionSuccess)
    assert given(sent.recipient).unicity == SCRUBBED.phone


@FLAVOURS
async def test_send_messages_429(client: AuthenticatedClient, flavour: str) -> None:
    batch = [email_message(SCRUBBED.email)]

    with replay("send_messages_429"):
        response = await call(send_messages, flavour, "action-1", client=client, body=batch)

    assert_empty_error(response, 429)
    assert response.headers["Retry-After"] == "2"
    assert response.headers["X-RateLimit-Remaining"] == "0"


@FLAVOURS
async def test_send_target_message(client: AuthenticatedClient, flavour: str) -> None:
    with replay("send_target_message"):
        response = await call(
            send_target_message,
            flavour,
            "action-1",
            SCRUBBED.target_id,
            client=client,
            body=target_message(),
        )

    assert response.status_code == 204


# ---- exports ----------------------------------------------------------------------------------


@FLAVOURS
async def test_export_recipients(client: AuthenticatedClient, flavour: str) -> None:
    with replay("export_recipients"):
        response = await call(export_recipients, flavour, "action-1", client=client)

    assert response.status_code == 204


@FLAVOURS
async def test_export_opens(client: AuthenticatedClient, flavour: str) -> None:
    with replay("export_opens"):
        response = await call(export_opens, flavour, "action-1", client=client)

    assert response.status_code == 204


@FLAVOURS
async def test_export_clicks(client: AuthenticatedClient, flavour: str) -> None:
    with replay("export_clicks"):
        response = await call(export_clicks, flavour, "action-1", client=client)

    assert response.status_code == 204
