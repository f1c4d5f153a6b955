"""The NP6 sandbox itself: action states, NP6's refusals, faults on demand, counts, control."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from np6_sandbox import Sandbox

from np6_client import AuthenticatedClient

EMAIL = "application/vnd.np6.cm.email"
SMS = "application/vnd.np6.cm.sms"
EMAIL_ACTION = {
    "type": "mailMessage",
    "name": "Welcome",
    "content": {
        "headers": {"from": {"prefix": "news", "domain": "example.com", "label": "News"}},
        "subject": "Hello {{ first_name }}",
        "html": "<p>Hello [FIRST_NAME], {{ missing }}</p>",
        "text": "Hello {{ first_name }}",
    },
}


@pytest.fixture
def http(sandbox_client: AuthenticatedClient) -> httpx.Client:
    """The sandbox client's httpx client: base URL and X-Key already set."""
    return sandbox_client.get_httpx_client()


def create(http: httpx.Client, definition: dict[str, Any] | None = None) -> dict[str, Any]:
    response = http.post("/actions", json=EMAIL_ACTION if definition is None else definition)
    assert response.status_code == 200
    created: dict[str, Any] = response.json()
    return created


def state_of(http: httpx.Client, action_id: str) -> int:
    state: int = http.get(f"/actions/{action_id}").json()["informations"]["state"]
    return state


def validate(http: httpx.Client, action_id: str, *, fortest: bool) -> int:
    body: dict[str, Any] = {"fortest": fortest}
    if fortest:
        body["testSegments"] = [7]
    return http.post(f"/actions/{action_id}/validation", json=body).status_code


def send(http: httpx.Client, action_id: str, recipients: list[str]) -> httpx.Response:
    messages = [{"recipient": {"type": "unicity", "value": [r]}} for r in recipients]
    return http.post(
        f"/actions/{action_id}/executions",
        content=json.dumps(messages),
        headers={"Content-Type": EMAIL},
    )


def validated(http: httpx.Client) -> str:
    action_id: str = create(http)["id"]
    assert validate(http, action_id, fortest=True) == 204
    assert validate(http, action_id, fortest=False) == 204
    return action_id


# ---- actions and their states ----------------------------------------------------------------


def test_create_sets_id_date_and_state_from_content(http: httpx.Client) -> None:
    with_content = create(http)
    empty = create(http, {"type": "mailMessage", "name": "Empty"})

    assert with_content["informations"]["state"] == 20
    assert empty["informations"]["state"] == 10
    assert with_content["id"] != empty["id"]
    assert with_content["creationDate"].endswith("Z")


def test_update_replaces_definition_and_keeps_identity(http: httpx.Client) -> None:
    created = create(http)

    updated = http.put(f"/actions/{created['id']}", json={**EMAIL_ACTION, "name": "Renamed"})

    assert updated.status_code == 200
    assert updated.json()["name"] == "Renamed"
    assert updated.json()["creationDate"] == created["creationDate"]


def test_delete_then_every_call_on_the_action_is_404(http: httpx.Client) -> None:
    action_id = create(http)["id"]

    assert http.delete(f"/actions/{action_id}").status_code == 204

    assert http.get(f"/actions/{action_id}").status_code == 404
    assert http.delete(f"/actions/{action_id}").status_code == 404
    assert http.get(f"/actions/{action_id}/export/recipients").status_code == 404


def test_duplicate_is_a_new_draft_in_the_given_folder(http: httpx.Client) -> None:
    action_id = validated(http)

    copy = http.post(f"/actions/{action_id}/duplication", params={"folder": 12})

    assert copy.status_code == 200
    assert copy.json()["id"] != action_id
    assert copy.json()["informations"] == {"folder": 12, "category": None, "state": 20}


def test_validation_runs_test_phase_then_production(http: httpx.Client) -> None:
    action_id = create(http)["id"]

    assert validate(http, action_id, fortest=False) == 409  # not tested yet
    assert validate(http, action_id, fortest=True) == 204
    assert state_of(http, action_id) == 38
    assert validate(http, action_id, fortest=False) == 204
    assert state_of(http, action_id) == 50


def test_unvalidate_returns_to_draft_and_refuses_a_draft(http: httpx.Client) -> None:
    action_id = validated(http)
    url = f"/actions/{action_id}/validation"

    assert http.request("DELETE", url, json={}).status_code == 204
    assert state_of(http, action_id) == 20
    assert http.request("DELETE", url, json={}).status_code == 409


def test_test_phase_without_segments_or_media_is_refused(http: httpx.Client) -> None:
    action_id = create(http)["id"]

    response = http.post(f"/actions/{action_id}/validation", json={"fortest": True})

    assert response.status_code == 400
    assert state_of(http, action_id) == 20


def test_send_before_validation_is_409_with_empty_body_and_request_id(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.add_target("ada@example.com")
    action_id = create(http)["id"]
    validate(http, action_id, fortest=True)

    response = send(http, action_id, ["ada@example.com"])

    assert response.status_code == 409
    assert response.content == b""
    assert response.headers["x-request-id"]
    assert not sandbox.counts.accepted


def test_list_filters_on_creation_date(http: httpx.Client) -> None:
    created = create(http)

    everything = http.get("/actions").json()
    after = http.get("/actions", params={"creation_start": "2999-01-01T00:00:00Z"}).json()

    assert [item["id"] for item in everything] == [created["id"]]
    assert after == []


# ---- renders and sends -----------------------------------------------------------------------


def test_render_personalises_content_for_the_receiver(sandbox: Sandbox, http: httpx.Client) -> None:
    target = sandbox.add_target("ada@example.com")
    action_id = create(http)["id"]
    definition = {"receiver": {"type": "id", "value": target.id}, "data": {"first_name": "Ada"}}

    response = http.post(
        f"/actions/{action_id}/render",
        content=json.dumps(definition),
        headers={"Content-Type": EMAIL},
    )

    rendered = response.json()
    assert rendered["type"] == "success"
    assert rendered["recipient"] == "ada@example.com"
    assert rendered["subject"] == "Hello Ada"
    assert rendered["html"] == "<p>Hello Ada, {{ missing }}</p>"
    assert rendered["sender"]["value"] == "news@example.com"


def test_send_answers_per_message_and_counts_accepted_ones(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    target = sandbox.add_target("ada@example.com")
    action_id = validated(http)

    results = send(http, action_id, ["ada@example.com", "nobody@example.com"]).json()

    assert results[0]["type"] == "success"
    assert results[0]["recipient"] == {"type": "footprint", **target.as_dict()}
    assert results[1] == {
        "type": "error",
        "value": {
            "type": "recipient not found",
            "recipient": {"type": "unicity", "value": ["nobody@example.com"]},
        },
    }
    assert sandbox.counts.accepted == {f"{action_id}/{target.id}": 1}
    assert sandbox.counts.received["send_messages"] == 1


def test_message_with_a_stamp_is_counted_under_its_stamp_id(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.add_target("ada@example.com")
    action_id = validated(http)
    stamp_id = "0b7c8f1e-2d3a-4c5b-9e6f-7a8b9c0d1e2f"
    message = {
        "recipient": {"type": "unicity", "value": ["ada@example.com"]},
        "stamp": {"id": stamp_id},
    }

    for _ in range(2):
        http.post(
            f"/actions/{action_id}/execution",
            content=json.dumps(message),
            headers={"Content-Type": EMAIL},
        )

    assert sandbox.counts.accepted == {stamp_id: 2}


def test_sms_body_on_an_email_action_is_415(sandbox: Sandbox, http: httpx.Client) -> None:
    action_id = validated(http)

    response = http.post(
        f"/actions/{action_id}/execution", content=b"{}", headers={"Content-Type": SMS}
    )

    assert response.status_code == 415


def test_send_to_a_target_needs_templating_4_1_to_override_content(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    target = sandbox.add_target("ada@example.com")
    action_id = validated(http)
    url = f"/actions/{action_id}/targets/{target.id}"

    assert http.post(url, json={"content": {"html": "<p>replaced</p>"}}).status_code == 409
    assert http.post(url, json={"data": {"first_name": "Ada"}}).status_code == 204
    assert sandbox.counts.accepted == {f"{action_id}/{target.id}": 1}


# ---- NP6's refusals --------------------------------------------------------------------------


@pytest.mark.no_contract
def test_json_body_on_a_vendor_media_type_operation_is_415(http: httpx.Client) -> None:
    action_id = validated(http)

    response = http.post(f"/actions/{action_id}/executions", json=[])

    assert response.status_code == 415


@pytest.mark.no_contract
def test_body_without_content_length_is_411(http: httpx.Client) -> None:
    action_id = create(http)["id"]

    response = http.post(
        f"/actions/{action_id}/validation",
        content=iter([b'{"fortest": false}']),  # an iterator makes httpx send it chunked
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 411
    assert "content-length" not in response.request.headers


def test_wrong_key_is_401(sandbox: Sandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url, headers={"X-Key": "not-the-key"}) as http:
        assert http.get("/actions").status_code == 401


@pytest.mark.no_contract
def test_request_off_spec_is_400_naming_operation_and_field(http: httpx.Client) -> None:
    off_spec = {**EMAIL_ACTION, "content": {"headers": {"from": "news@example.com"}}}

    response = http.post("/actions", json=off_spec)

    assert response.status_code == 400
    body = response.json()
    assert "create_action (POST /actions)" in body["message"]
    assert (
        "request body /content/headers/from: 'news@example.com' is not of type 'object'"
        in (body["violations"][0])
    )


# ---- faults ----------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_headers_then_lets_through(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.faults.add(r"^/actions$", "rate_limit", times=2, retry_after=3)

    statuses = [http.get("/actions") for _ in range(3)]

    assert [r.status_code for r in statuses] == [429, 429, 200]
    limited = statuses[0].headers
    assert limited["Retry-After"] == "3"
    assert limited["X-RateLimit-Remaining"] == "0"
    assert int(limited["X-RateLimit-Limit"]) > 0
    assert int(limited["X-RateLimit-Reset"]) > 0
    assert sandbox.counts.received["list_actions"] == 3


def test_fault_matches_method_and_path_and_can_fire_forever(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.faults.add(r"^/actions$", "server_error", status=502, method="POST", times=None)

    assert http.get("/actions").status_code == 200
    assert [http.post("/actions", json=EMAIL_ACTION).status_code for _ in range(3)] == [502] * 3
    assert sandbox.state.actions == {}


def test_drop_closes_the_connection_without_processing(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    sandbox.faults.add(r"^/actions$", "drop")

    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/actions", json=EMAIL_ACTION)

    assert sandbox.state.actions == {}
    assert http.post("/actions", json=EMAIL_ACTION).status_code == 200


def test_drop_after_processing_accepts_the_message_then_drops(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    target = sandbox.add_target("ada@example.com")
    action_id = validated(http)
    sandbox.faults.add(r"/executions$", "drop", after_processing=True)

    with pytest.raises(httpx.RemoteProtocolError):
        send(http, action_id, ["ada@example.com"])

    assert sandbox.counts.accepted == {f"{action_id}/{target.id}": 1}


def test_slow_answer_outlasts_a_short_client_timeout(sandbox: Sandbox) -> None:
    sandbox.faults.add(r"^/actions$", "slow", delay=5.0)
    client = AuthenticatedClient(
        base_url=sandbox.base_url, token="sandbox-test-key", timeout=httpx.Timeout(0.2)
    )

    with pytest.raises(httpx.ReadTimeout):
        client.get_httpx_client().get("/actions")

    client.get_httpx_client().close()


@pytest.mark.no_contract
def test_truncate_sends_half_of_the_json_body(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.faults.add(r"^/actions$", "truncate", method="POST")

    response = http.post("/actions", json=EMAIL_ACTION)

    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert len(sandbox.state.actions) == 1  # processed before the answer was cut


@pytest.mark.no_contract
def test_not_json_answers_an_html_page(sandbox: Sandbox, http: httpx.Client) -> None:
    sandbox.faults.add(r"^/actions$", "not_json")

    response = http.get("/actions")

    assert response.headers["Content-Type"] == "text/html"
    assert response.text.startswith("<html>")


def test_unknown_fault_kind_is_refused(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="unknown fault kind 'melt'"):
        sandbox.faults.add("/actions", "melt")  # type: ignore[arg-type]


# ---- the control endpoint --------------------------------------------------------------------


def test_control_endpoint_adds_faults_targets_and_reports_counts(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    added = http.post("/_sandbox/faults", json={"path": "^/actions$", "kind": "rate_limit"})
    target = http.post("/_sandbox/targets", json={"unicity": "ada@example.com"}).json()

    assert added.status_code == 201
    assert http.get("/actions").status_code == 429
    assert http.get("/_sandbox/faults").json()[0]["fired"] == 1
    assert http.get("/_sandbox/counts").json()["received"] == {"list_actions": 1}
    assert target["unicity"] == "ada@example.com"
    assert sandbox.state.targets[target["id"]].unicity == "ada@example.com"


def test_control_endpoint_refuses_a_bad_fault_and_resets(
    sandbox: Sandbox, http: httpx.Client
) -> None:
    create(http)

    refused = http.post("/_sandbox/faults", json={"path": "/x", "kind": "melt"})
    reset = http.post("/_sandbox/reset")

    assert refused.status_code == 400
    assert "unknown fault kind" in refused.json()["message"]
    assert reset.status_code == 204
    assert http.get("/actions").json() == []
