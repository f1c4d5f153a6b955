"""Answers that are not what the spec says: a typed error with the raw body, or the data kept.

Never a silent None, never a bare KeyError or JSONDecodeError from inside the models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from np6._connect import KEY_PLACEHOLDER
from np6._transport import Np6Transport
from np6.errors import MalformedResponseError
from np6.messages import render_messages, send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import get_action, list_actions
from np6_client.models import (
    Action,
    ActionState,
    EmailMessageDefinition,
    EmailRenderDefinition,
    ExecutionSuccess,
    UnknownExecutionResult,
    UnknownRenderResult,
)

# The answers below depart from the spec on purpose.
pytestmark = pytest.mark.no_contract

BASE_URL = "https://np6.test"
JSON = {"Content-Type": "application/json"}
HTML_PAGE = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"


def client_answering(
    code: int, body: bytes, headers: dict[str, str] | None = None
) -> AuthenticatedClient:
    """A client as np6.connect builds it, whose every call gets this answer."""
    answer = httpx.MockTransport(
        lambda request: httpx.Response(code, headers=headers or JSON, content=body)
    )
    transport = Np6Transport("key", base_url=BASE_URL, inner=answer, async_inner=answer)
    return AuthenticatedClient(
        base_url=BASE_URL, token=KEY_PLACEHOLDER, httpx_args={"transport": transport}
    )


def get(client: AuthenticatedClient) -> Any:
    return get_action.sync("A1", client=client)


def listing(client: AuthenticatedClient) -> Any:
    return list_actions.sync(client=client)


def send_batch(client: AuthenticatedClient) -> Any:
    return send_messages.sync("A1", client=client, body=[EmailMessageDefinition()])


def send_one(client: AuthenticatedClient) -> Any:
    return send_message.sync("A1", client=client, body=EmailMessageDefinition())


def render_batch(client: AuthenticatedClient) -> Any:
    return render_messages.sync("A1", client=client, body=[EmailRenderDefinition()])


@dataclass(frozen=True)
class Unreadable:
    name: str
    call: Callable[[AuthenticatedClient], Any]
    body: bytes
    code: int = 200
    headers: dict[str, str] | None = None


UNREADABLE = [
    Unreadable("invalid JSON", get, b"{not json"),
    Unreadable("HTML error page with 200", get, HTML_PAGE, headers={"Content-Type": "text/html"}),
    Unreadable("truncated body", get, b'{"id": "A1", "name": "Wel'),
    Unreadable("empty body", get, b""),
    Unreadable("bytes that are not UTF-8", get, b'{"name": "\xff\xfe"}'),
    Unreadable("a list for an action", get, b'[{"id": "A1"}]'),
    Unreadable("a string for an action", get, b'"A1"'),
    Unreadable("a string for a nested object", get, b'{"id": "A1", "informations": "filed"}'),
    Unreadable("a date that is no date", get, b'{"id": "A1", "creationDate": "yesterday"}'),
    Unreadable("a status HTTP does not define", get, b'{"id": "A1"}', code=299),
    Unreadable("an object for a list of actions", listing, b'{"id": "A1"}'),
    Unreadable("null in a list of actions", listing, b"[null]"),
    Unreadable("invalid JSON for a batch send", send_batch, b"[{"),
    Unreadable("HTML page for a send", send_one, HTML_PAGE, headers={"Content-Type": "text/html"}),
    Unreadable("an object for a batch send", send_batch, b'{"type": "success"}'),
    Unreadable("truncated batch render", render_batch, b'[{"type": "success", "subj'),
]


@pytest.mark.parametrize("case", UNREADABLE, ids=lambda case: case.name)
def test_unreadable_answer_raises_a_typed_error_carrying_the_raw_body(case: Unreadable) -> None:
    client = client_answering(case.code, case.body, case.headers)

    with pytest.raises(MalformedResponseError) as caught:
        case.call(client)

    assert caught.value.content == case.body
    assert caught.value.status_code == case.code
    assert caught.value.method in ("GET", "POST")
    assert caught.value.path.startswith("/actions")
    assert caught.value.__cause__ is not None  # the parsing error, kept for debugging


async def test_async_flavour_raises_the_same_typed_error() -> None:
    client = client_answering(200, b"{not json")

    with pytest.raises(MalformedResponseError):
        await get_action.asyncio("A1", client=client)


# ---- answers that depart from the spec but keep every value --------------------------------


def test_an_action_type_this_client_does_not_know_is_kept_as_it_came() -> None:
    body = b'{"id": "A1", "type": "pushMessage", "informations": {"state": 99}}'

    action = get(client_answering(200, body))

    assert isinstance(action, Action)
    assert action.type_ == "pushMessage"
    assert action.informations.state == 99  # type: ignore[union-attr]
    assert not isinstance(action.informations.state, ActionState)  # type: ignore[union-attr]


def test_fields_this_client_does_not_know_are_kept() -> None:
    action = get(client_answering(200, b'{"id": "A1", "channelScore": {"x": 1}}'))

    assert action.additional_properties == {"channelScore": {"x": 1}}


def test_a_result_type_this_client_does_not_know_is_kept_with_every_field() -> None:
    body = b'[{"type": "deferred", "until": "2026-01-05T10:00:00Z"}, {"type": "success"}]'

    deferred, success = send_batch(client_answering(200, body))

    assert isinstance(deferred, UnknownExecutionResult)
    assert deferred.to_dict() == {"type": "deferred", "until": "2026-01-05T10:00:00Z"}
    assert isinstance(success, ExecutionSuccess)


def test_a_known_result_missing_a_field_it_needs_is_kept_as_unknown_not_raised() -> None:
    body = b'[{"type": "success", "id": "not-a-uuid"}, {"subject": "no type at all"}]'

    bad_id, untyped = send_batch(client_answering(200, body))

    assert isinstance(bad_id, UnknownExecutionResult)
    assert bad_id.to_dict()["id"] == "not-a-uuid"
    assert isinstance(untyped, UnknownExecutionResult)


def test_a_render_result_type_this_client_does_not_know_is_kept() -> None:
    (result,) = render_batch(client_answering(200, b'[{"type": "preview", "html": "<p/>"}]'))

    assert isinstance(result, UnknownRenderResult)
    assert result.to_dict()["html"] == "<p/>"
