"""The clients both sides use: what users call, and the plain httpx client of the floor."""

from __future__ import annotations

import json
from typing import Any

import httpx

import np6
from np6._transport import Np6Transport
from np6_client import AuthenticatedClient

BASE_URL = "https://api-cm.np6.com"
# Not a key: MockTransport and the sandbox accept any value.
API_KEY = "benchmark-key"
# Both sides wait as long: np6.connect's bounded timeout.
TIMEOUT = np6.DEFAULT_TIMEOUT


def user_client(
    *, transport: httpx.MockTransport | None = None, base_url: str = BASE_URL
) -> AuthenticatedClient:
    """The client users make, np6.connect(), with its default retries and error handling.

    With `transport`, the np6 transport sends through it instead of the network; np6.connect
    has no argument for that, so this sets the two private slots where Np6Transport keeps the
    httpx transports it would otherwise make on first use.
    """
    client = np6.connect(API_KEY, base_url=base_url)
    if transport is not None:
        np6_transport = client._httpx_args.get("transport")
        if not isinstance(np6_transport, Np6Transport) or not hasattr(np6_transport, "_sync"):
            raise RuntimeError("np6.connect no longer builds an Np6Transport with a _sync slot")
        np6_transport._sync = transport
        np6_transport._async = transport
    return client


def floor_headers() -> dict[str, str]:
    """The headers a careful user sends by hand: only the key, as the np6 client does."""
    return {"X-Key": API_KEY}


def post_json(http: httpx.Client, path: str, body: Any, media_type: str) -> Any:
    """The floor's POST: json.dumps by hand, the vendor media type, json.loads of the answer."""
    response = http.post(path, content=json.dumps(body), headers={"Content-Type": media_type})
    return json.loads(response.content)
