"""The semantic walk of spec_diff: pairs two OpenAPI documents node by node.

The walk follows local `$ref`s, so a change in a shared component is found at every operation
that reaches it; the changes are then merged to one per operation, kind and pointer.

Not compared, so a reviewer must still read the YAML diff for them: validation constraints
(minLength, pattern, minimum, ...), defaults, readOnly/writeOnly, response headers, links,
callbacks, parameter style, and servers below the document. The generated client checks none
of them, but NP6 does: a tightened constraint in a request can break callers unreported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import spec_diff_rules as rules
from spec_diff_rules import Change, Report
from spec_diff_shapes import (
    OVERLAY_MEDIA_PREFIX,
    Json,
    Shape,
    Variant,
    canonical,
    child,
    function_name,
    model_class,
    model_path,
    object_properties,
    pair_variants,
    python_field,
    resolve,
    shape_of,
    tag_property_of,
    type_relation,
    variants_of,
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# String formats for which the generator uses another Python type than str.
PYTHON_TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})
ENUM_TRANSITIONS = {
    ("closed", "open"): "enum-opened",
    ("open", "closed"): "enum-closed",
    ("none", "closed"): "enum-closed",
    ("none", "open"): "enum-introduced",
    ("closed", "none"): "enum-dropped",
    ("open", "none"): "enum-dropped",
}
ENUM_WORDS = {"open": "an open enum", "closed": "a closed enum", "none": "not an enum"}


@dataclass(frozen=True)
class Where:
    """The position of the walk in both documents, and the Python names it maps to."""

    old: str
    new: str
    context: str  # document, operation, request (parameters and bodies) or response
    operation: str | None = None
    function: str | None = None
    label: str = ""
    cls: str | None = None  # model class this node is, or would be if it is an object
    owner: str | None = None  # model class that holds this node as a field
    field: str | None = None
    argument: str | None = None
    component: str | None = None
    tag_property: str | None = None  # discriminator property, when this node is a variant
    is_tag: bool = False  # this node is that discriminator property

    def step(self, *tokens: str | int) -> Where:
        """The same place one level down, on both sides."""
        return replace(self, old=child(self.old, *tokens), new=child(self.new, *tokens))

    def python_names(self) -> list[str]:
        """The Python names a change at this node touches, after the function."""
        if self.argument:
            return [f"{self.function}({self.argument}=)"]
        if self.owner and self.field:
            return [model_path(self.owner, self.field)]
        return [model_path(self.cls)] if self.cls else []


@dataclass(frozen=True)
class OperationEntry:
    """An operation as found in one document."""

    method: str
    path: str
    node: dict[str, Json]
    pointer: str
    path_item: dict[str, Json]
    path_item_pointer: str

    @property
    def label(self) -> str:
        """`METHOD /path`, as the report names operations."""
        return f"{self.method.upper()} {self.path}"


class Differ:
    """Walks an old and a new document and collects classified changes."""

    def __init__(self, old: dict[str, Json], new: dict[str, Json]) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.renames: dict[str, str] = {}
        self.visited: set[tuple[str, str, str, bool]] = set()

    def emit(
        self,
        kind: str,
        where: Where,
        message: str,
        qualifier: str | None = None,
        names: list[str] | None = None,
    ) -> None:
        """Record one change; a `*-removed` one points into the old document, others the new."""
        severity, reason = rules.classify(kind, where.context, qualifier)
        side = "old" if kind.endswith("-removed") else "new"
        pointer = where.old if side == "old" else where.new
        python = [where.function] if where.function else []
        python += where.python_names() if names is None else names
        direction = where.context if where.context in rules.SCHEMA_CONTEXTS else None
        change = Change(kind, severity, where.operation, pointer, side, message, reason)
        self.changes.append(
            replace(change, python=tuple(python), component=where.component, direction=direction)
        )

    # ---- document level ----------------------------------------------------------------------

    def compare_document(self) -> None:
        """Version, servers, security schemes and the set of schema components."""
        where = Where(old="", new="", context="document")
        old_version = self.old.get("info", {}).get("version")
        new_version = self.new.get("info", {}).get("version")
        if old_version != new_version:
            message = f"`info.version` {old_version} → {new_version}"
            self.emit("info-version-changed", where.step("info", "version"), message)
        self.compare_servers(where)
        self.compare_security_schemes(where.step("components", "securitySchemes"))
        self.compare_components(where.step("components", "schemas"))

    def compare_servers(self, where: Where) -> None:
        """Base URLs added or removed at document level."""
        old_urls = [server.get("url") for server in self.old.get("servers", [])]
        new_urls = [server.get("url") for server in self.new.get("servers", [])]
        for index, url in enumerate(new_urls):
            if url not in old_urls:
                self.emit("server-added", where.step("servers", index), f"server `{url}`")
        for index, url in enumerate(old_urls):
            if url not in new_urls:
                self.emit("server-removed", where.step("servers", index), f"server `{url}`")

    def compare_security_schemes(self, where: Where) -> None:
        """Security schemes added, removed, or changed in where they carry the credential."""
        old_schemes = self.old.get("components", {}).get("securitySchemes", {})
        new_schemes = self.new.get("components", {}).get("securitySchemes", {})
        for name in sorted(old_schemes.keys() | new_schemes.keys()):
            message = f"security scheme `{name}`"
            if name not in old_schemes:
                self.emit("security-scheme-added", where.step(name), message)
            elif name not in new_schemes:
                self.emit("security-scheme-removed", where.step(name), message)
            elif canonical(old_schemes[name]) != canonical(new_schemes[name]):
                old_words, new_words = (
                    scheme_words(old_schemes[name]),
                    scheme_words(new_schemes[name]),
                )
                message += f": {old_words} → {new_words}"
                self.emit("security-scheme-changed", where.step(name), message)

    def compare_components(self, where: Where) -> None:
        """Schema components added, removed, or renamed with the same structure."""
        old_schemas = self.old.get("components", {}).get("schemas", {})
        new_schemas = self.new.get("components", {}).get("schemas", {})
        removed = sorted(old_schemas.keys() - new_schemas.keys())
        added = sorted(new_schemas.keys() - old_schemas.keys())
        for name in removed:
            shape = canonical(old_schemas[name])
            twin = next((n for n in added if canonical(new_schemas[n]) == shape), None)
            if twin is not None:
                self.renames[name] = twin
                added.remove(twin)
                names = [model_path(model_class(name)), model_path(model_class(twin))]
                at = replace(where.step(twin), component=twin)
                self.emit("component-renamed", at, f"`{name}` renamed `{twin}`", names=names)
        for kind, components in (("component-added", added), ("component-removed", removed)):
            for name in (n for n in components if n not in self.renames):
                at = replace(where.step(name), component=name)
                self.emit(kind, at, f"`{name}`", names=[model_path(model_class(name))])

    # ---- operations --------------------------------------------------------------------------

    def compare_operations(self) -> None:
        """Every operation of either document, paired by method and path template."""
        old_operations = dict(operations_of(self.old))
        new_operations = dict(operations_of(self.new))
        for key in sorted(old_operations.keys() | new_operations.keys(), key=lambda k: k[::-1]):
            self.visited = set()
            self.compare_operation(old_operations.get(key), new_operations.get(key))

    def compare_operation(self, old: OperationEntry | None, new: OperationEntry | None) -> None:
        """One operation: presence, naming, deprecation, security, parameters, bodies."""
        entry = new or old
        assert entry is not None
        function = self.function_of(self.new if new else self.old, entry)
        where = Where(
            old=old.pointer if old else "",
            new=new.pointer if new else "",
            context="operation",
            operation=entry.label,
            function=function,
        )
        if old is None or new is None:
            kind = "operation-added" if old is None else "operation-removed"
            self.emit(kind, where, f"`{entry.label}`")
            return

        self.compare_operation_identity(old, new, where)
        self.compare_security(old, new, where)
        self.compare_parameters(old, new, where)
        self.compare_request_body(old, new, where)
        self.compare_responses(old, new, where)

    def function_of(self, document: Json, entry: OperationEntry) -> str:
        """Python name of the function (generated or overlay) that makes this call."""
        body = resolve(document, entry.node.get("requestBody", {}), entry.pointer)[0]
        overlay = any(media.startswith(OVERLAY_MEDIA_PREFIX) for media in body.get("content", {}))
        return function_name(entry.node, entry.method, entry.path, overlay)

    def compare_operation_identity(
        self, old: OperationEntry, new: OperationEntry, where: Where
    ) -> None:
        """Deprecation, operationId, and the module the function lives in."""
        was, now = bool(old.node.get("deprecated")), bool(new.node.get("deprecated"))
        if was != now:
            kind = "operation-deprecated" if now else "operation-undeprecated"
            self.emit(kind, where, f"`{new.label}`")

        old_function = self.function_of(self.old, old)
        old_id, new_id = old.node.get("operationId"), new.node.get("operationId")
        if old_id != new_id:
            message = f"operationId `{old_id}` → `{new_id}`"
            self.emit(
                "operation-id-changed", where.step("operationId"), message, names=[old_function]
            )
        elif old_function != where.function:
            message = f"`{old_function}` → `{where.function}`"
            self.emit("operation-moved", where, message, names=[old_function])

    def compare_security(self, old: OperationEntry, new: OperationEntry, where: Where) -> None:
        """The security requirements in force for the operation (its own, or the document's)."""
        old_security = effective_security(self.old, old.node)
        new_security = effective_security(self.new, new.node)
        if old_security == new_security:
            return
        # Relaxed when every way of authenticating that worked still covers a new alternative.
        relaxed = all(any(n <= o for n in new_security) for o in old_security)
        kind = "security-relaxed" if relaxed else "security-tightened"
        at = where.step("security") if "security" in new.node else replace(where, new="/security")
        message = f"security {security_words(old_security)} → {security_words(new_security)}"
        self.emit(kind, at, message)

    def compare_parameters(self, old: OperationEntry, new: OperationEntry, where: Where) -> None:
        """Parameters, paired by name and location, and their schemas."""
        old_parameters = parameters_of(self.old, old)
        new_parameters = parameters_of(self.new, new)
        for key in sorted(old_parameters.keys() | new_parameters.keys()):
            old_parameter, new_parameter = old_parameters.get(key), new_parameters.get(key)
            at = replace(
                where,
                context="request",
                argument=python_field(key[0]),
                label=key[0],
                old=(old_parameter or ({}, ""))[1],
                new=(new_parameter or ({}, ""))[1],
            )
            self.compare_parameter(old_parameter, new_parameter, at)

    def compare_parameter(
        self, old: tuple[Json, str] | None, new: tuple[Json, str] | None, where: Where
    ) -> None:
        """One parameter: presence, requiredness, deprecation, schema."""
        parameter = (new or old or ({}, ""))[0]
        message = f"{parameter.get('in')} parameter `{where.label}`"
        if old is None or new is None:
            added = "required-parameter-added" if parameter.get("required") else "parameter-added"
            self.emit(added if old is None else "parameter-removed", where, message)
            return

        was, now = bool(old[0].get("required")), bool(new[0].get("required"))
        if was != now:
            kind = "parameter-made-required" if now else "parameter-made-optional"
            self.emit(kind, where, message)
        if not old[0].get("deprecated") and new[0].get("deprecated"):
            self.emit("parameter-deprecated", where, message)
        self.compare_schema(
            old[0].get("schema", {}), new[0].get("schema", {}), where.step("schema")
        )

    def compare_request_body(self, old: OperationEntry, new: OperationEntry, where: Where) -> None:
        """Presence and requiredness of the body, its media types and their schemas."""
        old_body, old_pointer, _ = resolve(
            self.old, old.node.get("requestBody"), child(old.pointer, "requestBody")
        )
        new_body, new_pointer, _ = resolve(
            self.new, new.node.get("requestBody"), child(new.pointer, "requestBody")
        )
        body_class = model_class(str(new.node.get("operationId")), "body")
        at = replace(
            where,
            context="request",
            old=old_pointer,
            new=new_pointer,
            label="request body",
            cls=body_class,
        )
        if old_body is None or new_body is None:
            if old_body is not None:
                self.emit("request-body-removed", at, "request body", names=[])
            elif new_body is not None:
                required = "required-" if new_body.get("required") else ""
                self.emit(f"{required}request-body-added", at, "request body", names=[])
            return

        was, now = bool(old_body.get("required")), bool(new_body.get("required"))
        if was != now:
            kind = "request-body-made-required" if now else "request-body-made-optional"
            self.emit(kind, at, "request body", names=[])
        self.compare_content(old_body, new_body, at)

    def compare_responses(self, old: OperationEntry, new: OperationEntry, where: Where) -> None:
        """Statuses added or removed, and the content of the statuses both documents list."""
        old_responses = {str(k): v for k, v in old.node.get("responses", {}).items()}
        new_responses = {str(k): v for k, v in new.node.get("responses", {}).items()}
        operation_id = str(new.node.get("operationId"))
        for status in sorted(old_responses.keys() | new_responses.keys()):
            cls = model_class(operation_id, f"response_{status}")
            at = replace(where, context="response", label=f"response {status}", cls=cls)
            at = at.step("responses", status)
            qualifier = "success" if status.startswith("2") else None
            if status not in old_responses or status not in new_responses:
                kind = "added" if status in new_responses else "removed"
                self.emit(f"response-status-{kind}", at, f"status {status}", qualifier, names=[])
                continue
            old_response, old_pointer, _ = resolve(self.old, old_responses[status], at.old)
            new_response, new_pointer, _ = resolve(self.new, new_responses[status], at.new)
            self.compare_content(
                old_response, new_response, replace(at, old=old_pointer, new=new_pointer)
            )

    def compare_content(self, old: dict[str, Json], new: dict[str, Json], where: Where) -> None:
        """Media types added or removed, and the schema of each media type both list."""
        old_content, new_content = old.get("content", {}), new.get("content", {})
        for media in sorted(old_content.keys() | new_content.keys()):
            at = where.step("content", media)
            message = f"{where.label} `{media}`"
            if media not in old_content or media not in new_content:
                change = "added" if media in new_content else "removed"
                self.emit(f"{where.context}-media-type-{change}", at, message, names=[])
                continue
            old_schema = old_content[media].get("schema", {})
            self.compare_schema(old_schema, new_content[media].get("schema", {}), at.step("schema"))

    # ---- schemas -----------------------------------------------------------------------------

    def compare_schema(self, old: Json, new: Json, where: Where) -> None:
        """Two schemas at the same place: each check, then the children."""
        old_shape = shape_of(self.old, old, where.old)
        new_shape = shape_of(self.new, new, where.new)
        key = (old_shape.pointer, new_shape.pointer, where.context, where.is_tag)
        if key in self.visited:
            return
        self.visited.add(key)

        # The field holding the schema owns these: report them where the field is.
        self.compare_model_identity(old_shape, new_shape, where)
        self.compare_nullable(old_shape, new_shape, where)
        self.compare_enum_kind(old_shape, new_shape, where)

        where = enter(
            replace(where, old=old_shape.pointer, new=new_shape.pointer), old_shape, new_shape
        )
        if old_shape.variants or new_shape.variants:
            self.compare_unions(old_shape, new_shape, where)
            return
        self.compare_types(old_shape, new_shape, where)
        self.compare_values(old_shape, new_shape, where)
        self.compare_properties(old_shape, new_shape, where)
        self.compare_children(old_shape, new_shape, where)

    def compare_model_identity(self, old: Shape, new: Shape, where: Where) -> None:
        """A $ref that now points to another component, not a renamed twin of the old one."""
        if not (old.component and new.component) or old.component == new.component:
            return
        if self.renames.get(old.component) != new.component:
            names = [model_path(model_class(old.component)), model_path(model_class(new.component))]
            message = f"`{where.label}` is `{new.component}`, was `{old.component}`"
            self.emit("model-changed", where, message, names=names)

    def compare_nullable(self, old: Shape, new: Shape, where: Where) -> None:
        """`type: [x, "null"]` or an anyOf null branch, gained or lost."""
        if old.nullable != new.nullable:
            kind = "made-nullable" if new.nullable else "made-non-nullable"
            self.emit(kind, where, f"`{where.label}`")

    def compare_enum_kind(self, old: Shape, new: Shape, where: Where) -> None:
        """An enum that opens (anyOf with a plain type), closes, appears or goes."""
        if old.enum_kind != new.enum_kind and not where.is_tag:
            kind = ENUM_TRANSITIONS[(old.enum_kind, new.enum_kind)]
            words = f"was {ENUM_WORDS[old.enum_kind]}, is {ENUM_WORDS[new.enum_kind]}"
            self.emit(kind, where, f"`{where.label}` {words}")

    def compare_types(self, old: Shape, new: Shape, where: Where) -> None:
        """JSON types and formats."""
        relation = type_relation(old.types, new.types)
        if relation is not None:
            types = f"{'|'.join(sorted(old.types))} → {'|'.join(sorted(new.types))}"
            self.emit(f"type-{relation}", where, f"`{where.label}` type {types}")
        old_format, new_format = old.node.get("format"), new.node.get("format")
        if old_format != new_format and relation != "changed":  # a type change says it all
            typed = {old_format, new_format} & PYTHON_TYPED_FORMATS and "string" in new.types
            formats = f"{old_format or '(none)'} → {new_format or '(none)'}"
            self.emit(
                "format-changed",
                where,
                f"`{where.label}` format {formats}",
                "python-type" if typed else None,
            )

    def compare_values(self, old: Shape, new: Shape, where: Where) -> None:
        """Enum values and consts; a discriminator's are left to compare_tags."""
        if where.is_tag:
            return
        old_const, new_const = old.node.get("const"), new.node.get("const")
        if "const" in old.node and "const" in new.node and old_const != new_const:
            message = f"`{where.label}` {old_const!r} → {new_const!r}"
            self.emit("const-changed", where, message)
        if "none" in (old.enum_kind, new.enum_kind):
            return

        qualifier = "open" if old.open_enum and new.open_enum else None
        for index, value in enumerate(new.node["enum"]):
            if value not in old.node["enum"]:
                at = where.step("enum", index)
                self.emit("enum-value-added", at, f"`{where.label}` gains `{value}`", qualifier)
        for index, value in enumerate(old.node["enum"]):
            if value not in new.node["enum"]:
                at = where.step("enum", index)
                self.emit("enum-value-removed", at, f"`{where.label}` loses `{value}`", qualifier)

    def compare_properties(self, old: Shape, new: Shape, where: Where) -> None:
        """Properties added, removed, made required or optional, and each common one's schema."""
        old_properties, old_required = object_properties(self.old, old.node, old.pointer)
        new_properties, new_required = object_properties(self.new, new.node, new.pointer)
        for name in sorted(old_properties.keys() | new_properties.keys()):
            at = replace(
                where,
                label=f"{where.label}.{name}",
                owner=where.cls,
                field=python_field(name),
                cls=model_class(where.cls, name) if where.cls else None,
                old=old_properties.get(name, (None, where.old))[1],
                new=new_properties.get(name, (None, where.new))[1],
                tag_property=None,
                is_tag=name == where.tag_property,
            )
            if name not in old_properties:
                required = "required-" if name in new_required else ""
                self.emit(f"{required}property-added", at, f"`{at.label}`")
            elif name not in new_properties:
                self.emit("property-removed", at, f"`{at.label}`")
            else:
                if (name in old_required) != (name in new_required):
                    made = "required" if name in new_required else "optional"
                    self.emit(f"property-made-{made}", at, f"`{at.label}`")
                self.compare_schema(old_properties[name][0], new_properties[name][0], at)

    def compare_children(self, old: Shape, new: Shape, where: Where) -> None:
        """Array items and additional properties, where both sides give a schema."""
        for keyword, suffix in (("items", "item"), ("additionalProperties", "additional_property")):
            old_child, new_child = old.node.get(keyword), new.node.get(keyword)
            if isinstance(old_child, dict) and isinstance(new_child, dict):
                cls = model_class(where.cls, suffix) if where.cls else None
                at = replace(
                    where.step(keyword), label=f"{where.label}[]", cls=cls, tag_property=None
                )
                self.compare_schema(old_child, new_child, at)

    def compare_unions(self, old: Shape, new: Shape, where: Where) -> None:
        """Union variants paired by component, then by tag, then by position."""
        old_variants = variants_of(self.old, old)
        pairs, removed, added = pair_variants(
            old_variants, variants_of(self.new, new), self.renames
        )
        catch_all = len(old_variants) > 1 and not old_variants[-1].tags
        tag_property = tag_property_of(new)

        for old_variant, new_variant in pairs:
            at = variant_where(where, old_variant, new_variant, tag_property)
            self.compare_tags(old_variant, new_variant, at)
            self.compare_schema(old_variant.node, new_variant.node, at)
        for variant in added:
            at = variant_where(where, variant, variant, tag_property)
            qualifier = "open" if catch_all and variant.tags else None
            self.emit(
                "union-variant-added",
                at,
                f"`{where.label}` gains `{variant.label}`",
                qualifier,
                names=[model_path(at.cls)] if at.cls else [],
            )
        for variant in removed:
            at = variant_where(where, variant, variant, tag_property)
            self.emit(
                "union-variant-removed",
                at,
                f"`{where.label}` loses `{variant.label}`",
                names=[model_path(at.cls)] if at.cls else [],
            )

    def compare_tags(self, old: Variant, new: Variant, where: Where) -> None:
        """The discriminator values that select a variant present on both sides."""
        if old.tags == new.tags:
            return
        if new.tags > old.tags:
            kind = "discriminator-value-added"
        elif new.tags < old.tags:
            kind = "discriminator-value-removed"
        else:
            kind = "discriminator-value-changed"
        message = f"`{new.label}` tagged {sorted(old.tags)} → {sorted(new.tags)}"
        self.emit(kind, where, message, names=[model_path(where.cls)] if where.cls else [])


# ---- Helpers of the walk -----------------------------------------------------------------------


def enter(where: Where, old: Shape, new: Shape) -> Where:
    """Entering a component restarts the labels and model names there."""
    component = new.component or old.component
    if component is None or (component == where.component and where.cls == model_class(component)):
        return where
    return replace(
        where,
        component=component,
        cls=model_class(component),
        owner=None,
        field=None,
        label=component,
    )


def variant_where(where: Where, old: Variant, new: Variant, tag_property: str) -> Where:
    """Where a union variant sits, and the model class the generator gives it."""
    if new.component:
        cls: str | None = model_class(new.component)
    else:
        cls = model_class(where.cls, f"type_{new.index}") if where.cls else None
    return replace(
        where,
        old=old.pointer,
        new=new.pointer,
        cls=cls,
        owner=None,
        field=None,
        tag_property=tag_property,
        label=f"{where.label}<{new.label}>",
    )


def operations_of(document: Json) -> Iterator[tuple[tuple[str, str], OperationEntry]]:
    """Operations keyed by method and path template (parameter names blanked)."""
    for path, raw_item in document.get("paths", {}).items():
        item, item_pointer, _ = resolve(document, raw_item, child("/paths", path))
        for method in (m for m in HTTP_METHODS if isinstance(item.get(m), dict)):
            template = re.sub(r"\{[^}]*\}", "{}", path)
            pointer = child(item_pointer, method)
            yield (
                (method, template),
                OperationEntry(method, path, item[method], pointer, item, item_pointer),
            )


def parameters_of(document: Json, entry: OperationEntry) -> dict[tuple[str, str], tuple[Json, str]]:
    """Parameters in force (path item's, overridden by the operation's), with their pointers."""
    parameters: dict[tuple[str, str], tuple[Json, str]] = {}
    sources = ((entry.path_item, entry.path_item_pointer), (entry.node, entry.pointer))
    for source, pointer in sources:
        for index, raw in enumerate(source.get("parameters", [])):
            node, node_pointer, _ = resolve(document, raw, child(pointer, "parameters", index))
            parameters[(node.get("name"), node.get("in"))] = (node, node_pointer)
    return parameters


def effective_security(document: Json, operation: dict[str, Json]) -> frozenset[frozenset[str]]:
    """Alternatives of scheme sets that authenticate a call; the empty set means anonymous."""
    requirements = operation.get("security", document.get("security", [])) or [{}]
    return frozenset(frozenset(requirement) for requirement in requirements)


def security_words(security: frozenset[frozenset[str]]) -> str:
    """Security alternatives for a message: `apiKey or (a and b)`, `none`."""
    parts = sorted(" and ".join(sorted(s)) or "anonymous" for s in security)
    return " or ".join(f"({part})" if " and " in part else part for part in parts)


def scheme_words(scheme: dict[str, Json]) -> str:
    """A security scheme in a few words: `apiKey in header X-Key`."""
    words = [scheme.get("type"), scheme.get("scheme")]
    if scheme.get("in"):
        words += ["in", scheme.get("in"), scheme.get("name")]
    return " ".join(str(word) for word in words if word)


# ---- Report assembly ---------------------------------------------------------------------------

SEVERITY_RANK = {severity: rank for rank, severity in enumerate(rules.SEVERITIES)}


def merge_per_operation(changes: list[Change]) -> list[Change]:
    """One change per operation, kind and pointer: the worst of its occurrences.

    A component reached twice by one operation (in its request and its response, or through two
    properties) is reported once there, with the severity of its worst context.
    """
    merged: dict[tuple[str | None, str, str, str], Change] = {}
    for change in changes:
        key = (change.operation, change.kind, change.side, change.pointer)
        prior = merged.setdefault(key, change)
        if prior is not change:
            worst = min(prior, change, key=lambda c: SEVERITY_RANK[c.severity])
            direction = prior.direction if prior.direction == change.direction else "both"
            python = tuple(dict.fromkeys(prior.python + change.python))
            merged[key] = replace(worst, direction=direction, python=python)
    return list(merged.values())


def major_version(version: str | None) -> int | None:
    """The leading number of a version string, if it has one."""
    match = re.match(r"\s*v?(\d+)", str(version or ""))
    return int(match.group(1)) if match else None


def check_version_bump(report: Report) -> None:
    """Add a change when breaking changes come without a new major info.version."""
    breaking = report.count(rules.BREAKING)
    old_major, new_major = major_version(report.old_version), major_version(report.new_version)
    if breaking and old_major is not None and old_major == new_major:
        kind = "breaking-without-major-bump"
        severity, reason = rules.classify(kind, "document")
        versions = f"{report.old_version} → {report.new_version}"
        if report.old_version == report.new_version:
            versions = f"stays {report.new_version}"
        message = f"`info.version` {versions}, major {new_major}, yet {breaking} breaking change(s)"
        report.changes.append(Change(kind, severity, None, "/info/version", "new", message, reason))


def sort_key(change: Change) -> tuple[int, str, str, str, str]:
    """Worst first; document-level before operations; operations by path, then method."""
    method, _, path = (change.operation or "").partition(" ")
    return (SEVERITY_RANK[change.severity], path, method, change.pointer, change.kind)


def diff_documents(
    old: dict[str, Json], new: dict[str, Json], old_source: str = "old", new_source: str = "new"
) -> Report:
    """The classified semantic diff of two parsed OpenAPI documents.

    Raises:
        SpecError: a $ref cannot be followed.
    """
    differ = Differ(old, new)
    differ.compare_document()
    differ.compare_operations()
    report = Report(
        old_version=old.get("info", {}).get("version"),
        new_version=new.get("info", {}).get("version"),
        changes=merge_per_operation(differ.changes),
        old_source=old_source,
        new_source=new_source,
    )
    check_version_bump(report)
    report.changes.sort(key=sort_key)
    return report
