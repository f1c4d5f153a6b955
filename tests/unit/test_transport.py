"""The np6 transport over httpx.MockTransport: what is retried, how long it waits, what it raises.

Waits run on virtual time (tests/support/virtual_time.py): they are recorded, not slept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from np6._transport import NO_RETRIES, Np6Transport, RetryPolicy
from np6.errors import (
    AccessDeniedError,
    MalformedResponseError,
    NoResponseError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RequestTimeoutError,
    ServerError,
)
from tests.support.virtual_time import VirtualTime

# Off-spec paths and statuses on purpose: the transport does not care which operation it carries.
pytestmark = pytest.mark.no_contract

KEY = "unit-key-7f3a9c"
BASE_URL = "https://np6.test"

Outcome = httpx.Response | Exception


@dataclass
class Script:
    """Answers requests in order with the given responses or exceptions; records each request."""

    outcomes: list[Outcome]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(sent_as_is(request))
        outcome = self.outcomes[min(len(self.requests), len(self.outcomes)) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def sent_as_is(request: httpx.Request) -> httpx.Request:
    """What went on the wire: the transport lends its caller's request for one attempt only,
    and a real connection writes the headers out at once, so the test keeps a copy."""
    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers.copy(),
        stream=request.stream,
        extensions=dict(request.extensions),
    )


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> httpx.Response:
    return httpx.Response(code, headers=headers, content=body)


def make_transport(
    script: Script, policy: RetryPolicy, *, raise_on_error: bool = True
) -> Np6Transport:
    mock = httpx.MockTransport(script)
    return Np6Transport(
        KEY,
        base_url=BASE_URL,
        policy=policy,
        raise_on_error=raise_on_error,
        inner=mock,
        async_inner=mock,
    )


@pytest.fixture
def time() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def client_for(time: VirtualTime) -> Iterator[Callable[..., httpx.Client]]:
    clients: list[httpx.Client] = []

    def build(script: Script, *, raise_on_error: bool = True, **policy: object) -> httpx.Client:
        policy.setdefault("base_delay", 1.0)
        transport = make_transport(script, time.policy(**policy), raise_on_error=raise_on_error)
        client = httpx.Client(base_url=BASE_URL, transport=transport)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


# ---- 429: retried for every method, waiting as NP6 says -----------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_429_is_retried_for_every_method_after_the_wait_asked(
    client_for: Callable[..., httpx.Client], time: VirtualTime, method: str
) -> None:
    script = Script([status(429, {"Retry-After": "3"}), status(200)])

    response = client_for(script).request(method, "/actions/A1/executions")

    assert response.status_code == 200
    assert len(script.requests) == 2
    assert time.waits == [3.0]


def test_429_waits_until_x_ratelimit_reset_without_retry_after(
    client_for: Callable[..., httpx.Client], time: VirtualTime
) -> None:
    script = Script(
        [status(429, {"X-RateLimit-Reset": "2", "X-RateLimit-Remaining": "0"}), status(200)]
    )

    client_for(script).post("/actions/A1/execution")

    assert time.waits == [2.0]


def test_wait_asked_by_np6_is_capped_by_max_delay(
    client_for: Callable[..., httpx.Client], time: VirtualTime
) -> None:
    script = Script([status(429, {"Retry-After": "3600"}), status(200)])

    client_for(script, max_delay=5.0, deadline=100.0).get("/actions")

    assert time.waits == [5.0]


def test_429_without_headers_backs_off_exponentially(
    client_for: Callable[..., httpx.Client], time: VirtualTime
) -> None:
    script = Script([status(429), status(429), status(429), status(200)])

    client_for(script, base_delay=1.0, max_delay=30.0).get("/actions")

    # jitter 0: half of each doubling step (1, 2, 4 s)
    assert time.waits == [0.5, 1.0, 2.0]


def test_backoff_jitter_stays_within_the_step() -> None:
    draws = iter([0.0, 0.999, 0.5])
    policy = RetryPolicy(base_delay=2.0, max_delay=60.0, jitter=lambda: next(draws))

    waits = [policy.backoff(3) for _ in range(3)]

    assert waits[0] == 4.0  # step 8: half fixed
    assert 7.99 < waits[1] < 8.0
    assert waits[2] == 6.0


def test_429_on_every_attempt_raises_rate_limit_error_with_the_wait_asked(
    client_for: Callable[..., httpx.Client],
) -> None:
    script = Script([status(429, {"Retry-After": "1", "x-request-id": "req-9"})])

    with pytest.raises(RateLimitError) as caught:
        client_for(script, max_attempts=3).post("/actions/A1/executions")

    assert len(script.requests) == 3
    assert caught.value.retry_after == 1.0
    assert caught.value.status_code == 429
    assert caught.value.request_id == "req-9"


# ---- 5xx: retried only where repeating is safe ---------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("code", [502, 503, 504])
def test_gateway_errors_are_retried_for_idempotent_methods(
    client_for: Callable[..., httpx.Client], method: str, code: int
) -> None:
    script = Script([status(code), status(200)])

    response = client_for(script).request(method, "/actions/A1")

    assert response.status_code == 200
    assert len(script.requests) == 2


SENDS_AND_WRITES = [
    "/actions/A1/executions",
    "/actions/A1/execution",
    "/actions/A1/targets/T1",
    "/actions/A1/duplication",
    "/actions",
    "/actions/A1/validation",
]


@pytest.mark.parametrize("path", SENDS_AND_WRITES)
@pytest.mark.parametrize("code", [500, 502, 503, 504])
def test_server_error_on_a_post_is_not_retried_and_reported_as_outcome_unknown(
    client_for: Callable[..., httpx.Client], path: str, code: int
) -> None:
    script = Script([status(code, {"x-request-id": "r-1"}, b"upstream failed"), status(200)])

    with pytest.raises(OutcomeUnknownError) as caught:
        client_for(script).post(path, json=[])

    assert len(script.requests) == 1
    assert caught.value.status_code == code
    assert caught.value.path == path
    assert caught.value.content == b"upstream failed"
    assert "may have been processed" in str(caught.value)


@pytest.mark.parametrize(
    "path", ["/actions/A1/render", "/actions/A1/renders", "/actions/A1/render/links"]
)
def test_render_posts_are_previews_and_are_retried(
    client_for: Callable[..., httpx.Client], path: str
) -> None:
    script = Script([status(503), status(200)])

    assert client_for(script).post(path, json={}).status_code == 200
    assert len(script.requests) == 2


def test_server_error_on_get_after_every_attempt_raises_server_error(
    client_for: Callable[..., httpx.Client],
) -> None:
    script = Script([status(503)])

    with pytest.raises(ServerError):
        client_for(script, max_attempts=4).get("/actions/A1")

    assert len(script.requests) == 4


# ---- failures without a response ---------------------------------------------------------------


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow")])
def test_connection_failures_before_sending_are_retried_even_for_a_send(
    client_for: Callable[..., httpx.Client], error: Exception
) -> None:
    script = Script([error, status(200)])

    assert client_for(script).post("/actions/A1/executions", json=[]).status_code == 200
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("no answer"),
        httpx.ReadError("reset by peer"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.WriteError("broken pipe"),
    ],
)
@pytest.mark.parametrize("path", SENDS_AND_WRITES)
def test_lost_answer_to_a_post_is_outcome_unknown_and_never_resent(
    client_for: Callable[..., httpx.Client], error: Exception, path: str
) -> None:
    script = Script([error, status(200)])

    with pytest.raises(OutcomeUnknownError) as caught:
        client_for(script).post(path, json=[])

    assert len(script.requests) == 1
    assert caught.value.status_code is None
    assert caught.value.__cause__ is error


def test_lost_answers_to_a_get_are_retried_then_raise_no_response(
    client_for: Callable[..., httpx.Client],
) -> None:
    script = Script([httpx.ReadError("reset by peer")])

    with pytest.raises(NoResponseError) as caught:
        client_for(script, max_attempts=3).get("/actions/A1")

    assert len(script.requests) == 3
    assert isinstance(caught.value, httpx.TransportError)  # what the generated docstrings promise
    assert not isinstance(caught.value, RequestTimeoutError)


def test_timeouts_on_a_get_raise_a_timeout_that_httpx_users_can_catch(
    client_for: Callable[..., httpx.Client],
) -> None:
    script = Script([httpx.ReadTimeout("no answer")])

    with pytest.raises(httpx.TimeoutException) as caught:
        client_for(script, max_attempts=2).get("/actions/A1")

    assert isinstance(caught.value, RequestTimeoutError)
    assert caught.value.method == "GET"
    assert len(script.requests) == 2


def test_other_transport_errors_are_not_retried(client_for: Callable[..., httpx.Client]) -> None:
    script = Script([httpx.UnsupportedProtocol("ftp"), status(200)])

    with pytest.raises(httpx.UnsupportedProtocol):
        client_for(script).get("/actions")

    assert len(script.requests) == 1


# ---- limits: attempts, deadline, switched off --------------------------------------------------


def test_retries_switched_off_send_once() -> None:
    script = Script([status(429, {"Retry-After": "1"}), status(200)])
    transport = make_transport(script, NO_RETRIES)

    with (
        httpx.Client(base_url=BASE_URL, transport=transport) as client,
        pytest.raises(RateLimitError),
    ):
        client.get("/actions")

    assert len(script.requests) == 1


def test_a_wait_past_the_deadline_ends_the_call_instead(
    client_for: Callable[..., httpx.Client], time: VirtualTime, caplog: pytest.LogCaptureFixture
) -> None:
    script = Script([status(429, {"Retry-After": "10"}), status(200)])
    caplog.set_level(logging.INFO, logger="np6")

    with pytest.raises(RateLimitError):
        client_for(script, deadline=5.0, max_delay=30.0).get("/actions")

    assert len(script.requests) == 1
    assert time.waits == []
    assert "would pass the 5.0 s deadline" in caplog.text


def test_each_attempt_gets_timeouts_no_longer_than_what_is_left_of_the_deadline(
    client_for: Callable[..., httpx.Client], time: VirtualTime
) -> None:
    script = Script([status(429, {"Retry-After": "3"}), status(200)])

    client_for(script, deadline=4.0).get("/actions", timeout=httpx.Timeout(30.0))

    first, second = (request.extensions["timeout"] for request in script.requests)
    assert all(value <= 4.0 for value in first.values())
    assert all(value <= 1.0 for value in second.values())  # 3 s of the 4 went on the wait


def test_policy_refuses_settings_that_cannot_bound_a_call() -> None:
    for settings in (
        {"max_attempts": 0},
        {"deadline": 0.0},
        {"deadline": float("inf")},
        {"base_delay": -1.0},
        {"max_delay": float("nan")},
    ):
        with pytest.raises(ValueError, match="must be"):
            RetryPolicy(**settings)


# ---- typed errors, or responses as they came ---------------------------------------------------


@pytest.mark.parametrize(
    ("code", "error_type"),
    [(401, AccessDeniedError), (403, AccessDeniedError), (404, NotFoundError)],
)
def test_error_statuses_raise_typed_errors(
    client_for: Callable[..., httpx.Client], code: int, error_type: type[Exception]
) -> None:
    with pytest.raises(error_type):
        client_for(Script([status(code)])).get("/actions/A1")


def test_without_raise_on_error_error_statuses_come_back_as_they_came(
    client_for: Callable[..., httpx.Client],
) -> None:
    client = client_for(Script([status(404), status(502)]), raise_on_error=False)

    assert client.get("/actions/A1").status_code == 404
    assert client.post("/actions/A1/executions", json=[]).status_code == 502


# ---- the key goes to NP6's origin only ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "gets_key"),
    [
        ("https://np6.test/actions", True),
        ("https://NP6.test:443/actions", True),
        ("https://np6.test:8443/actions", False),
        ("http://np6.test/actions", False),
        ("https://np6.test.evil.example/actions", False),
        ("https://other.example/actions", False),
    ],
)
def test_key_is_sent_to_the_base_url_origin_only(
    client_for: Callable[..., httpx.Client], url: str, gets_key: bool
) -> None:
    script = Script([status(200)])
    client = client_for(script)
    client.headers["X-Key"] = "placeholder"

    client.get(url)

    sent = script.requests[0].headers.get("X-Key")
    assert (sent == KEY) if gets_key else (sent is None)


def test_the_request_handed_back_does_not_carry_the_key(
    client_for: Callable[..., httpx.Client],
) -> None:
    response = client_for(Script([status(200)])).get("/actions")

    assert KEY not in str(response.request.headers)


def test_transport_repr_hides_the_key(time: VirtualTime) -> None:
    transport = make_transport(Script([status(200)]), time.policy())

    assert KEY not in repr(transport)
    assert KEY not in repr(vars(transport))
    assert KEY not in str(transport.key)


# ---- logging -----------------------------------------------------------------------------------


def test_each_retry_is_logged_at_info_with_its_reason_and_wait(
    client_for: Callable[..., httpx.Client], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="np6")
    script = Script([status(429, {"Retry-After": "2"}), httpx.ConnectError("refused"), status(200)])

    client_for(script).post("/actions/A1/executions", json=[])

    retries = [r for r in caplog.records if r.levelno == logging.INFO]
    assert [r.getMessage() for r in retries] == [
        "retrying POST /actions/A1/executions in 2.00 s (attempt 2 of 5): 429 Too Many Requests",
        "retrying POST /actions/A1/executions in 1.00 s (attempt 3 of 5): "
        "not sent, ConnectError: refused",
    ]


def test_debug_logs_one_line_per_request_with_allowlisted_headers_only(
    client_for: Callable[..., httpx.Client], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="np6")
    headers = {"x-request-id": "req-1", "Set-Cookie": "session=abc", "X-Internal": "secret"}
    script = Script([status(200, headers, b'{"recipient": "ada@example.com"}')])

    client_for(script).get("/actions/A1", params={"creation_start": "2026-01-01"})

    lines = [r.getMessage() for r in caplog.records if r.name == "np6"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /actions/A1 -> 200 in ")
    assert "req-1" in lines[0]
    for hidden in ("session=abc", "secret", "ada@example.com", "creation_start"):
        assert hidden not in caplog.text


# ---- async -------------------------------------------------------------------------------------


async def test_async_calls_share_the_policy_and_never_block_the_event_loop() -> None:
    time = VirtualTime()

    def blocking_sleep(seconds: float) -> None:
        raise AssertionError("the async path used the blocking sleep")

    policy = RetryPolicy(
        sleep=blocking_sleep, async_sleep=time.async_sleep, clock=time.clock, jitter=lambda: 0.0
    )
    script = Script([status(429, {"Retry-After": "2"}), status(503), status(200)])
    transport = make_transport(script, policy)

    async with httpx.AsyncClient(base_url=BASE_URL, transport=transport) as client:
        response = await client.get("/actions/A1")

    assert response.status_code == 200
    assert time.waits == [2.0, 0.5]  # as NP6 asked, then half the second 1 s backoff step
    assert script.requests[0].headers["X-Key"] == KEY


async def test_async_lost_answer_to_a_send_is_outcome_unknown() -> None:
    script = Script([httpx.ReadTimeout("no answer"), status(200)])
    transport = make_transport(script, VirtualTime().policy())

    async with httpx.AsyncClient(base_url=BASE_URL, transport=transport) as client:
        with pytest.raises(OutcomeUnknownError):
            await client.post("/actions/A1/executions", json=[])

    assert len(script.requests) == 1


def test_a_body_its_content_encoding_does_not_decode_is_a_malformed_response(
    client_for: Callable[..., httpx.Client],
) -> None:
    corrupt = httpx.Response(
        200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip at all")
    )

    with pytest.raises(MalformedResponseError, match="cannot decode") as caught:
        client_for(Script([corrupt])).get("/actions/A1")

    assert caught.value.status_code == 200
    assert isinstance(caught.value.__cause__, httpx.DecodingError)
