"""spec_diff on small spec pairs: one case per change kind, in each direction where they differ.

Every case starts from the same small spec (`base_spec`), changes the old side, the new side or
both, and asserts the whole set of (kind, severity, operation, pointer) found, so that a
spurious extra change fails the case as surely as a missing one.

In the base spec, `ThingInput` is only sent (PUT body) and `Thing` only read (PUT and GET
responses): a change to the first shows the request classification, to the second the
response one, at both operations that read it. `Person` and `Part` are shared by both.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from spec_diff import diff_documents
from spec_diff_rules import RULES, Report
from spec_diff_shapes import lookup

pytestmark = pytest.mark.pipeline

Spec = dict[str, Any]
Mutation = Callable[[Spec], None]
Found = tuple[str, str, str | None, str]

B, P, N = "breaking", "potentially-breaking", "non-breaking"
PUT, LIST, DELETE, SEND = (
    "PUT /things/{id}",
    "GET /things",
    "DELETE /things/{id}",
    ("POST /things/{id}/sends"),
)
THING_PATH = "/paths/~1things~1{id}"
LIST_PATH = "/paths/~1things/get"
IN = "/components/schemas/ThingInput/properties"  # sent only
OUT = "/components/schemas/Thing/properties"  # read only, by PUT and GET


# ---- the base spec ---------------------------------------------------------------------------


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "OK.", "content": {"application/json": {"schema": schema}}}


def tagged(tag: str, **properties: Any) -> dict[str, Any]:
    """An object variant whose `type` is pinned with const, as the NP6 spec does."""
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"const": tag}, **properties},
    }


def thing(kind: str, level: str) -> dict[str, Any]:
    """The properties of Thing and ThingInput; each names its own enum components."""
    return {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "count": {"type": "integer", "format": "int32"},
            "note": {"type": ["string", "null"]},
            "created": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"anyOf": [ref(kind), {"type": "string"}]},
            "level": ref(level),
            "size": {"type": "string", "enum": ["s", "m"]},
            "channel": {"const": "email"},
            "owner": ref("Person"),
            "reviewer": ref("Person"),
            "parts": {"type": "array", "items": ref("Part")},
            "tags": {"type": "array", "items": {"type": "string"}},
            "meta": {
                "type": "object",
                "properties": {
                    "inner": {"type": "object", "properties": {"depth": {"type": "integer"}}}
                },
            },
            "notes": {
                "type": "array",
                "items": {"type": "object", "properties": {"text": {"type": "string"}}},
            },
            "shape": {"anyOf": [ref("Circle"), ref("Square")]},
        },
    }


def base_spec() -> Spec:
    """Four operations: list (GET), update (PUT), delete, and an overlay-served send."""
    thing_id = {"$ref": "#/components/parameters/ThingId"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.test"}],
        "security": [{"apiKey": []}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "tags": ["things"],
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": json_response({"type": "array", "items": ref("Thing")})},
                }
            },
            "/things/{id}": {
                "parameters": [thing_id],
                "put": {
                    "operationId": "update_thing",
                    "tags": ["things"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("ThingInput")}},
                    },
                    "responses": {
                        "200": json_response(ref("Thing")),
                        "404": {"description": "No such thing."},
                    },
                },
                "delete": {
                    "operationId": "delete_thing",
                    "tags": ["things"],
                    "responses": {"204": {"description": "Deleted."}},
                },
            },
            "/things/{id}/sends": {
                "parameters": [thing_id],
                "post": {
                    "operationId": "send_thing",
                    "tags": ["messages"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/vnd.np6.thing": {"schema": ref("Message")}},
                    },
                    "responses": {"200": json_response(ref("Result"))},
                },
            },
        },
        "components": {
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}},
            "parameters": {
                "ThingId": {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            },
            "schemas": {
                "Thing": thing("Kind", "Level"),
                "ThingInput": thing("InputKind", "InputLevel"),
                "Kind": {"type": "string", "enum": ["small", "large"]},
                "InputKind": {"type": "string", "enum": ["small", "large"]},
                "Level": {"type": "integer", "enum": [1, 2]},
                "InputLevel": {"type": "integer", "enum": [1, 2]},
                "Person": {"type": "object", "properties": {"name": {"type": "string"}}},
                "PersonCopy": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Part": {
                    "type": "object",
                    "properties": {"label": {"type": "string"}, "weight": {"type": "number"}},
                },
                "Circle": tagged("circle", radius={"type": "number"}),
                "Square": tagged("square", side={"type": "number"}),
                "Message": {
                    "type": "object",
                    "properties": {"text": {"type": "string"}, "target": ref("Target")},
                },
                "Target": {
                    "oneOf": [ref("ById"), ref("ByHash")],
                    "discriminator": {
                        "propertyName": "type",
                        "mapping": {
                            "id": "#/components/schemas/ById",
                            "hash": "#/components/schemas/ByHash",
                        },
                    },
                },
                "ById": tagged("id", value={"type": "string"}),
                "ByHash": tagged("hash", value={"type": "string"}),
                "Result": {"anyOf": [ref("Success"), ref("Failure"), ref("UnknownResult")]},
                "Success": tagged("success", id={"type": "string"}),
                "Failure": tagged("error", reason={"type": "string"}),
                "UnknownResult": {"type": "object", "properties": {"type": {"type": "string"}}},
            },
        },
    }


# ---- helpers to change a spec ----------------------------------------------------------------


def schema(spec: Spec, name: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"][name]
    return result


def prop(spec: Spec, name: str, field: str) -> dict[str, Any]:
    result: dict[str, Any] = schema(spec, name)["properties"][field]
    return result


def operation(spec: Spec, path: str, method: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"][path][method]
    return result


def rename_component(spec: Spec, old: str, new: str) -> None:
    """Rename a schema component and every $ref to it, in place."""
    text = json.dumps(spec).replace(
        f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"'
    )
    renamed = json.loads(text)
    schemas = renamed["components"]["schemas"]
    schemas[new] = schemas.pop(old)
    spec.clear()
    spec.update(renamed)


def both(*mutations: Mutation) -> Mutation:
    def apply(spec: Spec) -> None:
        for mutation in mutations:
            mutation(spec)

    return apply


def set_in(path: Sequence[str | int], value: Any) -> Mutation:
    """Set spec[path...] = value; an index one past the end of a list appends."""

    def apply(spec: Spec) -> None:
        node: Any = spec
        for key in path[:-1]:
            node = node[key]
        if isinstance(node, list) and path[-1] == len(node):
            node.append(value)
        else:
            node[path[-1]] = value

    return apply


def drop(path: Sequence[str | int]) -> Mutation:
    """Delete spec[path...]."""

    def apply(spec: Spec) -> None:
        node: Any = spec
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return apply


def at_readers(kind: str, severity: str, pointer: str) -> set[Found]:
    """The same change, found at both operations that read Thing."""
    return {(kind, severity, PUT, pointer), (kind, severity, LIST, pointer)}


def specs(old_mutation: Mutation | None, new_mutation: Mutation | None) -> dict[str, Spec]:
    """The base spec changed by each mutation, by side."""
    sides = {"old": base_spec(), "new": base_spec()}
    for side, mutation in (("old", old_mutation), ("new", new_mutation)):
        if mutation is not None:
            mutation(sides[side])
    return sides


def diff(old_mutation: Mutation | None, new_mutation: Mutation | None) -> Report:
    sides = specs(old_mutation, new_mutation)
    return diff_documents(sides["old"], sides["new"])


def found(report: Report, expected: set[Found]) -> set[Found]:
    """What the report holds; the version-bump warning only where the case is about it."""
    wanted = {kind for kind, *_ in expected}
    return {
        (c.kind, c.severity, c.operation, c.pointer)
        for c in report.changes
        if c.kind != "breaking-without-major-bump" or c.kind in wanted
    }


S = ["components", "schemas"]
THING_PUT = ["paths", "/things/{id}", "put"]
THING_DELETE = ["paths", "/things/{id}", "delete"]
LIST_GET = ["paths", "/things", "get"]
OPTIONAL_BODY = {"content": {"application/json": {"schema": {"type": "object"}}}}
NEW_OPERATION = {
    "post": {"operationId": "archive_thing", "responses": {"204": {"description": "."}}}
}


# ---- the cases: (old side change, new side change, expected findings) -------------------------

CASES: list[Any] = [
    # document
    pytest.param(
        None,
        set_in(["info", "version"], "1.1.0"),
        {("info-version-changed", N, None, "/info/version")},
        id="info-version-changed",
    ),
    pytest.param(
        None,
        both(set_in(["info", "version"], "1.1.0"), drop(THING_DELETE)),
        {
            ("info-version-changed", N, None, "/info/version"),
            ("operation-removed", B, DELETE, f"{THING_PATH}/delete"),
            ("breaking-without-major-bump", B, None, "/info/version"),
        },
        id="breaking-without-major-bump",
    ),
    pytest.param(
        None,
        both(set_in(["info", "version"], "2.0.0"), drop(THING_DELETE)),
        {
            ("info-version-changed", N, None, "/info/version"),
            ("operation-removed", B, DELETE, f"{THING_PATH}/delete"),
        },
        id="major-bump-allows-breaking-changes",
    ),
    pytest.param(
        None,
        set_in(["servers", 1], {"url": "https://eu.example.test"}),
        {("server-added", N, None, "/servers/1")},
        id="server-added",
    ),
    pytest.param(
        None,
        set_in(["servers"], []),
        {("server-removed", P, None, "/servers/0")},
        id="server-removed",
    ),
    pytest.param(
        None,
        set_in(["components", "securitySchemes", "oauth"], {"type": "oauth2"}),
        {("security-scheme-added", N, None, "/components/securitySchemes/oauth")},
        id="security-scheme-added",
    ),
    pytest.param(
        set_in(["components", "securitySchemes", "old"], {"type": "http"}),
        None,
        {("security-scheme-removed", P, None, "/components/securitySchemes/old")},
        id="security-scheme-removed",
    ),
    pytest.param(
        None,
        set_in(["components", "securitySchemes", "apiKey", "name"], "Api-Key"),
        {("security-scheme-changed", B, None, "/components/securitySchemes/apiKey")},
        id="security-scheme-changed",
    ),
    pytest.param(
        None,
        set_in([*S, "Spare"], {"type": "object"}),
        {("component-added", N, None, "/components/schemas/Spare")},
        id="component-added",
    ),
    pytest.param(
        set_in([*S, "Spare"], {"type": "object"}),
        None,
        {("component-removed", P, None, "/components/schemas/Spare")},
        id="component-removed",
    ),
    pytest.param(
        None,
        lambda spec: rename_component(spec, "Part", "Piece"),
        {("component-renamed", P, None, "/components/schemas/Piece")},
        id="component-renamed-is-not-breaking",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "owner"], ref("PersonCopy")),
        at_readers("model-changed", P, f"{OUT}/owner"),
        id="model-changed",
    ),
    # operations
    pytest.param(
        None,
        set_in(["paths", "/things/{id}/archive"], NEW_OPERATION),
        {
            (
                "operation-added",
                N,
                "POST /things/{id}/archive",
                "/paths/~1things~1{id}~1archive/post",
            )
        },
        id="operation-added",
    ),
    pytest.param(
        None,
        drop(THING_DELETE),
        {("operation-removed", B, DELETE, f"{THING_PATH}/delete")},
        id="operation-removed",
    ),
    pytest.param(
        None,
        set_in([*THING_DELETE, "deprecated"], True),
        {("operation-deprecated", N, DELETE, f"{THING_PATH}/delete")},
        id="operation-deprecated",
    ),
    pytest.param(
        set_in([*THING_DELETE, "deprecated"], True),
        None,
        {("operation-undeprecated", N, DELETE, f"{THING_PATH}/delete")},
        id="operation-undeprecated",
    ),
    pytest.param(
        None,
        set_in([*THING_PUT, "operationId"], "replace_thing"),
        {("operation-id-changed", B, PUT, f"{THING_PATH}/put/operationId")},
        id="operation-id-changed",
    ),
    pytest.param(
        None,
        set_in([*THING_DELETE, "tags"], ["items"]),
        {("operation-moved", B, DELETE, f"{THING_PATH}/delete")},
        id="operation-moved-by-tag",
    ),
    pytest.param(
        None,
        set_in(
            [*THING_PUT, "requestBody", "content"],
            {"application/vnd.np6.thing": {"schema": ref("ThingInput")}},
        ),
        {
            ("operation-moved", B, PUT, f"{THING_PATH}/put"),
            (
                "request-media-type-added",
                N,
                PUT,
                f"{THING_PATH}/put/requestBody/content/application~1vnd.np6.thing",
            ),
            (
                "request-media-type-removed",
                B,
                PUT,
                f"{THING_PATH}/put/requestBody/content/application~1json",
            ),
        },
        id="operation-moved-to-an-overlay",
    ),
    pytest.param(
        None,
        both(
            set_in(["components", "securitySchemes", "oauth"], {"type": "oauth2"}),
            set_in([*THING_DELETE, "security"], [{"apiKey": [], "oauth": []}]),
        ),
        {
            ("security-scheme-added", N, None, "/components/securitySchemes/oauth"),
            ("security-tightened", B, DELETE, f"{THING_PATH}/delete/security"),
        },
        id="security-tightened",
    ),
    pytest.param(
        None,
        set_in([*THING_DELETE, "security"], []),
        {("security-relaxed", N, DELETE, f"{THING_PATH}/delete/security")},
        id="security-relaxed",
    ),
    pytest.param(
        None,
        set_in(["security"], [{"apiKey": []}, {}]),
        {
            ("security-relaxed", N, operation, "/security")
            for operation in (PUT, LIST, DELETE, SEND)
        },
        id="security-relaxed-for-every-operation",
    ),
    # parameters
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters", 1], {"name": "q", "in": "query"}),
        {("parameter-added", N, LIST, f"{LIST_PATH}/parameters/1")},
        id="parameter-added",
    ),
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters", 1], {"name": "q", "in": "query", "required": True}),
        {("required-parameter-added", B, LIST, f"{LIST_PATH}/parameters/1")},
        id="required-parameter-added",
    ),
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters"], []),
        {("parameter-removed", B, LIST, f"{LIST_PATH}/parameters/0")},
        id="parameter-removed",
    ),
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters", 0, "required"], True),
        {("parameter-made-required", B, LIST, f"{LIST_PATH}/parameters/0")},
        id="parameter-made-required",
    ),
    pytest.param(
        set_in([*LIST_GET, "parameters", 0, "required"], True),
        None,
        {("parameter-made-optional", N, LIST, f"{LIST_PATH}/parameters/0")},
        id="parameter-made-optional",
    ),
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters", 0, "deprecated"], True),
        {("parameter-deprecated", N, LIST, f"{LIST_PATH}/parameters/0")},
        id="parameter-deprecated",
    ),
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters", 0, "schema"], {"type": "string"}),
        {("type-changed", B, LIST, f"{LIST_PATH}/parameters/0/schema")},
        id="parameter-type-changed",
    ),
    pytest.param(
        None,
        set_in([*LIST_GET, "parameters", 0, "schema", "format"], "int64"),
        {("format-changed", P, LIST, f"{LIST_PATH}/parameters/0/schema")},
        id="parameter-format-changed",
    ),
    pytest.param(
        set_in([*LIST_GET, "parameters", 0, "schema", "enum"], [10, 50]),
        set_in([*LIST_GET, "parameters", 0, "schema", "enum"], [10]),
        {("enum-value-removed", B, LIST, f"{LIST_PATH}/parameters/0/schema/enum/1")},
        id="parameter-enum-value-removed",
    ),
    pytest.param(
        None,
        set_in(["components", "parameters", "ThingId", "schema"], {"type": "integer"}),
        {
            ("type-changed", B, operation, "/components/parameters/ThingId/schema")
            for operation in (PUT, DELETE, SEND)
        },
        id="shared-parameter-changed-at-every-operation",
    ),
    # request bodies and media types
    pytest.param(
        None,
        set_in([*THING_DELETE, "requestBody"], OPTIONAL_BODY),
        {("request-body-added", N, DELETE, f"{THING_PATH}/delete/requestBody")},
        id="request-body-added",
    ),
    pytest.param(
        None,
        set_in([*THING_DELETE, "requestBody"], {**OPTIONAL_BODY, "required": True}),
        {("required-request-body-added", B, DELETE, f"{THING_PATH}/delete/requestBody")},
        id="required-request-body-added",
    ),
    pytest.param(
        None,
        drop([*THING_PUT, "requestBody"]),
        {("request-body-removed", B, PUT, f"{THING_PATH}/put/requestBody")},
        id="request-body-removed",
    ),
    pytest.param(
        set_in([*THING_PUT, "requestBody", "required"], False),
        None,
        {("request-body-made-required", B, PUT, f"{THING_PATH}/put/requestBody")},
        id="request-body-made-required",
    ),
    pytest.param(
        None,
        set_in([*THING_PUT, "requestBody", "required"], False),
        {("request-body-made-optional", N, PUT, f"{THING_PATH}/put/requestBody")},
        id="request-body-made-optional",
    ),
    pytest.param(
        None,
        set_in([*THING_PUT, "requestBody", "content", "text/plain"], {}),
        {("request-media-type-added", N, PUT, f"{THING_PATH}/put/requestBody/content/text~1plain")},
        id="request-media-type-added",
    ),
    pytest.param(
        set_in([*THING_PUT, "requestBody", "content", "text/plain"], {}),
        None,
        {
            (
                "request-media-type-removed",
                B,
                PUT,
                f"{THING_PATH}/put/requestBody/content/text~1plain",
            )
        },
        id="request-media-type-removed",
    ),
    pytest.param(
        None,
        set_in([*THING_PUT, "responses", "200", "content", "text/csv"], {}),
        {
            (
                "response-media-type-added",
                P,
                PUT,
                f"{THING_PATH}/put/responses/200/content/text~1csv",
            )
        },
        id="response-media-type-added",
    ),
    pytest.param(
        set_in([*THING_PUT, "responses", "200", "content", "text/csv"], {}),
        None,
        {
            (
                "response-media-type-removed",
                B,
                PUT,
                f"{THING_PATH}/put/responses/200/content/text~1csv",
            )
        },
        id="response-media-type-removed",
    ),
    # response statuses
    pytest.param(
        None,
        set_in([*THING_PUT, "responses", "202"], {"description": "Queued."}),
        {("response-status-added", P, PUT, f"{THING_PATH}/put/responses/202")},
        id="success-status-added",
    ),
    pytest.param(
        None,
        set_in([*THING_PUT, "responses", "409"], {"description": "Busy."}),
        {("response-status-added", N, PUT, f"{THING_PATH}/put/responses/409")},
        id="error-status-added",
    ),
    pytest.param(
        set_in([*THING_PUT, "responses", "201"], {"description": "Made."}),
        None,
        {("response-status-removed", B, PUT, f"{THING_PATH}/put/responses/201")},
        id="success-status-removed",
    ),
    pytest.param(
        None,
        drop([*THING_PUT, "responses", "404"]),
        {("response-status-removed", N, PUT, f"{THING_PATH}/put/responses/404")},
        id="error-status-removed",
    ),
    # properties, in what callers send (ThingInput) and read (Thing)
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "extra"], {"type": "string"}),
        {("property-added", N, PUT, f"{IN}/extra")},
        id="property-added-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "extra"], {"type": "string"}),
        at_readers("property-added", N, f"{OUT}/extra"),
        id="property-added-response",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "ThingInput", "properties", "extra"], {"type": "string"}),
            set_in([*S, "ThingInput", "required"], ["name", "extra"]),
        ),
        {("required-property-added", B, PUT, f"{IN}/extra")},
        id="required-property-added-request",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "Thing", "properties", "extra"], {"type": "string"}),
            set_in([*S, "Thing", "required"], ["name", "extra"]),
        ),
        at_readers("required-property-added", N, f"{OUT}/extra"),
        id="required-property-added-response",
    ),
    pytest.param(
        None,
        drop([*S, "ThingInput", "properties", "label"]),
        {("property-removed", B, PUT, f"{IN}/label")},
        id="property-removed-request",
    ),
    pytest.param(
        None,
        drop([*S, "Thing", "properties", "label"]),
        at_readers("property-removed", B, f"{OUT}/label"),
        id="property-removed-response",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "required"], ["name", "count"]),
        {("property-made-required", B, PUT, f"{IN}/count")},
        id="property-made-required-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "required"], ["name", "count"]),
        at_readers("property-made-required", N, f"{OUT}/count"),
        id="property-made-required-response",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "required"], []),
        {("property-made-optional", N, PUT, f"{IN}/name")},
        id="property-made-optional-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "required"], []),
        at_readers("property-made-optional", P, f"{OUT}/name"),
        id="property-made-optional-response",
    ),
    # nullability, types and formats
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "count", "type"], ["integer", "null"]),
        {("made-nullable", N, PUT, f"{IN}/count")},
        id="made-nullable-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "count", "type"], ["integer", "null"]),
        at_readers("made-nullable", P, f"{OUT}/count"),
        id="made-nullable-response",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "owner"], {"anyOf": [ref("Person"), {"type": "null"}]}),
        at_readers("made-nullable", P, f"{OUT}/owner"),
        id="made-nullable-by-an-anyof-null-branch",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "note", "type"], "string"),
        {("made-non-nullable", B, PUT, f"{IN}/note")},
        id="made-non-nullable-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "note", "type"], "string"),
        at_readers("made-non-nullable", N, f"{OUT}/note"),
        id="made-non-nullable-response",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "count", "type"], "number"),
        {("type-widened", N, PUT, f"{IN}/count")},
        id="type-widened-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "count", "type"], "number"),
        at_readers("type-widened", P, f"{OUT}/count"),
        id="type-widened-response",
    ),
    pytest.param(
        None,
        set_in([*S, "Part", "properties", "weight", "type"], "integer"),
        {
            ("type-narrowed", B, PUT, "/components/schemas/Part/properties/weight"),
            ("type-narrowed", N, LIST, "/components/schemas/Part/properties/weight"),
        },
        id="type-narrowed-in-a-shared-component-worst-direction-wins",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "label", "type"], "integer"),
        {("type-changed", B, PUT, f"{IN}/label")},
        id="type-changed-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "label", "type"], "integer"),
        at_readers("type-changed", B, f"{OUT}/label"),
        id="type-changed-response",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "created", "format"], "date-time"),
        {("format-changed", B, PUT, f"{IN}/created")},
        id="format-changes-python-type-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "created", "format"], "date-time"),
        at_readers("format-changed", B, f"{OUT}/created"),
        id="format-changes-python-type-response",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "count", "format"], "int64"),
        {("format-changed", P, PUT, f"{IN}/count")},
        id="format-changed-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "count", "format"], "int64"),
        at_readers("format-changed", N, f"{OUT}/count"),
        id="format-changed-response",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "count"], {"type": "string", "format": "date"}),
        {("type-changed", B, PUT, f"{IN}/count")},
        id="type-and-format-changed-reported-once",
    ),
    # enums and consts
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "size", "enum"], ["s", "m", "l"]),
        {("enum-value-added", N, PUT, f"{IN}/size/enum/2")},
        id="enum-value-added-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "size", "enum"], ["s", "m", "l"]),
        at_readers("enum-value-added", P, f"{OUT}/size/enum/2"),
        id="enum-value-added-response",
    ),
    pytest.param(
        None,
        set_in([*S, "Kind", "enum"], ["small", "large", "huge"]),
        at_readers("enum-value-added", N, "/components/schemas/Kind/enum/2"),
        id="enum-value-added-to-an-open-enum-response",
    ),
    pytest.param(
        None,
        set_in([*S, "Level", "enum"], [1, 2, 3]),
        at_readers("enum-value-added", P, "/components/schemas/Level/enum/2"),
        id="enum-value-added-to-a-closed-enum-component-response",
    ),
    pytest.param(
        None,
        set_in([*S, "InputKind", "enum"], ["small"]),
        {("enum-value-removed", B, PUT, "/components/schemas/InputKind/enum/1")},
        id="enum-value-removed-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "size", "enum"], ["s"]),
        at_readers("enum-value-removed", P, f"{OUT}/size/enum/1"),
        id="enum-value-removed-response",
    ),
    pytest.param(
        None,
        set_in(
            [*S, "Thing", "properties", "level"], {"anyOf": [ref("Level"), {"type": "integer"}]}
        ),
        at_readers("enum-opened", P, f"{OUT}/level"),
        id="enum-opened-response",
    ),
    pytest.param(
        None,
        set_in(
            [*S, "ThingInput", "properties", "level"],
            {"anyOf": [ref("InputLevel"), {"type": "integer"}]},
        ),
        {("enum-opened", N, PUT, f"{IN}/level")},
        id="enum-opened-request",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "kind"], ref("InputKind")),
        {("enum-closed", B, PUT, f"{IN}/kind")},
        id="enum-closed-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "label", "enum"], ["a", "b"]),
        at_readers("enum-closed", P, f"{OUT}/label"),
        id="enum-imposed-response",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "label"], {"anyOf": [ref("Kind"), {"type": "string"}]}),
        at_readers("enum-introduced", N, f"{OUT}/label"),
        id="open-enum-introduced-response",
    ),
    pytest.param(
        None,
        drop([*S, "ThingInput", "properties", "size", "enum"]),
        {("enum-dropped", P, PUT, f"{IN}/size")},
        id="enum-dropped-request",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "channel", "const"], "sms"),
        {("const-changed", B, PUT, f"{IN}/channel")},
        id="const-changed-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Thing", "properties", "channel", "const"], "sms"),
        at_readers("const-changed", B, f"{OUT}/channel"),
        id="const-changed-response",
    ),
    # discriminators and unions
    pytest.param(
        None,
        set_in(
            [*S, "Target", "discriminator", "mapping", "identifier"], "#/components/schemas/ById"
        ),
        {("discriminator-value-added", N, SEND, "/components/schemas/Target/oneOf/0")},
        id="discriminator-value-added-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Success", "properties", "type"], {"enum": ["success", "ok"]}),
        {("discriminator-value-added", P, SEND, "/components/schemas/Result/anyOf/0")},
        id="discriminator-value-added-response",
    ),
    pytest.param(
        set_in(
            [*S, "Target", "discriminator", "mapping", "identifier"], "#/components/schemas/ById"
        ),
        None,
        {("discriminator-value-removed", B, SEND, "/components/schemas/Target/oneOf/0")},
        id="discriminator-value-removed-request",
    ),
    pytest.param(
        set_in([*S, "Success", "properties", "type"], {"enum": ["success", "ok"]}),
        None,
        {("discriminator-value-removed", N, SEND, "/components/schemas/Result/anyOf/0")},
        id="discriminator-value-removed-response",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "ById", "properties", "type", "const"], "identifier"),
            drop([*S, "Target", "discriminator", "mapping", "id"]),
            set_in(
                [*S, "Target", "discriminator", "mapping", "identifier"],
                "#/components/schemas/ById",
            ),
        ),
        {("discriminator-value-changed", B, SEND, "/components/schemas/Target/oneOf/0")},
        id="discriminator-value-changed-request",
    ),
    pytest.param(
        None,
        set_in([*S, "Success", "properties", "type", "const"], "ok"),
        {("discriminator-value-changed", B, SEND, "/components/schemas/Result/anyOf/0")},
        id="discriminator-value-changed-response",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "Pending"], tagged("pending")),
            set_in(
                [*S, "Result", "anyOf"],
                [ref("Success"), ref("Failure"), ref("Pending"), ref("UnknownResult")],
            ),
        ),
        {
            ("component-added", N, None, "/components/schemas/Pending"),
            ("union-variant-added", N, SEND, "/components/schemas/Result/anyOf/2"),
        },
        id="union-variant-added-to-an-open-union-response",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "Triangle"], tagged("triangle")),
            set_in([*S, "Thing", "properties", "shape", "anyOf", 2], ref("Triangle")),
        ),
        {("component-added", N, None, "/components/schemas/Triangle")}
        | at_readers("union-variant-added", P, f"{OUT}/shape/anyOf/2"),
        id="union-variant-added-to-a-closed-union-response",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "Triangle"], tagged("triangle")),
            set_in([*S, "ThingInput", "properties", "shape", "anyOf", 2], ref("Triangle")),
        ),
        {
            ("component-added", N, None, "/components/schemas/Triangle"),
            ("union-variant-added", N, PUT, f"{IN}/shape/anyOf/2"),
        },
        id="union-variant-added-request",
    ),
    pytest.param(
        None,
        drop([*S, "ThingInput", "properties", "shape", "anyOf", 1]),
        {("union-variant-removed", B, PUT, f"{IN}/shape/anyOf/1")},
        id="union-variant-removed-request",
    ),
    pytest.param(
        None,
        drop([*S, "Thing", "properties", "shape", "anyOf", 1]),
        at_readers("union-variant-removed", N, f"{OUT}/shape/anyOf/1"),
        id="union-variant-removed-response",
    ),
    # deep inside: nested inline objects, array items, union variants, shared components
    pytest.param(
        None,
        set_in(
            [
                *S,
                "Thing",
                "properties",
                "meta",
                "properties",
                "inner",
                "properties",
                "depth",
                "type",
            ],
            "string",
        ),
        at_readers("type-changed", B, f"{OUT}/meta/properties/inner/properties/depth"),
        id="nested-inline-object",
    ),
    pytest.param(
        None,
        drop([*S, "Thing", "properties", "notes", "items", "properties", "text"]),
        at_readers("property-removed", B, f"{OUT}/notes/items/properties/text"),
        id="array-of-inline-objects",
    ),
    pytest.param(
        None,
        set_in([*S, "ThingInput", "properties", "tags", "items", "type"], "integer"),
        {("type-changed", B, PUT, f"{IN}/tags/items")},
        id="array-item-type-changed",
    ),
    pytest.param(
        None,
        drop([*S, "Part", "properties", "label"]),
        at_readers("property-removed", B, "/components/schemas/Part/properties/label"),
        id="array-items-by-ref",
    ),
    pytest.param(
        None,
        both(
            set_in([*S, "Square", "properties", "corner"], {"type": "string"}),
            set_in([*S, "Square", "required"], ["type", "corner"]),
        ),
        {
            ("required-property-added", B, PUT, "/components/schemas/Square/properties/corner"),
            ("required-property-added", N, LIST, "/components/schemas/Square/properties/corner"),
        },
        id="inside-a-union-variant",
    ),
    pytest.param(
        None,
        drop([*S, "Person", "properties", "name"]),
        at_readers("property-removed", B, "/components/schemas/Person/properties/name"),
        id="shared-component-once-per-operation",
    ),
    pytest.param(
        None,
        set_in([*S, "ByHash", "properties", "value", "type"], "integer"),
        {("type-changed", B, SEND, "/components/schemas/ByHash/properties/value")},
        id="inside-a-discriminated-variant-of-an-overlay-body",
    ),
]


@pytest.mark.parametrize(("old_change", "new_change", "expected"), CASES)
def test_change_is_found_and_classified(
    old_change: Mutation | None, new_change: Mutation | None, expected: set[Found]
) -> None:
    sides = specs(old_change, new_change)

    report = diff_documents(sides["old"], sides["new"])

    assert found(report, expected) == expected
    for change in report.changes:
        lookup(sides[change.side], change.pointer)  # raises if the pointer leads nowhere


def test_identical_specs_have_no_change() -> None:
    assert diff(None, None).changes == []


def test_descriptions_and_extensions_are_not_changes() -> None:
    def reword(spec: Spec) -> None:
        prop(spec, "Thing", "name")["description"] = "Reworded."
        schema(spec, "Thing")["x-np6-inferred"] = "A new note."
        operation(spec, "/things", "get")["summary"] = "List them all"

    assert diff(None, reword).changes == []


def test_every_rule_is_exercised_by_a_case() -> None:
    """A kind in the rules table that no case produces is untested: add a case for it."""
    produced = set()
    for case in CASES:
        old_change, new_change, expected = case.values
        produced |= {kind for kind, *_ in found(diff(old_change, new_change), expected)}

    assert set(RULES) - produced == set()


# ---- what each change carries besides its kind ------------------------------------------------


def only(report: Report, kind: str, operation: str | None) -> Any:
    matches = [c for c in report.changes if c.kind == kind and c.operation == operation]
    assert len(matches) == 1, matches
    return matches[0]


def test_a_component_reached_twice_by_one_operation_is_reported_once_with_both_directions() -> None:
    report = diff(None, drop([*S, "Person", "properties", "name"]))

    change = only(report, "property-removed", PUT)

    assert change.direction == "both"
    assert change.component == "Person"
    assert change.side == "old"
    assert change.python == ("np6_client.api.things.update_thing", "np6_client.models.Person.name")


@pytest.mark.parametrize(
    ("new_change", "kind", "operation_label", "python"),
    [
        pytest.param(
            set_in([*S, "ThingInput", "properties", "from"], {"type": "string"}),
            "property-added",
            PUT,
            ("np6_client.api.things.update_thing", "np6_client.models.ThingInput.from_"),
            id="field-named-like-a-keyword",
        ),
        pytest.param(
            set_in([*LIST_GET, "parameters", 1], {"name": "type", "in": "query"}),
            "parameter-added",
            LIST,
            ("np6_client.api.things.list_things", "np6_client.api.things.list_things(type_=)"),
            id="argument",
        ),
        pytest.param(
            set_in([*S, "Message", "properties", "createdAt"], {"type": "string"}),
            "property-added",
            SEND,
            ("np6.messages.send_thing", "np6_client.models.Message.created_at"),
            id="overlay-and-camel-case-field",
        ),
        pytest.param(
            set_in(
                [
                    *S,
                    "Thing",
                    "properties",
                    "meta",
                    "properties",
                    "inner",
                    "properties",
                    "depth",
                    "type",
                ],
                "string",
            ),
            "type-changed",
            LIST,
            ("np6_client.api.things.list_things", "np6_client.models.ThingMetaInner.depth"),
            id="inline-object-class",
        ),
        pytest.param(
            drop([*S, "Thing", "properties", "notes", "items", "properties", "text"]),
            "property-removed",
            LIST,
            ("np6_client.api.things.list_things", "np6_client.models.ThingNotesItem.text"),
            id="inline-array-item-class",
        ),
        pytest.param(
            set_in([*THING_PUT, "operationId"], "replace_thing"),
            "operation-id-changed",
            PUT,
            ("np6_client.api.things.replace_thing", "np6_client.api.things.update_thing"),
            id="renamed-function",
        ),
        pytest.param(
            lambda spec: rename_component(spec, "Part", "Piece"),
            "component-renamed",
            None,
            ("np6_client.models.Part", "np6_client.models.Piece"),
            id="renamed-model",
        ),
        pytest.param(
            set_in([*S, "Kind", "enum"], ["small", "large", "huge"]),
            "enum-value-added",
            LIST,
            ("np6_client.api.things.list_things", "np6_client.models.Kind"),
            id="enum-class",
        ),
    ],
)
def test_python_names_of_a_change(
    new_change: Mutation, kind: str, operation_label: str | None, python: tuple[str, ...]
) -> None:
    assert only(diff(None, new_change), kind, operation_label).python == python


def test_open_enum_reason_explains_why_an_added_value_is_not_breaking() -> None:
    report = diff(None, set_in([*S, "Kind", "enum"], ["small", "large", "huge"]))

    assert "Open enum" in only(report, "enum-value-added", LIST).reason


def test_changes_come_worst_first_then_by_path_and_method() -> None:
    def several(spec: Spec) -> None:
        set_in([*S, "Thing", "properties", "extra"], {"type": "string"})(spec)
        drop(THING_DELETE)(spec)
        set_in(["info", "version"], "1.0.1")(spec)

    report = diff(None, several)

    order = [(c.severity, c.operation, c.kind) for c in report.changes]
    assert order == [
        (B, None, "breaking-without-major-bump"),
        (B, DELETE, "operation-removed"),
        (N, None, "info-version-changed"),
        (N, LIST, "property-added"),
        (N, PUT, "property-added"),
    ]


def test_the_base_spec_is_left_untouched_by_the_diff() -> None:
    old, new = base_spec(), base_spec()
    snapshot = copy.deepcopy(old)

    diff_documents(old, new)

    assert old == snapshot


def test_recursive_schemas_are_walked_once_and_their_changes_found() -> None:
    tree = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": ref("Tree")},
        },
    }

    def add_tree(spec: Spec) -> None:
        schema(spec, "Thing")["properties"]["tree"] = ref("Tree")
        spec["components"]["schemas"]["Tree"] = copy.deepcopy(tree)

    def change_tree(spec: Spec) -> None:
        add_tree(spec)
        prop(spec, "Tree", "name")["type"] = "integer"

    report = diff(add_tree, change_tree)

    assert found(report, set()) == at_readers(
        "type-changed", B, "/components/schemas/Tree/properties/name"
    )
