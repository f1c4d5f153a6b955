"""Cold import: the np6 packages against `import httpx`, each in a fresh interpreter.

The time is taken inside the child around the import statement alone, so interpreter start-up
is left out of both sides. `python -X importtime` then names the modules that cost the most
(self time, summed over one run), which is where the time goes.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks._measure import Comparison, Target
from benchmarks.settings import Settings

GROUP = "3. cold import (fresh interpreter)"
FLOOR_MODULE = "httpx"
TARGET = Target(1.25)

# (row name, import statement). `import np6` is what the issue targets; the two others show
# what a first call costs on top of it, since np6 loads its modules lazily.
SUBJECTS = (
    ("import np6", "import np6"),
    ("import np6_client", "import np6_client"),
    ("import np6.messages.send_messages", "import np6.messages.send_messages"),
)

_CHILD = (
    "import time\n"
    "started = time.perf_counter()\n"
    "{statement}\n"
    "print(time.perf_counter() - started)\n"
)


def run(settings: Settings) -> list[Comparison]:
    """Time each subject and the floor in fresh interpreters, interleaved run by run."""
    floor_statement = f"import {FLOOR_MODULE}"
    broken = {statement: why for _, statement in SUBJECTS if (why := import_failure(statement))}
    statements = [statement for _, statement in SUBJECTS if statement not in broken]
    timings = interleaved_import_times([floor_statement, *statements], settings.import_runs)

    return [
        _comparison(name, statement, timings, floor_statement, broken.get(statement, ""))
        for name, statement in SUBJECTS
    ]


def _comparison(
    name: str,
    statement: str,
    timings: dict[str, list[float]],
    floor_statement: str,
    missing: str,
) -> Comparison:
    target = TARGET if statement == "import np6" else None
    if missing:
        return Comparison(group=GROUP, name=name, unit="s", target=target, missing=missing)
    return Comparison(
        group=GROUP,
        name=name,
        unit="s",
        subject=tuple(timings[statement]),
        floor=tuple(timings[floor_statement]),
        target=target,
        extra={"largest imports (self time)": heaviest_imports(statement)},
    )


def import_failure(statement: str) -> str:
    """Why the statement fails in a fresh interpreter (its last error line), or "" if it runs.

    Running it also writes the bytecode caches, so that no timed run pays for them.
    """
    result = subprocess.run(
        [sys.executable, "-c", statement], capture_output=True, text=True, check=False
    )
    if result.returncode == 0:
        return ""
    lines = result.stderr.strip().splitlines()
    return f"{statement!r} fails: {lines[-1] if lines else 'exit status ' + str(result.returncode)}"


def interleaved_import_times(statements: list[str], runs: int) -> dict[str, list[float]]:
    """Time each statement `runs` times; each run visits them all, in a rotating order."""
    for statement in statements:
        import_seconds(statement)  # warm the bytecode caches and the file system's

    timings: dict[str, list[float]] = {statement: [] for statement in statements}
    for run_index in range(runs):
        shift = run_index % len(statements)
        for statement in statements[shift:] + statements[:shift]:
            timings[statement].append(import_seconds(statement))
    return timings


def import_seconds(statement: str) -> float:
    """Seconds the statement takes in a fresh interpreter, start-up excluded."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip())


def heaviest_imports(statement: str, count: int = 4) -> str:
    """The modules with the largest self time under `python -X importtime`, one run.

    Modules the interpreter loads at start-up (site, encodings, .pth files) are left out.
    """
    at_startup = _importtime_report("pass")
    self_times = {
        name: micros
        for name, micros in _importtime_report(statement).items()
        if name not in at_startup
    }
    heaviest = sorted(self_times.items(), key=lambda item: item[1], reverse=True)[:count]
    total = sum(self_times.values())
    parts = [f"{name} {micros / 1000:.1f} ms" for name, micros in heaviest]
    return f"{', '.join(parts)} (of {total / 1000:.1f} ms in {len(self_times)} modules)"


def _importtime_report(statement: str) -> dict[str, int]:
    """Self time in microseconds per module imported by a fresh interpreter running statement."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    self_times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_field, _, name_field = line.removeprefix("import time:").split("|")
        self_times[name_field.strip()] = int(self_field)
    return self_times
