"""The transport under every np6 call: the API key, retries that never send twice, logging.

httpx has no retry policy of its own, and the generated functions send through whatever httpx
client they are given; wrapping httpx's transport puts one policy under all of them, sync and
async alike, and under the overlays too.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import random
import re
import ssl
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import NoReturn

import httpx

from np6._log import log, loggable_headers
from np6.errors import (
    InvalidRequestError,
    MalformedResponseError,
    NoResponseError,
    OutcomeUnknownError,
    RequestTimeoutError,
    error_for_response,
    wait_asked_by,
)
from np6_client.errors import describe

KEY_HEADER = "X-Key"

# Methods that change nothing more when repeated (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

# POSTs that only compute a preview: NP6 sends nothing and stores nothing, so they may be
# repeated like a GET. Every other POST (sends, duplication, creation, validation) may not.
PREVIEW_PATH = re.compile(r"/actions/[^/]+/(render|renders|render/links)$")

# Statuses of a gateway or an overloaded server, worth another try when repeating is safe.
RETRIED_SERVER_STATUSES = frozenset({502, 503, 504})

# Failures before a single byte of the request left: safe to repeat for any method.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

# Failures while sending or after: the request may have reached NP6.
MAYBE_SENT_ERRORS = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """When np6 repeats a request, how long it waits, and when it gives up.

    A 429 is retried for every method; a failed connection too, since nothing was sent; 502,
    503, 504, timeouts and dropped connections only for methods that are safe to repeat.

    Attributes:
        max_attempts: Tries per call, the first included; 1 turns retries off.
        deadline: Seconds a call may take in all, waits and retries included.
        base_delay: First backoff wait in seconds; it doubles at each retry, with jitter.
        max_delay: Longest single wait, also when NP6 asks for a longer one.
        sleep, async_sleep, clock, jitter: How to wait, read the time and draw jitter in
            [0, 1); replaceable for tests. async_sleep is asyncio.sleep, so under trio the
            async functions fail at their first retry unless given trio.sleep here.
    """

    max_attempts: int = 5
    deadline: float = 60.0
    base_delay: float = 0.5
    max_delay: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(
        default=asyncio.sleep, repr=False, compare=False
    )
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    jitter: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise InvalidRequestError(
                "max_attempts must be an int, 1 or more", parameter="max_attempts"
            )
        for name in ("deadline", "base_delay", "max_delay"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise InvalidRequestError(
                    f"{name} must be a number of seconds, 0 or more", parameter=name
                )
        if self.deadline <= 0:
            raise InvalidRequestError("deadline must be more than 0 seconds", parameter="deadline")

    def backoff(self, retry: int) -> float:
        """Wait before retry number `retry` (1 for the first) when NP6 did not say how long.

        Exponential with "equal jitter": half of the step is fixed, half drawn at random, so
        clients that failed together do not come back together.
        """
        step: float = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return step / 2 + step / 2 * self.jitter()


DEFAULT_RETRIES = RetryPolicy()
NO_RETRIES = RetryPolicy(max_attempts=1)


@dataclass(frozen=True)
class _Verdict:
    """What one attempt's outcome means for the call."""

    retry: bool
    reason: str
    server_wait: float | None = None


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses, the only hosts plain HTTP may carry the key to."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def origin_of(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL, the port made explicit."""
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host.lower(), url.port or default_port


class _ApiKey:
    """The API key, kept out of repr(), str() and vars() listings of whoever holds it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<NP6 API key, hidden>"

    __str__ = __repr__


class _Call:
    """One call through the transport: its attempts, its deadline, and what to do next."""

    def __init__(self, transport: Np6Transport, request: httpx.Request) -> None:
        self.transport = transport
        self.policy = transport.policy
        self.request = request
        self.method = request.method.upper()
        self.path = request.url.path
        self.started = self.policy.clock()
        self.attempt = 0
        self.asked_timeouts = request.extensions.get("timeout", {})
        self.key_header_as_given = request.headers.get(KEY_HEADER)

    # ---- before an attempt ----------------------------------------------------------------

    def next_request(self) -> httpx.Request:
        """The request to send now: the key added for NP6's origin only, timeouts fitted to the
        deadline. It is the caller's own request, changed for this attempt only (building a copy
        costs more than the rest of the transport); forget_key() undoes the key."""
        self.attempt += 1
        headers = self.request.headers
        if self.transport.may_receive_key(self.request.url):
            headers[KEY_HEADER] = self.transport.key.reveal()
        elif KEY_HEADER in headers:
            del headers[KEY_HEADER]
            log.debug("%s %s: not NP6's origin, the key is not sent", self.method, self.path)

        self.request.extensions["timeout"] = self._timeouts_within_deadline()
        return self.request

    def forget_key(self) -> None:
        """Put X-Key back as the caller gave it, so the key never stays on the request."""
        if self.key_header_as_given is None:
            self.request.headers.pop(KEY_HEADER, None)
        else:
            self.request.headers[KEY_HEADER] = self.key_header_as_given

    def _timeouts_within_deadline(self) -> dict[str, float | None]:
        remaining = max(self.remaining(), 0.001)
        asked = self.asked_timeouts
        fitted: dict[str, float | None] = {}
        for phase in ("connect", "read", "write", "pool"):
            value = asked.get(phase)
            fitted[phase] = remaining if value is None else min(value, remaining)
        return fitted

    def remaining(self) -> float:
        return self.policy.deadline - (self.policy.clock() - self.started)

    # ---- after an attempt -----------------------------------------------------------------

    def judge_response(self, response: httpx.Response) -> _Verdict:
        status = response.status_code
        if status == 429:
            return _Verdict(True, f"429 {response.reason_phrase}", wait_asked_by(response))
        if status in RETRIED_SERVER_STATUSES and self.repeatable():
            return _Verdict(True, f"{status} {response.reason_phrase}", wait_asked_by(response))
        return _Verdict(False, f"{status}")

    def judge_error(self, error: httpx.TransportError) -> _Verdict:
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        if isinstance(error, NOT_SENT_ERRORS):
            return _Verdict(True, f"not sent, {reason}")
        if isinstance(error, MAYBE_SENT_ERRORS) and self.repeatable():
            return _Verdict(True, reason)
        return _Verdict(False, reason)

    def repeatable(self) -> bool:
        """True when sending this request again cannot do anything twice."""
        return self.method in IDEMPOTENT_METHODS or (
            self.method == "POST" and PREVIEW_PATH.search(self.path) is not None
        )

    def wait_before_retry(self, verdict: _Verdict) -> float | None:
        """Seconds to wait before the next attempt, or None when the call must stop here."""
        if not verdict.retry or self.attempt >= self.policy.max_attempts:
            return None
        if verdict.server_wait is not None:
            wait = min(verdict.server_wait, self.policy.max_delay)
        else:
            wait = self.policy.backoff(self.attempt)
        if wait >= self.remaining():
            log.info(
                "not retrying %s %s (%s): waiting %.2f s would pass the %.1f s deadline",
                self.method,
                self.path,
                verdict.reason,
                wait,
                self.policy.deadline,
            )
            return None

        log.info(
            "retrying %s %s in %.2f s (attempt %d of %d): %s",
            self.method,
            self.path,
            wait,
            self.attempt + 1,
            self.policy.max_attempts,
            verdict.reason,
        )
        return wait

    def finish(self, response: httpx.Response) -> httpx.Response:
        """Hand the final response back, or raise its typed error when the client asks to."""
        if not self.transport.raise_on_error or response.status_code < 400:
            return response
        if response.status_code >= 500 and not self.repeatable():
            raise OutcomeUnknownError.from_response(
                response,
                f"NP6 answered {response.status_code} to a request that must not be sent twice; "
                "it may have been processed: check on NP6's side before sending it again",
            )
        raise error_for_response(response)

    def fail(self, error: httpx.TransportError, verdict: _Verdict) -> NoReturn:
        """Raise the error for a call that ended without a response."""
        error.request = self.request  # as the caller gave it: forget_key() took the key off
        where = f"{self.method} {self.path}"
        if isinstance(error, MAYBE_SENT_ERRORS) and not self.repeatable():
            raise OutcomeUnknownError(
                f"{where}: no answer after the request was sent ({verdict.reason}); it may have "
                "been processed: check on NP6's side before sending it again",
                method=self.method,
                path=self.path,
            ) from error
        if not isinstance(error, NOT_SENT_ERRORS + MAYBE_SENT_ERRORS):
            raise error

        timed_out = isinstance(error, httpx.TimeoutException)
        error_type = RequestTimeoutError if timed_out else NoResponseError
        final = error_type(
            f"{where}: no answer after {self.attempt} attempt(s) ({verdict.reason})",
            method=self.method,
            path=self.path,
        )
        final.request = self.request
        raise final from error

    def log_attempt(self, outcome: httpx.Response | Exception, sent_at: float) -> None:
        elapsed_ms = (self.policy.clock() - sent_at) * 1000
        if isinstance(outcome, httpx.Response):
            log.debug(
                "%s %s -> %d in %.0f ms %s",
                self.method,
                self.path,
                outcome.status_code,
                elapsed_ms,
                loggable_headers(outcome.headers),
            )
        else:
            log.debug(
                "%s %s -> %s after %.0f ms",
                self.method,
                self.path,
                type(outcome).__name__,
                elapsed_ms,
            )


class Np6Transport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Sends NP6 calls through httpx's own transports, with the key, the retry policy and logs.

    One object serves both httpx.Client and httpx.AsyncClient, so that the settings of an
    AuthenticatedClient (whose httpx_args go to both) reach the sync and async functions alike.

    Args:
        api_key: Sent in X-Key, only to the origin (scheme, host, port) of base_url.
        base_url: NP6's root URL; HTTPS, or plain HTTP to a loopback address.
        policy: The retry policy; NO_RETRIES sends each request once.
        raise_on_error: Raise np6.errors' typed error for a 4xx or 5xx answer instead of
            returning it.
        verify, proxy: Given to httpx's transports.
        inner, async_inner: Send through these instead of httpx's own transports (a test
            double, a custom connection pool); verify and proxy are then not used.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str,
        policy: RetryPolicy = DEFAULT_RETRIES,
        raise_on_error: bool = True,
        verify: ssl.SSLContext | str | bool = True,
        proxy: str | None = None,
        inner: httpx.BaseTransport | None = None,
        async_inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.key = _ApiKey(api_key)
        self.base_url = httpx.URL(base_url)
        self.policy = policy
        self.raise_on_error = raise_on_error
        self._verify = verify
        self._proxy = proxy
        self._lock = threading.Lock()
        self._sync = inner
        self._async = async_inner

    def __repr__(self) -> str:
        return f"Np6Transport(base_url={str(self.base_url)!r}, policy={self.policy!r})"

    def may_receive_key(self, url: httpx.URL) -> bool:
        """True when a request to this URL may carry the API key."""
        secure = url.scheme == "https" or (url.scheme == "http" and is_loopback(url.host))
        return secure and origin_of(url) == origin_of(self.base_url)

    # ---- sync ------------------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(self, request)
        while True:
            sent_at = self.policy.clock()
            try:
                response = self._send(call)
            except httpx.TransportError as error:
                call.log_attempt(error, sent_at)
                verdict = call.judge_error(error)
                wait = call.wait_before_retry(verdict)
                if wait is None:
                    call.fail(error, verdict)
            else:
                call.log_attempt(response, sent_at)
                wait = call.wait_before_retry(call.judge_response(response))
                if wait is None:
                    return call.finish(response)
            self.policy.sleep(wait)

    def _send(self, call: _Call) -> httpx.Response:
        try:
            answer = self._sync_transport().handle_request(call.next_request())
        finally:
            call.forget_key()
        try:
            if not _is_read(answer):
                answer.stream = _SyncBodyWithinDeadline(answer.stream, call)  # type: ignore[arg-type]
                answer.read()
        except httpx.DecodingError as error:
            raise _undecodable(answer, call, error) from error
        finally:
            answer.close()
        answer.request = call.request
        return answer

    def _sync_transport(self) -> httpx.BaseTransport:
        with self._lock:
            if self._sync is None:
                self._sync = httpx.HTTPTransport(verify=self._verify, proxy=self._proxy)
            return self._sync

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    # ---- async -----------------------------------------------------------------------------

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        call = _Call(self, request)
        while True:
            sent_at = self.policy.clock()
            try:
                response = await self._send_async(call)
            except httpx.TransportError as error:
                call.log_attempt(error, sent_at)
                verdict = call.judge_error(error)
                wait = call.wait_before_retry(verdict)
                if wait is None:
                    call.fail(error, verdict)
            else:
                call.log_attempt(response, sent_at)
                wait = call.wait_before_retry(call.judge_response(response))
                if wait is None:
                    return call.finish(response)
            await self.policy.async_sleep(wait)

    async def _send_async(self, call: _Call) -> httpx.Response:
        try:
            answer = await self._async_transport().handle_async_request(call.next_request())
        finally:
            call.forget_key()
        try:
            if not _is_read(answer):
                answer.stream = _AsyncBodyWithinDeadline(answer.stream, call)  # type: ignore[arg-type]
                await answer.aread()
        except httpx.DecodingError as error:
            raise _undecodable(answer, call, error) from error
        finally:
            await answer.aclose()
        answer.request = call.request
        return answer

    def _async_transport(self) -> httpx.AsyncBaseTransport:
        with self._lock:
            if self._async is None:
                self._async = httpx.AsyncHTTPTransport(verify=self._verify, proxy=self._proxy)
            return self._async

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()


# The body is read whole inside the transport, so that a retry decision, a typed error and the
# log line all see it, and so that the deadline also bounds a server that trickles bytes: each
# read stays under the read timeout, but the deadline is checked between chunks.


class _SyncBodyWithinDeadline(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, call: _Call) -> None:
        self._stream = stream
        self._call = call

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            _check_deadline(self._call)
            yield chunk

    def close(self) -> None:
        self._stream.close()


class _AsyncBodyWithinDeadline(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, call: _Call) -> None:
        self._stream = stream
        self._call = call

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            _check_deadline(self._call)
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


def _check_deadline(call: _Call) -> None:
    if call.remaining() <= 0:
        raise httpx.ReadTimeout(f"the {call.policy.deadline} s deadline passed during the body")


def _undecodable(
    answer: httpx.Response, call: _Call, error: httpx.DecodingError
) -> MalformedResponseError:
    """The error for a body that its Content-Encoding does not decode (a corrupt gzip)."""
    request_id = answer.headers.get("x-request-id")
    return MalformedResponseError(
        describe(
            f"cannot decode NP6's answer: {error}",
            call.method,
            call.path,
            answer.status_code,
            request_id,
        ),
        method=call.method,
        path=call.path,
        status_code=answer.status_code,
        request_id=request_id,
    )


def _is_read(answer: httpx.Response) -> bool:
    """True for a response built from bytes (a test double), whose body is already there."""
    try:
        answer.content  # noqa: B018 - raises ResponseNotRead for a body still on the wire
    except httpx.ResponseNotRead:
        return False
    return True


__all__ = ["DEFAULT_RETRIES", "NO_RETRIES", "Np6Transport", "RetryPolicy"]
