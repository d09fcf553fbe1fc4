"""The SSRF guard: tables of addresses and URLs, then the transport against a local server."""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from monitor.config import Limits
from monitor.errors import FetchError, RefusedError
from monitor.fetch import Fetcher, make_client
from monitor.netguard import check_address, check_url, redact
from tests.test_fetch import FEED, UA, serve

PUBLIC = "93.184.216.34"
LIMITS = Limits(request_timeout_seconds=1.0)


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "cloud metadata"),
    ("169.254.170.2", "cloud metadata"),
    ("fd00:ec2::254", "cloud metadata"),
    ("169.254.1.1", "link-local"),
    ("fe80::1", "link-local"),
    ("100.64.0.1", "CGNAT"),
    ("100.127.255.254", "CGNAT"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("255.255.255.255", "broadcast"),
    ("240.0.0.1", "reserved"),
    ("192.0.2.10", "private"),  # documentation range
    ("fc00::1", "unique-local"),
    ("fd12:3456::1", "unique-local"),
    ("fec0::1", "site-local"),
    ("::ffff:127.0.0.1", "loopback address (IPv4 127.0.0.1 embedded in IPv6)"),
    ("::ffff:10.0.0.1", "private address (IPv4 10.0.0.1 embedded"),
    ("::ffff:169.254.169.254", "cloud metadata"),
    ("2002:7f00:1::", "loopback address (IPv4 127.0.0.1 embedded"),  # 6to4
    ("64:ff9b::a00:1", "private address (IPv4 10.0.0.1 embedded"),  # NAT64
    (PUBLIC, None),
    ("8.8.8.8", None),
    ("2606:2800:220:1:248:1893:25c8:1946", None),
    ("::ffff:93.184.216.34", None),
    ("100.63.255.255", None),
    ("172.32.0.1", None),
])
def test_check_address(address: str, reason: str | None) -> None:
    found = check_address(ipaddress.ip_address(address), allow_private=False)
    assert (found is None) == (reason is None), found
    assert reason is None or (found is not None and reason in found)


@pytest.mark.parametrize(("address", "allowed"), [
    ("127.0.0.1", True), ("::1", True), ("10.0.0.1", True), ("192.168.0.10", True), ("100.64.0.1", True),
    ("fc00::1", True), ("169.254.1.1", True), ("::ffff:127.0.0.1", True),
    ("169.254.169.254", False), ("fd00:ec2::254", False), ("::ffff:169.254.169.254", False),
    ("0.0.0.0", False), ("::", False), ("224.0.0.1", False), ("ff02::1", False),
])
def test_allow_private_still_refuses_metadata_unspecified_multicast(address: str, allowed: bool) -> None:
    assert (check_address(ipaddress.ip_address(address), allow_private=True) is None) == allowed


def resolver(table: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]
    return resolve


FAKE_DNS = resolver({
    "example.com": [PUBLIC], "internal.example": ["10.0.0.1"], "mixed.example": [PUBLIC, "127.0.0.1"],
    "v6.example": ["2606:2800:220:1:248:1893:25c8:1946"], "meta.example": ["169.254.169.254"],
    "empty.example": [], "xn--bcher-kva.example": [PUBLIC],
})


@pytest.mark.parametrize(("url", "refusal"), [
    ("http://example.com/feed.xml", None),
    ("https://example.com:8443/feed?token=x", None),
    ("HTTPS://EXAMPLE.COM/", None),
    ("http://bücher.example/", None),
    ("http://v6.example/", None),
    (f"http://{PUBLIC}/", None),
    ("http://[2606:2800:220:1:248:1893:25c8:1946]/", None),
    ("http://internal.example/", "internal.example resolves to 10.0.0.1: private"),
    ("http://mixed.example/", "resolves to 127.0.0.1: loopback"),  # any refused address refuses the host
    ("http://meta.example/", "cloud metadata"),
    ("http://127.0.0.1/", "loopback"),
    ("http://[::1]:8080/", "loopback"),
    ("http://10.0.0.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://100.64.0.1/", "CGNAT"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://[fc00::1]/", "unique-local"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:7f00:1]/", "loopback"),
    ("http://2130706433/", r"non-standard notation \(127.0.0.1\)"),  # decimal
    ("http://0177.0.0.1/", r"non-standard notation \(127.0.0.1\)"),  # octal
    ("http://0x7f.0.0.1/", r"non-standard notation \(127.0.0.1\)"),  # hex
    ("http://127.1/", r"non-standard notation \(127.0.0.1\)"),  # short form
    ("http://0x5db8d822/", r"non-standard notation \(93.184.216.34\)"),  # even a public one
    ("http://[fe80::1%25eth0]/", "zone identifiers"),
    ("file:///etc/passwd", "scheme 'file'"),
    ("ftp://example.com/feed.xml", "scheme 'ftp'"),
    ("gopher://example.com:70/_GET", "scheme 'gopher'"),
    ("data:text/html,<p>hi</p>", "scheme 'data'"),
    ("javascript:alert(1)", "scheme 'javascript'"),
    ("//example.com/feed", "scheme"),
    ("http:///feed", "no host"),
    ("http://user:pass@example.com/", "credentials"),
    ("http://user@example.com/", "credentials"),
    ("http://example.com:0/", "port 0 is out of range"),
    ("http://example.com:70000/", "port 70000 is out of range"),
])
def test_check_url(url: str, refusal: str | None) -> None:
    if refusal is None:
        check_url(url, allow_private=False, resolve=FAKE_DNS)
        return
    with pytest.raises(RefusedError, match=refusal) as caught:
        check_url(url, allow_private=False, resolve=FAKE_DNS)
    assert str(caught.value).startswith(caught.value.url) and "user" not in caught.value.url


def test_unresolvable_host_is_a_fetch_error_not_a_refusal() -> None:
    for url in ("http://nowhere.example/", "http://empty.example/"):
        with pytest.raises(FetchError, match="cannot resolve") as caught:
            check_url(url, allow_private=False, resolve=FAKE_DNS)
        assert not isinstance(caught.value, RefusedError)


def test_allow_private_lets_loopback_through_but_not_metadata() -> None:
    check_url("http://127.0.0.1:8080/feed", allow_private=True, resolve=FAKE_DNS)
    check_url("http://internal.example/", allow_private=True, resolve=FAKE_DNS)
    with pytest.raises(RefusedError, match="cloud metadata"):
        check_url("http://169.254.169.254/", allow_private=True, resolve=FAKE_DNS)
    with pytest.raises(RefusedError, match="cloud metadata"):
        check_url("http://[fd00:ec2::254]/", allow_private=True, resolve=FAKE_DNS)


@pytest.mark.parametrize(("url", "shown"), [
    ("https://example.com/feed?token=s3cret#x", "https://example.com/feed"),
    ("http://user:pw@example.com:8080/a", "http://example.com:8080/a"),
    ("http://example.com:99999/a?k=v", "http://example.com:99999/a"),
])
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown


# -- against a real server -----------------------------------------------------------------------

def test_redirect_to_metadata_is_refused_even_with_allow_private() -> None:
    with serve() as (base, state), make_client(LIMITS, allow_private=True, user_agent=UA) as client:
        fetcher = Fetcher(client, LIMITS, allow_private=True, user_agent=UA)
        with pytest.raises(RefusedError, match=r"169\.254\.169\.254: cloud metadata") as caught:
            fetcher.fetch_feed(f"{base}/redirect-metadata?token=s3cret")
        assert state.hits == {"/redirect-metadata": 1}
        assert "s3cret" not in str(caught.value)


def test_host_names_go_through_the_guarded_transport_with_their_host_header() -> None:
    with serve() as (base, state):
        port = base.rsplit(":", 1)[1]
        dns = resolver({"feed.test": ["127.0.0.1"]})
        with make_client(LIMITS, allow_private=True, user_agent=UA, resolve=dns) as client:
            fetcher = Fetcher(client, LIMITS, allow_private=True, user_agent=UA, resolve=dns)
            assert fetcher.fetch_feed(f"http://feed.test:{port}/feed").body == FEED
        assert state.hosts == [f"feed.test:{port}"]


def test_dns_rebinding_is_refused_before_connecting() -> None:
    """The check sees a public address; the connection's own lookup then gets loopback: refused."""
    answers = [[PUBLIC], ["127.0.0.1"]]
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[min(len(calls), len(answers)) - 1]

    with serve() as (base, state):
        port = base.rsplit(":", 1)[1]
        with make_client(LIMITS, allow_private=False, user_agent=UA, resolve=rebinding) as client:
            fetcher = Fetcher(client, LIMITS, allow_private=False, user_agent=UA, resolve=rebinding)
            with pytest.raises(RefusedError, match=r"rebind\.test resolves to 127\.0\.0\.1: loopback") as caught:
                fetcher.fetch_feed(f"http://rebind.test:{port}/feed?token=s3cret")
        assert state.hits == {} and len(calls) == 2
        assert caught.value.url == f"http://rebind.test:{port}/feed"


def test_peer_address_is_checked_even_with_an_unguarded_client() -> None:
    """A plain httpx.Client resolves by itself; the response's peer address is refused before its body."""
    with serve() as (base, state), httpx.Client() as client:
        port = base.rsplit(":", 1)[1]
        fetcher = Fetcher(client, LIMITS, allow_private=False, user_agent=UA, resolve=resolver({"127.0.0.1": [PUBLIC]}))
        with pytest.raises(RefusedError, match="refused"):
            fetcher.fetch_feed(f"http://127.0.0.1:{port}/feed")
        assert state.hits == {}  # the literal is refused by check_url before any request
        fetcher = Fetcher(client, LIMITS, allow_private=False, user_agent=UA, resolve=resolver({"localhost": [PUBLIC]}))
        with pytest.raises(RefusedError, match=r"refused: connected to 127\.0\.0\.1: loopback"):
            fetcher.fetch_feed(f"http://localhost:{port}/feed")


def test_guarded_transport_refuses_private_addresses_by_itself() -> None:
    with serve() as (base, state), make_client(LIMITS, allow_private=False, user_agent=UA) as client:
        with pytest.raises(RefusedError, match="loopback"):
            client.get(f"{base}/feed")
        assert state.hits == {}


def _self_signed(folder: Path, host: str) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={host}",
                    "-addext", f"subjectAltName=DNS:{host}"], check=True, capture_output=True)
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_tls_verifies_the_host_name_while_connecting_to_the_checked_address(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path, "feed.test")
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    trust = ssl.create_default_context(cafile=str(cert))
    dns = resolver({"feed.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    with serve(tls=server_side) as (base, state), \
            make_client(LIMITS, allow_private=True, user_agent=UA, resolve=dns, verify=trust) as client:
        port = base.rsplit(":", 1)[1]
        fetcher = Fetcher(client, LIMITS, allow_private=True, user_agent=UA, resolve=dns)
        assert fetcher.fetch_feed(f"https://feed.test:{port}/feed").body == FEED
        with pytest.raises(FetchError, match=r"CERTIFICATE_VERIFY_FAILED.*[Hh]ostname mismatch"):
            fetcher.fetch_feed(f"https://other.test:{port}/feed")  # same address, wrong name
        assert state.hosts == [f"feed.test:{port}"]
