"""The table `nox -s bench` prints: one row per comparison, grouped by benchmark."""

from __future__ import annotations

import statistics
from itertools import groupby

from benchmarks._measure import Comparison
from benchmarks.settings import Settings

_NAME_WIDTH = 46
_HEADER = (
    f"  {'comparison':<{_NAME_WIDTH}} {'ratio':>6} {'min-max':>12} {'target':>9} {'met':>4}"
    f" {'client':>13} {'floor':>13}"
)


def render_table(rows: list[Comparison], settings: Settings) -> str:
    """Render the rows as text: medians, min-max spread of the ratios, targets, notes."""
    lines = [
        "np6-client benchmarks: ratio = client / floor, measured side by side in the same run",
        f"median and min-max of the per-round ratios over {settings.rounds} rounds (per call),"
        f" {settings.bulk_rounds} (bulk), {settings.import_runs} (import),"
        f" {settings.regeneration_runs} (regeneration);",
        "throughput: higher is better; everything else is time: lower is better",
    ]
    if settings.warning:
        lines.append(f"** {settings.warning} **")
    for group, group_rows in groupby(rows, key=lambda row: row.group):
        lines += ["", group, _HEADER]
        for row in group_rows:
            lines += _render_row(row)
    return "\n".join(lines)


def _render_row(row: Comparison) -> list[str]:
    name = row.name[:_NAME_WIDTH]
    if not row.measured:
        return [f"  {name:<{_NAME_WIDTH}} not measured: {row.missing}"]

    ratios = row.ratios
    target = str(row.target) if row.target else "-"
    met = ("yes" if row.target.met_by(row.median_ratio) else "NO") if row.target else "-"
    line = (
        f"  {name:<{_NAME_WIDTH}} {row.median_ratio:>5.2f}x"
        f" {f'{min(ratios):.2f}-{max(ratios):.2f}x':>12} {target:>9} {met:>4}"
        f" {format_figure(statistics.median(row.subject), row.unit):>13}"
        f" {format_figure(statistics.median(row.floor), row.unit):>13}"
    )
    extras = [f"      {key}: {value}" for key, value in row.extra.items()]
    notes = [f"      note: {note}" for note in row.notes]
    return [line, *extras, *notes]


def format_figure(value: float, unit: str) -> str:
    """Format a median in its unit: seconds scaled to us/ms/s, throughput in messages/s."""
    if unit == "msg/s":
        return f"{value:,.0f} msg/s"
    if value < 1e-3:
        return f"{value * 1e6:.1f} us"
    if value < 1.0:
        return f"{value * 1e3:.2f} ms"
    return f"{value:.2f} s"
