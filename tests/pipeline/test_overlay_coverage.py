"""What makes a regeneration safe for the overlays: every vendor-media-type operation of the spec
is served by an overlay that agrees with it, and every generated name an overlay uses exists.

Both read the spec, the manifest and the installed np6_client afresh, so they keep working after
`nox -s regenerate`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.pipeline

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ROOT / "overlays"
VENDOR_PREFIX = "application/vnd.np6."
FLAVOURS = {"sync": False, "sync_detailed": False, "asyncio": True, "asyncio_detailed": True}
SCHEMA_REF = "#/components/schemas/"


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((ROOT / "spec" / "np6-cm.yaml").read_text())
    return spec


def load_manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((ROOT / "generated" / "manifest.json").read_text())
    return manifest


@dataclass(frozen=True)
class VendorOperation:
    """An operation of the spec whose request body has a vendor media type."""

    operation_id: str
    method: str
    path: str
    operation: dict[str, Any]

    @property
    def media_types(self) -> dict[str, Any]:
        content: dict[str, Any] = self.operation["requestBody"]["content"]
        return content


def vendor_operations() -> list[VendorOperation]:
    return [
        VendorOperation(operation["operationId"], method.upper(), path, operation)
        for path, item in load_spec()["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict)
        and any(
            media_type.startswith(VENDOR_PREFIX)
            for media_type in operation.get("requestBody", {}).get("content", {})
        )
    ]


def overlay_module_for(operation: VendorOperation) -> ModuleType:
    entries = [
        entry
        for entry in load_manifest()["operations"]["overlays"]
        if entry["operation_id"] == operation.operation_id
    ]
    assert len(entries) == 1, f"the manifest lists no overlay for {operation.operation_id}"
    entry = entries[0]
    assert (entry["method"], entry["path"]) == (operation.method, operation.path)
    return importlib.import_module(entry["module"])


by_vendor_operation = pytest.mark.parametrize(
    "operation", vendor_operations(), ids=lambda operation: operation.operation_id
)


# ---- Every vendor-media-type operation is served ------------------------------------------------


def test_the_spec_has_vendor_media_type_operations() -> None:
    # Guards the tests below against passing on nothing, if the spec's shape changes.
    assert len(vendor_operations()) >= 4


@by_vendor_operation
def test_overlay_has_the_four_flavours(operation: VendorOperation) -> None:
    module = overlay_module_for(operation)

    for name, is_async in FLAVOURS.items():
        function = getattr(module, name, None)
        assert callable(function), f"{module.__name__} lacks {name}"
        assert inspect.iscoroutinefunction(function) == is_async, f"{module.__name__}.{name}"
        parameters = inspect.signature(function).parameters
        assert list(parameters) == ["id", "client", "body", "content_type"], name
        assert parameters["id"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert parameters["content_type"].default is None


@by_vendor_operation
def test_overlay_agrees_with_the_spec(operation: VendorOperation) -> None:
    module = overlay_module_for(operation)
    statuses = {int(status) for status in operation.operation["responses"]}

    assert operation.path == module.PATH
    assert set(module.DOCUMENTED_STATUSES) == statuses
    assert set(module.BODY_MEDIA_TYPES.values()) == set(operation.media_types)


@by_vendor_operation
def test_overlay_sends_the_spec_schema_under_each_media_type(operation: VendorOperation) -> None:
    module = overlay_module_for(operation)
    class_by_media_type = {media: cls.__name__ for cls, media in module.BODY_MEDIA_TYPES.items()}

    for media_type, content in operation.media_types.items():
        schema = content["schema"]
        assert (schema.get("type") == "array") == module.TAKES_LIST, media_type
        reference = (schema["items"] if module.TAKES_LIST else schema)["$ref"]
        assert class_by_media_type[media_type] == reference.removeprefix(SCHEMA_REF)


def test_manifest_lists_no_overlay_the_spec_lacks() -> None:
    served = {entry["operation_id"] for entry in load_manifest()["operations"]["overlays"]}

    assert served == {operation.operation_id for operation in vendor_operations()}


# ---- Every generated name an overlay uses exists -----------------------------------------------


@dataclass(frozen=True)
class GeneratedName:
    """A name an overlay imports from np6_client, and where."""

    module: str
    name: str
    where: str


def generated_names_used_by_overlays() -> list[GeneratedName]:
    """Read every `from np6_client... import name` of the overlays, without importing them."""
    used = []
    for source in sorted(OVERLAYS.rglob("*.py")):
        tree = ast.parse(source.read_text(), filename=str(source))
        for node in ast.walk(tree):
            where = f"{source.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Import):
                assert not any(alias.name.startswith("np6_client") for alias in node.names), (
                    f"{where}: import names from np6_client with `from ... import`, so this"
                    " test can check them"
                )
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("np6_client"):
                assert node.module is not None
                used += [GeneratedName(node.module, alias.name, where) for alias in node.names]
    return used


def generated_name_exists(used: GeneratedName) -> bool:
    try:
        module = importlib.import_module(used.module)
    except ImportError:
        return False
    if hasattr(module, used.name):
        return True
    try:  # `from np6_client.api.messages import render_links` names a submodule
        importlib.import_module(f"{used.module}.{used.name}")
    except ImportError:
        return False
    return True


def test_overlays_use_generated_names() -> None:
    # Guards the test below against passing on nothing, if the overlays stop importing this way.
    names = {(used.module, used.name) for used in generated_names_used_by_overlays()}
    assert ("np6_client.models", "EmailMessageDefinition") in names


def test_every_generated_name_the_overlays_use_exists() -> None:
    missing = [
        f"{used.where} uses {used.module}.{used.name}, which np6_client no longer has"
        for used in generated_names_used_by_overlays()
        if not generated_name_exists(used)
    ]

    assert not missing, "\n".join(missing)


# ---- The types refuse what the runtime refuses ---------------------------------------------------

MISTYPED_CALLS = """
from np6.messages import render_messages, send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.models import EmailMessageDefinition, EmailRenderDefinition, SmsMessageDefinition

client = AuthenticatedClient(base_url="https://api-cm.np6.com", token="key")
send_messages.sync("A1", client=client, body=[SmsMessageDefinition()])  # fine
send_messages.sync("A1", client=client, body=[EmailMessageDefinition(), SmsMessageDefinition()])
send_message.sync("A1", client=client, body=EmailRenderDefinition())
render_messages.sync("A1", client=client, body=EmailRenderDefinition())
"""


def test_type_checker_refuses_mixed_batches_and_bodies_of_the_wrong_kind(tmp_path: Path) -> None:
    calls = tmp_path / "mistyped_calls.py"
    calls.write_text(MISTYPED_CALLS)

    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(calls)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    flagged = {
        int(line.split(":")[1]) for line in checked.stdout.splitlines() if ": error:" in line
    }
    assert flagged == {8, 9, 10}, checked.stdout
