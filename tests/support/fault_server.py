"""A small scripted HTTP server on 127.0.0.1, for what the NP6 sandbox does not do.

Redirects to another server, bodies that trickle in, answers that never come, and headers
such as an HTTP-date Retry-After. Each request is recorded (method, path, headers, body) and
answered by the test's `answer` function.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Received:
    """One request as the server saw it; header names in lower case."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    """What to answer.

    trickle: seconds to wait between the body's bytes (a slow writer).
    hang: seconds to wait before answering at all (the server is stuck).
    drop: close the connection without answering.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    trickle: float = 0.0
    hang: float = 0.0
    drop: bool = False


class FaultServer:
    """A threaded HTTP/1.1 server on a free loopback port; use it as a context manager."""

    def __init__(self, answer: Callable[[Received], Reply] | None = None) -> None:
        self.answer = answer or (lambda received: Reply())
        self.received: list[Received] = []
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fault_server = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stopping.set()  # frees handlers stuck in a hang or a trickle
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests read server.received instead

    def _handle(self) -> None:
        server: FaultServer = self.server.fault_server  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        received = Received(self.command, self.path, headers, body)
        server.received.append(received)
        reply = server.answer(received)

        if reply.hang and server.stopping.wait(reply.hang):
            return
        if reply.drop:
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self._write_body(reply, server.stopping)

    def _write_body(self, reply: Reply, stopping: threading.Event) -> None:
        if not reply.trickle:
            self.wfile.write(reply.body)
            return
        for byte in reply.body:
            if stopping.is_set():
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(reply.trickle)
