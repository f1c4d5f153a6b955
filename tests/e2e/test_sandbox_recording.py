"""Recording against the sandbox with a sentinel key and sentinel personal data: none is written.

The recording is the one `nox -s record` makes against NP6, pointed at a sandbox that accepts
only the sentinel key, with sentinel contacts. Every written cassette is then searched for the
sentinels and for traces of the sandbox, and compared with the committed cassettes byte for
byte: the placeholders do not depend on the data recorded and the sandbox records on a fixed
clock, so a new recording replays without editing a test and re-recording makes no diff.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from record_cassettes import CASES, CASSETTES, SANDBOX_DATA, RecordingData, record_against_sandbox

SENTINEL_KEY = "SENTINEL-KEY-7c1e0d52b9"
SENTINEL = RecordingData(
    email="sentinel.person@sentinel-mail.fr",
    phone="+33687654321",
    target_id="SENTINEL-TARGET-91",
    phone_target_id="SENTINEL-TARGET-92",
    segment=7,
    sender_domain="sentinel-sender.fr",
    unknown_email="sentinel.nobody@sentinel-mail.fr",
)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    output = tmp_path_factory.mktemp("cassettes")
    return record_against_sandbox(output, SENTINEL, SENTINEL_KEY)


# What shows that a cassette was recorded against the sandbox rather than NP6.
SANDBOX_TRACES = ["127.0.0.1", "BaseHTTP", "localhost"]


def sentinels() -> list[str]:
    return [
        *SANDBOX_TRACES,
        SENTINEL_KEY,
        SENTINEL.email,
        SENTINEL.unknown_email,
        SENTINEL.phone,
        SENTINEL.phone.lstrip("+"),
        hashlib.md5(SENTINEL.email.encode()).hexdigest(),
        SENTINEL.target_id,
        SENTINEL.phone_target_id,
        SENTINEL.sender_domain,
        "sentinel",
        "x-key",
    ]


def leaks(cassettes: list[Path], needles: list[str]) -> list[str]:
    """Each cassette and needle where the needle shows in the cassette, case aside."""
    return [
        f"{path.name}: {needle}"
        for path in cassettes
        for needle in needles
        if needle.lower() in path.read_text().lower()
    ]


def requests_of(cassette: Path) -> list[tuple[str, str, Any]]:
    """Method, path with query, and JSON body of each recorded request."""
    interactions = yaml.safe_load(cassette.read_text())["interactions"]
    return [
        (
            i["request"]["method"],
            i["request"]["uri"].split("/", 3)[3],
            json.loads(i["request"]["body"]) if i["request"]["body"] else None,
        )
        for i in interactions
    ]


def test_every_case_is_recorded(recorded: list[Path]) -> None:
    assert sorted(path.stem for path in recorded) == sorted(case.name for case in CASES)
    assert all(path.stat().st_size > 0 for path in recorded)


def test_no_sentinel_is_written(recorded: list[Path]) -> None:
    assert leaks(recorded, sentinels()) == []


def test_the_committed_cassettes_show_no_sandbox_and_no_recording_data() -> None:
    """The committed cassettes were recorded from the sandbox with SANDBOX_DATA."""
    committed = sorted(CASSETTES.glob("*.yaml"))
    recording_data = list(SANDBOX_DATA.placeholders())

    assert len(committed) == len(CASES)
    assert leaks(committed, [*SANDBOX_TRACES, "sandbox-recording-key", *recording_data]) == []


def test_the_sentinel_data_was_really_exchanged(recorded: list[Path]) -> None:
    """The recording did send the sentinels (so the search above could have found them)."""
    send = (Path(recorded[0]).parent / "send_messages.yaml").read_text()

    assert '"type": "success"' in send
    assert "recipient@example.invalid" in send
    assert "00000000000000000000000000000001" in send  # the sentinel's hash, replaced


def test_a_new_recording_sends_what_the_committed_cassettes_hold(recorded: list[Path]) -> None:
    for path in recorded:
        assert requests_of(path) == requests_of(CASSETTES / path.name), path.name


def test_a_new_recording_writes_the_committed_cassettes_byte_for_byte(
    recorded: list[Path],
) -> None:
    """Other data, another port, another time: re-recording against the sandbox makes no diff."""
    for path in recorded:
        assert path.read_text() == (CASSETTES / path.name).read_text(), path.name
