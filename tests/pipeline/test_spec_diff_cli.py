"""spec_diff as a command and as the module codegen calls: sources, JSON shape, exit status."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import spec_diff  # noqa: E402  (scripts/ is not a package)
from spec_diff_shapes import function_name, lookup, model_class, python_field  # noqa: E402

import np6_client.models  # noqa: E402

pytestmark = pytest.mark.pipeline

FIXTURES = ROOT / "tests/pipeline/fixtures/spec_diff"
OLD, NEW = str(FIXTURES / "np6-cm-8.1.0.yaml"), str(FIXTURES / "np6-cm-8.2.0.yaml")
CHANGE_KEYS = {
    "kind",
    "severity",
    "operation",
    "pointer",
    "side",
    "message",
    "reason",
    "python",
    "component",
    "direction",
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit status and standard output; the log is in caplog (pytest captures logging)."""
    status = spec_diff.main(argv)
    return status, capsys.readouterr().out


def committed_spec_blob() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "HEAD:spec/np6-cm.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


# ---- output -----------------------------------------------------------------------------------


def test_json_output_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run([OLD, NEW, "--format", "json"], capsys)
    report = json.loads(out)

    assert status == 0
    assert set(report) == {"format", "version", "old", "new", "counts", "suggested_bump", "changes"}
    assert (report["format"], report["version"]) == ("np6-spec-diff", 1)
    assert report["old"]["info_version"] == "8.1.0"
    assert report["counts"] == {
        severity: sum(c["severity"] == severity for c in report["changes"])
        for severity in ("breaking", "potentially-breaking", "non-breaking")
    }
    for change in report["changes"]:
        assert set(change) == CHANGE_KEYS
        assert change["operation"] is None or re.fullmatch(r"[A-Z]+ /\S*", change["operation"])
        assert change["direction"] in (None, "request", "response", "both")


def test_every_pointer_leads_to_a_node_of_its_side(capsys: pytest.CaptureFixture[str]) -> None:
    documents = {"old": spec_diff.load_source(OLD), "new": spec_diff.load_source(NEW)}
    _, out = run([OLD, NEW, "--format", "json"], capsys)

    for change in json.loads(out)["changes"]:
        lookup(documents[change["side"]], change["pointer"])  # raises if it leads nowhere


def test_summary_lists_what_may_break_and_how_to_see_the_rest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out = run([OLD, NEW, "--format", "summary"], capsys)
    lines = out.splitlines()

    assert lines[0].startswith("spec diff 8.1.0 -> 8.2.0: 5 breaking, 1 potentially-breaking")
    assert all("non-breaking " not in line for line in lines[1:])
    assert lines[-1].startswith("  full report: nox -s spec-diff -- ")


# ---- exit status ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param([OLD, NEW, "--fail-on", "breaking"], 1, id="breaking-fails"),
        pytest.param([OLD, NEW, "--fail-on", "potentially-breaking"], 1, id="at-least-fails"),
        pytest.param([OLD, OLD, "--fail-on", "potentially-breaking"], 0, id="no-change-passes"),
        pytest.param([OLD, NEW], 0, id="no-threshold-passes"),
    ],
)
def test_fail_on(argv: list[str], expected: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv, capsys)[0] == expected


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["a", "b", "c"], id="three-specs"),
        pytest.param([OLD, NEW, "--fail-on", "minor"], id="unknown-threshold"),
        pytest.param([OLD, NEW, "--format", "html"], id="unknown-format"),
    ],
)
def test_bad_arguments_stop_with_the_usage_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        spec_diff.main(argv)

    assert stopped.value.code == 2
    assert capsys.readouterr().err.startswith("usage: spec_diff.py")


def test_unreadable_spec_exits_2_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    status, _ = run([str(tmp_path / "missing.yaml"), NEW], capsys)

    assert status == 2
    assert "missing.yaml" in caplog.text


# ---- sources ----------------------------------------------------------------------------------


def test_git_revision_and_blob_sources_read_the_committed_spec() -> None:
    at_head = spec_diff.load_source("git:HEAD")
    by_blob = spec_diff.load_source(f"blob:{committed_spec_blob()}")

    assert at_head == by_blob
    assert at_head["openapi"].startswith("3.1")


def test_unknown_revision_is_reported(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    status, _ = run(["git:no-such-revision", NEW], capsys)

    assert status == 2
    assert "no-such-revision" in caplog.text


def write_manifest(tmp_path: Path, blob: str) -> Path:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"spec": {"path": "spec/np6-cm.yaml", "git_blob": blob}}))
    return manifest


def test_no_argument_compares_the_manifest_spec_with_the_working_tree(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="spec_diff")
    monkeypatch.setattr(spec_diff, "MANIFEST", write_manifest(tmp_path, committed_spec_blob()))

    status, out = run(["--spec", NEW, "--format", "json"], capsys)

    assert status == 0
    assert json.loads(out)["old"]["source"] == f"blob:{committed_spec_blob()}"
    assert "loading old spec from blob:" in caplog.text


def test_manifest_spec_missing_from_git_exits_2_and_says_so(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(spec_diff, "MANIFEST", write_manifest(tmp_path, "0" * 40))

    status, _ = run([], capsys)

    assert status == 2
    assert "is not in this repository" in caplog.text


# ---- Python names agree with what openapi-python-client generated -------------------------------


def our_spec() -> dict[str, Any]:
    return spec_diff.load_source(str(ROOT / "spec/np6-cm.yaml"))


def test_every_operation_name_is_a_module_of_the_client_or_an_overlay() -> None:
    for path, item in our_spec()["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            content = operation.get("requestBody", {}).get("content", {})
            overlay = any(media.startswith("application/vnd.np6.") for media in content)

            importlib.import_module(function_name(operation, method, path, overlay))


def test_every_model_component_name_is_a_class_of_the_client() -> None:
    schemas = our_spec()["components"]["schemas"]
    models = [
        name for name, schema in schemas.items() if "properties" in schema or "enum" in schema
    ]

    missing = [name for name in models if not hasattr(np6_client.models, model_class(name))]

    assert missing == []


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("EmailRenderDefinition", "data"), "EmailRenderDefinitionData"),
        (("ActionMonitor", "lastSent"), "ActionMonitorLastSent"),
        (("EmailRenderDefinitionBlocks", "item"), "EmailRenderDefinitionBlocksItem"),
        (("RenderSuccess", "headers"), "RenderSuccessHeaders"),
    ],
)
def test_inline_model_names_match_the_generated_classes(
    parts: tuple[str, ...], expected: str
) -> None:
    assert model_class(*parts) == expected
    assert hasattr(np6_client.models, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("type", "type_"), ("from", "from_"), ("id", "id"), ("creationDate", "creation_date")],
)
def test_field_names(name: str, expected: str) -> None:
    assert python_field(name) == expected
