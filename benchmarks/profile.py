"""Where a benchmark's time goes: cProfile of one per-call benchmark, summed by component.

    python -m benchmarks.profile list          # fetch, list, render, send, serialise, parse

Prints, for the client and for the floor, each component's own time per call (np6's transport,
the overlays, the generated models, httpx, json, ...) and the difference, largest first, then
the client's costliest functions. cProfile slows every Python call, the small ones most, so the
figures are a guide to where the extra time goes, not a measurement of it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from collections import defaultdict
from collections.abc import Callable

import httpx

from benchmarks import messages, payloads
from benchmarks._clients import BASE_URL, floor_headers, post_json, user_client
from benchmarks.overhead import CannedNp6
from benchmarks.settings import FULL
from np6.messages import render_message, send_messages
from np6.results import parse_execution_results
from np6_client.api.actions import get_action, list_actions

BENCHMARK_NAMES = ("fetch", "list", "render", "send", "serialise", "parse")

# Path fragments -> component, first match wins.
COMPONENTS = (
    ("overlays/np6/_transport", "np6 transport (retries, key, logs)"),
    ("overlays/np6/", "np6 overlays (messages, results)"),
    ("np6_client/models/", "generated models (from_dict/to_dict)"),
    ("np6_client/api/", "generated functions"),
    ("np6_client/", "generated client"),
    ("<attrs generated", "generated models (attrs __init__)"),
    ("/attr/", "attrs"),
    ("/httpx/", "httpx"),
    ("/json/", "json"),
    ("uuid.py", "uuid"),
    ("enum.py", "enum"),
    ("benchmarks/", "benchmark code (builds the bodies)"),
    ("~", "builtins (dict, isinstance, ...)"),
    ("/logging/", "logging"),
    ("/urllib/", "stdlib cookie handling (urllib, email)"),
    ("/email/", "stdlib cookie handling (urllib, email)"),
    ("/lib/python3", "stdlib, other"),
)


def sides() -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    """(client, floor) of each per-call benchmark, over the same MockTransport."""
    transport = httpx.MockTransport(CannedNp6(FULL))
    client = user_client(transport=transport)
    http = httpx.Client(base_url=BASE_URL, headers=floor_headers(), transport=transport)
    results = payloads.encode(payloads.execution_results(FULL.batch_size))
    to_send = messages.build_messages(FULL.batch_size)
    dicts_to_send = payloads.message_batch(FULL.batch_size)
    action_path = f"/actions/{payloads.ACTION_ID}"
    media_type = payloads.EMAIL_MEDIA_TYPE
    return {
        "fetch": (
            lambda: get_action.sync(payloads.ACTION_ID, client=client),
            lambda: json.loads(http.get(action_path).content),
        ),
        "list": (
            lambda: list_actions.sync(client=client),
            lambda: json.loads(http.get("/actions").content),
        ),
        "render": (
            lambda: render_message.sync(
                payloads.ACTION_ID, client=client, body=messages.build_render_definition()
            ),
            lambda: post_json(http, messages.RENDER_PATH, payloads.render_definition(), media_type),
        ),
        "send": (
            lambda: send_messages.sync(
                payloads.ACTION_ID, client=client, body=messages.build_messages(FULL.batch_size)
            ),
            lambda: post_json(
                http, messages.SEND_PATH, payloads.message_batch(FULL.batch_size), media_type
            ),
        ),
        "serialise": (
            lambda: json.dumps([message.to_dict() for message in to_send]),
            lambda: json.dumps(dicts_to_send),
        ),
        "parse": (
            lambda: parse_execution_results(json.loads(results)),
            lambda: json.loads(results),
        ),
    }


def profile(call: Callable[[], object], calls: int) -> pstats.Stats:
    call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    return pstats.Stats(profiler)


def by_component(stats: pstats.Stats) -> dict[str, float]:
    """Own time per component, in seconds."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        own_time = row[2]
        component = next((name for part, name in COMPONENTS if part in filename), "other")
        totals[component] += own_time
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("benchmark", choices=list(BENCHMARK_NAMES))
    parser.add_argument("--calls", type=int, default=200, help="calls profiled (default 200)")
    args = parser.parse_args(argv)

    client_call, floor_call = sides()[args.benchmark]
    client_stats = profile(client_call, args.calls)
    client = by_component(client_stats)
    floor = by_component(profile(floor_call, args.calls))

    print(f"{args.benchmark}: own time per call under cProfile, in us (client, floor, extra)")
    for component in sorted(client, key=lambda name: floor.get(name, 0.0) - client[name]):
        client_us = client[component] / args.calls * 1e6
        floor_us = floor.get(component, 0.0) / args.calls * 1e6
        print(f"  {client_us:10.1f} {floor_us:10.1f} {client_us - floor_us:+10.1f}  {component}")
    print()
    print("client, cumulative time of the project's own functions and of the mock transport:")
    client_stats.sort_stats("cumulative").print_stats(r"overlays/np6|np6_client|mock\.py", 14)
    return 0


if __name__ == "__main__":
    sys.exit(main())
