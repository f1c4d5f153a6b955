"""Benchmarks of np6-client against the floor a careful user would write with httpx and json.

Every figure is a ratio of two measurements taken side by side in the same run, because the
machines are shared and noisy. `python -m benchmarks.run` (or `nox -s bench`) prints the table;
docs/benchmarks.md says how to read it.
"""
