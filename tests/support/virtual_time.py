"""Virtual time for retry tests: waits are recorded and skipped, the deadline still counts them."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from np6 import RetryPolicy


@dataclass
class VirtualTime:
    """A clock that runs with real time plus every wait the policy asked for.

    The transport's sleep and async_sleep only record the wait and move the clock on, so a
    test of a 1 s Retry-After runs in microseconds yet sees the deadline as NP6 users would.
    """

    waits: list[float] = field(default_factory=list)

    @property
    def slept(self) -> float:
        return sum(self.waits)

    def clock(self) -> float:
        return time.monotonic() + self.slept

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)  # still give other tasks their turn, as a real wait would

    def policy(self, **settings: Any) -> RetryPolicy:
        """A RetryPolicy on this virtual time; no jitter unless settings give one."""
        settings.setdefault("jitter", lambda: 0.0)
        return RetryPolicy(
            sleep=self.sleep, async_sleep=self.async_sleep, clock=self.clock, **settings
        )
