"""Render a batch of email or SMS messages: the generator cannot give one body two media types."""

from typing import Any, Final

import httpx

from np6._media import RENDER_MEDIA_TYPES, RenderBatch, batch_media_type, resolve_content_type
from np6.messages._operation import action_url, build_response, parse_by_status, request_kwargs
from np6.results import RenderResult, parse_render_results
from np6_client.client import AuthenticatedClient, Client
from np6_client.types import Response

PATH: Final = "/actions/{id}/renders"
BODY_MEDIA_TYPES: Final = RENDER_MEDIA_TYPES
TAKES_LIST: Final = True
DOCUMENTED_STATUSES: Final = frozenset({200, 400, 401, 404, 411, 415, 429})


def _get_kwargs(id: str, *, body: RenderBatch, content_type: str | None = None) -> dict[str, Any]:
    url = action_url(PATH, id)
    media_type = batch_media_type(body, BODY_MEDIA_TYPES, "render_messages", "render_message")
    json_body = [definition.to_dict() for definition in body]
    return request_kwargs(url, json_body, resolve_content_type(media_type, content_type))


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> list[RenderResult] | None:
    return parse_by_status(client, response, DOCUMENTED_STATUSES, parse_render_results)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[list[RenderResult]]:
    return build_response(response, lambda answer: _parse_response(client=client, response=answer))


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RenderBatch,
    content_type: str | None = None,
) -> Response[list[RenderResult]]:
    """Preview the messages an action would make for several receivers; nothing is sent.

    NP6 documents no limit on the number of definitions per call: the server decides, and a
    batch it refuses comes back as an error status.

    Args:
        id: Id of the action.
        body: A non-empty list of EmailRenderDefinition, or of SmsRenderDefinition; their type
            sets the Content-Type.
        content_type: Sent instead of the bodies' media type, for the rare call that needs it.

    Raises:
        np6.BodyTypeError: body is not a list of render definitions; nothing is sent.
        np6_client.errors.InvalidRequestError: the list is empty or mixes email and SMS, the id
            is blank, or content_type names the other channel; nothing is sent.
        np6_client.errors.MalformedResponseError: NP6's answer cannot be read as the spec says,
            for example an object where the list of results should be.
        np6_client.errors.UnexpectedStatus: a status the spec does not list, if
            client.raise_on_unexpected_status.
        httpx.TimeoutException: the request takes longer than the client's timeout.
        np6.errors.ApiError: with a client from np6.connect(raise_on_error=True), for every
            error status, lost connection and unknown outcome.

    Returns:
        The response; parsed holds one result per definition, in the order of the request
        (RenderSuccess, or UnknownRenderResult for a result type this client does not know),
        or is None for an error status.
    """
    kwargs = _get_kwargs(id, body=body, content_type=content_type)

    response = client.get_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RenderBatch,
    content_type: str | None = None,
) -> list[RenderResult] | None:
    """Preview several messages, as sync_detailed, and return only the parsed results."""
    return sync_detailed(id, client=client, body=body, content_type=content_type).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RenderBatch,
    content_type: str | None = None,
) -> Response[list[RenderResult]]:
    """Preview several messages, as sync_detailed, with the client's async httpx client."""
    kwargs = _get_kwargs(id, body=body, content_type=content_type)

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RenderBatch,
    content_type: str | None = None,
) -> list[RenderResult] | None:
    """Preview several messages, as sync_detailed, asynchronously; return only the results."""
    response = await asyncio_detailed(id, client=client, body=body, content_type=content_type)
    return response.parsed
