"""docs/spec-diff.md and docs/upgrading.md say what spec_diff does, and stay in step with it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import spec_diff  # noqa: E402  (scripts/ is not a package)
from spec_diff_rules import RULES  # noqa: E402

pytestmark = pytest.mark.pipeline

KIND_ROW = re.compile(
    r"^\| `(?P<kind>[a-z-]+)` \| (?P<context>\S+) \| (?P<severity>\S+) \| (?P<why>.*) \|$"
)


def test_the_kinds_table_lists_every_rule_as_the_code_has_it() -> None:
    text = (ROOT / "docs/spec-diff.md").read_text(encoding="utf-8")
    documented = {
        (m["kind"], m["context"], m["severity"], m["why"])
        for m in map(KIND_ROW.match, text.splitlines())
        if m
    }

    rules = {
        (kind, context, severity, why)
        for kind, contexts in RULES.items()
        for context, (severity, why) in contexts.items()
    }
    assert documented == rules


def test_the_worked_example_in_upgrading_is_the_golden_report() -> None:
    text = (ROOT / "docs/upgrading.md").read_text(encoding="utf-8")
    block = text.split("<!-- worked-example:start", 1)[1].split("<!-- worked-example:end -->")[0]
    report = block.split("````markdown\n", 1)[1].rsplit("````", 1)[0]

    golden = ROOT / "tests/pipeline/fixtures/spec_diff/np6-cm-8.2.0.md"
    assert report == golden.read_text(encoding="utf-8")


def test_help_names_the_json_keys_and_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        spec_diff.main(["--help"])
    text = capsys.readouterr().out

    assert "docs/spec-diff.md" in text
    for key in ("kind", "severity", "operation", "pointer", "message", "python"):
        assert f'"{key}"' in text
