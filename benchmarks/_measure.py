"""Side-by-side measurement: the client's path and its floor, interleaved round by round."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.settings import Settings

# A block of calls lasts about this long, so that the clock's resolution and one-off stalls of
# a shared machine weigh little on a single figure.
BLOCK_SECONDS = 0.05

PER_CALL_GROUP = "1. per-call overhead (MockTransport)"


@dataclass(frozen=True)
class Target:
    """The bound a ratio should stay within: at most `bound`, or at least it when `minimum`."""

    bound: float
    minimum: bool = False

    def met_by(self, ratio: float) -> bool:
        return ratio >= self.bound if self.minimum else ratio <= self.bound

    def __str__(self) -> str:
        return f"{'>=' if self.minimum else '<='} {self.bound:.2f}x"


# The targets for the per-call comparisons.
SINGLE_CALL = Target(1.15)
PARSE_MANY = Target(2.0)
SERIALISE_MANY = Target(1.5)


@dataclass(frozen=True)
class Comparison:
    """One row of the table: what users run against its floor, measured in the same rounds.

    `subject` and `floor` hold one figure per round, in `unit`; the ratio of a round is
    subject / floor. A comparison with a `missing` reason was not measured.
    """

    group: str
    name: str
    unit: str
    subject: tuple[float, ...] = ()
    floor: tuple[float, ...] = ()
    target: Target | None = None
    notes: tuple[str, ...] = ()
    missing: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ratios(self) -> list[float]:
        return [s / f for s, f in zip(self.subject, self.floor, strict=True)]

    @property
    def median_ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def measured(self) -> bool:
        return not self.missing and bool(self.subject)

    def as_json(self) -> dict[str, object]:
        """The row's raw figures, for --json."""
        return {
            "group": self.group,
            "name": self.name,
            "unit": self.unit,
            "subject": list(self.subject),
            "floor": list(self.floor),
            "ratios": self.ratios if self.measured else [],
            "target": str(self.target) if self.target else None,
            "notes": list(self.notes),
            "missing": self.missing,
            "extra": self.extra,
        }

    def figures_are_sound(self) -> bool:
        """True when every figure is a finite positive number (what the smoke test checks)."""
        figures = [*self.subject, *self.floor, *self.ratios]
        return bool(figures) and all(math.isfinite(x) and x > 0 for x in figures)


def interleave(
    floor: Callable[[], float], subject: Callable[[], float], rounds: int
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Run floor and subject alternately for `rounds` rounds; return their figures.

    The order flips every round (floor first, then subject first), so a machine that slows
    down or speeds up during the run weighs on both sides alike.
    """
    floor_figures: list[float] = []
    subject_figures: list[float] = []
    for round_index in range(rounds):
        if round_index % 2 == 0:
            floor_figures.append(floor())
            subject_figures.append(subject())
        else:
            subject_figures.append(subject())
            floor_figures.append(floor())
    return tuple(floor_figures), tuple(subject_figures)


def calls_per_block(call: Callable[[], object], seconds: float = BLOCK_SECONDS) -> int:
    """How many calls of `call` fill a block of about `seconds` (at least one)."""
    call()  # warm caches and lazy imports before anything is timed
    started = time.perf_counter()
    call()
    once = max(time.perf_counter() - started, 1e-7)
    return max(1, round(seconds / once))


def seconds_per_call(call: Callable[[], object], calls: int) -> Callable[[], float]:
    """Return a block runner: it times `calls` calls and gives the mean time of one.

    The garbage collector stays on, as in users' programs, but starts each block from a clean
    state so that one side does not pay for the other's garbage.
    """

    def run_block() -> float:
        gc.collect()
        started = time.perf_counter()
        for _ in range(calls):
            call()
        return (time.perf_counter() - started) / calls

    return run_block


def compare_calls(
    floor: Callable[[], object],
    subject: Callable[[], object],
    rounds: int,
    block_seconds: float = BLOCK_SECONDS,
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Time floor and subject per call, interleaved, in blocks sized on the floor."""
    calls = calls_per_block(floor, block_seconds)
    subject()  # warm the subject too: its first call pays for lazy imports
    return interleave(seconds_per_call(floor, calls), seconds_per_call(subject, calls), rounds)


def compare_per_call(
    name: str,
    floor: Callable[[], object],
    subject: Callable[[], object],
    settings: Settings,
    target: Target | None,
    notes: tuple[str, ...] = (),
) -> Comparison:
    floor_times, subject_times = compare_calls(
        floor, subject, settings.rounds, settings.block_seconds
    )
    return Comparison(
        group=PER_CALL_GROUP,
        name=name,
        unit="s/call",
        subject=subject_times,
        floor=floor_times,
        target=target,
        notes=notes,
    )
