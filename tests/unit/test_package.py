"""The np6 package: every public name resolves, and importing it loads no generated model."""

from __future__ import annotations

import subprocess
import sys

import pytest

import np6


@pytest.mark.parametrize("name", np6.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(np6, name) is not None
    assert name in dir(np6)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        np6.no_such_name  # noqa: B018


def test_import_np6_loads_no_generated_model() -> None:
    # A fresh interpreter: this test process has long imported everything.
    probe = "import sys, np6; print(sorted(m for m in sys.modules if m.startswith('np6_client')))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
