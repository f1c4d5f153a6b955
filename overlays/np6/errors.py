"""Typed errors for NP6 calls: one class per error status, lost connections, unknown outcomes.

The base classes come from np6_client.errors, because generated operations raise them too (bad
arguments, unreadable answers); this module adds what only a client made by np6.connect raises.
Catch Np6Error for everything, ApiError for everything that reached (or tried to reach) NP6.
"""

from __future__ import annotations

import email.utils
import math
import time

import httpx

from np6_client.errors import (
    ApiError,
    InvalidRequestError,
    MalformedResponseError,
    Np6Error,
    UnexpectedStatus,
)

__all__ = [
    "AccessDeniedError",
    "ApiError",
    "BadRequestError",
    "ConflictError",
    "GoneError",
    "InsecureTransportError",
    "InvalidRequestError",
    "LengthRequiredError",
    "MalformedResponseError",
    "NoResponseError",
    "NotFoundError",
    "Np6Error",
    "OutcomeUnknownError",
    "RateLimitError",
    "RequestTimeoutError",
    "ServerError",
    "UnexpectedStatus",
    "UnsupportedMediaTypeError",
    "error_for_response",
    "wait_asked_by",
]


class BadRequestError(ApiError):
    """400: NP6 refused the request as malformed (it sends no documented body)."""


class AccessDeniedError(ApiError):
    """401 or 403: the API key is missing, not valid, or may not do this."""


class NotFoundError(ApiError):
    """404: no such action (or target)."""


class ConflictError(ApiError):
    """409: the action is not in a state that allows this, such as a send before validation."""


class GoneError(ApiError):
    """410: the action no longer exists."""


class LengthRequiredError(ApiError):
    """411: NP6 wanted a Content-Length header."""


class UnsupportedMediaTypeError(ApiError):
    """415: the body's media type is not one this operation takes."""


class RateLimitError(ApiError):
    """429 after every retry the policy allows: the account's rate limit is still reached.

    Attributes:
        retry_after: Seconds NP6 asked to wait (Retry-After or X-RateLimit-Reset), if it said.
    """

    retry_after: float | None = None


class ServerError(ApiError):
    """5xx from NP6 on a request that is safe to repeat, after every retry the policy allows."""


class OutcomeUnknownError(ApiError):
    """A request that must not be sent twice (a send, a duplication) may or may not have worked.

    NP6 answered 5xx, or the connection dropped or timed out after the request was sent. It was
    not retried, because NP6 may have processed it: check on NP6's side (the action's reports)
    before sending again. status_code is None when no response came.
    """


class NoResponseError(ApiError, httpx.TransportError):
    """No response came (connection refused or dropped) and retrying did not help.

    Raised only where repeating was harmless: the request was never sent, or its method is
    idempotent. Also an httpx.TransportError, as the generated functions' docstrings promise.
    """


class RequestTimeoutError(NoResponseError, httpx.TimeoutException):
    """The call ran out of time (a timeout, or the retry policy's deadline) without an outcome
    that matters: the request was never sent, or its method is idempotent."""


class InsecureTransportError(Np6Error, ValueError):
    """The client was asked to send the API key where it could be read on the way.

    Plain HTTP is refused for any host but a loopback address.
    """


_ERROR_FOR_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AccessDeniedError,
    403: AccessDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    411: LengthRequiredError,
    415: UnsupportedMediaTypeError,
    429: RateLimitError,
}


def error_for_response(response: httpx.Response) -> ApiError:
    """Return the typed error for an NP6 answer with an error status (4xx or 5xx)."""
    status = response.status_code
    error_type = _ERROR_FOR_STATUS.get(status)
    if error_type is None:
        error_type = ServerError if status >= 500 else ApiError

    error = error_type.from_response(response, response.reason_phrase or "Error status")
    if isinstance(error, RateLimitError):
        error.retry_after = wait_asked_by(response)
    return error


def wait_asked_by(response: httpx.Response, *, now: float | None = None) -> float | None:
    """Seconds NP6 asks to wait before the next call, from Retry-After or X-RateLimit-Reset.

    Retry-After is read as seconds or as an HTTP date. X-RateLimit-Reset is read as seconds to
    wait when small, and as a Unix time (seconds, or milliseconds) when it looks like one: NP6
    does not say which it sends. None when neither header is there or readable.
    """
    wall_clock = time.time() if now is None else now
    retry_after = response.headers.get("retry-after")
    if retry_after is not None:
        seconds = _seconds_from_retry_after(retry_after.strip(), wall_clock)
        if seconds is not None:
            return seconds

    reset = response.headers.get("x-ratelimit-reset")
    if reset is not None:
        return _seconds_from_reset(reset.strip(), wall_clock)
    return None


def _seconds_from_retry_after(value: str, wall_clock: float) -> float | None:
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - wall_clock)


# Above this, X-RateLimit-Reset cannot be a wait in seconds (it would be over 30 years).
_UNIX_TIME_THRESHOLD = 1e9


def _seconds_from_reset(value: str, wall_clock: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    if number >= _UNIX_TIME_THRESHOLD * 1000:
        number /= 1000  # a Unix time in milliseconds
    if number >= _UNIX_TIME_THRESHOLD:
        return max(0.0, number - wall_clock)
    return number
