"""What each kind of spec change means for code that calls np6-client: the classification table.

A rule gives, for one change kind and one context, a severity and the one-line reason shown to
the reviewer. The context is where the change sits: `document`, `operation`, `request` (a
parameter or a request body: what callers send) or `response` (what callers read). Some rules
refine a context with a qualifier after a colon (`response:open` for an open enum or an open
union, `response:success` for a 2xx status, `request:python-type` for a format that changes the
Python type); the lookup falls back to the bare context.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BREAKING = "breaking"
POTENTIALLY_BREAKING = "potentially-breaking"
NON_BREAKING = "non-breaking"
SEVERITIES = (BREAKING, POTENTIALLY_BREAKING, NON_BREAKING)

Rule = tuple[str, str]

# Short names keep each rule on one line: severity, then what happens to the caller's code.
BREAKS, MAY_BREAK, SAFE = BREAKING, POTENTIALLY_BREAKING, NON_BREAKING
RULES: dict[str, dict[str, Rule]] = {
    # ---- document ----------------------------------------------------------------------------
    "info-version-changed": {"document": (SAFE, "NP6's label of the API; it changes no call.")},
    "breaking-without-major-bump": {
        "document": (BREAKS, "Who trusts NP6's semver expects no break in a minor version."),
    },
    "server-added": {"document": (SAFE, "Another base URL callers may choose.")},
    "server-removed": {"document": (MAY_BREAK, "Callers whose base_url it is must move.")},
    "security-scheme-added": {"document": (SAFE, "A new way to authenticate, optional so far.")},
    "security-scheme-removed": {
        "document": (MAY_BREAK, "Callers who authenticate this way must change."),
    },
    "security-scheme-changed": {
        "document": (BREAKS, "The client sends the key where NP6 no longer looks: calls fail."),
    },
    "component-added": {"document": (SAFE, "A new model class; existing code is unaffected.")},
    "component-removed": {
        "document": (MAY_BREAK, "The model class goes: code that imports it fails."),
    },
    "component-renamed": {
        "document": (MAY_BREAK, "Same wire format, but code importing the class must rename it."),
    },
    # ---- operation ---------------------------------------------------------------------------
    "operation-added": {"operation": (SAFE, "A new function; existing code is unaffected.")},
    "operation-removed": {
        "operation": (BREAKS, "The function goes and NP6 no longer serves the call."),
    },
    "operation-deprecated": {
        "operation": (SAFE, "Still works; move off it before NP6 removes it."),
    },
    "operation-undeprecated": {"operation": (SAFE, "No longer scheduled for removal.")},
    "operation-id-changed": {
        "operation": (BREAKS, "It names the Python function: imports of the old name fail."),
    },
    "operation-moved": {
        "operation": (BREAKS, "The function changes module (tag, or overlay): imports fail."),
    },
    "security-tightened": {
        "operation": (BREAKS, "Calls authenticated as before may be refused."),
    },
    "security-relaxed": {
        "operation": (SAFE, "Every way of authenticating that worked still does.")
    },
    # ---- parameters and bodies ---------------------------------------------------------------
    "parameter-added": {"request": (SAFE, "A new optional keyword argument.")},
    "required-parameter-added": {"request": (BREAKS, "Calls without the new argument fail.")},
    "parameter-removed": {"request": (BREAKS, "Calls that pass it fail: the argument goes.")},
    "parameter-made-required": {"request": (BREAKS, "Calls that omit it now fail.")},
    "parameter-made-optional": {"request": (SAFE, "Calls may now omit it.")},
    "parameter-deprecated": {"request": (SAFE, "Still accepted; stop passing it.")},
    "request-body-added": {"request": (SAFE, "A new optional body argument.")},
    "required-request-body-added": {"request": (BREAKS, "Calls must now pass a body.")},
    "request-body-removed": {"request": (BREAKS, "Calls that pass a body fail.")},
    "request-body-made-required": {"request": (BREAKS, "Calls without a body now fail.")},
    "request-body-made-optional": {"request": (SAFE, "Calls may now omit the body.")},
    "request-media-type-added": {"request": (SAFE, "Another body format callers may send.")},
    "request-media-type-removed": {"request": (BREAKS, "Bodies of this media type are refused.")},
    "response-media-type-added": {
        "response": (MAY_BREAK, "NP6 may answer in a format the old client left unparsed."),
    },
    "response-media-type-removed": {
        "response": (BREAKS, "Its parsed result goes: code reading it gets None."),
    },
    "response-status-added": {
        "response:success": (MAY_BREAK, "The result gains a case code may not handle."),
        "response": (SAFE, "Documents an error; the call already failed so."),
    },
    "response-status-removed": {
        "response:success": (BREAKS, "Its body is no longer parsed: code gets None."),
        "response": (SAFE, "One documented error fewer."),
    },
    # ---- schemas, in what callers send (request) and read (response) -------------------------
    "property-added": {
        "request": (SAFE, "A new optional field callers may set."),
        "response": (SAFE, "A new field; code that ignores it is unaffected."),
    },
    "required-property-added": {
        "request": (BREAKS, "Callers must now set it: the model requires it."),
        "response": (SAFE, "A new field NP6 always sends; code that ignores it is unaffected."),
    },
    "property-removed": {
        "request": (BREAKS, "Code that sets the field fails: the model no longer takes it."),
        "response": (
            BREAKS,
            "Code reading the attribute fails (the value, if sent, is kept in "
            "additional_properties).",
        ),
    },
    "property-made-required": {
        "request": (BREAKS, "Callers that omit it now fail: the model requires it."),
        "response": (SAFE, "Always present now; checks for UNSET still work."),
    },
    "property-made-optional": {
        "request": (SAFE, "Callers may now omit it."),
        "response": (MAY_BREAK, "May be missing: code reading it unchecked gets UNSET."),
    },
    "made-nullable": {
        "request": (SAFE, "Callers may now send None."),
        "response": (MAY_BREAK, "May be None: code using it unchecked fails."),
    },
    "made-non-nullable": {
        "request": (BREAKS, "Callers that send None are refused."),
        "response": (SAFE, "Never None now; checks for None still work."),
    },
    "type-widened": {
        "request": (SAFE, "Accepts more types than before."),
        "response": (MAY_BREAK, "May hold a type code does not expect."),
    },
    "type-narrowed": {
        "request": (BREAKS, "Values of the dropped type are refused."),
        "response": (SAFE, "Holds fewer types; code handles a subset."),
    },
    "type-changed": {
        "request": (BREAKS, "Callers must pass another Python type."),
        "response": (BREAKS, "Code silently gets another Python type."),
    },
    "format-changed": {
        "request:python-type": (BREAKS, "Callers must pass another Python type."),
        "response:python-type": (BREAKS, "Code silently gets another Python type."),
        "request": (MAY_BREAK, "Same Python type; NP6 may refuse values it took."),
        "response": (SAFE, "Same Python type; only the documented form changes."),
    },
    "enum-value-added": {
        "request": (SAFE, "Callers may send a new value."),
        "response:open": (
            SAFE,
            "Open enum: unknown values were already kept as plain values; "
            "exhaustive matches should add it.",
        ),
        "response": (MAY_BREAK, "The old client refused it; exhaustive matches miss it."),
    },
    "enum-value-removed": {
        "request": (BREAKS, "Callers sending it are refused; its enum member goes."),
        "response": (MAY_BREAK, "No longer sent, but code naming its member fails."),
    },
    "enum-opened": {
        "request": (SAFE, "Callers may pass values outside the enum."),
        "response": (MAY_BREAK, "May be a plain str/int as well as an enum member."),
    },
    "enum-closed": {
        "request": (BREAKS, "Only enum members are accepted now."),
        "response": (MAY_BREAK, "The client now refuses values outside the enum."),
    },
    "enum-introduced": {
        "request": (SAFE, "Known values get members; any value still passes."),
        "response": (SAFE, "Known values arrive as members, equal to plain values."),
    },
    "enum-dropped": {
        "request": (MAY_BREAK, "The enum class goes: code naming its members fails."),
        "response": (MAY_BREAK, "Plain values now; code naming enum members fails."),
    },
    "const-changed": {
        "request": (BREAKS, "The one value NP6 accepts changes."),
        "response": (BREAKS, "The one value NP6 sends changes."),
    },
    "discriminator-value-added": {
        "request": (SAFE, "Callers may tag this variant another way."),
        "response": (MAY_BREAK, "NP6 may tag it another way; matches on the tag miss it."),
    },
    "discriminator-value-removed": {
        "request": (BREAKS, "Callers tagging the variant this way are refused."),
        "response": (SAFE, "NP6 no longer tags the variant this way."),
    },
    "discriminator-value-changed": {
        "request": (BREAKS, "The tag callers must send changes."),
        "response": (BREAKS, "NP6 tags it differently: matches on the old tag miss it."),
    },
    "union-variant-added": {
        "request": (SAFE, "Callers may send a new shape."),
        "response:open": (
            SAFE,
            "Open union: the catch-all kept it before; variant matches "
            "should handle its new model.",
        ),
        "response": (MAY_BREAK, "A new shape; code matching every variant misses it."),
    },
    "union-variant-removed": {
        "request": (BREAKS, "Callers sending this shape are refused."),
        "response": (SAFE, "No longer sent; code handling it goes dead."),
    },
    "model-changed": {
        "request": (MAY_BREAK, "Another model class: code building the old one must change."),
        "response": (MAY_BREAK, "Another model class: isinstance checks on the old one miss."),
    },
}

SCHEMA_CONTEXTS = ("request", "response")


def classify(kind: str, context: str, qualifier: str | None = None) -> Rule:
    """Severity and reason of one change kind in one context.

    Raises:
        KeyError: the kind has no rule for that context (a bug in the differ).
    """
    rules = RULES[kind]
    if qualifier is not None and f"{context}:{qualifier}" in rules:
        return rules[f"{context}:{qualifier}"]
    return rules[context]


@dataclass(frozen=True)
class Change:
    """One change between two specs, classified for a caller of the client."""

    kind: str
    severity: str
    operation: str | None
    pointer: str
    side: str
    message: str
    reason: str
    python: tuple[str, ...] = ()
    component: str | None = None
    direction: str | None = None

    def to_json(self) -> dict[str, object]:
        """The documented JSON form of the change (docs/spec-diff.md)."""
        return {**asdict(self), "python": list(self.python)}


@dataclass
class Report:
    """Every change between an old and a new spec, worst first."""

    old_version: str | None
    new_version: str | None
    changes: list[Change] = field(default_factory=list)
    old_source: str = "old"
    new_source: str = "new"

    def count(self, severity: str) -> int:
        """Number of changes of that severity."""
        return sum(1 for change in self.changes if change.severity == severity)

    def worst(self) -> str | None:
        """The most severe severity present, or None when nothing changed."""
        present = {change.severity for change in self.changes}
        return next((severity for severity in SEVERITIES if severity in present), None)

    def suggested_bump(self) -> str:
        """Package bump for np6-client: major if anything breaks, minor for other API changes."""
        worst = self.worst()
        if worst == BREAKING:
            return "major"
        surface = [c for c in self.changes if c.kind != "info-version-changed"]
        return "minor" if surface else "patch" if self.changes else "none"

    def summary(self) -> str:
        """The few lines printed at the end of a regeneration (see spec_diff_render)."""
        import spec_diff_render  # not at the top: spec_diff_render imports this module

        return spec_diff_render.render_summary(self)

    def fails(self, threshold: str) -> bool:
        """True when a change is at least as severe as the threshold (for --fail-on)."""
        allowed = SEVERITIES[: SEVERITIES.index(threshold) + 1]
        return any(change.severity in allowed for change in self.changes)
