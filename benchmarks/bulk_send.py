"""Bulk sending over loopback: 20,000 emails in batches to the NP6 sandbox, async, bounded.

Both sides split the messages into the same batches and keep the same number of requests in
flight (an asyncio.Semaphore); the client's side builds EmailMessageDefinition models and
calls np6.messages.send_messages.asyncio, the floor builds dicts and posts them with
httpx.AsyncClient, json.dumps and json.loads. The sandbox runs in a process of its own.

Peak memory is measured apart from the timed rounds, in one more run of each side under
tracemalloc (which slows the run it watches): the largest amount of memory Python had
allocated at once during the send.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from benchmarks import payloads
from benchmarks._clients import TIMEOUT, floor_headers, user_client
from benchmarks._measure import Comparison, Target, interleave
from benchmarks.settings import Settings
from np6.messages import send_messages
from np6_client.models import (
    EmailMessageDefinition,
    EmailMessageDefinitionData,
    ExecutionSuccess,
    IdIdentification,
)

GROUP = "2. bulk sending (sandbox over loopback)"
TARGET = Target(0.9, minimum=True)
ROOT = Path(__file__).resolve().parent.parent

SendAll = Callable[[str, str, Settings], Coroutine[Any, Any, int]]


def run(settings: Settings) -> list[Comparison]:
    """Measure client and floor throughput against one sandbox, interleaved round by round."""
    with sandbox_process(settings.bulk_messages) as base_url:
        action_id = prepare_action(base_url)
        floor = _throughput(send_all_by_hand, base_url, action_id, settings)
        subject = _throughput(send_all_with_client, base_url, action_id, settings)
        floor_figures, subject_figures = interleave(floor, subject, settings.bulk_rounds)
        memory = {
            "peak memory (tracemalloc)": (
                f"client {_peak_mib(send_all_with_client, base_url, action_id, settings)}"
                f", floor {_peak_mib(send_all_by_hand, base_url, action_id, settings)}"
            )
        }

    name = (
        f"send {settings.bulk_messages:,} emails ({settings.bulk_batch_size}/request,"
        f" {settings.bulk_concurrency} in flight)"
    )
    return [
        Comparison(
            group=GROUP,
            name=name,
            unit="msg/s",
            subject=subject_figures,
            floor=floor_figures,
            target=TARGET,
            extra=memory,
        )
    ]


# ---- the two sides --------------------------------------------------------------------------


async def send_all_with_client(base_url: str, action_id: str, settings: Settings) -> int:
    """Send every message with the client; return how many came back as successes."""
    client = user_client(base_url=base_url)

    async def send_batch(start: int, count: int) -> int:
        body = [build_bulk_message(index) for index in range(start, start + count)]
        results = await send_messages.asyncio(action_id, client=client, body=body) or []
        return sum(isinstance(result, ExecutionSuccess) for result in results)

    async with client:
        return await _bounded(send_batch, settings)


async def send_all_by_hand(base_url: str, action_id: str, settings: Settings) -> int:
    """Send every message with httpx and json by hand; return how many came back as successes."""
    http = httpx.AsyncClient(base_url=base_url, headers=floor_headers(), timeout=TIMEOUT)
    path = f"/actions/{action_id}/executions"
    headers = {"Content-Type": payloads.EMAIL_MEDIA_TYPE}

    async def send_batch(start: int, count: int) -> int:
        body = [payloads.bulk_message(index) for index in range(start, start + count)]
        response = await http.post(path, content=json.dumps(body), headers=headers)
        results: list[dict[str, Any]] = json.loads(response.content)
        return sum(result.get("type") == "success" for result in results)

    async with http:
        return await _bounded(send_batch, settings)


def build_bulk_message(index: int) -> EmailMessageDefinition:
    """The model a user builds for payloads.bulk_message(index)."""
    source = payloads.bulk_message(index)
    return EmailMessageDefinition(
        recipient=IdIdentification(type_="id", value=payloads.target_id(index)),
        data=EmailMessageDefinitionData.from_dict(source["data"]),
    )


async def _bounded(send_batch: Callable[[int, int], Awaitable[int]], settings: Settings) -> int:
    """Send all batches with at most settings.bulk_concurrency requests in flight."""
    in_flight = asyncio.Semaphore(settings.bulk_concurrency)

    async def one(start: int) -> int:
        count = min(settings.bulk_batch_size, settings.bulk_messages - start)
        async with in_flight:
            return await send_batch(start, count)

    starts = range(0, settings.bulk_messages, settings.bulk_batch_size)
    return sum(await asyncio.gather(*(one(start) for start in starts)))


# ---- measuring ------------------------------------------------------------------------------


def _throughput(
    send_all: SendAll, base_url: str, action_id: str, settings: Settings
) -> Callable[[], float]:
    """A round runner: one whole send, in messages per second; every message must succeed."""

    def one_round() -> float:
        started = time.perf_counter()
        sent = asyncio.run(send_all(base_url, action_id, settings))
        elapsed = time.perf_counter() - started
        if sent != settings.bulk_messages:
            raise RuntimeError(f"{send_all.__name__}: {sent} of {settings.bulk_messages} sent")
        return sent / elapsed

    return one_round


def _peak_mib(send_all: SendAll, base_url: str, action_id: str, settings: Settings) -> str:
    tracemalloc.start()
    try:
        asyncio.run(send_all(base_url, action_id, settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return f"{peak / 2**20:.1f} MiB"


# ---- the sandbox ----------------------------------------------------------------------------


@contextmanager
def sandbox_process(contacts: int) -> Iterator[str]:
    """Start the sandbox in a child process with `contacts` contacts; yield its base URL."""
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._sandbox_server", str(contacts)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        base_url = child.stdout.readline().strip()
        if not base_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the sandbox did not start (it printed {base_url!r})")
        yield base_url
    finally:
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def prepare_action(base_url: str) -> str:
    """Create an email action in the sandbox and take it through test and validation."""
    with httpx.Client(base_url=base_url, headers=floor_headers()) as http:
        definition = {k: v for k, v in payloads.action().items() if k not in ("id", "creationDate")}
        created = http.post("/actions", json=definition).raise_for_status().json()
        action_id: str = created["id"]
        for step in ({"fortest": True, "testSegments": [1]}, {"fortest": False}):
            http.post(f"/actions/{action_id}/validation", json=step).raise_for_status()
    return action_id
