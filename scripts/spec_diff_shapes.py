"""How spec_diff reads an OpenAPI 3.1 document: pointers, $refs, schema shapes, Python names.

Python names are computed from the spec alone with openapi-python-client's own naming functions
(a dev dependency), never by importing np6_client, so the tool works on any spec.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from openapi_python_client.strings import ClassName, PythonIdentifier, pascal_case

Json = Any
MODELS = "np6_client.models"
FIELD_PREFIX = "field_"  # generator-config.yaml's field_prefix
OVERLAY_MEDIA_PREFIX = "application/vnd.np6."
# Keys that do not change the shape of a schema (ignored when spotting a renamed component).
ANNOTATIONS = frozenset({"description", "title", "summary", "example", "examples", "$comment"})


class SpecError(ValueError):
    """The spec cannot be walked (an external or broken $ref)."""


# ---- Python names ------------------------------------------------------------------------------


@cache  # the walk asks for the same few names thousands of times
def python_field(name: str) -> str:
    """Attribute or argument name the generator gives a property or parameter (type -> type_)."""
    return str(PythonIdentifier(name, prefix=FIELD_PREFIX))


@cache
def model_class(*parts: str) -> str:
    """Model class the generator makes of a component name, or of a parent class plus a name.

    `model_class("Action")` is `Action`; `model_class("EmailRenderDefinition", "data")` is
    `EmailRenderDefinitionData`, the class of an inline object property; `..., "blocks_item")`
    names the items of an inline array, `..., "type_0")` the first inline variant of a union.
    """
    return str(ClassName("".join(pascal_case(part) for part in parts), prefix=FIELD_PREFIX))


def model_path(cls: str, field: str | None = None) -> str:
    """`np6_client.models.Class` or `np6_client.models.Class.field`."""
    return f"{MODELS}.{cls}.{field}" if field else f"{MODELS}.{cls}"


def function_name(operation: dict[str, Json], method: str, path: str, overlay: bool) -> str:
    """Dotted name of the generated function module, or of the overlay that serves the call.

    Overlays live in `np6.<first tag>`, as the 8.1.0 ones do in `np6.messages`.
    """
    operation_id = operation.get("operationId") or f"{method}_{path.strip('/')}"
    tags = operation.get("tags") or ["default"]
    module = f"{PythonIdentifier(tags[0], prefix='tag')}.{PythonIdentifier(operation_id, '')}"
    return f"np6.{module}" if overlay else f"np6_client.api.{module}"


# ---- JSON pointers and $refs -------------------------------------------------------------------


def child(pointer: str, *tokens: str | int) -> str:
    """The JSON pointer of a descendant, with `~` and `/` escaped."""
    escaped = (str(token).replace("~", "~0").replace("/", "~1") for token in tokens)
    return pointer + "".join(f"/{token}" for token in escaped)


def lookup(document: Json, pointer: str) -> Json:
    """The node at a JSON pointer.

    Raises:
        SpecError: the pointer leads nowhere.
    """
    node = document
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        try:
            node = node[int(token)] if isinstance(node, list) else node[token]
        except (KeyError, IndexError, ValueError, TypeError):
            raise SpecError(f"$ref target {pointer} does not exist") from None
    return node


def resolve(document: Json, node: Json, pointer: str) -> tuple[Json, str, str | None]:
    """Follow `$ref`s: the target node, its pointer, and its schema component name if any.

    Raises:
        SpecError: an external $ref (other files are not supported), or a loop of $refs.
    """
    component = None
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            raise SpecError(f"cannot follow $ref {ref!r} at {pointer}: external or circular")
        seen.add(ref)
        pointer = ref[1:]
        node = lookup(document, pointer)
        parts = pointer.split("/")
        if len(parts) == 4 and parts[1:3] == ["components", "schemas"]:
            component = parts[3].replace("~1", "/").replace("~0", "~")
    return node, pointer, component


def canonical(node: Json) -> str:
    """A schema without its annotations, as text: equal texts mean the same structure."""

    def strip(value: Json) -> Json:
        if isinstance(value, dict):
            return {
                key: strip(item)
                for key, item in value.items()
                if key not in ANNOTATIONS and not str(key).startswith("x-")
            }
        return [strip(item) for item in value] if isinstance(value, list) else value

    return json.dumps(strip(node), sort_keys=True, default=str)


# ---- Schema shapes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A schema as the client sees it: $refs followed, null branches folded into `nullable`."""

    node: dict[str, Json]
    pointer: str
    component: str | None
    nullable: bool
    types: frozenset[str]
    variants: tuple[tuple[Json, str], ...] = ()
    open_enum: bool = False

    @property
    def enum_kind(self) -> str:
        """`open`, `closed` or `none`: how the schema restricts its values."""
        if "enum" not in self.node:
            return "none"
        return "open" if self.open_enum else "closed"


def json_type(value: Json) -> str:
    """JSON Schema type name of a literal value."""
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}
    return "null" if value is None else names.get(type(value), "object")


def declared_types(node: dict[str, Json]) -> frozenset[str]:
    """The non-null JSON types a schema allows; empty when it does not say."""
    declared = node.get("type")
    if isinstance(declared, str | list):
        types = {declared} if isinstance(declared, str) else set(declared)
    elif "const" in node:
        types = {json_type(node["const"])}
    elif "enum" in node:
        types = {json_type(value) for value in node["enum"]}
    else:
        types = {"object"} if "properties" in node else {"array"} if "items" in node else set()
    return frozenset(types - {"null"})


def is_nullable(node: dict[str, Json]) -> bool:
    """`type: [x, "null"]`, OpenAPI 3.0's `nullable: true`, or null among the enum values."""
    declared = node.get("type")
    in_type = isinstance(declared, list) and "null" in declared
    return bool(in_type or node.get("nullable") or None in node.get("enum", []))


def shape_of(document: Json, node: Json, pointer: str) -> Shape:
    """Resolve a schema into a Shape: nullable anyOf and open enums collapse to their core."""
    node, pointer, component = resolve(document, node, pointer)
    node = node if isinstance(node, dict) else {}
    union_key = "anyOf" if "anyOf" in node else "oneOf"
    branches = [(b, child(pointer, union_key, i)) for i, b in enumerate(node.get(union_key, []))]
    real = [(b, p) for b, p in branches if not is_null_schema(resolve(document, b, p)[0])]
    nullable = is_nullable(node) or len(real) < len(branches)

    core = real[0] if len(real) == 1 else open_enum_branch(document, real)
    if branches and core is not None:
        inner = shape_of(document, *core)
        return replace(
            inner,
            nullable=inner.nullable or nullable,
            component=inner.component or component,
            open_enum=inner.open_enum or len(real) == 2,
        )
    variants = tuple(real) if len(real) > 1 else ()
    return Shape(node, pointer, component, nullable, declared_types(node), variants)


def is_null_schema(node: Json) -> bool:
    """True for the `{type: "null"}` branch that makes an anyOf nullable."""
    return isinstance(node, dict) and node.get("type") in ("null", ["null"])


def open_enum_branch(document: Json, branches: list[tuple[Json, str]]) -> tuple[Json, str] | None:
    """The enum branch of `anyOf: [SomeEnum, {type: ...}]`, the spec's open-enum pattern."""
    if len(branches) != 2:
        return None
    resolved = [resolve(document, node, pointer)[0] for node, pointer in branches]
    resolved = [node if isinstance(node, dict) else {} for node in resolved]
    enums = [b for b, r in zip(branches, resolved, strict=True) if "enum" in r]
    plain = [r for r in resolved if "type" in r and set(r) - ANNOTATIONS <= {"type", "format"}]
    return enums[0] if len(enums) == 1 and len(plain) == 1 else None


def object_properties(
    document: Json, node: dict[str, Json], pointer: str
) -> tuple[dict[str, tuple[Json, str]], set[str]]:
    """Properties (schema, pointer) and required names of an object, its allOf members merged."""
    properties = {
        name: (schema, child(pointer, "properties", name))
        for name, schema in node.get("properties", {}).items()
    }
    required = set(node.get("required", []))
    for index, raw in enumerate(node.get("allOf", [])):
        member, member_pointer, _ = resolve(document, raw, child(pointer, "allOf", index))
        more, more_required = object_properties(document, member, member_pointer)
        properties.update(more)
        required |= more_required
    return properties, required


def type_relation(old: frozenset[str], new: frozenset[str]) -> str | None:
    """`widened`, `narrowed` or `changed`; None when equal or when either side says nothing.

    Known gap: a schema without any type that gains one (or loses it) is not reported, since
    an untyped schema (only a description, or only a $ref sibling) says nothing to compare;
    a free-form field that becomes typed goes unreported.
    """
    if not old or not new or old == new:
        return None

    def covers(big: frozenset[str], small: frozenset[str]) -> bool:
        return all(t in big or (t == "integer" and "number" in big) for t in small)

    if covers(new, old):
        return "widened"
    return "narrowed" if covers(old, new) else "changed"


# ---- Union variants ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One branch of a union, with the discriminator values (tags) that select it."""

    node: Json
    pointer: str
    component: str | None
    tags: frozenset[str]
    index: int

    @property
    def label(self) -> str:
        """Its name in messages: its component, else its tags, else its position."""
        return self.component or "|".join(sorted(self.tags)) or f"variant {self.index}"


def tag_property_of(shape: Shape) -> str:
    """The property that tells variants apart: the discriminator's, else `type` (our spec's)."""
    return str(shape.node.get("discriminator", {}).get("propertyName", "type"))


def variants_of(document: Json, shape: Shape) -> list[Variant]:
    """The variants of a union; a plain schema is a union of one."""
    branches = shape.variants or ((shape.node, shape.pointer),)
    mapping = shape.node.get("discriminator", {}).get("mapping", {})
    variants = []
    for index, (branch, pointer) in enumerate(branches):
        node, _, component = resolve(document, branch, pointer)
        component = component if shape.variants else shape.component
        tags = {tag for tag, ref in mapping.items() if component and ref.endswith(f"/{component}")}
        tag_node = node.get("properties", {}).get(tag_property_of(shape), {})
        tag_schema = resolve(document, tag_node, pointer)[0]
        if "const" in tag_schema:
            tags.add(str(tag_schema["const"]))
        tags.update(str(value) for value in tag_schema.get("enum", []))
        variants.append(Variant(branch, pointer, component, frozenset(tags), index))
    return variants


def pair_variants(
    old: list[Variant], new: list[Variant], renames: dict[str, str]
) -> tuple[list[tuple[Variant, Variant]], list[Variant], list[Variant]]:
    """Pairs (old, new) by component, then by tag, then by position; then removed and added."""
    matchers: list[Callable[[Variant, Variant], bool]] = [
        lambda a, b: (
            a.component is not None and b.component in (a.component, renames.get(a.component))
        ),
        lambda a, b: bool(a.tags & b.tags),
        lambda a, b: a.component is None and b.component is None and not a.tags and not b.tags,
    ]
    pairs = []
    removed, added = list(old), list(new)
    for match in matchers:
        for old_variant in list(removed):
            new_variant = next((v for v in added if match(old_variant, v)), None)
            if new_variant is not None:
                pairs.append((old_variant, new_variant))
                removed.remove(old_variant)
                added.remove(new_variant)
    return pairs, removed, added
