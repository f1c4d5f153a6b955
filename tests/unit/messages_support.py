"""Bodies, canned NP6 answers and a recording transport for the np6.messages tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx

from np6.messages import render_message, render_messages, send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.models import (
    ContentOverride,
    EmailMessageDefinition,
    EmailMessageDefinitionData,
    EmailRenderDefinition,
    EmailRenderDefinitionData,
    HashIdentification,
    IdIdentification,
    MessageAttachment,
    MessageAttachmentData,
    MessageCopy,
    MessageHeaders,
    RenderContext,
    Sender,
    SmsContentOverride,
    SmsMessageDefinition,
    SmsRenderDefinition,
    SmsRenderDefinitionData,
    Stamp,
    UnicityIdentification,
)

KEY = "test-key-0123"
BASE_URL = "https://api-cm.np6.com"
AWKWARD_ID = "0A/B C?#"  # a slash, a space, ? and #: all must be percent-encoded in the path
ENCODED_ID = "0A%2FB%20C%3F%23"
EMAIL = "application/vnd.np6.cm.email"
SMS = "application/vnd.np6.cm.sms"
MESSAGE_ID = "6f1c2a43-9a57-4e0f-8d7b-0c3f7e5d2a10"


@dataclass
class Np6Stub:
    """Answers every request with one canned response and keeps the requests it saw.

    The response carries payload as JSON, or text as it is, or no body.
    """

    status: int = 200
    payload: Any = None
    text: str | None = None
    requests: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.text is not None:
            return httpx.Response(self.status, text=self.text)
        if self.payload is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.payload)

    def client(self, **settings: Any) -> AuthenticatedClient:
        transport = httpx.MockTransport(self.handle)
        return AuthenticatedClient(
            base_url=BASE_URL, token=KEY, httpx_args={"transport": transport}, **settings
        )

    @property
    def only_request(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected one request, saw {len(self.requests)}"
        return self.requests[0]

    def sent_json(self) -> Any:
        return json.loads(self.only_request.content)


# ---- Bodies, each with the JSON NP6 must receive for it ------------------------------------


def email_render() -> EmailRenderDefinition:
    body = EmailRenderDefinition(
        receiver=IdIdentification(type_="id", value="T-1"),
        data=EmailRenderDefinitionData.from_dict({"firstname": "Ada"}),
        stamp=Stamp(time=1_700_000_000_000, id=UUID(MESSAGE_ID)),
        headers=MessageHeaders(
            from_=Sender(prefix="news", domain="example.com", label="News"),
            reply="reply@example.com",
        ),
        subject="Hello [FIRSTNAME]",
        content=ContentOverride(type_="html", html="<p>Hi</p>"),
        context=RenderContext(display=3, render=2),
    )
    body["campaign"] = {"code": "spring"}  # a field the spec does not know is still sent
    return body


EMAIL_RENDER_JSON = {
    "receiver": {"type": "id", "value": "T-1"},
    "data": {"firstname": "Ada"},
    "stamp": {"time": 1_700_000_000_000, "id": MESSAGE_ID},
    "headers": {
        "from": {"prefix": "news", "domain": "example.com", "label": "News"},
        "reply": "reply@example.com",
    },
    "subject": "Hello [FIRSTNAME]",
    "content": {"type": "html", "html": "<p>Hi</p>"},
    "context": {"display": 3, "render": 2},
    "campaign": {"code": "spring"},
}


def sms_render() -> SmsRenderDefinition:
    body = SmsRenderDefinition(
        receiver=UnicityIdentification(type_="unicity", value=["+33600000001"]),
        data=SmsRenderDefinitionData.from_dict({"code": "4321"}),
        content=SmsContentOverride(text="Your code: [CODE]"),
    )
    body["senderName"] = "NP6"
    return body


SMS_RENDER_JSON = {
    "receiver": {"type": "unicity", "value": ["+33600000001"]},
    "data": {"code": "4321"},
    "content": {"text": "Your code: [CODE]"},
    "senderName": "NP6",
}


def email_message() -> EmailMessageDefinition:
    body = EmailMessageDefinition(
        recipient=IdIdentification(type_="id", value="T-1"),
        copies=[MessageCopy(type_="email", blind=True, value="audit@example.com")],
        subject="Your invoice",
        attachments=[
            MessageAttachment(
                name="invoice.txt",
                mime="text/plain",
                data=MessageAttachmentData.from_dict({"base64": "aGk="}),
            )
        ],
        data=EmailMessageDefinitionData.from_dict({"amount": 12.5}),
        urgent=True,
        important=False,
    )
    body["tracking"] = False
    return body


EMAIL_MESSAGE_JSON = {
    "recipient": {"type": "id", "value": "T-1"},
    "copies": [{"type": "email", "blind": True, "value": "audit@example.com"}],
    "subject": "Your invoice",
    "attachments": [{"name": "invoice.txt", "mime": "text/plain", "data": {"base64": "aGk="}}],
    "data": {"amount": 12.5},
    "urgent": True,
    "important": False,
    "tracking": False,
}


def sms_message() -> SmsMessageDefinition:
    body = SmsMessageDefinition(
        recipient=HashIdentification(type_="hash", value="0cc175b9c0f1b6a831c399e269772661"),
        content=SmsContentOverride(text="See you tomorrow"),
        urgent=True,
    )
    body["senderName"] = "NP6"
    return body


SMS_MESSAGE_JSON = {
    "recipient": {"type": "hash", "value": "0cc175b9c0f1b6a831c399e269772661"},
    "content": {"text": "See you tomorrow"},
    "urgent": True,
    "senderName": "NP6",
}


# ---- Canned results --------------------------------------------------------------------------

RENDER_SUCCESS_JSON = {
    "type": "success",
    "recipient": "ada@example.com",
    "sender": {"value": "news@example.com", "label": "News"},
    "subject": "Hello Ada",
    "html": "<p>Hello Ada</p>",
    "text": "Hello Ada",
    "headers": {"X-Campaign": "spring"},
}
EXECUTION_SUCCESS_JSON = {
    "type": "success",
    "id": MESSAGE_ID,
    "recipient": {"type": "footprint", "id": "T-1", "unicity": "ada@example.com", "hash": "0cc1"},
}
EXECUTION_ERROR_JSON = {
    "type": "error",
    "value": {"type": "recipient not found", "recipient": {"type": "id", "value": "T-404"}},
}
UNKNOWN_RESULT_JSON = {"type": "deferred", "until": "2026-06-01T08:00:00Z", "queue": 7}


@dataclass(frozen=True)
class Operation:
    """One message operation, with what the tests need to call it and check it."""

    module: ModuleType
    path: str
    takes_list: bool
    email_body: Any
    email_json: dict[str, Any]
    sms_body: Any
    sms_json: dict[str, Any]
    success_json: dict[str, Any]

    @property
    def name(self) -> str:
        return self.module.__name__.rsplit(".", 1)[-1]

    def body(self, channel: str) -> Any:
        make = self.email_body if channel == "email" else self.sms_body
        return [make(), make()] if self.takes_list else make()

    def expected_json(self, channel: str) -> Any:
        one = self.email_json if channel == "email" else self.sms_json
        return [one, one] if self.takes_list else one

    def success_payload(self) -> Any:
        return [self.success_json, self.success_json] if self.takes_list else self.success_json


OPERATIONS = [
    Operation(
        render_message,
        "render",
        False,
        email_render,
        EMAIL_RENDER_JSON,
        sms_render,
        SMS_RENDER_JSON,
        RENDER_SUCCESS_JSON,
    ),
    Operation(
        render_messages,
        "renders",
        True,
        email_render,
        EMAIL_RENDER_JSON,
        sms_render,
        SMS_RENDER_JSON,
        RENDER_SUCCESS_JSON,
    ),
    Operation(
        send_message,
        "execution",
        False,
        email_message,
        EMAIL_MESSAGE_JSON,
        sms_message,
        SMS_MESSAGE_JSON,
        EXECUTION_SUCCESS_JSON,
    ),
    Operation(
        send_messages,
        "executions",
        True,
        email_message,
        EMAIL_MESSAGE_JSON,
        sms_message,
        SMS_MESSAGE_JSON,
        EXECUTION_SUCCESS_JSON,
    ),
]
BATCH_OPERATIONS = [op for op in OPERATIONS if op.takes_list]


async def call_detailed(op: Operation, flavour: str, *args: Any, **kwargs: Any) -> Any:
    """Call sync_detailed or asyncio_detailed of op, by flavour ("sync" or "async")."""
    if flavour == "sync":
        return op.module.sync_detailed(*args, **kwargs)
    return await op.module.asyncio_detailed(*args, **kwargs)


async def call_parsed(op: Operation, flavour: str, *args: Any, **kwargs: Any) -> Any:
    """Call sync or asyncio of op, by flavour ("sync" or "async")."""
    if flavour == "sync":
        return op.module.sync(*args, **kwargs)
    return await op.module.asyncio(*args, **kwargs)
