"""The package's one logger, and the response headers it may show: an allowlist, never X-Key."""

from __future__ import annotations

import logging
from collections.abc import Mapping

log = logging.getLogger("np6")
log.addHandler(logging.NullHandler())

# Headers that help to follow a call and carry nothing secret. Anything else stays out of the
# logs, so a header added later (by NP6, a proxy or the user) is hidden until someone adds it here.
LOGGED_HEADERS = (
    "content-type",
    "content-length",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
)


def loggable_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Return the allowlisted headers among these, by lower-case name."""
    lowered = {name.lower(): value for name, value in headers.items()}
    return {name: lowered[name] for name in LOGGED_HEADERS if name in lowered}
