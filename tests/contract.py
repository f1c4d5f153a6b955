"""The wire contract: every HTTP exchange of the tests is checked against spec/np6-cm.yaml.

httpx.Client.send and httpx.AsyncClient.send are wrapped for each test (tests/conftest.py does
it, autouse), so MockTransport tests, cassette replays and sandbox calls are all covered. A
request that departs from the spec is refused before it is sent; a response that departs from it
is refused when it arrives. Either raises ContractViolationError, naming the operation
(`send_messages (POST /actions/{id}/executions)`) and the JSON pointer of each offending field.

Not checked, on purpose:
- the sandbox's control routes (/_sandbox/...): they are not NP6's API;
- 5xx responses: the spec lists no server errors, and any server or gateway may answer them;
- the request of a streamed (chunked) body, which cannot be read without consuming it; its
  response is checked (NP6 answers 411);
- tests marked @pytest.mark.no_contract, which exchange off-spec traffic on purpose.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from np6_sandbox import CONTROL_PREFIX, Message, SpecCheck, Violation, load_spec_check


class ContractViolationError(AssertionError):
    """An exchange of the tests departs from spec/np6-cm.yaml."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        lines = "\n".join(f"  {violation}" for violation in violations)
        super().__init__(f"the exchange departs from spec/np6-cm.yaml:\n{lines}")


@dataclass
class ContractCheck:
    """Checks exchanges and keeps what it found, so a swallowed violation still fails the test."""

    violations: list[Violation] = field(default_factory=list)

    @property
    def spec(self) -> SpecCheck:
        # Built on the first exchange, then shared by the session: tests without HTTP pay nothing.
        return load_spec_check()

    def check_request(self, request: httpx.Request) -> None:
        """Raise ContractViolationError if the request departs from the spec.

        A streamed body (an iterator, sent chunked) cannot be read here without consuming it;
        such a request is checked on its response only. NP6 answers it 411.
        """
        if _is_control(request) or not _body_is_read(request):
            return
        self._raise_if_any(self.spec.check_request(_message(request)))

    def check_response(self, response: httpx.Response) -> None:
        """Raise ContractViolationError if the response departs from the spec."""
        if _is_control(response.request) or response.is_server_error:
            return
        found = self.spec.check_response(
            _message(response.request),
            response.status_code,
            dict(response.headers),
            response.content,
        )
        self._raise_if_any(found)

    @contextmanager
    def expect_violation(self) -> Iterator[list[Violation]]:
        """Expect the block to raise ContractViolationError; yields the violations it raised.

        The expected violations are not held against the test at teardown.
        """
        caught: list[Violation] = []
        with pytest.raises(ContractViolationError) as raised:
            yield caught
        caught.extend(raised.value.violations)
        self.violations = [v for v in self.violations if v not in caught]

    def _raise_if_any(self, found: list[Violation]) -> None:
        if found:
            self.violations.extend(found)
            raise ContractViolationError(found)


def install(monkeypatch: pytest.MonkeyPatch, check: ContractCheck) -> None:
    """Wrap httpx's Client.send and AsyncClient.send with the check, for one test."""
    monkeypatch.setattr(httpx.Client, "send", _checked_send(httpx.Client.send, check))
    monkeypatch.setattr(
        httpx.AsyncClient, "send", _checked_async_send(httpx.AsyncClient.send, check)
    )


def _checked_send(send: Callable[..., httpx.Response], check: ContractCheck) -> Any:
    @functools.wraps(send)
    def checked(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        check.check_request(request)
        response = send(self, request, **kwargs)
        response.read()  # a no-op unless the caller asked to stream
        check.check_response(response)
        return response

    return checked


def _checked_async_send(
    send: Callable[..., Awaitable[httpx.Response]], check: ContractCheck
) -> Any:
    @functools.wraps(send)
    async def checked(
        self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any
    ) -> httpx.Response:
        check.check_request(request)
        response = await send(self, request, **kwargs)
        await response.aread()
        check.check_response(response)
        return response

    return checked


def _is_control(request: httpx.Request) -> bool:
    return request.url.path.startswith(CONTROL_PREFIX)


def _body_is_read(request: httpx.Request) -> bool:
    try:
        request.content  # noqa: B018 (raises for a body not read yet)
    except httpx.RequestNotRead:
        return False
    return True


def _message(request: httpx.Request) -> Message:
    """The request as the spec check reads it; the path stays percent-encoded."""
    body = request.content if _body_is_read(request) else b""
    return Message(
        method=request.method,
        path=request.url.raw_path.split(b"?")[0].decode("ascii"),
        query=list(request.url.params.multi_items()),
        headers=dict(request.headers),
        body=body,
        content_type=request.headers.get("content-type", "").lower(),
    )
