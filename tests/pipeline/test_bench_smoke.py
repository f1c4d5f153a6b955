"""Smoke run of the benchmarks: tiny sizes, one round, so that `nox -s bench` keeps working.

No figure is judged here: benchmarks report ratios, they never assert on time. What is checked
is that every benchmark runs, measures each of its rows with finite positive numbers, and that
the table shows them. The benchmarks run inside the test, so the suite's contract check sees
their HTTP exchanges: the benchmark payloads must conform to the spec.
"""

from __future__ import annotations

import pytest

from benchmarks._measure import Comparison
from benchmarks.report import render_table
from benchmarks.run import BENCHMARKS, run_benchmarks
from benchmarks.settings import QUICK

pytestmark = pytest.mark.pipeline


@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_benchmark_measures_every_row_and_the_table_shows_it(name: str) -> None:
    rows = run_benchmarks([name], QUICK)

    assert rows, f"{name} returned no comparison"
    for row in rows:
        assert row.measured, f"{row.name}: not measured: {row.missing}"
        assert row.figures_are_sound(), f"{row.name}: {row.subject} against {row.floor}"
    table = render_table(rows, QUICK)
    for row in rows:
        assert row.name in table


def test_a_missing_row_is_shown_with_its_reason() -> None:
    row = Comparison(group="g", name="send", unit="s", missing="the overlay is absent")

    assert not row.measured
    assert "not measured: the overlay is absent" in render_table([row], QUICK)
