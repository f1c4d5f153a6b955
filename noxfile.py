"""Sessions people run: `nox` alone runs what a contributor runs before a push.

nox -s regenerate        rebuild generated/ from spec/ and verify it (the main job)
nox -s tests             the whole test suite (what CI runs)
nox -s bench             benchmark ratios against plain httpx + json (docs/benchmarks.md)
nox -l                   every session
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["check-generated", "lint", "typecheck", "lint-spec", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"
DEV = ".[dev]"
HAND_WRITTEN = ["overlays", "scripts", "tests", "benchmarks", "noxfile.py"]
REDOCLY = "@redocly/cli@2.77.0"


def install_dev(session: nox.Session) -> None:
    session.log("installing np6-client with its dev extra")
    session.install("-e", DEV)


@nox.session(python=PYTHON)
def regenerate(session: nox.Session) -> None:
    """Rebuild generated/ from spec/, verify it, and say what changed for callers."""
    install_dev(session)
    previous_spec = manifest_spec_blob()

    session.log("step 1/4: regenerate generated/ from spec/np6-cm.yaml")
    session.run("python", "scripts/codegen.py")

    session.log("step 2/4: regenerate into a temporary directory; it must match byte for byte")
    session.run("python", "scripts/codegen.py", "--check")

    session.log("step 3/4: validate the spec and import every generated module")
    session.run("pytest", "-q", "-m", "pipeline", "tests/pipeline", *session.posargs)
    session.run("python", "scripts/spec_report.py", "--summary")

    session.log("step 4/4: what changed for callers since the previous generated/")
    if previous_spec is None:
        session.log("no previous manifest: nothing to compare with")
        return
    # Exit status 2: that spec was never committed, so git cannot give it back; it says so.
    session.run(
        "python",
        "scripts/spec_diff.py",
        f"blob:{previous_spec}",
        "spec/np6-cm.yaml",
        "--format",
        "summary",
        success_codes=[0, 2],
    )


def manifest_spec_blob() -> str | None:
    """The git blob id of the spec the committed generated/ was made from, if there is one."""
    manifest = Path("generated/manifest.json")
    if not manifest.exists():
        return None
    blob: str | None = json.loads(manifest.read_text()).get("spec", {}).get("git_blob")
    return blob


@nox.session(name="check-generated", python=PYTHON)
def check_generated(session: nox.Session) -> None:
    """Fail if generated/ differs from what spec/ and the config produce, naming the files."""
    install_dev(session)
    session.log("regenerating into a temporary directory and comparing with generated/")
    session.run("python", "scripts/codegen.py", "--check")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole test suite; no network, only 127.0.0.1."""
    install_dev(session)
    session.log("running pytest")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff on the hand-written code (generated/ follows the generator's style)."""
    session.install("ruff==0.17.6")
    session.log("ruff check")
    session.run("ruff", "check", *HAND_WRITTEN)
    session.log("ruff format --check")
    session.run("ruff", "format", "--check", *HAND_WRITTEN)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over generated/, the overlays and every hand-written module."""
    install_dev(session)
    session.log("mypy --strict")
    session.run(
        "mypy",
        "--strict",
        "generated/np6_client",
        "overlays/np6",
        "scripts",
        "noxfile.py",
        "tests",
        "benchmarks",
    )


@nox.session(name="lint-spec", python=False)
def lint_spec(session: nox.Session) -> None:
    """Redocly CLI lint of the spec (NP6 publishes its own reference with Redocly)."""
    if shutil.which("npx") is None:
        session.error("lint-spec needs Node.js and npx on PATH")
    session.log("redocly lint spec/np6-cm.yaml")
    session.run(
        "npx",
        "--yes",
        REDOCLY,
        "lint",
        "--config",
        "redocly.yaml",
        "spec/np6-cm.yaml",
        external=True,
    )


@nox.session(name="spec-report", python=PYTHON)
def spec_report(session: nox.Session) -> None:
    """List what the spec infers or decides beyond NP6's documentation: what to verify live."""
    session.install("pyyaml")
    session.log("listing x-np6-inferred and x-np6-decision")
    session.run("python", "scripts/spec_report.py", *session.posargs)


@nox.session(python=PYTHON)
def sandbox(session: nox.Session) -> None:
    """Run the local NP6 sandbox in the foreground on 127.0.0.1 (port 8600 unless given)."""
    usage = "usage: nox -s sandbox [-- PORT]   (PORT: 1-65535, default 8600)"
    if len(session.posargs) > 1 or not all(arg.isdigit() for arg in session.posargs):
        session.error(usage)
    install_dev(session)
    session.log("starting the NP6 sandbox; Ctrl-C stops it")
    session.run("python", "scripts/np6_sandbox", *session.posargs)


@nox.session(python=PYTHON)
def record(session: nox.Session) -> None:
    """Re-record tests/cassettes/ against NP6 (NP6_API_KEY, NP6_RECORD_*), then replay them.

    `nox -s record -- --sandbox` records against a local sandbox instead; `--only NAME ...`
    records some cases. The key and personal data are scrubbed before anything is written.
    """
    usage = "usage: nox -s record [-- [--sandbox] [--only NAME ...]]"
    options = [arg for arg in session.posargs if arg.startswith("-")]
    if any(option not in ("--sandbox", "--only") for option in options):
        session.error(usage)
    if "--sandbox" not in options and not os.environ.get("NP6_API_KEY"):
        session.error("recording against NP6 needs NP6_API_KEY in the environment; " + usage)
    install_dev(session)
    session.log("step 1/2: record the cassettes (scripts/record_cassettes.py), scrubbed")
    session.run("python", "scripts/record_cassettes.py", *session.posargs)
    session.log("step 2/2: replay them through the client, network closed")
    session.run("pytest", "-q", "tests/e2e/test_cassettes.py")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Print the benchmark table: `nox -s bench [-- --quick] [-- --only overhead,bulk,...]`."""
    install_dev(session)
    session.log("per-call overhead, bulk sending, cold import, regeneration: a few minutes")
    session.run("python", "-m", "benchmarks.run", *session.posargs)


@nox.session(name="spec-diff", python=PYTHON)
def spec_diff(session: nox.Session) -> None:
    """What a spec change means for callers: `nox -s spec-diff -- [OLD [NEW]] [options]`.

    OLD/NEW: a file, git:REV or blob:SHA; by default the spec generated/ was made from and the
    working tree's. Options: --format markdown|json|summary, --fail-on SEVERITY (see --help).
    """
    install_dev(session)
    session.log("semantic diff of the spec, classified for callers (scripts/spec_diff.py --help)")
    session.run("python", "scripts/spec_diff.py", *session.posargs)
