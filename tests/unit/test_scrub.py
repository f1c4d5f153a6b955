"""scripts/cassette_scrub.py: no credential kept, personal data replaced, stable placeholders,
NP6's origin in place of the server recorded."""

from __future__ import annotations

from typing import Any

from cassette_scrub import REDACTED, Scrubber, is_credential_header
from vcr.request import Request  # type: ignore[import-untyped]  # vcrpy ships no types

KEY = "k3y-0123456789"


def recorded(body: bytes, headers: dict[str, Any] | None = None) -> tuple[Request, dict[str, Any]]:
    request = Request(
        "POST",
        "https://api-cm.np6.com/actions/00A001/executions?to=ada%40example.org",
        body,
        {"X-Key": KEY, "Content-Type": "application/json", "Content-Length": str(len(body))},
    )
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": headers or {"Content-Length": [str(len(body))], "Set-Cookie": ["s=1"]},
        "body": {"string": body},
    }
    return request, response


def test_credential_headers_are_recognised_by_name() -> None:
    for name in ("X-Key", "x-key", "Authorization", "Cookie", "Set-Cookie", "X-Api-Token"):
        assert is_credential_header(name), name
    for name in ("Content-Type", "X-RateLimit-Remaining", "Retry-After", "x-request-id"):
        assert not is_credential_header(name), name


def test_drop_credentials_keeps_nothing_secret_in_memory() -> None:
    request, _ = recorded(b"{}")

    kept = Scrubber().drop_credentials(request)

    assert "X-Key" not in kept.headers
    assert kept.headers["Content-Type"] == "application/json"


def test_interaction_scrubs_uri_bodies_and_headers() -> None:
    body = b'{"recipient": "ada@example.org", "echo": "k3y-0123456789"}'
    request, response = recorded(body)

    request, response = Scrubber(secrets=[KEY]).interaction(request, response)

    assert "X-Key" not in request.headers
    assert "Set-Cookie" not in response["headers"]
    assert request.uri == (
        "https://api-cm.np6.com/actions/00A001/executions?to=email-1%40example.invalid"
    )
    assert request.body == b'{"recipient": "email-1@example.invalid", "echo": "<redacted>"}'
    assert response["body"]["string"] == request.body
    assert request.headers["Content-Length"] == str(len(request.body))
    assert response["headers"]["Content-Length"] == [str(len(request.body))]


def test_same_value_same_placeholder_within_a_cassette() -> None:
    scrubber = Scrubber()

    first = scrubber.text("ada@example.org bob@example.org +33612345678")
    again = scrubber.text("bob@example.org ada@example.org +33612345678")

    assert first == "email-1@example.invalid email-2@example.invalid +19990000001"
    assert again == "email-2@example.invalid email-1@example.invalid +19990000001"


def test_phone_and_hash_shapes_are_replaced() -> None:
    scrubber = Scrubber()

    text = scrubber.text('{"p": "0612345678", "h": "0cc175b9c0f1b6a831c399e269772661"}')

    assert text == '{"p": "+19990000001", "h": "00000000000000000000000000000001"}'


def test_dates_timestamps_and_numbers_are_left_alone() -> None:
    text = '{"time": 1733250000000, "creationDate": "2026-12-03T19:43:50.850Z", "segment": 7}'

    assert Scrubber().text(text) == text


def test_uuids_are_numbered_in_order_of_appearance() -> None:
    scrubber = Scrubber()
    # The second ends in ten digits that, alone, read as a French phone number.
    first, second = "6F1C2A43-9A57-4E0F-8D7B-0C3F7E5D2A10", "0a2eb2a7-f449-41c5-8219-0612345678ab"

    text = scrubber.text(f"{first} {second} {first}")

    assert text == (
        "00000000-0000-4000-8000-000000000001 00000000-0000-4000-8000-000000000002"
        " 00000000-0000-4000-8000-000000000001"
    )
    assert Scrubber().text(text) == text


def test_the_origin_replaces_the_server_recorded() -> None:
    request, response = recorded(b"{}", {"Server": ["BaseHTTP/0.6"], "Date": ["Thu, 03 Dec"]})
    request.uri = "http://127.0.0.1:36909/actions/A1/executions?to=x"
    request.headers["host"] = "127.0.0.1:36909"

    request, response = Scrubber(origin="https://api-cm.np6.com").interaction(request, response)

    assert request.uri == "https://api-cm.np6.com/actions/A1/executions?to=x"
    assert request.headers["host"] == "api-cm.np6.com"
    assert response["headers"] == {}  # Server and Date: what answered and when, dropped


def test_without_an_origin_the_uri_keeps_its_server() -> None:
    request, response = recorded(b"{}")
    request.uri = "http://127.0.0.1:36909/actions"

    request, _ = Scrubber().interaction(request, response)

    assert request.uri == "http://127.0.0.1:36909/actions"


def test_known_values_are_replaced_as_whole_words_only() -> None:
    scrubber = Scrubber(
        known={"100001": "target-1", "ada@example.org": "recipient@example.invalid"}
    )

    text = scrubber.text("/targets/100001 1000010 ada@example.org")

    assert text == "/targets/target-1 1000010 recipient@example.invalid"


def test_secret_is_redacted_even_inside_other_text() -> None:
    scrubber = Scrubber(secrets=[KEY])

    assert scrubber.text(f"prefix{KEY}suffix") == f"prefix{REDACTED}suffix"


def test_scrubbing_twice_changes_nothing() -> None:
    scrubber = Scrubber(known={"ada@example.org": "recipient@example.invalid"})
    once = scrubber.text("ada@example.org bob@example.org +33612345678")

    assert Scrubber().text(once) == once
