"""Run the benchmarks and print one table of ratios: `python -m benchmarks.run [--quick]`.

python -m benchmarks.run                      every benchmark, full size (a few minutes)
python -m benchmarks.run --only overhead      some of them: overhead, bulk, import, regeneration
python -m benchmarks.run --quick              tiny sizes, one round: checks the code runs
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks import bulk_send, cold_import, overhead, regeneration
from benchmarks._measure import Comparison
from benchmarks.report import render_table
from benchmarks.settings import FULL, QUICK, Settings

log = logging.getLogger("benchmarks")

BENCHMARKS: dict[str, Callable[[Settings], list[Comparison]]] = {
    "overhead": overhead.run,
    "bulk": bulk_send.run,
    "import": cold_import.run,
    "regeneration": regeneration.run,
}


def run_benchmarks(names: Sequence[str], settings: Settings) -> list[Comparison]:
    """Run the named benchmarks in order and return every row they measured."""
    rows: list[Comparison] = []
    for name in names:
        log.info("running %s", name)
        started = time.perf_counter()
        rows.extend(BENCHMARKS[name](settings))
        log.info("%s took %.1f s", name, time.perf_counter() - started)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    announce_steps()

    settings = QUICK if args.quick else FULL
    rows = run_benchmarks(args.only, settings)
    print(render_table(rows, settings))

    if args.json is not None:
        args.json.write_text(json.dumps([row.as_json() for row in rows], indent=2) + "\n")
        log.info("wrote %s", args.json)
    return 0


def announce_steps() -> None:
    """Log this package's steps to stderr, and only them: httpx's per-request INFO lines would
    flood the output and cost time inside the measured calls."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("bench: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes and one round: a smoke run whose figures mean nothing",
    )
    parser.add_argument(
        "--only",
        type=_benchmark_names,
        default=list(BENCHMARKS),
        help=f"comma-separated subset of: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    return parser.parse_args(argv)


def _benchmark_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown or not names:
        given = ", ".join(unknown) or "(none)"
        raise argparse.ArgumentTypeError(
            f"unknown benchmark {given}; choose from {', '.join(BENCHMARKS)}"
        )
    return names


if __name__ == "__main__":
    sys.exit(main())
