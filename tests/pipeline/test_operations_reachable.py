"""Every operation of the spec is callable: through np6_client, or through an overlay."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.pipeline

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "spec" / "np6-cm.yaml").read_text())
MANIFEST = json.loads((ROOT / "generated" / "manifest.json").read_text())
# Every operation has the *_detailed flavours; the generator adds sync/asyncio (the parsed
# value alone) only where a success response has a body.
DETAILED = ("sync_detailed", "asyncio_detailed")
PARSED = ("sync", "asyncio")
VENDOR_PREFIX = "application/vnd.np6."


def spec_operations() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", op)
        for path, item in SPEC["paths"].items()
        for method, op in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    ]


def uses_vendor_media_type(op: dict[str, Any]) -> bool:
    media_types = op.get("requestBody", {}).get("content", {})
    return any(m.startswith(VENDOR_PREFIX) for m in media_types)


def generated_module(op: dict[str, Any]) -> str:
    return f"np6_client.api.{op['tags'][0]}.{op['operationId']}"


def overlay_module(op: dict[str, Any]) -> str:
    return f"np6.messages.{op['operationId']}"


def has_success_body(op: dict[str, Any]) -> bool:
    return any(
        status.startswith("2") and "content" in response
        for status, response in op["responses"].items()
    )


def assert_callable(module_name: str, op: dict[str, Any]) -> None:
    module = importlib.import_module(module_name)
    flavours = DETAILED + PARSED if has_success_body(op) else DETAILED
    missing = [f for f in flavours if not callable(getattr(module, f, None))]
    assert not missing, f"{module_name} lacks {missing}"


def test_the_spec_has_17_operations() -> None:
    assert len(spec_operations()) == 17


@pytest.mark.parametrize(
    ("label", "op"),
    [(label, op) for label, op in spec_operations() if not uses_vendor_media_type(op)],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_generated_operation_is_reachable(label: str, op: dict[str, Any]) -> None:
    assert_callable(generated_module(op), op)


@pytest.mark.parametrize(
    ("label", "op"),
    [(label, op) for label, op in spec_operations() if uses_vendor_media_type(op)],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_vendor_media_type_operation_is_served_by_an_overlay(
    label: str, op: dict[str, Any]
) -> None:
    assert_callable(overlay_module(op), op)


def test_manifest_agrees_with_the_spec() -> None:
    listed = {
        entry["module"]
        for group in ("generated", "overlays")
        for entry in MANIFEST["operations"][group]
    }
    expected = {
        overlay_module(op) if uses_vendor_media_type(op) else generated_module(op)
        for _, op in spec_operations()
    }
    assert listed == expected
