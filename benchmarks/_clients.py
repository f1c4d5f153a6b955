"""The clients both sides use: what users call, and the plain httpx client of the floor."""

from __future__ import annotations

import json
from typing import Any

import httpx

from np6_client import AuthenticatedClient

BASE_URL = "https://api-cm.np6.com"
# Not a key: MockTransport and the sandbox accept any value.
API_KEY = "benchmark-key"


def user_client(
    *,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    base_url: str = BASE_URL,
) -> AuthenticatedClient:
    """The client users build: AuthenticatedClient with the API key, over the given transport."""
    httpx_args: dict[str, object] = {}
    if transport is not None:
        httpx_args["transport"] = transport
    if async_transport is not None:
        httpx_args["transport"] = async_transport
    return AuthenticatedClient(base_url=base_url, token=API_KEY, httpx_args=httpx_args)


def floor_headers() -> dict[str, str]:
    """The headers a careful user sends by hand: only the key, as the generated client does."""
    return {"X-Key": API_KEY}


def post_json(http: httpx.Client, path: str, body: Any, media_type: str) -> Any:
    """The floor's POST: json.dumps by hand, the vendor media type, json.loads of the answer."""
    response = http.post(path, content=json.dumps(body), headers={"Content-Type": media_type})
    return json.loads(response.content)
