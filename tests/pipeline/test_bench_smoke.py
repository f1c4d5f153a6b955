"""Smoke run of the benchmarks: tiny sizes, one round, so that `nox -s bench` keeps working.

No figure is judged here: benchmarks report ratios, they never assert on time. What is checked
is that every benchmark runs, measures each of its rows with finite positive numbers, and that
the table shows them.
"""

from __future__ import annotations

import pytest

from benchmarks._measure import Comparison
from benchmarks.report import render_table
from benchmarks.run import BENCHMARKS, run_benchmarks
from benchmarks.settings import QUICK

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="module")
def rows_by_benchmark() -> dict[str, list[Comparison]]:
    return {name: run_benchmarks([name], QUICK) for name in BENCHMARKS}


@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_benchmark_measures_every_row(
    name: str, rows_by_benchmark: dict[str, list[Comparison]]
) -> None:
    rows = rows_by_benchmark[name]

    assert rows, f"{name} returned no comparison"
    for row in rows:
        assert row.measured, f"{row.name}: not measured: {row.missing}"
        assert row.figures_are_sound(), f"{row.name}: {row.subject} against {row.floor}"


def test_table_shows_every_row(rows_by_benchmark: dict[str, list[Comparison]]) -> None:
    rows = [row for rows in rows_by_benchmark.values() for row in rows]

    table = render_table(rows, QUICK)

    for row in rows:
        assert row.name[:40] in table
    assert "not measured" not in table


def test_a_missing_row_is_shown_with_its_reason() -> None:
    row = Comparison(group="g", name="send", unit="s", missing="the overlay is absent")

    assert not row.measured
    assert "not measured: the overlay is absent" in render_table([row], QUICK)
