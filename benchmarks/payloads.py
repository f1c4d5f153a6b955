"""NP6-shaped payloads for the benchmarks, built the same way for the client and its floor.

The shapes follow spec/np6-cm.yaml and the examples of NP6's reference; the sizes are those of
an ordinary newsletter (a few kilobytes of HTML), not tuned to flatter either side.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

ACTION_ID = "000ABC"
EMAIL_MEDIA_TYPE = "application/vnd.np6.cm.email"

_PARAGRAPH = (
    '<p style="font-family:Arial,sans-serif;font-size:14px">Bonjour {{firstName}}, '
    "voici les nouveautés de la semaine et les offres réservées à nos abonnés.</p>\n"
)
NEWSLETTER_HTML = "<html><body>\n" + _PARAGRAPH * 30 + "</body></html>\n"
NEWSLETTER_TEXT = "Bonjour {{firstName}}, voici les nouveautés de la semaine.\n" * 10


def action(index: int = 0) -> dict[str, Any]:
    """One email action as get_action returns it: every documented field filled."""
    return {
        "type": "mailMessage",
        "id": f"{index:06X}",
        "name": f"Newsletter {index}",
        "description": "Weekly newsletter to subscribers",
        "creationDate": "2026-03-14T09:26:53Z",
        "informations": {"folder": 12, "category": None, "state": 50},
        "settings": {
            "templating": {"version": "4.1"},
            "editionMode": 1,
            "purpose": {"type": "marketing"},
            "consent": 1,
            "priority": False,
            "importance": False,
            "environment": {},
            "field": 3,
            "culture": "fr-FR",
            "contentFormat": 1,
            "useFormLinkSSL": True,
            "sendingProfile": 0,
            "performance": {"openingRate": 0.2, "clickRate": 0.05, "unsubscribedRate": 0.01},
            "mp": {"use": True, "increment": True},
            "webAnalyser": None,
            "archive": True,
        },
        "content": {
            "headers": {
                "from": {"prefix": "news", "domain": "example.com", "label": "Example News"},
                "reply": "reply@example.com",
            },
            "subject": "This week at Example",
            "html": NEWSLETTER_HTML,
            "text": NEWSLETTER_TEXT,
        },
    }


def action_list_item(index: int) -> dict[str, Any]:
    """One item of list_actions: top-level scheduler and monitor, as the spec has them."""
    return {
        "type": "mailMessage",
        "id": f"{index:06X}",
        "name": f"Newsletter {index}",
        "creationDate": "2026-03-14T09:26:53Z",
        "informations": {"folder": 12, "category": None, "state": 50},
        "settings": {},
        "scheduler": {"type": "asap", "startDate": "2026-03-15T08:00:00Z", "endDate": None},
        "monitor": {"lastSent": {"at": "2026-03-15T08:03:11Z"}},
    }


def action_list(count: int) -> list[dict[str, Any]]:
    return [action_list_item(index) for index in range(count)]


def render_definition() -> dict[str, Any]:
    """The body of one email render: a receiver and the data that personalise the message."""
    return {
        "receiver": {"type": "id", "value": "0001A2B3"},
        "data": {"firstName": "Camille", "city": "Lyon"},
    }


def render_result() -> dict[str, Any]:
    """What render_message answers: the rendered newsletter."""
    return {
        "type": "success",
        "recipient": "camille@example.com",
        "sender": {
            "bounce": "bounce@example.com",
            "label": "Example News",
            "reply": "reply@example.com",
            "value": "news@example.com",
        },
        "subject": "This week at Example",
        "html": NEWSLETTER_HTML.replace("{{firstName}}", "Camille"),
        "text": NEWSLETTER_TEXT.replace("{{firstName}}", "Camille"),
        "headers": {"List-Unsubscribe": "<https://example.com/u/0001A2B3>"},
    }


def recipient_address(index: int) -> str:
    return f"recipient{index}@example.com"


def message_definition(index: int) -> dict[str, Any]:
    """One email of a batch send: the recipient by unicity value and three data fields."""
    return {
        "recipient": {"type": "unicity", "value": [recipient_address(index)]},
        "data": {"firstName": f"Name{index}", "orderId": 100000 + index, "segment": "gold"},
    }


def message_batch(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [message_definition(index) for index in range(start, start + count)]


def execution_result(index: int) -> dict[str, Any]:
    """The result of one message: mostly successes, one error in fifty, as a batch may have."""
    if index % 50 == 49:
        return {
            "type": "error",
            "value": {
                "type": "recipient not found",
                "recipient": {"type": "unicity", "value": [recipient_address(index)]},
            },
        }
    address = recipient_address(index)
    return {
        "type": "success",
        "id": str(uuid.UUID(int=index + 1)),
        "recipient": {
            "type": "footprint",
            "id": f"{index:08X}",
            "unicity": address,
            "hash": hashlib.md5(address.encode()).hexdigest(),  # NP6 names targets by MD5
        },
    }


def execution_results(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [execution_result(index) for index in range(start, start + count)]


def encode(payload: object) -> bytes:
    """Encode a payload as the server would send it."""
    return json.dumps(payload).encode()


def target_id(index: int) -> str:
    """Id of the sandbox contact that bulk message `index` goes to."""
    return f"T{index:07d}"


def bulk_message(index: int) -> dict[str, Any]:
    """One email of the bulk send: the recipient by id, so the sandbox finds it by key."""
    return {
        "recipient": {"type": "id", "value": target_id(index)},
        "data": {"firstName": f"Name{index}", "orderId": 100000 + index, "segment": "gold"},
    }
