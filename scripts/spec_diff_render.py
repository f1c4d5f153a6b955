"""Renderings of a spec_diff Report: Markdown for a pull request, JSON, and a short summary."""

from __future__ import annotations

from itertools import groupby

from spec_diff_rules import SEVERITIES, Change, Report

JSON_FORMAT = "np6-spec-diff"
JSON_VERSION = 1
SUMMARY_LINES = 15
HEADINGS = {
    "breaking": "Breaking",
    "potentially-breaking": "Potentially breaking",
    "non-breaking": "Non-breaking",
}


def to_json(report: Report) -> dict[str, object]:
    """The report in the stable JSON shape documented in docs/spec-diff.md."""
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "old": {"source": report.old_source, "info_version": report.old_version},
        "new": {"source": report.new_source, "info_version": report.new_version},
        "counts": {severity: report.count(severity) for severity in SEVERITIES},
        "suggested_bump": report.suggested_bump(),
        "changes": [change.to_json() for change in report.changes],
    }


def render_counts(report: Report) -> str:
    """`2 breaking, 1 potentially-breaking, 5 non-breaking`."""
    return ", ".join(f"{report.count(severity)} {severity}" for severity in SEVERITIES)


def render_markdown(report: Report) -> str:
    """The pull-request report: counts first, then changes by severity, grouped by operation."""
    lines = [
        f"## NP6 spec diff: {report.old_version} → {report.new_version}",
        "",
        f"`{report.old_source}` → `{report.new_source}`",
        "",
        "| breaking | potentially breaking | non-breaking | suggested np6-client bump |",
        "|---:|---:|---:|---|",
        f"| {' | '.join(str(report.count(s)) for s in SEVERITIES)} | {report.suggested_bump()} |",
    ]
    if not report.changes:
        lines += ["", "No change that a caller of the client can see."]
    for severity in SEVERITIES:
        changes = [change for change in report.changes if change.severity == severity]
        if changes:
            lines += ["", f"### {HEADINGS[severity]} ({len(changes)})"]
            lines += render_severity(changes)
    return "\n".join(lines) + "\n"


def render_severity(changes: list[Change]) -> list[str]:
    """One block per operation (document-level changes first), one bullet per change."""
    lines: list[str] = []
    for operation, group in groupby(changes, key=lambda change: change.operation):
        members = list(group)
        if operation is None:
            lines += ["", "**Document**"]
        else:
            lines += ["", f"**`{operation}`** · `{members[0].python[0]}`"]
        lines += [render_change(change, skip_function=operation is not None) for change in members]
    return lines


def render_change(change: Change, skip_function: bool) -> str:
    """`- kind: message (direction). Reason. pointer · Python names`, on one line."""
    direction = {"both": " (request and response)"}.get(
        change.direction or "", f" ({change.direction})" if change.direction else ""
    )
    names = change.python[1:] if skip_function else change.python
    where = [f"`{change.pointer}` ({change.side})", *(f"`{name}`" for name in names)]
    return f"- `{change.kind}`: {change.message}{direction}. {change.reason} {' · '.join(where)}"


def render_summary(report: Report) -> str:
    """A few lines for the end of `nox -s regenerate`: counts, then what may break callers."""
    head = (
        f"spec diff {report.old_version} -> {report.new_version}: {render_counts(report)} "
        f"(suggested np6-client bump: {report.suggested_bump()})"
    )
    serious = [change for change in report.changes if change.severity != "non-breaking"]
    lines = [head]
    for change in serious[:SUMMARY_LINES]:
        operation = change.operation or "document"
        lines.append(f"  {change.severity:<20} {operation}: {change.kind}: {change.message}")
    if len(serious) > SUMMARY_LINES:
        lines.append(f"  ... and {len(serious) - SUMMARY_LINES} more")
    if report.changes:
        lines.append(f"  full report: nox -s spec-diff -- {full_report_arguments(report)}")
    return "\n".join(lines)


def full_report_arguments(report: Report) -> str:
    """OLD NEW for `nox -s spec-diff`; by default, the last committed spec against the tree's."""
    if (report.old_source, report.new_source) == ("old", "new"):
        return "git:HEAD   (the committed spec against the working tree's)"
    return f"{report.old_source} {report.new_source}"
