"""The curated spec: valid OpenAPI, complete, and faithful to the reference where it is exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.pipeline

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "np6-cm.yaml"

# The 17 operations of the reference, as (method, path): NP6's facts, not ours to change.
REFERENCE_OPERATIONS = {
    ("get", "/actions/{id}"),
    ("put", "/actions/{id}"),
    ("delete", "/actions/{id}"),
    ("post", "/actions"),
    ("post", "/actions/{id}/duplication"),
    ("post", "/actions/{id}/validation"),
    ("delete", "/actions/{id}/validation"),
    ("post", "/actions/{id}/renders"),
    ("post", "/actions/{id}/render"),
    ("post", "/actions/{id}/executions"),
    ("post", "/actions/{id}/execution"),
    ("get", "/actions"),
    ("get", "/actions/{id}/export/recipients"),
    ("get", "/actions/{id}/export/tracking/opens"),
    ("get", "/actions/{id}/export/tracking/clicks"),
    ("post", "/actions/{id}/render/links"),
    ("post", "/actions/{id}/targets/{targetId}"),
}
DEPRECATED = {
    ("get", "/actions"),
    ("get", "/actions/{id}/export/tracking/opens"),
    ("get", "/actions/{id}/export/tracking/clicks"),
    ("post", "/actions/{id}/render/links"),
}
VENDOR = {"application/vnd.np6.cm.email", "application/vnd.np6.cm.sms"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return document


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "patch"}
    return {
        (method, path): op
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in methods
    }


def test_spec_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)


def test_spec_has_exactly_the_17_reference_operations(spec: dict[str, Any]) -> None:
    assert set(operations(spec)) == REFERENCE_OPERATIONS
    assert spec["info"]["version"] == "8.1.0"


def test_deprecated_operations_match_the_reference(spec: dict[str, Any]) -> None:
    marked = {key for key, op in operations(spec).items() if op.get("deprecated")}
    assert marked == DEPRECATED


def test_operation_ids_are_unique_python_names(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for op in operations(spec).values()]
    assert len(ids) == len(set(ids))
    assert all(i.isidentifier() and i == i.lower() for i in ids)


def test_vendor_media_types_are_on_the_four_message_operations(spec: dict[str, Any]) -> None:
    with_vendor = {
        key
        for key, op in operations(spec).items()
        if VENDOR & set(op.get("requestBody", {}).get("content", {}))
    }
    assert with_vendor == {
        ("post", "/actions/{id}/renders"),
        ("post", "/actions/{id}/render"),
        ("post", "/actions/{id}/executions"),
        ("post", "/actions/{id}/execution"),
    }
    for key in with_vendor:
        assert set(operations(spec)[key]["requestBody"]["content"]) == VENDOR


def test_api_key_is_a_global_x_key_scheme(spec: dict[str, Any]) -> None:
    assert spec["security"] == [{"apiKey": []}]
    scheme = spec["components"]["securitySchemes"]["apiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Key")


def test_documented_status_codes_are_present(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    validation = ops[("post", "/actions/{id}/validation")]["responses"]
    assert {"204", "400", "401", "404", "409", "410", "411"} <= set(validation)
    sends = ops[("post", "/actions/{id}/executions")]["responses"]
    assert {"200", "401", "403", "404", "409", "411"} <= set(sends)


def test_discriminated_variants_pin_their_type(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    pinned = {
        "IdIdentification": "id",
        "UnicityIdentification": "unicity",
        "HashIdentification": "hash",
        "FootprintIdentification": "footprint",
        "ExecutionSuccess": "success",
        "ExecutionError": "error",
        "RenderSuccess": "success",
    }
    for name, value in pinned.items():
        assert schemas[name]["properties"]["type"]["const"] == value, name
        assert "type" in schemas[name]["required"], name


def test_reference_enums_are_exact(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["ActionState"]["enum"] == [10, 20, 30, 35, 36, 38, 40, 50, 55, 60]
    assert schemas["EditionMode"]["enum"] == [0, 1, 2]
    assert schemas["Consent"]["enum"] == [0, 1, 2]


def test_bit_mask_display_is_an_integer_not_an_enum(spec: dict[str, Any]) -> None:
    display = spec["components"]["schemas"]["RenderContext"]["properties"]["display"]
    assert display["type"] == "integer"
    assert "enum" not in display
    assert "x-np6-decision" in display


def test_every_inferred_operation_is_marked(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    for key in [("put", "/actions/{id}"), ("get", "/actions/{id}/export/recipients")]:
        assert "x-np6-inferred" in ops[key], key
    for name in ("SmsRenderDefinition", "SmsMessageDefinition", "SmsContentOverride"):
        assert "x-np6-inferred" in spec["components"]["schemas"][name], name
