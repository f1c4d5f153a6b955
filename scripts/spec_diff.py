"""Semantic diff of two versions of the NP6 spec, classified for code that calls np6-client.

    python scripts/spec_diff.py OLD NEW    compare two specs
    python scripts/spec_diff.py OLD        compare OLD with the working tree's spec
    python scripts/spec_diff.py            compare the spec generated/ was made from (its
                                           manifest) with the working tree's spec

OLD and NEW are each a file path, `git:REV` (the spec file at a git revision: `git:main`,
`git:HEAD~1`) or `blob:SHA` (a git blob id, as generated/manifest.json records it).

Importable (scripts/ on sys.path): `diff_documents(old, new)` returns a Report;
`render_markdown`, `render_summary` (also `Report.summary()`) and `to_json` render it.
`nox -s regenerate` ends with `--format summary` against the spec of the previous generated/.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from spec_diff_render import render_markdown, render_summary, to_json
from spec_diff_rules import BREAKING, POTENTIALLY_BREAKING, Report
from spec_diff_shapes import SpecError
from spec_diff_walk import diff_documents

__all__ = [
    "Report",
    "SourceError",
    "diff_documents",
    "load_source",
    "render_markdown",
    "render_summary",
    "to_json",
]

logger = logging.getLogger("spec_diff")

REPO = Path(__file__).resolve().parent.parent
SPEC = Path("spec/np6-cm.yaml")
MANIFEST = Path("generated/manifest.json")

JSON_SHAPE = """\
JSON output (--format json), version 1; the full description is in docs/spec-diff.md:
  {"format": "np6-spec-diff", "version": 1,
   "old": {"source": str, "info_version": str|null}, "new": {...},
   "counts": {"breaking": int, "potentially-breaking": int, "non-breaking": int},
   "suggested_bump": "major"|"minor"|"patch",
   "changes": [{"kind": str, "severity": "breaking"|"potentially-breaking"|"non-breaking",
                "operation": "METHOD /path"|null, "pointer": JSON pointer, "side": "old"|"new",
                "message": str, "reason": str, "python": [dotted names],
                "component": str|null, "direction": "request"|"response"|"both"|null}]}
Exit status: 0, or 1 when --fail-on is met, or 2 on a bad argument or an unreadable spec.
"""


class SourceError(Exception):
    """A side of the diff cannot be read."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; argparse stops a bad one with the usage line (exit status 2)."""
    parser = argparse.ArgumentParser(
        prog="spec_diff.py",
        description="Semantic diff of two NP6 specs, classified for callers of np6-client.",
        epilog=JSON_SHAPE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="OLD [NEW]",
        help="file path, git:REV or blob:SHA (default: manifest, working tree)",
    )
    parser.add_argument("--format", choices=("markdown", "json", "summary"), default="markdown")
    parser.add_argument(
        "--fail-on",
        choices=(BREAKING, POTENTIALLY_BREAKING),
        help="exit 1 when a change is at least this severe",
    )
    parser.add_argument(
        "--spec",
        type=Path,
        default=SPEC,
        help="the spec's path in the repository (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if len(args.sources) > 2:
        parser.error("at most two specs: OLD [NEW]")
    return args


def git(*arguments: str) -> str:
    """Output of a git command run at the repository root.

    Raises:
        SourceError: git failed (unknown revision, missing object).
    """
    result = subprocess.run(
        ["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SourceError(f"git {' '.join(arguments)}: {result.stderr.strip()}")
    return result.stdout


def manifest_source(manifest_path: Path | None = None) -> str:
    """`blob:SHA` of the spec that generated/ (or the given manifest) was made from.

    Raises:
        SourceError: no manifest, or its spec was never added to git.
    """
    try:
        manifest = json.loads((manifest_path or REPO / MANIFEST).read_text(encoding="utf-8"))
        blob = manifest["spec"]["git_blob"]
    except (OSError, ValueError, KeyError) as error:
        raise SourceError(f"cannot read the spec's blob id from {MANIFEST}: {error}") from None
    try:
        git("cat-file", "-e", f"{blob}^{{blob}}")
    except SourceError:
        raise SourceError(
            f"the spec generated/ was made from (git blob {blob}) is not in this repository; "
            "it was never committed or added: pass OLD explicitly"
        ) from None
    return f"blob:{blob}"


def load_source(source: str, spec: Path = SPEC) -> dict[str, Any]:
    """Parse one side: a file path, `git:REV` or `blob:SHA`.

    Raises:
        SourceError: the spec cannot be read or is not a YAML mapping.
    """
    if source.startswith("git:"):
        text = git("show", f"{source.removeprefix('git:')}:{spec.as_posix()}")
    elif source.startswith("blob:"):
        text = git("cat-file", "blob", source.removeprefix("blob:"))
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise SourceError(f"cannot read {source}: {error.strerror}") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster
    try:
        document = yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        raise SourceError(f"{source} is not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise SourceError(f"{source} is not an OpenAPI document (not a mapping)")
    return document


def choose_sources(sources: list[str], spec: Path) -> tuple[str, str]:
    """OLD and NEW from the arguments, with the manifest and the working tree as defaults."""
    working_tree = str(spec) if spec.is_absolute() else str(REPO / spec)
    if len(sources) == 2:
        return sources[0], sources[1]
    if len(sources) == 1:
        return sources[0], working_tree
    return manifest_source(), working_tree


def render(report: Report, output_format: str) -> str:
    """The report in the format asked for on the command line."""
    if output_format == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    if output_format == "summary":
        return render_summary(report) + "\n"
    return render_markdown(report)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit status is documented in --help."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="spec-diff: %(message)s", stream=sys.stderr)
    try:
        old_source, new_source = choose_sources(args.sources, args.spec)
        logger.info("loading old spec from %s", old_source)
        old = load_source(old_source, args.spec)
        logger.info("loading new spec from %s", display_path(new_source))
        new = load_source(new_source, args.spec)
        logger.info("comparing")
        report = diff_documents(old, new, display_path(old_source), display_path(new_source))
    except (SourceError, SpecError) as error:
        logger.error("%s", error)
        return 2

    if args.format != "summary":  # the summary is the output itself; do not say it twice
        logger.info("%s", render_summary(report).splitlines()[0])
    sys.stdout.write(render(report, args.format))
    if args.fail_on and report.fails(args.fail_on):
        logger.info("failing: at least one %s change (--fail-on)", args.fail_on)
        return 1
    return 0


def display_path(source: str) -> str:
    """A source as the report shows it: paths inside the repository are made relative."""
    path = Path(source)
    if path.is_absolute() and path.is_relative_to(REPO):
        return path.relative_to(REPO).as_posix()
    return source


if __name__ == "__main__":
    sys.exit(main())
