"""Record tests/cassettes/ through the client, against NP6 or the sandbox, scrubbed before writing.

    python scripts/record_cassettes.py --sandbox          against a fresh local sandbox
    NP6_API_KEY=... python scripts/record_cassettes.py     against https://api-cm.np6.com
    options: --output DIR (default tests/cassettes), --only NAME [NAME ...]

Each case prepares what it needs outside the cassette (creates and validates an action), then
records one cassette of the calls it documents, through the public API of np6_client and
np6.messages. Before anything is written, credential headers are dropped and the key, the
recording data (addresses, phone, target ids, sender domain), action ids and whatever looks like
an email address, a phone number or an MD5 hash are replaced (scripts/cassette_scrub.py). The
replay tests (tests/e2e/test_cassettes.py) send the same bodies, built from the same functions
with the placeholders as data, so a re-recording replays without editing a test.

Whatever it was recorded against, a cassette reads as traffic with NP6's origin
(https://api-cm.np6.com, no Server or Date header), and its UUIDs are numbered in order. The
sandbox runs on a fixed clock (RECORDED_AT), so a sandbox recording writes the same bytes each
time, whatever the recording data: tests/e2e/test_sandbox_recording.py checks it.

A live recording needs an account prepared for it, named by these environment variables:
    NP6_API_KEY               the API key (required; it is never written)
    NP6_RECORD_EMAIL          an email contact of the account, with NP6_RECORD_TARGET_ID its id
    NP6_RECORD_PHONE          a mobile contact, with NP6_RECORD_PHONE_TARGET_ID its id
    NP6_RECORD_SEGMENT        a segment id that receives the test sends
    NP6_RECORD_SENDER_DOMAIN  a sender domain the account may use
Known limit: NP6 is not reachable from where this was written, so the live path has never run;
the sandbox path records every cassette in tests/cassettes/. Cases that need a fault NP6 cannot
be asked for (429) are recorded against the sandbox only and are left as they are by a live run.
A live recording keeps NP6's own creation dates (NP6's clock cannot be fixed), so each live
re-recording changes them in the action cassettes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import vcr  # type: ignore[import-untyped]  # vcrpy ships no type information
from cassette_scrub import Scrubber
from np6_sandbox import Sandbox

from np6.messages import render_message, render_messages, send_message, send_messages
from np6_client import AuthenticatedClient
from np6_client.api.actions import (
    create_action,
    delete_action,
    duplicate_action,
    get_action,
    list_actions,
    unvalidate_action,
    update_action,
    validate_action,
)
from np6_client.api.exports import export_clicks, export_opens, export_recipients
from np6_client.api.messages import render_links, send_target_message
from np6_client.models import (
    Action,
    ActionContent,
    ActionSettings,
    ActionType,
    EmailMessageDefinition,
    EmailRenderDefinition,
    EmailRenderDefinitionData,
    IdIdentification,
    MessageHeaders,
    RenderLink,
    RenderLinksRequest,
    RenderLinksRequestData,
    Sender,
    SmsMessageDefinition,
    SmsRenderDefinition,
    SmsRenderDefinitionData,
    TargetMessageRequest,
    TargetMessageRequestData,
    TemplatingSettings,
    UnicityIdentification,
    ValidationRequest,
)

log = logging.getLogger("np6.record")

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "tests" / "cassettes"
NP6_URL = "https://api-cm.np6.com"
WRONG_KEY = "not-a-valid-np6-key"
UNKNOWN_ACTION = "no-such-action"
LIST_FROM = datetime(2026, 1, 1, tzinfo=UTC)
# The sandbox's time while it records: creation dates stay the same from one recording to the
# next. After LIST_FROM, so that list_actions finds the action it lists.
RECORDED_AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
MATCH_ON = ("method", "path", "query", "json_body")


# ---- recording data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordingData:
    """The account-specific values a recording uses; all of them are scrubbed."""

    email: str
    phone: str
    target_id: str
    phone_target_id: str
    segment: int
    sender_domain: str
    unknown_email: str = "nobody.at.all@example.org"

    @classmethod
    def from_environment(cls) -> RecordingData:
        """The live recording data; exits with the missing variables named."""
        names = ("EMAIL", "PHONE", "TARGET_ID", "PHONE_TARGET_ID", "SEGMENT", "SENDER_DOMAIN")
        missing = [
            f"NP6_RECORD_{name}" for name in names if not os.environ.get(f"NP6_RECORD_{name}")
        ]
        if missing:
            sys.exit(
                f"a live recording needs {', '.join(missing)} (see scripts/record_cassettes.py)"
            )
        env = {name: os.environ[f"NP6_RECORD_{name}"] for name in names}
        return cls(
            email=env["EMAIL"],
            phone=env["PHONE"],
            target_id=env["TARGET_ID"],
            phone_target_id=env["PHONE_TARGET_ID"],
            segment=int(env["SEGMENT"]),
            sender_domain=env["SENDER_DOMAIN"],
        )

    def placeholders(self) -> dict[str, str]:
        """Each value of this data and what the cassettes say instead."""
        twin = SCRUBBED
        return {
            self.email: twin.email,
            self.unknown_email: twin.unknown_email,
            self.phone: twin.phone,
            self.target_id: twin.target_id,
            self.phone_target_id: twin.phone_target_id,
            self.sender_domain: twin.sender_domain,
        }


# What the cassettes hold instead of any recording data; the replay tests send these values.
SCRUBBED = RecordingData(
    email="recipient@example.invalid",
    phone="+10000000000",
    target_id="target-1",
    phone_target_id="target-2",
    segment=7,
    sender_domain="sender.example.invalid",
    unknown_email="unknown@example.invalid",
)
SANDBOX_DATA = RecordingData(
    email="ada.lovelace@example.org",
    phone="+33612345678",
    target_id="100001",
    phone_target_id="100002",
    segment=7,
    sender_domain="news.example.org",
)


# ---- request bodies, shared with the replay tests ---------------------------------------------


def email_action(data: RecordingData) -> Action:
    """An email action with content, templating 4.1 (content overrides need it)."""
    return Action(
        type_=ActionType.MAILMESSAGE,
        name="Cassette email",
        settings=ActionSettings(templating=TemplatingSettings(version="4.1")),
        content=ActionContent(
            headers=MessageHeaders(
                from_=Sender(prefix="news", domain=data.sender_domain, label="News")
            ),
            subject="Hello {{ first_name }}",
            html="<p>Hello {{ first_name }}</p>",
            text="Hello {{ first_name }}",
        ),
    )


def sms_action(data: RecordingData) -> Action:
    return Action(
        type_=ActionType.SMSMESSAGE,
        name="Cassette SMS",
        content=ActionContent(text="Your code is {{ code }}"),
    )


def validation_for_test(data: RecordingData) -> ValidationRequest:
    return ValidationRequest(fortest=True, test_segments=[data.segment])


def production_validation() -> ValidationRequest:
    return ValidationRequest(fortest=False)


def email_render(recipient: str) -> EmailRenderDefinition:
    return EmailRenderDefinition(
        receiver=UnicityIdentification(type_="unicity", value=[recipient]),
        data=EmailRenderDefinitionData.from_dict({"first_name": "Ada"}),
    )


def sms_render(phone: str) -> SmsRenderDefinition:
    return SmsRenderDefinition(
        receiver=UnicityIdentification(type_="unicity", value=[phone]),
        data=SmsRenderDefinitionData.from_dict({"code": "4321"}),
    )


def email_message(recipient: str) -> EmailMessageDefinition:
    return EmailMessageDefinition(
        recipient=UnicityIdentification(type_="unicity", value=[recipient])
    )


def sms_message(phone: str) -> SmsMessageDefinition:
    return SmsMessageDefinition(recipient=UnicityIdentification(type_="unicity", value=[phone]))


def links_request(data: RecordingData) -> RenderLinksRequest:
    return RenderLinksRequest(
        receiver=IdIdentification(type_="id", value=data.target_id),
        data=RenderLinksRequestData.from_dict({"first_name": "Ada"}),
        links=[RenderLink(type_="mirror")],
    )


def target_message() -> TargetMessageRequest:
    return TargetMessageRequest(data=TargetMessageRequestData.from_dict({"first_name": "Ada"}))


# ---- cassettes --------------------------------------------------------------------------------


def json_body(recorded: Any, sent: Any) -> None:
    """vcrpy matcher: bodies are equal as JSON (or as bytes when either is not JSON)."""
    first, second = _body_value(recorded.body), _body_value(sent.body)
    if first != second:
        raise AssertionError(f"bodies differ: {first!r} != {second!r}")


def _body_value(body: Any) -> Any:
    raw = body.encode() if isinstance(body, str) else (body or b"")
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def cassette_vcr(record_mode: str, **hooks: Any) -> vcr.VCR:
    """The VCR both the recorder and the replay tests use: same matchers, same layout."""
    recorder = vcr.VCR(
        record_mode=record_mode, match_on=MATCH_ON, decode_compressed_response=True, **hooks
    )
    recorder.register_matcher("json_body", json_body)
    return recorder


# ---- a recording session ----------------------------------------------------------------------


@dataclass
class Session:
    """What the cases share: the client, the data, and the scrubber of the current cassette."""

    base_url: str
    api_key: str
    data: RecordingData
    output: Path
    sandbox: Sandbox | None = None
    scrubber: Scrubber = field(default_factory=Scrubber)
    created: list[str] = field(default_factory=list)
    # One client for the whole session: each new one loads the CA bundle again (about 50 ms).
    client: AuthenticatedClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = AuthenticatedClient(base_url=self.base_url, token=self.api_key)

    def start_case(self) -> None:
        self.scrubber = Scrubber(
            secrets=[self.api_key, WRONG_KEY], known=self.data.placeholders(), origin=NP6_URL
        )
        self.created = []

    @contextmanager
    def cassette(self, name: str) -> Iterator[None]:
        """Record what the block sends into <output>/<name>.yaml, scrubbed."""
        path = self.output / f"{name}.yaml"
        path.unlink(missing_ok=True)  # record_mode "all" would keep stale interactions
        recorder = cassette_vcr(
            "all",
            before_record_request=self.scrubber.drop_credentials,
            before_save_interaction=self.scrubber.interaction,
        )
        with recorder.use_cassette(str(path)):
            yield
        log.info("wrote %s", path.relative_to(self.output.parent))

    def alias(self, action_id: str) -> str:
        """Call this action `action-N` in the cassettes, N in order of creation."""
        self.created.append(action_id)
        self.scrubber.alias(action_id, f"action-{len(self.created)}")
        return action_id

    def alias_created(self, created: Any) -> str:
        """Alias the id of an action NP6 returned; fail the recording if it returned none."""
        if not isinstance(created, Action) or not isinstance(created.id, str):
            raise RuntimeError(f"expected an action with an id, NP6 answered {created!r}")
        return self.alias(created.id)

    def create(self, action: Action) -> str:
        return self.alias_created(create_action.sync(client=self.client, body=action))

    def tested(self, action: Action) -> str:
        action_id = self.create(action)
        validate_action.sync_detailed(
            action_id, client=self.client, body=validation_for_test(self.data)
        )
        return action_id

    def validated(self, action: Action) -> str:
        action_id = self.tested(action)
        validate_action.sync_detailed(action_id, client=self.client, body=production_validation())
        return action_id

    def clean_up(self) -> None:
        for action_id in self.created:
            delete_action.sync_detailed(action_id, client=self.client)


@dataclass(frozen=True)
class Case:
    name: str
    record: Callable[[Session], None]
    sandbox_only: bool = False


CASES: list[Case] = []


def case(
    name: str, *, sandbox_only: bool = False
) -> Callable[[Callable[[Session], None]], Callable[[Session], None]]:
    def register(record: Callable[[Session], None]) -> Callable[[Session], None]:
        CASES.append(Case(name, record, sandbox_only))
        return record

    return register


# ---- the cases: one cassette each ---------------------------------------------------------------


@case("list_actions")
def _list_actions(s: Session) -> None:
    s.create(email_action(s.data))
    with s.cassette("list_actions"):
        list_actions.sync_detailed(client=s.client, creation_start=LIST_FROM)


@case("list_actions_401")
def _list_actions_401(s: Session) -> None:
    with s.cassette("list_actions_401"):
        list_actions.sync_detailed(client=AuthenticatedClient(base_url=s.base_url, token=WRONG_KEY))


@case("create_action")
def _create_action(s: Session) -> None:
    with s.cassette("create_action"):  # aliases must be known when the cassette is saved, on exit
        s.alias_created(create_action.sync(client=s.client, body=email_action(s.data)))


@case("create_action_sms")
def _create_action_sms(s: Session) -> None:
    with s.cassette(
        "create_action_sms"
    ):  # aliases must be known when the cassette is saved, on exit
        s.alias_created(create_action.sync(client=s.client, body=sms_action(s.data)))


@case("get_action")
def _get_action(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("get_action"):
        get_action.sync_detailed(action_id, client=s.client)


@case("get_action_404")
def _get_action_404(s: Session) -> None:
    with s.cassette("get_action_404"):
        get_action.sync_detailed(UNKNOWN_ACTION, client=s.client)


@case("update_action")
def _update_action(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    renamed = email_action(s.data)
    renamed.name = "Cassette email, renamed"
    with s.cassette("update_action"):
        update_action.sync_detailed(action_id, client=s.client, body=renamed)


@case("delete_action")
def _delete_action(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("delete_action"):
        delete_action.sync_detailed(action_id, client=s.client)


@case("delete_action_404")
def _delete_action_404(s: Session) -> None:
    with s.cassette("delete_action_404"):
        delete_action.sync_detailed(UNKNOWN_ACTION, client=s.client)


@case("duplicate_action")
def _duplicate_action(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("duplicate_action"):
        s.alias_created(duplicate_action.sync(action_id, client=s.client, folder=1))


@case("validate_action_for_test")
def _validate_action_for_test(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("validate_action_for_test"):
        validate_action.sync_detailed(action_id, client=s.client, body=validation_for_test(s.data))


@case("validate_action")
def _validate_action(s: Session) -> None:
    action_id = s.tested(email_action(s.data))
    with s.cassette("validate_action"):
        validate_action.sync_detailed(action_id, client=s.client, body=production_validation())


@case("validate_action_409")
def _validate_action_409(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("validate_action_409"):
        validate_action.sync_detailed(action_id, client=s.client, body=production_validation())


@case("validate_action_411")
def _validate_action_411(s: Session) -> None:
    """The client always sends a Content-Length; a chunked body shows what NP6 does without."""
    action_id = s.create(email_action(s.data))
    body = json.dumps(production_validation().to_dict()).encode()
    with s.cassette("validate_action_411"):
        s.client.get_httpx_client().post(
            f"/actions/{action_id}/validation",
            content=iter([body]),
            headers={"Content-Type": "application/json"},
        )


@case("unvalidate_action")
def _unvalidate_action(s: Session) -> None:
    action_id = s.validated(email_action(s.data))
    with s.cassette("unvalidate_action"):
        unvalidate_action.sync_detailed(action_id, client=s.client, body=ValidationRequest())


@case("unvalidate_action_409")
def _unvalidate_action_409(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("unvalidate_action_409"):
        unvalidate_action.sync_detailed(action_id, client=s.client, body=ValidationRequest())


@case("render_message")
def _render_message(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("render_message"):
        render_message.sync_detailed(action_id, client=s.client, body=email_render(s.data.email))


@case("render_message_sms")
def _render_message_sms(s: Session) -> None:
    action_id = s.create(sms_action(s.data))
    with s.cassette("render_message_sms"):
        render_message.sync_detailed(action_id, client=s.client, body=sms_render(s.data.phone))


@case("render_messages")
def _render_messages(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    batch = [email_render(s.data.email), email_render(s.data.unknown_email)]
    with s.cassette("render_messages"):
        render_messages.sync_detailed(action_id, client=s.client, body=batch)


@case("render_links")
def _render_links(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("render_links"):
        render_links.sync_detailed(action_id, client=s.client, body=links_request(s.data))


@case("send_message")
def _send_message(s: Session) -> None:
    action_id = s.validated(email_action(s.data))
    with s.cassette("send_message"):
        send_message.sync_detailed(action_id, client=s.client, body=email_message(s.data.email))


@case("send_message_409")
def _send_message_409(s: Session) -> None:
    action_id = s.tested(email_action(s.data))
    with s.cassette("send_message_409"):
        send_message.sync_detailed(action_id, client=s.client, body=email_message(s.data.email))


@case("send_messages")
def _send_messages(s: Session) -> None:
    action_id = s.validated(email_action(s.data))
    batch = [email_message(s.data.email), email_message(s.data.unknown_email)]
    with s.cassette("send_messages"):
        send_messages.sync_detailed(action_id, client=s.client, body=batch)


@case("send_messages_sms")
def _send_messages_sms(s: Session) -> None:
    action_id = s.validated(sms_action(s.data))
    with s.cassette("send_messages_sms"):
        send_messages.sync_detailed(action_id, client=s.client, body=[sms_message(s.data.phone)])


@case("send_messages_429", sandbox_only=True)
def _send_messages_429(s: Session) -> None:
    assert s.sandbox is not None
    action_id = s.validated(email_action(s.data))
    s.sandbox.faults.add(r"/executions$", "rate_limit", retry_after=2)
    with s.cassette("send_messages_429"):
        send_messages.sync_detailed(action_id, client=s.client, body=[email_message(s.data.email)])


@case("send_target_message")
def _send_target_message(s: Session) -> None:
    action_id = s.validated(email_action(s.data))
    with s.cassette("send_target_message"):
        send_target_message.sync_detailed(
            action_id, s.data.target_id, client=s.client, body=target_message()
        )


@case("export_recipients")
def _export_recipients(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("export_recipients"):
        export_recipients.sync_detailed(action_id, client=s.client)


@case("export_opens")
def _export_opens(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("export_opens"):
        export_opens.sync_detailed(action_id, client=s.client)


@case("export_clicks")
def _export_clicks(s: Session) -> None:
    action_id = s.create(email_action(s.data))
    with s.cassette("export_clicks"):
        export_clicks.sync_detailed(action_id, client=s.client)


# ---- orchestration ----------------------------------------------------------------------------


def record(session: Session, only: list[str] | None = None) -> list[Path]:
    """Record every case (or those named in `only`); returns the cassettes written."""
    session.output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with session.client:
        for chosen in select_cases(only, live=session.sandbox is None):
            session.start_case()
            if session.sandbox is not None:
                session.sandbox.reset()
                seed_targets(session.sandbox, session.data)
            try:
                chosen.record(session)
            finally:
                session.clean_up()
            written.append(session.output / f"{chosen.name}.yaml")
    return written


def select_cases(only: list[str] | None, *, live: bool) -> list[Case]:
    known = {c.name for c in CASES}
    unknown = sorted(set(only or ()) - known)
    if unknown:
        raise SystemExit(
            f"unknown case(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    chosen = [c for c in CASES if only is None or c.name in only]
    for skipped in (c for c in chosen if live and c.sandbox_only):
        log.info(
            "skipping %s: NP6 cannot be asked for it; the sandbox recording stays", skipped.name
        )
    return [c for c in chosen if not (live and c.sandbox_only)]


def seed_targets(sandbox: Sandbox, data: RecordingData) -> None:
    """The contacts a live account would have: the email one and the phone one, with their ids."""
    sandbox.add_target(data.email, target_id=data.target_id)
    sandbox.add_target(data.phone, target_id=data.phone_target_id)


def record_against_sandbox(
    output: Path, data: RecordingData, api_key: str, only: list[str] | None = None
) -> list[Path]:
    """Start a sandbox that accepts only `api_key`, on a fixed clock, and record into `output`."""
    with Sandbox(api_key=api_key, clock=lambda: RECORDED_AT) as sandbox:
        session = Session(sandbox.base_url, api_key, data, output, sandbox)
        return record(session, only)


def parse_arguments(arguments: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Record tests/cassettes/ through the client.")
    parser.add_argument("--sandbox", action="store_true", help="record against a local sandbox")
    parser.add_argument("--output", type=Path, default=CASSETTES, help="where to write cassettes")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="record only these cases")
    return parser.parse_args(arguments)


def main(arguments: list[str]) -> None:
    logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
    for chatty in ("vcr", "httpx", "np6.sandbox"):  # per-request lines, unscrubbed
        logging.getLogger(chatty).setLevel(logging.WARNING)
    options = parse_arguments(arguments)
    if options.sandbox:
        log.info("recording against a local sandbox into %s", options.output)
        record_against_sandbox(options.output, SANDBOX_DATA, "sandbox-recording-key", options.only)
        return
    api_key = os.environ.get("NP6_API_KEY", "")
    if not api_key:
        sys.exit("refusing to record against NP6 without NP6_API_KEY in the environment")
    data = RecordingData.from_environment()
    log.info("recording against %s into %s", NP6_URL, options.output)
    record(Session(NP6_URL, api_key, data, options.output), options.only)


if __name__ == "__main__":
    main(sys.argv[1:])
