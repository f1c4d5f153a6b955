"""What the sandbox remembers and how it answers each NP6 operation: actions, targets, counts.

Behaviour follows shared/reference/np6-actions-8.1.0.md where NP6 documents it. Where NP6 is
silent the sandbox makes a plain choice, named in the docstring of the handler that makes it:
whoever gets access to the live API should compare those first.
"""

from __future__ import annotations

import copy
import hashlib
import re
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# States of an action (see ActionState in the spec).
EMPTY_DRAFT, DRAFT, TESTED, VALIDATED = 10, 20, 38, 50

MEDIA_TYPE_CHANNELS = {
    "application/vnd.np6.cm.email": "email",
    "application/vnd.np6.cm.sms": "sms",
}

# Placeholders the sandbox personalises: {{ name }} / {{ a.b }}, and [NAME] as the README's
# example writes them. NP6's templating language is not in the reference, so these are guesses.
PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}|\[(\w+)\]")

FIRST_ACTION_NUMBER = 0xA000
FIRST_TARGET_NUMBER = 100_001

Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """The sandbox's clock unless it is given another: the current time in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Call:
    """One request to an NP6 operation, as the handlers see it."""

    operation_id: str
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any
    media_type: str

    @property
    def action_id(self) -> str:
        return self.path_params["id"]


@dataclass
class Reply:
    """What the sandbox answers: a status, a JSON body (None: empty) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """A contact of the sandbox's account: an id and a unicity value (email or phone)."""

    id: str
    unicity: str

    @property
    def hash(self) -> str:
        """MD5 of the unicity value, as NP6 keeps one per target."""
        return hashlib.md5(self.unicity.strip().lower().encode()).hexdigest()

    def footprint(self) -> dict[str, str]:
        return {"type": "footprint", "id": self.id, "unicity": self.unicity, "hash": self.hash}

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "unicity": self.unicity, "hash": self.hash}


@dataclass
class Counts:
    """What the sandbox received, for tests that assert on it.

    received: requests per operation id, faulted ones included.
    accepted: messages accepted for sending, per message key. The key is the stamp id when the
        message definition has one, else "<action id>/<target id>"; a retried send of the same
        message therefore counts twice, which is what exactly-once tests look for.
    """

    received: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"received": dict(self.received), "accepted": dict(self.accepted)}


class Np6State:
    """The sandbox account: its actions, targets and counts, behind one lock.

    Args:
        clock: Where creation dates come from (a fixed one makes answers repeatable).
    """

    def __init__(self, clock: Clock = wall_clock) -> None:
        self._clock = clock
        self._lock = threading.RLock()
        self.actions: dict[str, dict[str, Any]] = {}
        self.targets: dict[str, Target] = {}
        self.counts = Counts()
        self._action_numbers = iter(range(FIRST_ACTION_NUMBER, 1 << 24))
        self._target_numbers = iter(range(FIRST_TARGET_NUMBER, 1 << 31))
        self._handlers: dict[str, Callable[[Call], Reply]] = {
            "list_actions": self._list_actions,
            "create_action": self._create_action,
            "get_action": self._get_action,
            "update_action": self._update_action,
            "delete_action": self._delete_action,
            "duplicate_action": self._duplicate_action,
            "validate_action": self._validate_action,
            "unvalidate_action": self._unvalidate_action,
            "render_message": self._render_message,
            "render_messages": self._render_messages,
            "render_links": self._render_links,
            "send_message": self._send_message,
            "send_messages": self._send_messages,
            "send_target_message": self._send_target_message,
            "export_recipients": self._export,
            "export_opens": self._export,
            "export_clicks": self._export,
        }

    def handle(self, call: Call) -> Reply:
        """Answer one call to an NP6 operation."""
        with self._lock:
            return self._handlers[call.operation_id](call)

    def add_target(self, unicity: str, target_id: str | None = None) -> Target:
        """Register a contact (replacing any with this id); sends and renders find it by id,
        unicity value or hash."""
        with self._lock:
            if target_id is None:
                target_id = next(n for n in map(str, self._target_numbers) if n not in self.targets)
            target = Target(target_id, unicity)
            self.targets[target.id] = target
            return target

    def count_received(self, operation_id: str) -> None:
        with self._lock:
            self.counts.received[operation_id] += 1

    # ---- actions -----------------------------------------------------------------------------

    def _list_actions(self, call: Call) -> Reply:
        start = _instant(call.query.get("creation_start"))
        end = _instant(call.query.get("creation_end"))
        listed = [
            _list_item(action)
            for action in self.actions.values()
            if _created_within(action, start, end)
        ]
        return Reply(200, listed)

    def _create_action(self, call: Call) -> Reply:
        action = self._store_new(call.body)
        return Reply(200, action)

    def _get_action(self, call: Call) -> Reply:
        action = self.actions.get(call.action_id)
        return Reply(404) if action is None else Reply(200, action)

    def _update_action(self, call: Call) -> Reply:
        """Replace the definition, keeping id and creation date.

        A validated action is refused with 409 (NP6 does not say; changing what is about to be
        sent without unvalidating first is what a 409 protects against elsewhere). A tested
        action goes back to draft: its test no longer shows the new content.
        """
        action = self.actions.get(call.action_id)
        if action is None:
            return Reply(404)
        if _state(action) == VALIDATED:
            return Reply(409)
        updated = _stored_action(call.body, action["id"], action["creationDate"])
        self.actions[action["id"]] = updated
        return Reply(200, updated)

    def _delete_action(self, call: Call) -> Reply:
        if self.actions.pop(call.action_id, None) is None:
            return Reply(404)
        return Reply(204)

    def _duplicate_action(self, call: Call) -> Reply:
        """Copy an action as a new draft.

        The integer `type` of the query has no documented mapping to action types, so the copy
        keeps the source's type; `folder` moves the copy into that folder.
        """
        source = self.actions.get(call.action_id)
        if source is None:
            return Reply(404)
        copied = self._store_new(source)
        if "folder" in call.query:
            copied["informations"]["folder"] = int(call.query["folder"])
        return Reply(200, copied)

    def _store_new(self, definition: Mapping[str, Any]) -> dict[str, Any]:
        action_id = f"{next(self._action_numbers):06X}"
        action = _stored_action(definition, action_id, _timestamp(self._clock()))
        self.actions[action_id] = action
        return action

    # ---- validation --------------------------------------------------------------------------

    def _validate_action(self, call: Call) -> Reply:
        """Test (20 -> 38) or validate (38 -> 50) an action, as NP6's two phases do.

        A test needs testSegments or mediaForTest (400 without either: nobody would receive
        it). Any other move is refused with 409 and an empty body.
        """
        action = self.actions.get(call.action_id)
        if action is None:
            return Reply(404)
        request = call.body or {}
        if request.get("fortest"):
            if not (request.get("testSegments") or request.get("mediaForTest")):
                return Reply(400, {"message": "a test needs testSegments or mediaForTest"})
            return _move(action, {DRAFT, TESTED}, TESTED)
        return _move(action, {TESTED}, VALIDATED)

    def _unvalidate_action(self, call: Call) -> Reply:
        action = self.actions.get(call.action_id)
        if action is None:
            return Reply(404)
        return _move(action, {TESTED, VALIDATED}, DRAFT)

    # ---- renders -----------------------------------------------------------------------------

    def _render_message(self, call: Call) -> Reply:
        return self._with_channel(call, lambda action: Reply(200, self._render(action, call.body)))

    def _render_messages(self, call: Call) -> Reply:
        return self._with_channel(
            call, lambda action: Reply(200, [self._render(action, item) for item in call.body])
        )

    def _render(self, action: Mapping[str, Any], definition: Mapping[str, Any]) -> Any:
        """One render result; an unknown receiver gives an error item, as a send does."""
        target: Target | None = None
        if "receiver" in definition:
            target = self._find_target(definition["receiver"])
            if target is None:
                return _recipient_not_found(definition["receiver"])
        data = definition.get("data") or {}
        if _channel(action) == "sms":
            return _render_sms(action, definition, target, data)
        return _render_email(action, definition, target, data)

    def _render_links(self, call: Call) -> Reply:
        """Links of the sandbox's own making: NP6 does not document what they look like."""
        if call.action_id not in self.actions:
            return Reply(404)
        links = [
            f"https://sandbox.np6.invalid/links/{call.action_id}/{index}"
            for index, _ in enumerate(call.body.get("links") or [])
        ]
        return Reply(200, {"type": "success", "links": links})

    # ---- sends -------------------------------------------------------------------------------

    def _send_message(self, call: Call) -> Reply:
        return self._with_sendable(
            call, lambda action: Reply(200, self._execute(action, call.body))
        )

    def _send_messages(self, call: Call) -> Reply:
        return self._with_sendable(
            call, lambda action: Reply(200, [self._execute(action, item) for item in call.body])
        )

    def _execute(self, action: Mapping[str, Any], definition: Mapping[str, Any]) -> Any:
        identification = definition.get("recipient") or {}
        target = self._find_target(identification)
        if target is None:
            return _recipient_not_found(identification)
        stamp_id = (definition.get("stamp") or {}).get("id")
        self.counts.accepted[stamp_id or f"{action['id']}/{target.id}"] += 1
        return {"type": "success", "id": str(uuid.uuid4()), "recipient": target.footprint()}

    def _send_target_message(self, call: Call) -> Reply:
        """Send to one target by id; a content override needs templating 4.1 (else 409)."""
        action = self.actions.get(call.action_id)
        target = self.targets.get(call.path_params["targetId"])
        if action is None or target is None:
            return Reply(404)
        templating = (action.get("settings") or {}).get("templating") or {}
        overrides_content = bool((call.body or {}).get("content"))
        if _state(action) != VALIDATED or (
            overrides_content and templating.get("version") != "4.1"
        ):
            return Reply(409)
        self.counts.accepted[f"{action['id']}/{target.id}"] += 1
        return Reply(204)

    def _export(self, call: Call) -> Reply:
        return Reply(204 if call.action_id in self.actions else 404)

    # ---- shared checks -----------------------------------------------------------------------

    def _with_channel(self, call: Call, answer: Callable[[dict[str, Any]], Reply]) -> Reply:
        """404 for an unknown action; 415 when the media type is not the action's channel."""
        action = self.actions.get(call.action_id)
        if action is None:
            return Reply(404)
        if MEDIA_TYPE_CHANNELS.get(call.media_type) != _channel(action):
            return Reply(415)
        return answer(action)

    def _with_sendable(self, call: Call, answer: Callable[[dict[str, Any]], Reply]) -> Reply:
        """As _with_channel, and 409 (empty body) unless the action is validated."""

        def send_if_validated(action: dict[str, Any]) -> Reply:
            return answer(action) if _state(action) == VALIDATED else Reply(409)

        return self._with_channel(call, send_if_validated)

    def _find_target(self, identification: Mapping[str, Any]) -> Target | None:
        """The target an identification names (id, unicity, hash or footprint), or None."""
        kind = identification.get("type")
        if kind == "footprint":
            for key in ("id", "unicity", "hash"):
                found = self._find_by(key, identification.get(key))
                if found is not None:
                    return found
            return None
        value = identification.get("value")
        if kind == "unicity" and isinstance(value, list):
            value = value[0] if value else None
        return self._find_by(str(kind), value) if kind in ("id", "unicity", "hash") else None

    def _find_by(self, key: str, value: Any) -> Target | None:
        if value is None:
            return None
        if key == "id":
            return self.targets.get(str(value))
        return next((t for t in self.targets.values() if getattr(t, key) == value), None)


# ---- helpers without state -------------------------------------------------------------------


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _created_within(
    action: Mapping[str, Any], start: datetime | None, end: datetime | None
) -> bool:
    created = datetime.fromisoformat(action["creationDate"])
    return (start is None or created >= start) and (end is None or created < end)


def _stored_action(definition: Mapping[str, Any], action_id: str, created: str) -> dict[str, Any]:
    """The action as the sandbox keeps it: NP6 sets id, creation date and state itself."""
    action = copy.deepcopy(dict(definition))
    content = action.get("content") or {}
    has_content = any(content.get(part) for part in ("subject", "html", "text"))
    informations = dict(action.get("informations") or {})
    informations.setdefault("folder", None)
    informations.setdefault("category", None)
    informations["state"] = DRAFT if has_content else EMPTY_DRAFT
    action.update(id=action_id, creationDate=created, informations=informations)
    return action


def _list_item(action: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("type", "id", "name", "creationDate", "informations", "settings")
    return {key: action[key] for key in keys if key in action}


def _state(action: Mapping[str, Any]) -> int | None:
    state: int | None = action["informations"]["state"]
    return state


def _move(action: dict[str, Any], allowed_from: set[int], to: int) -> Reply:
    if _state(action) not in allowed_from:
        return Reply(409)
    action["informations"]["state"] = to
    return Reply(204)


def _channel(action: Mapping[str, Any]) -> str:
    return "sms" if str(action.get("type", "")).startswith("sms") else "email"


def _recipient_not_found(identification: Any) -> dict[str, Any]:
    return {"type": "error", "value": {"type": "recipient not found", "recipient": identification}}


def personalise(template: str, data: Mapping[str, Any]) -> str:
    """Replace placeholders with values from data; unknown names stay visible.

    {{ name }} and {{ a.b }} look names up as written; [NAME] ignores case.
    """
    folded = {str(key).lower(): value for key, value in data.items()}

    def value_of(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            found = folded.get(match.group(2).lower())
            return match.group(0) if found is None else str(found)
        value: Any = data
        for step in match.group(1).split("."):
            if not isinstance(value, Mapping) or step not in value:
                return match.group(0)
            value = value[step]
        return str(value)

    return PLACEHOLDER.sub(value_of, template)


def _render_email(
    action: Mapping[str, Any],
    definition: Mapping[str, Any],
    target: Target | None,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    content = action.get("content") or {}
    override = definition.get("content") or {}
    headers = {**(content.get("headers") or {}), **(definition.get("headers") or {})}
    sender = headers.get("from") or {}
    context = definition.get("context") or {}
    recipient = context.get("recipient") or (target.unicity if target else "")
    address = f"{sender.get('prefix', '')}@{sender.get('domain', '')}"
    parts = {
        "subject": definition.get("subject") or content.get("subject"),
        "html": override.get("html") or content.get("html"),
        "text": override.get("text") or content.get("text"),
        "amp": override.get("amp"),
    }
    rendered = {key: personalise(value, data) for key, value in parts.items() if value}
    return {
        "type": "success",
        "recipient": recipient,
        "sender": {
            "value": address,
            "label": sender.get("label", ""),
            "reply": headers.get("reply", address),
            "bounce": f"bounce@{sender.get('domain', '')}",
        },
        **rendered,
        "headers": {"From": address, "To": recipient},
    }


def _render_sms(
    action: Mapping[str, Any],
    definition: Mapping[str, Any],
    target: Target | None,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    """An SMS render: recipient and text only (NP6 documents only the email render result)."""
    text = (definition.get("content") or {}).get("text") or (action.get("content") or {}).get(
        "text", ""
    )
    return {
        "type": "success",
        "recipient": target.unicity if target else "",
        "text": personalise(text, data),
    }
