"""Remove the API key and personal data from recorded HTTP exchanges before they are written.

One Scrubber per cassette. It drops credential headers (X-Key, Authorization, cookies, and any
header whose name says key, token, secret, password, auth or session), replaces every secret it
was given wherever it appears, replaces the values it was told about with their placeholders
(recording data, action ids), then replaces what still looks like an email address, a phone
number or an MD5 recipient hash with a numbered placeholder. The same value always gets the same
placeholder within a cassette, so a response still refers to what its request sent.

It also makes a cassette read as NP6's traffic and stay the same from one recording to the
next: given an origin, it writes that origin in each URI and Host header in place of the server
recorded (the sandbox's 127.0.0.1:<port>); it drops the Server and Date headers; and it numbers
every UUID (message ids, x-request-id) as 00000000-0000-4000-8000-000000000001 and on, in order
of appearance, still valid UUIDs for the spec. Date is dropped rather than fixed: its value is
only the recording's wall clock, neither the spec nor the client reads it, and a fixed date
would be a value NP6 never sent.

Plugged into vcrpy as `before_record_request=scrubber.drop_credentials` (nothing secret is
kept in memory) and `before_save_interaction=scrubber.interaction` (everything is scrubbed on
the way to disk, when every alias is known).

Known limit: detection by pattern finds addresses, E.164 numbers (+ and 8 to 15 digits),
French national numbers (0 and 9 digits) and 32-hex-digit hashes. Other national phone formats,
and personal data that has no recognisable shape (names, postal addresses in free text), are
only scrubbed when given as known values; read a live recording before committing it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

REDACTED = "<redacted>"
CREDENTIAL_HEADERS = frozenset(
    {"x-key", "authorization", "proxy-authorization", "cookie", "set-cookie"}
)
CREDENTIAL_WORDS = ("key", "token", "secret", "password", "auth", "session")
# Server names what answered (the sandbox's BaseHTTP) and Date when; neither is NP6's contract.
DROPPED_HEADERS = frozenset({"server", "date"})

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\w+])(?:\+\d{8,15}|0[1-9]\d{8})(?!\d)")
MD5 = re.compile(r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{32}(?![0-9A-Fa-f-])")
UUID = re.compile(
    r"(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])"
)
UUID_PLACEHOLDER = "00000000-0000-4000-8000-"

# UUIDs first: a UUID's last group can hold ten digits that would read as a phone number.
PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("uuid", UUID, UUID_PLACEHOLDER + "{n:012x}"),
    ("email", EMAIL, "email-{n}@example.invalid"),
    ("phone", PHONE, "+1999000{n:04d}"),
    ("hash", MD5, "{n:032x}"),
)


def is_credential_header(name: str) -> bool:
    """Whether a header carries a credential and must never be written."""
    lowered = name.lower()
    return lowered in CREDENTIAL_HEADERS or any(word in lowered for word in CREDENTIAL_WORDS)


class Scrubber:
    """Scrubs the exchanges of one cassette.

    Args:
        secrets: Values replaced by "<redacted>" anywhere they appear (the API key).
        known: Values replaced by a chosen placeholder, as whole words (recording data).
        origin: The scheme and host every recorded URI and Host header is given
            ("https://api-cm.np6.com"); None keeps the server that was recorded.
    """

    def __init__(
        self,
        secrets: Iterable[str] = (),
        known: Mapping[str, str] | None = None,
        origin: str | None = None,
    ) -> None:
        self._secrets = [secret for secret in secrets if secret]
        self._origin = urlsplit(origin) if origin else None
        self._known: dict[str, str] = {}
        self._found: dict[str, dict[str, str]] = {kind: {} for kind, _, _ in PATTERNS}
        for value, placeholder in (known or {}).items():
            self.alias(value, placeholder)

    def alias(self, value: str, placeholder: str) -> None:
        """Write `placeholder` wherever `value` stands as a whole word (an id, an address)."""
        if value and value != placeholder:
            self._known[value] = placeholder

    def text(self, text: str) -> str:
        """The text with secrets, known values and personal data replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        for value in sorted(self._known, key=len, reverse=True):
            text = _whole_word(value).sub(self._known[value], text)
        for kind, pattern, template in PATTERNS:
            text = pattern.sub(functools.partial(self._placeholder, kind, template), text)
        return text

    def uri(self, uri: str) -> str:
        """The URI at the origin, each path segment and query value scrubbed as decoded text."""
        parts = urlsplit(uri)
        if self._origin is not None:
            parts = parts._replace(scheme=self._origin.scheme, netloc=self._origin.netloc)
        path = "/".join(
            quote(self.text(unquote(segment)), safe="") for segment in parts.path.split("/")
        )
        query = urlencode(
            [(name, self.text(value)) for name, value in parse_qsl(parts.query, True)]
        )
        return urlunsplit(parts._replace(path=path, query=query))

    def body(self, body: Any) -> Any:
        """A recorded body (bytes, str or None), scrubbed, in the same type."""
        if isinstance(body, bytes):
            return self.text(body.decode("utf-8", "surrogateescape")).encode(
                "utf-8", "surrogateescape"
            )
        if isinstance(body, str):
            return self.text(body)
        return body

    def headers(self, headers: Mapping[str, Any], body: Any) -> dict[str, Any]:
        """Headers to write: no credential, Server or Date; Host at the origin; values scrubbed.

        Content-Length is set to the length of the scrubbed body.
        """
        kept: dict[str, Any] = {}
        for name, value in headers.items():
            lowered = name.lower()
            if is_credential_header(name) or lowered in DROPPED_HEADERS:
                continue
            if lowered == "content-length":
                kept[name] = _shaped_like(value, str(len(body or b"")))
            elif lowered == "host" and self._origin is not None:
                kept[name] = _shaped_like(value, self._origin.netloc)
            elif isinstance(value, list):
                kept[name] = [self.text(str(item)) for item in value]
            else:
                kept[name] = self.text(str(value))
        return kept

    # ---- vcrpy hooks -------------------------------------------------------------------------

    def drop_credentials(self, request: Any) -> Any:
        """before_record_request: the recorded request never holds a credential header."""
        request.headers = {
            name: value for name, value in request.headers.items() if not is_credential_header(name)
        }
        return request

    def interaction(self, request: Any, response: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """before_save_interaction: scrub a recorded request and response (copies)."""
        request.uri = self.uri(request.uri)
        request.body = self.body(request.body)
        request.headers = self.headers(request.headers, request.body)
        body = self.body(response["body"]["string"])
        response["body"]["string"] = body
        response["headers"] = self.headers(response["headers"], body)
        return request, response

    def _placeholder(self, kind: str, template: str, match: re.Match[str]) -> str:
        value = match.group(0)
        found = self._found[kind]
        if value in self._known.values() or value in found.values() or _is_placeholder(value):
            return value
        if value not in found:
            found[value] = template.format(n=len(found) + 1)
        return found[value]


def _is_placeholder(value: str) -> bool:
    return value.endswith("@example.invalid") or value.startswith(UUID_PLACEHOLDER)


def _whole_word(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.@+-]){re.escape(value)}(?![\w@-]|\.\w)")


def _shaped_like(value: Any, replacement: str) -> Any:
    """The replacement as a one-item list if vcrpy recorded the header as a list."""
    return [replacement] if isinstance(value, list) else replacement
