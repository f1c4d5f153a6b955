"""List what spec/np6-cm.yaml infers or decides beyond NP6's documentation.

    python scripts/spec_report.py             every mark, grouped, with its JSON pointer
    python scripts/spec_report.py --summary   the counts only
    python scripts/spec_report.py --json      the marks as JSON

`x-np6-inferred` marks what NP6's 8.1.0 pages do not state (verify it against the live API
first); `x-np6-inferred-responses` does the same for single status codes of an operation;
`x-np6-decision` marks where we knowingly depart from, loosen or tighten the reference.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

SPEC = Path(__file__).resolve().parent.parent / "spec" / "np6-cm.yaml"
KINDS = {
    "x-np6-inferred": "inferred",
    "x-np6-inferred-responses": "inferred",
    "x-np6-decision": "decision",
}


@dataclass(frozen=True)
class Mark:
    kind: str
    pointer: str
    reason: str


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def find_marks(node: Any, pointer: str = "") -> Iterator[Mark]:
    """Walk the document depth first, yielding each provenance mark with where it stands."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from find_marks(item, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return

    for key, value in node.items():
        if key == "x-np6-inferred-responses":
            for status, reason in value.items():
                yield Mark("inferred", f"{pointer}/responses/{status}", str(reason))
        elif key in KINDS:
            yield Mark(KINDS[key], pointer or "/", " ".join(str(value).split()))
        else:
            yield from find_marks(value, f"{pointer}/{escape(str(key))}")


def render_text(marks: list[Mark]) -> str:
    lines = []
    for kind, title in (
        ("inferred", "Inferred: verify against the live API"),
        ("decision", "Decisions: where the spec departs from the reference"),
    ):
        chosen = [m for m in marks if m.kind == kind]
        lines.append(f"{title} ({len(chosen)})")
        lines.extend(f"  {m.pointer}\n      {m.reason}" for m in chosen)
        lines.append("")
    return "\n".join(lines)


def render_summary(marks: list[Mark]) -> str:
    inferred = sum(m.kind == "inferred" for m in marks)
    decisions = len(marks) - inferred
    return (
        f"spec-report: {inferred} inferred elements, {decisions} decisions "
        f"(details: nox -s spec-report)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--summary", action="store_true", help="print the counts only")
    output.add_argument("--json", action="store_true", help="print the marks as JSON")
    parser.add_argument("spec", nargs="?", type=Path, default=SPEC, help="spec file to read")
    args = parser.parse_args(argv)

    marks = list(find_marks(yaml.safe_load(args.spec.read_text())))
    if args.summary:
        print(render_summary(marks))
    elif args.json:
        print(json.dumps([asdict(m) for m in marks], indent=2))
    else:
        print(render_text(marks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
