"""The 13 generated operations on the wire, over httpx.MockTransport (no network).

For each: the method, the path with a percent-encoded id, the query, the X-Key header from the
client, the JSON body, and the parsing of every status the spec documents for it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

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
    ActionContent,
    ActionInformations,
    ActionListItem,
    ActionState,
    ActionType,
    IdIdentification,
    MessageHeaders,
    RenderLinksRequest,
    RenderLinksResult,
    Sender,
    TargetMessageRequest,
    TargetMessageRequestData,
    ValidationRequest,
)
from np6_client.types import UNSET

SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "spec" / "np6-cm.yaml").read_text())
KEY = "test-key-0123"
AWKWARD_ID = "0A/B C"  # a slash and a space: both must be percent-encoded in the path
ENCODED_ID = "0A%2FB%20C"

ACTION_JSON: dict[str, Any] = {
    "type": "mailMessage",
    "id": "000ABC",
    "name": "Welcome",
    "creationDate": "2026-05-04T10:00:00Z",
    "informations": {"folder": 3, "category": None, "state": 20},
    "settings": {"priority": True, "editionMode": 1, "consent": 0},
    "content": {
        "headers": {"from": {"prefix": "news", "domain": "example.com", "label": "News"}},
        "subject": "Hello [FIRSTNAME]",
    },
}


def new_action() -> Action:
    return Action(
        type_=ActionType.MAILMESSAGE,
        name="Welcome",
        informations=ActionInformations(folder=3),
    )


@dataclass
class Case:
    """One generated operation: how to call it and what must go over the wire."""

    module: ModuleType
    method: str
    path: str
    call: Callable[[AuthenticatedClient], dict[str, Any]]
    spec_path: str
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    success_json: Any = None
    success_type: type | None = None


CASES = [
    Case(
        list_actions,
        "GET",
        "/actions",
        lambda c: {
            "client": c,
            "creation_start": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            "creation_end": datetime.datetime(2026, 2, 1, 12, 30, tzinfo=datetime.UTC),
        },
        "/actions",
        query={
            "creation_start": "2026-01-01T00:00:00+00:00",
            "creation_end": "2026-02-01T12:30:00+00:00",
        },
        success_json=[{**ACTION_JSON, "scheduler": {"type": "asap"}}],
        success_type=list,
    ),
    Case(
        create_action,
        "POST",
        "/actions",
        lambda c: {"client": c, "body": new_action()},
        "/actions",
        body={"type": "mailMessage", "name": "Welcome", "informations": {"folder": 3}},
        success_json=ACTION_JSON,
        success_type=Action,
    ),
    Case(
        get_action,
        "GET",
        f"/actions/{ENCODED_ID}",
        lambda c: {"id": AWKWARD_ID, "client": c},
        "/actions/{id}",
        success_json=ACTION_JSON,
        success_type=Action,
    ),
    Case(
        update_action,
        "PUT",
        f"/actions/{ENCODED_ID}",
        lambda c: {"id": AWKWARD_ID, "client": c, "body": new_action()},
        "/actions/{id}",
        body={"type": "mailMessage", "name": "Welcome", "informations": {"folder": 3}},
        success_json=ACTION_JSON,
        success_type=Action,
    ),
    Case(
        delete_action,
        "DELETE",
        f"/actions/{ENCODED_ID}",
        lambda c: {"id": AWKWARD_ID, "client": c},
        "/actions/{id}",
    ),
    Case(
        duplicate_action,
        "POST",
        f"/actions/{ENCODED_ID}/duplication",
        lambda c: {"id": AWKWARD_ID, "client": c, "type_": 0, "folder": 12},
        "/actions/{id}/duplication",
        query={"type": "0", "folder": "12"},
        success_json=ACTION_JSON,
        success_type=Action,
    ),
    Case(
        validate_action,
        "POST",
        f"/actions/{ENCODED_ID}/validation",
        lambda c: {
            "id": AWKWARD_ID,
            "client": c,
            "body": ValidationRequest(fortest=True, test_segments=[7]),
        },
        "/actions/{id}/validation",
        body={"fortest": True, "testSegments": [7]},
    ),
    Case(
        unvalidate_action,
        "DELETE",
        f"/actions/{ENCODED_ID}/validation",
        lambda c: {"id": AWKWARD_ID, "client": c, "body": ValidationRequest()},
        "/actions/{id}/validation",
        body={},
    ),
    Case(
        render_links,
        "POST",
        f"/actions/{ENCODED_ID}/render/links",
        lambda c: {
            "id": AWKWARD_ID,
            "client": c,
            "body": RenderLinksRequest(receiver=IdIdentification(type_="id", value="T1")),
        },
        "/actions/{id}/render/links",
        body={"receiver": {"type": "id", "value": "T1"}},
        success_json={"type": "success", "links": ["https://example.com/l/1"]},
        success_type=RenderLinksResult,
    ),
    Case(
        send_target_message,
        "POST",
        f"/actions/{ENCODED_ID}/targets/T%2F9",
        lambda c: {
            "id": AWKWARD_ID,
            "target_id": "T/9",
            "client": c,
            "body": TargetMessageRequest(data=TargetMessageRequestData.from_dict({"n": 1})),
        },
        "/actions/{id}/targets/{targetId}",
        body={"data": {"n": 1}},
        success_json="conversation-42",
        success_type=str,
    ),
    Case(
        export_recipients,
        "GET",
        f"/actions/{ENCODED_ID}/export/recipients",
        lambda c: {"id": AWKWARD_ID, "client": c},
        "/actions/{id}/export/recipients",
    ),
    Case(
        export_opens,
        "GET",
        f"/actions/{ENCODED_ID}/export/tracking/opens",
        lambda c: {"id": AWKWARD_ID, "client": c},
        "/actions/{id}/export/tracking/opens",
    ),
    Case(
        export_clicks,
        "GET",
        f"/actions/{ENCODED_ID}/export/tracking/clicks",
        lambda c: {"id": AWKWARD_ID, "client": c},
        "/actions/{id}/export/tracking/clicks",
    ),
]


def documented_statuses(case: Case) -> list[int]:
    operation = SPEC["paths"][case.spec_path][case.method.lower()]
    return sorted(int(status) for status in operation["responses"])


def case_id(case: Case) -> str:
    return case.module.__name__.rsplit(".", 1)[-1]


def client_answering(
    status: int, json_body: Any = None
) -> tuple[AuthenticatedClient, list[httpx.Request]]:
    """A client whose every request is recorded and answered with the given status and body."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if json_body is None:
            return httpx.Response(status, headers={"x-request-id": "req-1"})
        return httpx.Response(status, json=json_body)

    client = AuthenticatedClient(
        base_url="https://api-cm.np6.com",
        token=KEY,
        httpx_args={"transport": httpx.MockTransport(answer)},
    )
    return client, seen


def success_status(case: Case) -> int:
    return 200 if case.success_json is not None else 204


def test_all_13_generated_operations_are_covered() -> None:
    assert len({case_id(c) for c in CASES}) == 13


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_request_on_the_wire(case: Case) -> None:
    client, seen = client_answering(success_status(case), case.success_json)

    case.module.sync_detailed(**case.call(client))

    (request,) = seen
    assert request.method == case.method
    assert request.url.raw_path.split(b"?")[0].decode() == case.path
    assert dict(request.url.params) == case.query
    assert request.headers["X-Key"] == KEY
    if case.body is None:
        assert request.content == b""
    else:
        assert request.headers["Content-Type"] == "application/json"
        assert json.loads(request.content) == case.body


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_success_is_parsed_into_the_typed_result(case: Case) -> None:
    client, _ = client_answering(success_status(case), case.success_json)

    response = case.module.sync_detailed(**case.call(client))

    assert response.status_code == success_status(case)
    if case.success_type is None:
        assert response.parsed is None
    else:
        assert isinstance(response.parsed, case.success_type)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_documented_status_is_parsed(case: Case) -> None:
    for status in documented_statuses(case):
        body = case.success_json if status == 200 else None
        client, _ = client_answering(status, body)

        response = case.module.sync_detailed(**case.call(client))

        assert response.status_code == status
        if status >= 400:
            assert response.parsed is None
            assert response.headers["x-request-id"] == "req-1"


@pytest.mark.parametrize("case", CASES, ids=case_id)
async def test_async_flavour_sends_the_same_request(case: Case) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(success_status(case), json=case.success_json)

    client = AuthenticatedClient(
        base_url="https://api-cm.np6.com",
        token=KEY,
        httpx_args={"transport": httpx.MockTransport(answer)},
    )

    response = await case.module.asyncio_detailed(**case.call(client))

    (request,) = seen
    assert (request.method, request.url.raw_path.split(b"?")[0].decode()) == (
        case.method,
        case.path,
    )
    assert request.headers["X-Key"] == KEY
    assert response.status_code == success_status(case)


def test_action_is_parsed_field_by_field() -> None:
    client, _ = client_answering(200, ACTION_JSON)

    action = get_action.sync("000ABC", client=client)

    assert isinstance(action, Action)
    assert action.id == "000ABC"
    assert action.type_ is ActionType.MAILMESSAGE
    assert action.creation_date == datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC)
    assert isinstance(action.informations, ActionInformations)
    assert action.informations.state is ActionState.VALUE_20
    assert action.informations.category is None
    assert isinstance(action.content, ActionContent)
    assert isinstance(action.content.headers, MessageHeaders)
    assert isinstance(action.content.headers.from_, Sender)
    assert action.content.headers.from_.domain == "example.com"
    assert action.description is UNSET


def test_unknown_fields_and_enum_values_are_kept() -> None:
    surprising = {
        **ACTION_JSON,
        "type": "pushMessage",
        "informations": {"state": 99},
        "brandNewField": {"x": 1},
    }
    client, _ = client_answering(200, surprising)

    action = get_action.sync("000ABC", client=client)

    assert isinstance(action, Action)
    assert action.type_ == "pushMessage"
    assert isinstance(action.informations, ActionInformations)
    assert action.informations.state == 99
    assert action["brandNewField"] == {"x": 1}
    assert action.to_dict()["brandNewField"] == {"x": 1}


def test_action_list_keeps_scheduler_and_items_in_order() -> None:
    items = [{**ACTION_JSON, "id": f"A{i}"} for i in range(3)]
    client, _ = client_answering(200, items)

    actions = list_actions.sync(client=client)

    assert isinstance(actions, list)
    assert [a.id for a in actions] == ["A0", "A1", "A2"]
    assert all(isinstance(a, ActionListItem) for a in actions)


def test_the_key_is_not_in_the_client_repr() -> None:
    client = AuthenticatedClient(base_url="https://api-cm.np6.com", token=KEY)
    assert KEY not in repr(client)
