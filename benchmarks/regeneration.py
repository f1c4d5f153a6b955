"""Regeneration: scripts/codegen.py against the bare generator doing the same generation.

The bare side is `openapi-python-client generate` with the same config, templates and flags, on
the same derived input codegen.py feeds it (the spec without the four vendor-media-type
operations). Run on the raw spec instead, the generator warns about those operations and writes
four modules that do not import: other work, so not a fair floor. What the ratio shows is
therefore what codegen.py adds around the generator: loading and deriving the spec, stamping
headers, the manifest, the spec diff against the previous tree, and the atomic swap (or, with
--check, the byte-for-byte comparison).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import yaml

from benchmarks._measure import Comparison, Target, interleave
from benchmarks.settings import Settings

GROUP = "4. regeneration (whole command, wall clock)"
TARGET = Target(1.5)
ROOT = Path(__file__).resolve().parent.parent
CODEGEN = ROOT / "scripts" / "codegen.py"
GENERATED = ROOT / "generated"
# The generator's post hooks run ruff by name, as codegen.py arranges: the venv's tools first.
_ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def run(settings: Settings) -> list[Comparison]:
    """Time regenerate and check against the bare generator, interleaved run by run."""
    with tempfile.TemporaryDirectory(prefix="np6-bench-regen-") as tmp:
        workdir = Path(tmp)
        generator_input = write_generator_input(workdir)
        bare = BareGenerator(generator_input, workdir)
        regenerate = Regenerate(workdir)
        check = Check()

        rows: list[tuple[str, _Timed]] = [
            ("regenerate (scripts/codegen.py)", regenerate),
            ("check-generated (codegen.py --check)", check),
        ]
        return [_compare(name, runner, bare, settings.regeneration_runs) for name, runner in rows]


def _compare(name: str, runner: _Timed, bare: _Timed, runs: int) -> Comparison:
    try:
        floor, subject = interleave(bare, runner, runs)
    except CommandFailedError as error:
        return Comparison(group=GROUP, name=name, unit="s", target=TARGET, missing=str(error))
    return Comparison(
        group=GROUP,
        name=name,
        unit="s",
        subject=subject,
        floor=floor,
        target=TARGET,
        notes=tuple(sorted(runner.notes)),
    )


class CommandFailedError(RuntimeError):
    """A timed command failed: its time would not be that of the work."""


class _Timed:
    """A command timed by wall clock on each call; notes collect what went unexpectedly."""

    def __init__(self) -> None:
        self.notes: set[str] = set()
        self.runs = 0

    def command(self) -> list[str]:
        raise NotImplementedError

    def __call__(self) -> float:
        self.runs += 1
        command = self.command()
        started = time.perf_counter()
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, env=_ENV, check=False
        )
        elapsed = time.perf_counter() - started
        self.judge(result)
        return elapsed

    def judge(self, result: subprocess.CompletedProcess[str]) -> None:
        if result.returncode != 0:
            lines = (result.stdout + result.stderr).strip().splitlines() or ["(no output)"]
            command = " ".join(Path(part).name for part in result.args[:3])
            raise CommandFailedError(f"{command} failed: {lines[-1]}")


class BareGenerator(_Timed):
    """openapi-python-client itself, with codegen.py's own arguments, into a fresh directory."""

    def __init__(self, generator_input: Path, workdir: Path) -> None:
        super().__init__()
        self.generator_input = generator_input
        self.workdir = workdir

    def command(self) -> list[str]:
        tool = Path(sys.executable).parent / "openapi-python-client"
        return [
            str(tool), "generate",
            "--path", str(self.generator_input),
            "--config", str(ROOT / "generator-config.yaml"),
            "--custom-template-path", str(ROOT / "scripts" / "templates"),
            "--meta", "none",
            "--output-path", str(self.workdir / f"bare-{self.runs}" / "np6_client"),
            "--fail-on-warning",
        ]  # fmt: skip


class Regenerate(_Timed):
    """codegen.py over a copy of generated/, so that it diffs the spec and swaps the tree."""

    def __init__(self, workdir: Path) -> None:
        super().__init__()
        self.workdir = workdir

    def command(self) -> list[str]:
        output = self.workdir / f"regenerate-{self.runs}" / "generated"
        shutil.copytree(GENERATED, output, ignore=shutil.ignore_patterns("__pycache__"))
        return [sys.executable, str(CODEGEN), "--output", str(output)]


class Check(_Timed):
    """codegen.py --check against the real generated/."""

    def command(self) -> list[str]:
        return [sys.executable, str(CODEGEN), "--check"]

    def judge(self, result: subprocess.CompletedProcess[str]) -> None:
        # A stale generated/ is still compared file by file: the time stands, with a note.
        if result.returncode == 1 and "is not what the spec and config produce" in result.stderr:
            self.notes.add("--check found generated/ out of date with the tree; time kept")
            return
        super().judge(result)


def write_generator_input(workdir: Path) -> Path:
    """Write the spec as codegen.py derives it for the generator, with codegen.py's own code."""
    codegen = _load_codegen()
    _, document = codegen.load_spec(codegen.SPEC)
    derived = codegen.build_generator_input(document, codegen.list_operations(document))
    path = workdir / "generator-input.yaml"
    path.write_text(yaml.safe_dump(derived, sort_keys=False, allow_unicode=True))
    return path


def _load_codegen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("np6_bench_codegen", CODEGEN)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {CODEGEN}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks its module up while the class is built
    spec.loader.exec_module(module)
    return module
