"""The worked example of docs/upgrading.md: our 8.1.0 spec against a made-up 8.2.0.

The 8.2.0 fixture lists its changes at its top. The whole Markdown report is compared with the
golden file; after a deliberate change to spec_diff, rewrite the golden file with

    cd tests/pipeline/fixtures/spec_diff && python ../../../../scripts/spec_diff.py \
        np6-cm-8.1.0.yaml np6-cm-8.2.0.yaml > np6-cm-8.2.0.md

and read its diff before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from spec_diff import diff_documents, load_source, render_markdown  # noqa: E402

pytestmark = pytest.mark.pipeline

FIXTURES = Path("tests/pipeline/fixtures/spec_diff")
OLD, NEW, GOLDEN = (
    FIXTURES / name for name in ("np6-cm-8.1.0.yaml", "np6-cm-8.2.0.yaml", "np6-cm-8.2.0.md")
)


def test_worked_example_report_matches_the_golden_file() -> None:
    old, new = load_source(str(ROOT / OLD)), load_source(str(ROOT / NEW))

    report = diff_documents(old, new, OLD.name, NEW.name)

    assert render_markdown(report) == (ROOT / GOLDEN).read_text(encoding="utf-8")


def test_worked_example_finds_each_change_the_fixture_lists() -> None:
    report = diff_documents(load_source(str(ROOT / OLD)), load_source(str(ROOT / NEW)))

    kinds = {(c.kind, c.severity, c.operation) for c in report.changes}
    assert {
        ("required-property-added", "breaking", "POST /actions/{id}/targets/{targetId}"),
        ("operation-removed", "breaking", "GET /actions/{id}/export/tracking/opens"),
        ("enum-value-added", "non-breaking", "GET /actions/{id}"),
        ("parameter-added", "non-breaking", "GET /actions"),
        ("operation-deprecated", "non-breaking", "POST /actions/{id}/targets/{targetId}"),
        ("component-renamed", "potentially-breaking", None),
        ("property-added", "non-breaking", "POST /actions/{id}/render"),
        ("property-made-required", "breaking", "POST /actions/{id}/execution"),
        ("breaking-without-major-bump", "breaking", None),
    } <= kinds
    assert report.suggested_bump() == "major"
