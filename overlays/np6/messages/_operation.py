"""Request and response plumbing of the message operations; generated code keeps its own private."""

from collections.abc import Callable, Set
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from np6_client.client import AuthenticatedClient, Client
from np6_client.errors import UnexpectedStatus, check_path_id, reading
from np6_client.types import Response

_Parsed = TypeVar("_Parsed")


def action_url(path: str, action_id: str) -> str:
    """Fill the action id into path, checked and percent-encoded as generated operations do.

    Raises:
        InvalidRequestError: the id is not a string, is blank, only slashes, "." or "..".
    """
    check_path_id("id", action_id)
    return path.format(id=quote(action_id, safe=""))


def request_kwargs(url: str, json_body: Any, content_type: str) -> dict[str, Any]:
    """Return the arguments of httpx's request() for a POST of json_body as content_type."""
    # httpx keeps an explicit Content-Type over the application/json its json= would set.
    return {
        "method": "post",
        "url": url,
        "json": json_body,
        "headers": {"Content-Type": content_type},
    }


def parse_by_status(
    client: AuthenticatedClient | Client,
    response: httpx.Response,
    documented_statuses: Set[int],
    parse_success: Callable[[Any], _Parsed],
) -> _Parsed | None:
    """Turn a response into its parsed value, the one status policy of the message operations.

    As in generated operations: 200 is parsed, another status the spec lists gives None, and
    any other status raises UnexpectedStatus if client.raise_on_unexpected_status, else None.
    """
    if response.status_code == HTTPStatus.OK:
        return parse_success(response.json())
    if response.status_code in documented_statuses:
        return None
    if client.raise_on_unexpected_status:
        raise UnexpectedStatus.from_response(response)
    return None


def build_response(
    response: httpx.Response, parse: Callable[[httpx.Response], _Parsed | None]
) -> Response[_Parsed]:
    """Wrap an httpx response and its parsed value in np6_client's Response.

    Raises:
        MalformedResponseError: the answer cannot be read (not JSON, a batch that is not a
            list, a status HTTP does not define), as in generated operations.
    """
    with reading(response):
        return Response(
            status_code=HTTPStatus(response.status_code),
            content=response.content,
            headers=response.headers,
            parsed=parse(response),
        )
