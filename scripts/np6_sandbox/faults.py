"""Faults the sandbox injects on demand: rate limits, server errors, delays, broken responses.

A fault matches requests by a regular expression searched in the path (and optionally by
method) and fires `times` times (None: on every match). The first pending fault that matches a
request is the one applied; a request takes at most one fault.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

FaultKind = Literal["rate_limit", "server_error", "slow", "drop", "truncate", "not_json"]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)

# Kinds that corrupt the answer to a request the sandbox has processed (its state changed, the
# message was accepted); the other kinds answer instead of processing, unless after_processing.
CORRUPTING_KINDS = ("truncate", "not_json")


@dataclass
class Fault:
    """One injected fault and how many more times it fires.

    Kinds:
        rate_limit: 429, empty body, Retry-After and X-RateLimit-* headers; not processed.
        server_error: `status` (503 by default), empty body; not processed.
        slow: waits `delay` seconds, then processes and answers normally.
        drop: closes the connection without answering; not processed.
        truncate: processes, then sends only the first half of the JSON body (with a
            Content-Length that matches what is sent, so the client reads invalid JSON).
        not_json: processes, then answers 200 with an HTML page instead of JSON.
    after_processing: for server_error and drop, process the request first (state changes,
        messages are accepted and counted) and then fail: the client cannot tell it worked.
    """

    path: str
    kind: FaultKind
    times: int | None = 1
    method: str | None = None
    status: int = 503
    retry_after: int = 1
    delay: float = 0.5
    after_processing: bool = False
    fired: int = 0
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1, or None for every matching request")
        self._pattern = re.compile(self.path)
        self.method = self.method.upper() if self.method else None

    @property
    def processes_first(self) -> bool:
        """Whether the sandbox processes the request before this fault spoils the answer."""
        return self.kind in CORRUPTING_KINDS or self.after_processing or self.kind == "slow"

    @property
    def pending(self) -> bool:
        return self.times is None or self.fired < self.times

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return self.pending and self._pattern.search(path) is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON form, as the control endpoint lists it."""
        return {
            "path": self.path,
            "kind": self.kind,
            "times": self.times,
            "method": self.method,
            "status": self.status,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "after_processing": self.after_processing,
            "fired": self.fired,
        }


class FaultPlan:
    """The faults waiting for requests; safe to change from a test while the server runs."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(
        self,
        path: str,
        kind: FaultKind,
        *,
        times: int | None = 1,
        method: str | None = None,
        status: int = 503,
        retry_after: int = 1,
        delay: float = 0.5,
        after_processing: bool = False,
    ) -> Fault:
        """Inject `kind` into the next `times` requests whose path matches the regex `path`.

        Raises:
            ValueError: unknown kind, times below 1, or a path that is not a valid regex.
        """
        fault = Fault(path, kind, times, method, status, retry_after, delay, after_processing)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The fault this request gets, counting it as fired; None when none matches."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.fired += 1
                    return fault
        return None

    def clear(self) -> None:
        """Forget every fault, fired or pending."""
        with self._lock:
            self._faults.clear()

    def list(self) -> list[Fault]:
        """The faults added since the last clear, fired ones included."""
        with self._lock:
            return list(self._faults)
