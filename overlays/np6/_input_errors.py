"""The error for a message body of the wrong type, refused before anything is sent."""

from np6_client.errors import InvalidRequestError


class BodyTypeError(InvalidRequestError, TypeError):
    """The body is not a definition this operation takes: nothing was sent.

    For example a dict, one definition where a list is expected, or a message definition given
    to a render call. Other bad input (an empty or mixed batch, an empty action id) raises
    InvalidRequestError itself.
    """
