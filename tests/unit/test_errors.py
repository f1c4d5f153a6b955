"""np6.errors: which class each status gets, what an error carries, how waits are read."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from np6 import errors
from np6.errors import (
    AccessDeniedError,
    ApiError,
    BadRequestError,
    ConflictError,
    GoneError,
    LengthRequiredError,
    NoResponseError,
    NotFoundError,
    Np6Error,
    OutcomeUnknownError,
    RateLimitError,
    RequestTimeoutError,
    ServerError,
    UnexpectedStatus,
    UnsupportedMediaTypeError,
    error_for_response,
    wait_asked_by,
)

NOW = 1_800_000_000.0  # a fixed wall clock, in Unix seconds


def answer(
    code: int, headers: dict[str, str] | None = None, body: bytes = b"", url: str = ""
) -> httpx.Response:
    request = httpx.Request("POST", url or "https://np6.test/actions/A1/executions?debug=1")
    return httpx.Response(code, headers=headers, content=body, request=request)


@pytest.mark.parametrize(
    ("code", "error_type"),
    [
        (400, BadRequestError),
        (401, AccessDeniedError),
        (403, AccessDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (410, GoneError),
        (411, LengthRequiredError),
        (415, UnsupportedMediaTypeError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (599, ServerError),
        (418, ApiError),
    ],
)
def test_each_error_status_gets_its_class(code: int, error_type: type[ApiError]) -> None:
    error = error_for_response(answer(code))

    assert type(error) is error_type
    assert error.status_code == code


def test_an_error_carries_method_path_request_id_and_raw_body_but_shows_no_body() -> None:
    body = b"<html>upstream says no</html>"

    error = error_for_response(answer(409, {"x-request-id": "req-42"}, body))

    assert (error.method, error.path, error.request_id) == (
        "POST",
        "/actions/A1/executions",
        "req-42",
    )
    assert error.content == body
    assert str(error) == "Conflict (POST /actions/A1/executions -> 409, x-request-id req-42)"
    assert "debug=1" not in str(error)  # the query stays out of messages
    assert error.args == (str(error),)


def test_rate_limit_error_keeps_the_wait_np6_asked_for() -> None:
    error = error_for_response(answer(429, {"Retry-After": "7"}))

    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0


def test_every_class_is_an_np6_error_and_network_ones_are_httpx_errors_too() -> None:
    for name in errors.__all__:
        value = getattr(errors, name)
        if isinstance(value, type):
            assert issubclass(value, Np6Error), name
    assert issubclass(NoResponseError, httpx.TransportError)
    assert issubclass(RequestTimeoutError, httpx.TimeoutException)
    assert issubclass(OutcomeUnknownError, ApiError)
    assert not issubclass(OutcomeUnknownError, httpx.HTTPError)  # never mistaken for retryable
    assert issubclass(errors.InvalidRequestError, ValueError)


def test_unexpected_status_keeps_the_generators_constructor() -> None:
    error = UnexpectedStatus(418, b"teapot")

    assert (error.status_code, error.content) == (418, b"teapot")
    assert isinstance(error, ApiError)


# ---- wait_asked_by -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "5"}, 5.0),
        ({"Retry-After": " 12 "}, 12.0),
        ({"Retry-After": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"Retry-After": email.utils.formatdate(NOW - 30, usegmt=True)}, 0.0),
        ({"X-RateLimit-Reset": "4"}, 4.0),
        ({"X-RateLimit-Reset": str(int(NOW + 9))}, 9.0),
        ({"X-RateLimit-Reset": str(int((NOW + 2) * 1000))}, 2.0),
        ({"X-RateLimit-Reset": str(int(NOW - 5))}, 0.0),
        ({"Retry-After": "3", "X-RateLimit-Reset": "60"}, 3.0),
        ({"Retry-After": "soon", "X-RateLimit-Reset": "6"}, 6.0),
        ({"X-RateLimit-Reset": "-1"}, None),
        ({"X-RateLimit-Reset": "nan"}, None),
        ({"X-RateLimit-Reset": "tomorrow"}, None),
        ({"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0"}, None),
        ({}, None),
    ],
)
def test_wait_asked_by_reads_retry_after_then_ratelimit_reset(
    headers: dict[str, str], expected: float | None
) -> None:
    assert wait_asked_by(answer(429, headers), now=NOW) == expected
