"""np6.connect(): the client it returns, and the settings it refuses before any connection."""

from __future__ import annotations

import logging

import httpx
import pytest

import np6
from np6._connect import DEFAULT_BASE_URL, KEY_PLACEHOLDER
from np6._transport import DEFAULT_RETRIES, NO_RETRIES, Np6Transport
from np6.errors import InsecureTransportError, InvalidRequestError
from np6_client import AuthenticatedClient

KEY = "connect-key-51c0e2"


def transport_of(client: AuthenticatedClient) -> Np6Transport:
    transport = client._httpx_args["transport"]
    assert isinstance(transport, Np6Transport)
    return transport


def test_connect_returns_an_authenticated_client_whose_transport_holds_the_key() -> None:
    client = np6.connect(KEY)

    assert isinstance(client, AuthenticatedClient)
    assert client.token == KEY_PLACEHOLDER
    assert client.raise_on_unexpected_status
    transport = transport_of(client)
    assert transport.key.reveal() == KEY
    assert transport.base_url == httpx.URL(DEFAULT_BASE_URL)
    assert transport.policy == DEFAULT_RETRIES


def test_the_httpx_clients_carry_the_placeholder_and_never_the_key() -> None:
    client = np6.connect(KEY)

    for http in (client.get_httpx_client(), client.get_async_httpx_client()):
        assert http.headers["X-Key"] == KEY_PLACEHOLDER
        assert KEY not in repr(http.headers)
    assert KEY not in repr(client)


def test_default_timeout_is_bounded_at_every_phase() -> None:
    timeout = np6.connect(KEY).get_httpx_client().timeout

    assert (timeout.connect, timeout.read) == (10.0, 30.0)
    assert None not in (timeout.write, timeout.pool)


def test_settings_reach_the_client_and_the_transport() -> None:
    client = np6.connect(KEY, timeout=5, retries=None, raise_on_error=False)

    assert client.get_httpx_client().timeout == httpx.Timeout(5.0)
    assert not client.raise_on_unexpected_status
    assert transport_of(client).policy is NO_RETRIES
    assert transport_of(client).raise_on_error is False


def test_copies_of_the_client_keep_the_transport() -> None:
    client = np6.connect(KEY)

    copy = client.with_headers({"X-Trace": "1"}).with_timeout(httpx.Timeout(3.0))

    assert transport_of(copy) is transport_of(client)


def test_turning_tls_verification_off_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="np6"):
        np6.connect(KEY, verify_ssl=False)

    assert "TLS verification is off" in caplog.text
    assert KEY not in caplog.text


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api-cm.np6.com",
        "https://api-cm.np6.com/",
        "http://127.0.0.1:8600",
        "http://localhost:8600",
        "http://[::1]:8600",
    ],
)
def test_https_and_loopback_base_urls_are_accepted(base_url: str) -> None:
    assert transport_of(np6.connect(KEY, base_url=base_url)).base_url == httpx.URL(base_url)


@pytest.mark.parametrize(
    "base_url", ["http://api-cm.np6.com", "http://10.0.0.8:8600", "http://[::2]", "http://0.0.0.0"]
)
def test_plain_http_elsewhere_than_loopback_is_refused(base_url: str) -> None:
    with pytest.raises(InsecureTransportError, match="plain HTTP"):
        np6.connect(KEY, base_url=base_url)


@pytest.mark.parametrize(
    "base_url",
    ["api-cm.np6.com", "ftp://api-cm.np6.com", "https://user:pw@api-cm.np6.com", "https://x/?a=1"],
)
def test_base_urls_that_are_not_a_plain_https_root_are_refused(base_url: str) -> None:
    with pytest.raises(InvalidRequestError, match="base_url"):
        np6.connect(KEY, base_url=base_url)


@pytest.mark.parametrize("api_key", ["", " padded", "ends-with-newline\n", "clé", None, 1234])
def test_keys_that_cannot_be_an_np6_key_are_refused_without_being_quoted(api_key: object) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        np6.connect(api_key)  # type: ignore[arg-type]

    assert caught.value.parameter == "api_key"
    if isinstance(api_key, str) and api_key:
        assert api_key.strip() not in str(caught.value)


@pytest.mark.parametrize(
    "timeout",
    [None, 0, -1, True, "30", httpx.Timeout(None), httpx.Timeout(5.0, read=None)],
)
def test_unbounded_or_meaningless_timeouts_are_refused(timeout: object) -> None:
    with pytest.raises(InvalidRequestError, match="timeout"):
        np6.connect(KEY, timeout=timeout)  # type: ignore[arg-type]
