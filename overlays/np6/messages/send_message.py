"""Send one email or SMS message: the generator cannot give one body two vendor media types."""

from typing import Any, Final

import httpx

from np6._media import (
    MESSAGE_MEDIA_TYPES,
    MessageDefinition,
    resolve_content_type,
    single_media_type,
)
from np6.messages._operation import action_url, build_response, parse_by_status, request_kwargs
from np6.results import ExecutionResult, parse_execution_result
from np6_client.client import AuthenticatedClient, Client
from np6_client.types import Response

PATH: Final = "/actions/{id}/execution"
BODY_MEDIA_TYPES: Final = MESSAGE_MEDIA_TYPES
TAKES_LIST: Final = False
DOCUMENTED_STATUSES: Final = frozenset({200, 401, 403, 404, 409, 411, 415, 429})


def _get_kwargs(
    id: str, *, body: MessageDefinition, content_type: str | None = None
) -> dict[str, Any]:
    url = action_url(PATH, id)
    media_type = single_media_type(body, BODY_MEDIA_TYPES, "send_message", "send_messages")
    return request_kwargs(url, body.to_dict(), resolve_content_type(media_type, content_type))


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ExecutionResult | None:
    return parse_by_status(client, response, DOCUMENTED_STATUSES, parse_execution_result)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ExecutionResult]:
    return build_response(response, lambda answer: _parse_response(client=client, response=answer))


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageDefinition,
    content_type: str | None = None,
) -> Response[ExecutionResult]:
    """Send one message through a validated action.

    Args:
        id: Id of the action.
        body: An EmailMessageDefinition or SmsMessageDefinition; its type sets the Content-Type.
        content_type: Sent instead of the body's media type, for the rare call that needs it.

    Raises:
        np6.BodyTypeError: body is not a message definition; nothing is sent.
        np6_client.errors.InvalidRequestError: the id is blank or only slashes, or content_type
            names the other channel; nothing is sent.
        np6_client.errors.MalformedResponseError: NP6's answer cannot be read as the spec says.
        np6_client.errors.UnexpectedStatus: a status the spec does not list, if
            client.raise_on_unexpected_status.
        httpx.TimeoutException: the request takes longer than the client's timeout.
        np6.errors.ApiError: with a client from np6.connect(raise_on_error=True), for every
            error status, lost connection and unknown outcome.

    Returns:
        The response; parsed is an ExecutionSuccess (the message id and the recipient's
        footprint), an ExecutionError (its reason), an UnknownExecutionResult for a result type
        this client does not know, or None for an error status (409: action not validated).
    """
    kwargs = _get_kwargs(id, body=body, content_type=content_type)

    response = client.get_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageDefinition,
    content_type: str | None = None,
) -> ExecutionResult | None:
    """Send one message, as sync_detailed, and return only the parsed result."""
    return sync_detailed(id, client=client, body=body, content_type=content_type).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageDefinition,
    content_type: str | None = None,
) -> Response[ExecutionResult]:
    """Send one message, as sync_detailed, with the client's async httpx client."""
    kwargs = _get_kwargs(id, body=body, content_type=content_type)

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageDefinition,
    content_type: str | None = None,
) -> ExecutionResult | None:
    """Send one message, as sync_detailed, asynchronously; return only the parsed result."""
    response = await asyncio_detailed(id, client=client, body=body, content_type=content_type)
    return response.parsed
