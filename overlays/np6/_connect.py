"""np6.connect(): the one way to make a client, with the key, timeouts, retries and logging set.

The generated AuthenticatedClient takes each setting on its own and puts the key in headers that
httpx would carry across a redirect; connect() gives the key to the transport instead.
"""

from __future__ import annotations

import ssl

import httpx

from np6._log import log
from np6._transport import DEFAULT_RETRIES, NO_RETRIES, Np6Transport, RetryPolicy, is_loopback
from np6.errors import InsecureTransportError, InvalidRequestError
from np6_client import AuthenticatedClient

DEFAULT_BASE_URL = "https://api-cm.np6.com"

# What the client's own headers carry in X-Key. The transport replaces it with the key for
# NP6's origin and drops it for any other, so the key itself never sits in httpx's headers,
# requests, reprs or recorded cassettes, while whoever inspects a request still sees an X-Key.
KEY_PLACEHOLDER = "hidden; the np6 transport sends the key to NP6 only"

# Bounded at every phase: NP6 answers in well under a second; 30 s to read covers a big batch.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def connect(
    api_key: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
    retries: RetryPolicy | None = DEFAULT_RETRIES,
    raise_on_error: bool = True,
    verify_ssl: ssl.SSLContext | str | bool = True,
    follow_redirects: bool = False,
    proxy: str | None = None,
) -> AuthenticatedClient:
    """Return a client for NP6 that every np6_client function and np6 overlay accepts.

    Args:
        api_key: The account's NP6 API key. It is sent in X-Key to base_url's origin only,
            and never appears in logs, reprs or error messages.
        base_url: NP6's root URL. HTTPS, or plain HTTP to a loopback address (a test server).
        timeout: Seconds, or an httpx.Timeout; connect and read must both be bounded.
        retries: The RetryPolicy; None sends every request once.
        raise_on_error: Raise np6.errors' typed error for every 4xx and 5xx answer; when
            False, the generated functions return the Response as it came (parsed is None).
        verify_ssl: TLS verification; turn it off only for a test server you control.
        follow_redirects: Follow 3xx answers; a redirect to another origin never gets the key.
        proxy: URL of an HTTP proxy. Proxy environment variables are not read.

    Raises:
        InsecureTransportError: base_url is plain HTTP to a host that is not loopback.
        InvalidRequestError: an argument cannot be right (an empty key, a timeout of None, ...).
    """
    _check_api_key(api_key)
    _check_base_url(base_url)
    bounded_timeout = _bounded(timeout)
    if verify_ssl is False:
        log.warning("TLS verification is off: anyone on the way can read the API key")

    transport = Np6Transport(
        api_key,
        base_url=base_url,
        policy=NO_RETRIES if retries is None else retries,
        raise_on_error=raise_on_error,
        verify=verify_ssl,
        proxy=proxy,
    )
    return AuthenticatedClient(
        base_url=base_url,
        token=KEY_PLACEHOLDER,
        timeout=bounded_timeout,
        verify_ssl=verify_ssl,
        follow_redirects=follow_redirects,
        raise_on_unexpected_status=raise_on_error,
        httpx_args={"transport": transport},
    )


def _check_api_key(api_key: object) -> None:
    # The messages describe the key, never quote it.
    if not isinstance(api_key, str):
        raise InvalidRequestError(
            f"api_key must be a str, not {type(api_key).__name__}", parameter="api_key"
        )
    if not api_key:
        raise InvalidRequestError("api_key is empty", parameter="api_key")
    if not all("!" <= character <= "~" for character in api_key):
        raise InvalidRequestError(
            "api_key has spaces, line breaks or non-ASCII characters; an NP6 key has none "
            "(was it copied with a trailing newline?)",
            parameter="api_key",
        )


def _check_base_url(base_url: object) -> None:
    if not isinstance(base_url, str):
        raise InvalidRequestError("base_url must be a str", parameter="base_url")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as error:
        raise InvalidRequestError(f"base_url is not a URL: {error}", parameter="base_url") from None

    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError(
            f"base_url must be an absolute https:// URL, not {base_url!r}", parameter="base_url"
        )
    if url.userinfo or url.query or url.fragment:
        raise InvalidRequestError(
            "base_url must not hold credentials, a query or a fragment", parameter="base_url"
        )
    if url.scheme == "http" and not is_loopback(url.host):
        raise InsecureTransportError(
            f"base_url {base_url!r} is plain HTTP: the API key would travel unencrypted. Use "
            "https:// (plain HTTP is only allowed to a loopback address, for a test server)"
        )


def _bounded(timeout: object) -> httpx.Timeout:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float | httpx.Timeout):
        raise InvalidRequestError(
            "timeout must be seconds or an httpx.Timeout; None (wait forever) is refused",
            parameter="timeout",
        )
    bounded = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(float(timeout))
    for phase in ("connect", "read", "write", "pool"):
        seconds = getattr(bounded, phase)
        if phase in ("connect", "read") and seconds is None:
            raise InvalidRequestError(f"the {phase} timeout must be bounded", parameter="timeout")
        if seconds is not None and not seconds > 0:
            raise InvalidRequestError(
                f"the {phase} timeout must be more than 0 seconds", parameter="timeout"
            )
    return bounded
