"""Per-call overhead: each operation through the client, and by hand, over httpx.MockTransport.

Both sides talk to the same MockTransport handler, which answers with bytes encoded once, so
the network is out of the picture and what is left is the client's own work: building the
request, serialising models, parsing the answer into models. The floor does the same work the
way a careful user would by hand: plain dicts, json.dumps, httpx.Client, json.loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx

from benchmarks import messages, payloads
from benchmarks._clients import BASE_URL, floor_headers, user_client
from benchmarks._measure import PARSE_MANY, SINGLE_CALL, Comparison, compare_per_call
from benchmarks.settings import Settings
from np6_client.api.actions import get_action, list_actions
from np6_client.client import AuthenticatedClient

_JSON_HEADERS = {"Content-Type": "application/json"}


class CannedNp6:
    """A MockTransport handler that answers each NP6 route with bytes encoded once."""

    def __init__(self, settings: Settings) -> None:
        action_path = f"/actions/{payloads.ACTION_ID}"
        self.routes: dict[tuple[str, str], bytes] = {
            ("GET", action_path): payloads.encode(payloads.action()),
            ("GET", "/actions"): payloads.encode(payloads.action_list(settings.list_size)),
            ("POST", f"{action_path}/render"): payloads.encode(payloads.render_result()),
            ("POST", f"{action_path}/executions"): payloads.encode(
                payloads.execution_results(settings.batch_size)
            ),
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = self.routes[(request.method, request.url.path)]
        return httpx.Response(200, stream=_NetworkStream(body), headers=_JSON_HEADERS)


class _NetworkStream(httpx.SyncByteStream):
    """A body still to be read, as a real transport returns it (content=bytes comes read)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self.body


def run(settings: Settings) -> list[Comparison]:
    """Measure every per-call comparison, both sides over one MockTransport."""
    transport = httpx.MockTransport(CannedNp6(settings))
    client = user_client(transport=transport)
    http = httpx.Client(base_url=BASE_URL, headers=floor_headers(), transport=transport)
    with http, client:
        return [
            fetch_one_action(client, http, settings),
            list_many_actions(client, http, settings),
            *messages.run(client, http, settings),
        ]


def fetch_one_action(
    client: AuthenticatedClient, http: httpx.Client, settings: Settings
) -> Comparison:
    def subject() -> object:
        return get_action.sync(payloads.ACTION_ID, client=client)

    def floor() -> object:
        return json.loads(http.get(f"/actions/{payloads.ACTION_ID}").content)

    return compare_per_call("fetch one action", floor, subject, settings, SINGLE_CALL)


def list_many_actions(
    client: AuthenticatedClient, http: httpx.Client, settings: Settings
) -> Comparison:
    def subject() -> object:
        return list_actions.sync(client=client)

    def floor() -> object:
        return json.loads(http.get("/actions").content)

    name = f"list {settings.list_size:,} actions (parse)"
    return compare_per_call(name, floor, subject, settings, PARSE_MANY)
