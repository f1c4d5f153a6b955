"""The sandbox's HTTP server: NP6's routes, the spec check, faults, and the control endpoint."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .faults import Fault, FaultPlan
from .spec import Message, Operation, SpecCheck, load_spec_check
from .state import Call, Clock, Counts, Np6State, Reply, Target, wall_clock

log = logging.getLogger("np6.sandbox")

CONTROL_PREFIX = "/_sandbox/"
RATE_LIMIT = 100
NOT_JSON_PAGE = b"<html><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass
class _Outcome:
    """What to write back: a reply, or nothing at all (the connection is dropped)."""

    reply: Reply | None
    raw_body: bytes | None = None
    content_type: str = "application/json"


class Sandbox:
    """A local NP6 for tests and offline work; see the package docstring for its behaviour.

    Args:
        host, port: Where to listen; port 0 picks a free port (read it from base_url).
        api_key: The only key accepted; None accepts any non-empty X-Key.
        spec_check: The parsed spec; the process-wide one by default.
        clock: Where creation dates and X-RateLimit-Reset come from; the current time by
            default. The cassette recorder passes a fixed one so that re-recording writes the
            same dates.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        spec_check: SpecCheck | None = None,
        clock: Clock = wall_clock,
    ) -> None:
        self.host = host
        self.port = port
        self.api_key = api_key
        self.spec = spec_check or load_spec_check()
        self.faults = FaultPlan()
        self.clock = clock
        self.state = Np6State(clock)
        self._generation = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- life cycle --------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Listen and serve in a background thread; returns self."""
        server = ThreadingHTTPServer((self.host, self.port), _Handler)
        server.daemon_threads = True
        server.sandbox = self  # type: ignore[attr-defined]
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="np6-sandbox"
        )
        self._thread.daemon = True
        self._thread.start()
        log.info("NP6 sandbox listening on %s", self.base_url)
        return self

    def serve_forever(self) -> None:
        """Listen and serve in this thread until interrupted (the command-line mode)."""
        self.start()
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            log.info("stopping")
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop serving; requests still waiting on a slow fault are abandoned."""
        self._generation.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What to give AuthenticatedClient(base_url=...)."""
        return f"http://{self.host}:{self.port}"

    # ---- what tests use ----------------------------------------------------------------------

    @property
    def counts(self) -> Counts:
        """Requests received per operation and messages accepted per message key."""
        return self.state.counts

    def add_target(self, unicity: str, target_id: str | None = None) -> Target:
        """Register a contact that sends and renders can reach."""
        return self.state.add_target(unicity, target_id)

    def reset(self) -> None:
        """Forget actions, targets, counts and faults; abandon requests waiting on a delay."""
        self._generation.set()
        self._generation = threading.Event()
        self.faults.clear()
        self.state = Np6State(self.clock)

    # ---- serving one request -----------------------------------------------------------------

    def serve(self, message: Message) -> _Outcome:
        """Answer one request to NP6's API: faults, key, media type, spec, then behaviour."""
        operation = self.spec.find(message.method, message.path)
        if operation is None:
            return _Outcome(Reply(404))
        state, interrupted = self.state, self._generation
        state.count_received(operation.operation_id)

        fault = self.faults.take(message.method, message.path)
        if fault is not None and not fault.processes_first:
            return _early_fault(fault, self.clock())
        if fault is not None and fault.kind == "slow" and interrupted.wait(fault.delay):
            return _Outcome(None)  # reset or stopped while waiting: the request is abandoned

        outcome = _Outcome(self._process(state, operation, message))
        return outcome if fault is None else _late_fault(fault, outcome, self.clock())

    def _process(self, state: Np6State, operation: Operation, message: Message) -> Reply:
        key = message.headers.get("x-key", "")
        if not key or (self.api_key is not None and key != self.api_key):
            return Reply(401)
        media_type = message.content_type.split(";")[0].strip()
        if operation.media_types and media_type not in operation.media_types:
            return Reply(415)
        violations = self.spec.check_request(message)
        if violations:
            return _bad_request(operation, [str(v) for v in violations])
        call = Call(
            operation.operation_id,
            operation.path_params(message.path),
            dict(message.query),
            json.loads(message.body) if message.body else None,
            media_type,
        )
        return state.handle(call)

    # ---- the control endpoint ----------------------------------------------------------------

    def control(self, method: str, path: str, body: bytes) -> Reply:
        """Serve /_sandbox/: faults, counts, targets and reset for command-line users."""
        route = (method, path.removeprefix(CONTROL_PREFIX).strip("/"))
        try:
            return self._control(route, json.loads(body) if body else {})
        except (ValueError, TypeError) as error:
            return Reply(400, {"message": str(error)})

    def _control(self, route: tuple[str, str], request: Any) -> Reply:
        routes: dict[tuple[str, str], Callable[[], Reply]] = {
            ("GET", ""): lambda: Reply(200, CONTROL_HELP),
            ("GET", "faults"): lambda: Reply(200, [f.as_dict() for f in self.faults.list()]),
            ("POST", "faults"): lambda: Reply(201, self.faults.add(**request).as_dict()),
            ("DELETE", "faults"): lambda: _done(self.faults.clear),
            ("GET", "counts"): lambda: Reply(200, self.counts.as_dict()),
            ("GET", "targets"): lambda: Reply(
                200, [target.as_dict() for target in self.state.targets.values()]
            ),
            ("POST", "targets"): lambda: Reply(201, self.add_target(**request).as_dict()),
            ("POST", "reset"): lambda: _done(self.reset),
        }
        if route not in routes:
            return Reply(404, {"message": "unknown control route", "routes": CONTROL_HELP})
        return routes[route]()


CONTROL_HELP = {
    "GET /_sandbox/faults": "faults added since the last reset, with how often each fired",
    "POST /_sandbox/faults": "add a fault: {path, kind, times, method, status, retry_after, "
    "delay, after_processing}",
    "DELETE /_sandbox/faults": "remove every fault",
    "GET /_sandbox/counts": "requests received per operation, messages accepted per key",
    "GET /_sandbox/targets": "the contacts sends and renders can reach",
    "POST /_sandbox/targets": "add a contact: {unicity, target_id}",
    "POST /_sandbox/reset": "forget actions, targets, counts and faults",
}


def _done(action: Callable[[], None]) -> Reply:
    action()
    return Reply(204)


def _bad_request(operation: Operation, violations: list[str]) -> Reply:
    message = f"the request does not match the NP6 spec for {operation.label}"
    return Reply(400, {"message": message, "violations": violations})


def _early_fault(fault: Fault, now: datetime) -> _Outcome:
    """A fault answered instead of processing the request."""
    if fault.kind == "drop":
        return _Outcome(None)
    if fault.kind == "rate_limit":
        return _Outcome(Reply(429, headers=_rate_limit_headers(fault.retry_after, now)))
    return _Outcome(Reply(fault.status))


def _late_fault(fault: Fault, outcome: _Outcome, now: datetime) -> _Outcome:
    """A fault that spoils the answer to a request already processed."""
    if fault.kind == "slow":
        return outcome
    if fault.kind in ("drop", "server_error"):
        return _early_fault(fault, now)
    if fault.kind == "not_json":
        return _Outcome(Reply(200), NOT_JSON_PAGE, "text/html")
    reply = outcome.reply
    if reply is None or reply.body is None:
        return outcome  # truncate has nothing to cut in an empty body
    encoded = _encode(reply.body)
    return _Outcome(reply, encoded[: len(encoded) // 2])


def _rate_limit_headers(retry_after: int, now: datetime) -> dict[str, str]:
    return {
        "Retry-After": str(retry_after),
        "X-RateLimit-Limit": str(RATE_LIMIT),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(int(now.timestamp()) + retry_after),
    }


def _encode(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


class _Handler(BaseHTTPRequestHandler):
    """Turns http.server's callbacks into Sandbox.serve and Sandbox.control calls."""

    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects; every answer has a length
    # Headers and body go out in two writes; without this each answer waits for a delayed ACK.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _handle(self) -> None:
        sandbox: Sandbox = self.server.sandbox  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            # NP6 wants a Content-Length; the chunked body is not read, so the connection ends.
            self.close_connection = True
            self._write(_Outcome(Reply(411)))
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path.startswith(CONTROL_PREFIX):
            self._write(_Outcome(sandbox.control(self.command, url.path, body)))
            return
        message = Message(
            method=self.command,
            path=url.path,
            query=parse_qsl(url.query, keep_blank_values=True),
            headers=_lower_keys(self.headers.items()),
            body=body,
            content_type=self.headers.get("Content-Type", "").lower(),
        )
        outcome = sandbox.serve(message)
        log.info("%s %s -> %s", self.command, self.path, _status_of(outcome))
        self._write(outcome)

    def _write(self, outcome: _Outcome) -> None:
        if outcome.reply is None:
            self.close_connection = True  # dropped: nothing is written before the socket closes
            return
        reply = outcome.reply
        body = outcome.raw_body
        if body is None and reply.body is not None:
            body = _encode(reply.body)
        self.send_response(reply.status)
        self.send_header("x-request-id", str(uuid.uuid4()))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if body:
            self.send_header("Content-Type", outcome.content_type)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


def _lower_keys(items: Any) -> Mapping[str, str]:
    return {str(name).lower(): str(value) for name, value in items}


def _status_of(outcome: _Outcome) -> str:
    return "dropped" if outcome.reply is None else str(outcome.reply.status)
