"""Which vendor media type each message body is sent under: generated models do not know theirs."""

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final, TypeAlias, TypeGuard

from np6._input_errors import BodyTypeError
from np6_client.errors import InvalidRequestError
from np6_client.models import (
    EmailMessageDefinition,
    EmailRenderDefinition,
    SmsMessageDefinition,
    SmsRenderDefinition,
)

EMAIL_MEDIA_TYPE: Final = "application/vnd.np6.cm.email"
SMS_MEDIA_TYPE: Final = "application/vnd.np6.cm.sms"

RenderDefinition: TypeAlias = EmailRenderDefinition | SmsRenderDefinition
MessageDefinition: TypeAlias = EmailMessageDefinition | SmsMessageDefinition
# A batch is of one channel; these spell it so that a type checker refuses a mixed list too.
RenderBatch: TypeAlias = Sequence[EmailRenderDefinition] | Sequence[SmsRenderDefinition]
MessageBatch: TypeAlias = Sequence[EmailMessageDefinition] | Sequence[SmsMessageDefinition]

# Render calls and send calls take different bodies, so each kind gets its own table; together
# they are the only place that says which media type a body is sent under.
RENDER_MEDIA_TYPES: Final[Mapping[type, str]] = MappingProxyType(
    {EmailRenderDefinition: EMAIL_MEDIA_TYPE, SmsRenderDefinition: SMS_MEDIA_TYPE}
)
MESSAGE_MEDIA_TYPES: Final[Mapping[type, str]] = MappingProxyType(
    {EmailMessageDefinition: EMAIL_MEDIA_TYPE, SmsMessageDefinition: SMS_MEDIA_TYPE}
)

_CHANNELS: Final = {EMAIL_MEDIA_TYPE: "email", SMS_MEDIA_TYPE: "SMS"}
_NOTHING_SENT: Final = "nothing was sent"


def media_type_of(body: RenderDefinition | MessageDefinition) -> str:
    """Return the vendor media type a render or message definition is sent under.

    Raises:
        BodyTypeError: body is none of the four definitions.
    """
    media_type = _lookup(type(body), RENDER_MEDIA_TYPES) or _lookup(type(body), MESSAGE_MEDIA_TYPES)
    if media_type is None:
        raise BodyTypeError(
            f"expected a render or message definition, got {_describe(body)}",
            parameter="body",
        )
    return media_type


def single_media_type(
    body: object, accepted: Mapping[type, str], operation: str, batch_operation: str
) -> str:
    """Return the media type of the one body a single-message operation was given."""
    media_type = _lookup(type(body), accepted)
    if media_type is None:
        hint = f"; for a list, use {batch_operation}" if _is_list(body) else ""
        raise BodyTypeError(
            f"{operation} takes {_accepted_names(accepted)}, got {_describe(body)}{hint};"
            f" {_NOTHING_SENT}",
            parameter="body",
        )
    return media_type


def batch_media_type(
    bodies: object, accepted: Mapping[type, str], operation: str, single_operation: str
) -> str:
    """Return the one media type shared by every body of a batch.

    Raises:
        BodyTypeError: bodies is not a list, or one of its items is not an accepted definition.
        InvalidRequestError: the list is empty, or mixes email and SMS definitions.
    """
    if not _is_list(bodies):
        raise BodyTypeError(
            f"{operation} takes a list of {_accepted_names(accepted)}, got {_describe(bodies)};"
            f" for one definition, use {single_operation}; {_NOTHING_SENT}",
            parameter="body",
        )
    if not bodies:
        raise InvalidRequestError(
            f"{operation} got an empty list: there is nothing to send; {_NOTHING_SENT}",
            parameter="body",
        )

    media_type = _batch_item_media_type(bodies, 0, accepted, operation)

    # One C-level pass over the item types keeps the common case (all items of one class)
    # cheap for batches of thousands; only a batch with several classes is looked at closely.
    if len(set(map(type, bodies))) > 1:
        for index in range(1, len(bodies)):
            other = _batch_item_media_type(bodies, index, accepted, operation)
            if other != media_type:
                raise InvalidRequestError(
                    f"{operation} takes a list of one channel: item 0 is"
                    f" {_channel(media_type)} but item {index} is {_channel(other)};"
                    f" send email and SMS definitions in separate calls; {_NOTHING_SENT}",
                    parameter="body",
                )
    return media_type


def resolve_content_type(media_type: str, override: str | None) -> str:
    """Return the Content-Type to send: the body's media type unless the caller overrides it.

    The override may add parameters or name another media type, but not the other channel's:
    NP6 would read an SMS body as an email (or the reverse).

    Raises:
        InvalidRequestError: the override is empty or names the other channel's media type.
    """
    if override is None:
        return media_type
    if not isinstance(override, str) or not override.strip():
        raise InvalidRequestError(
            f"content_type must be a media type, got {override!r}; {_NOTHING_SENT}",
            parameter="content_type",
        )

    essence = override.split(";", 1)[0].strip().lower()
    if essence in _CHANNELS and essence != media_type:
        raise InvalidRequestError(
            f"content_type {override!r} is the {_CHANNELS[essence]} media type, but the body"
            f" is {_channel(media_type)}; {_NOTHING_SENT}",
            parameter="content_type",
        )
    return override


def _batch_item_media_type(
    bodies: Sequence[object], index: int, accepted: Mapping[type, str], operation: str
) -> str:
    media_type = _lookup(type(bodies[index]), accepted)
    if media_type is None:
        raise BodyTypeError(
            f"{operation} takes a list of {_accepted_names(accepted)}, but item {index} is"
            f" {_describe(bodies[index])}; {_NOTHING_SENT}",
            parameter="body",
        )
    return media_type


def _lookup(body_type: type, accepted: Mapping[type, str]) -> str | None:
    media_type = accepted.get(body_type)
    if media_type is not None:
        return media_type

    # A subclass of a generated definition is sent like its parent.
    for parent in body_type.__mro__[1:]:
        if parent in accepted:
            return accepted[parent]
    return None


def _is_list(value: object) -> TypeGuard[Sequence[object]]:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray)


def _accepted_names(accepted: Mapping[type, str]) -> str:
    return " or ".join(f"an {body_type.__name__}" for body_type in accepted)


def _channel(media_type: str) -> str:
    return f"an {_CHANNELS[media_type]} definition"


def _describe(value: object) -> str:
    return f"a value of type {type(value).__name__}"
