"""Property-based tests (hypothesis) over what strangers send: feed bodies, HTTP headers, and URLs for the
SSRF guard. Pure functions, no network; about 9,000 cases in a few seconds."""

from __future__ import annotations

import codecs
import ipaddress
import math
import socket
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from monitor.errors import FetchError
from monitor.feedbody import MAX_DEPTH, body_encoding, codec_name, prepare_body
from monitor.feeds import MAX_ENTRIES, next_poll_delay, parse_feed
from monitor.fetch import parse_content_type, parse_max_age, parse_retry_after
from monitor.netguard import check_url

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- feed bodies ---------------------------------------------------------------------------------

NASTY = st.sampled_from([
    "&#2147483648;", "&#x110000;", "&#xD800;", "&#0;", "&#x1F;", "&#99999999999999999999;", "&#xFFFE;", "&#65;",
    "&amp;", "&lt;![ x", "<![CDATA[", "]]>", "<![CDATA[ x ]]>", "<!--", "-->", "<![", "<!", "&#", "&", "<", ">",
    "\x00", "\x01", "\ufeff", "\ud7ff", "\U0001f600", "é", "Курск", "쿠르스크", "\r\n", "<p>", "</p>", "<br/>",
    "<item>", "</item>", "<entry>", "</entry>", "<title>", "</title>", "<link>", "</link>", "http://x.test/a",
    "story.html", "javascript:alert(1)", "<description>", "</description>", "<pubDate>", "</pubDate>",
    "Mon, 30 Nov 2026 09:00:00 KST", "1764460800", "Sat, 01 Jan 2099 00:00:00 GMT", "<a>" * 70,
])
FRAGMENT = st.lists(st.one_of(NASTY, st.text(max_size=20)), max_size=40).map("".join)
DECLARATION = st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>',
                               '<?xml version="1.0" encoding="windows-1251"?>', '<?xml encoding="utf-8\x00"?>',
                               '<?xml version="1.0" encoding="\u00ff\u00fe"?>',
                               '<?xml version="1.0" encoding="utf-16"?>',
                               '<?xml version="1.0" encoding="' + "z" * 80 + '"?>'])
ENCODING = st.sampled_from(["utf-8", "windows-1251", "euc-kr", "latin-1", "utf-16"])
CHARSET = st.one_of(st.none(), st.sampled_from(["utf-8", "windows-1251", "EUC-KR", "x-nonsense", "", "utf-16",
                                                "ks_c_5601-1987", "\u0661", "utf-8\x00"]), st.text(max_size=12))


@st.composite
def feed_bodies(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(st.tuples(FRAGMENT, FRAGMENT, FRAGMENT), max_size=6))
    text = draw(DECLARATION) + '<rss version="2.0"><channel><title>' + draw(FRAGMENT) + "</title>" + "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>"
        for t, link, d in items) + draw(st.sampled_from(["</channel></rss>", "", "</rss>"]))
    encoding = draw(ENCODING)
    body = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")
    return draw(st.sampled_from([body, body[: len(body) // 2], body + b"\xff\xfe\x00"]))


def _check_parsed(body: bytes, charset: str | None) -> None:
    try:
        feed = parse_feed(body, "https://news.example/feed.xml",
                          {"Content-Type": f"application/rss+xml; charset={charset}"} if charset else None, now=NOW)
    except FetchError as exc:
        assert "not an RSS or Atom feed" in str(exc)
        return
    assert len(feed.entries) <= MAX_ENTRIES
    for entry in feed.entries:
        for text in (entry.title or "", entry.summary, entry.guid, entry.url):
            text.encode("utf-8")  # no lone surrogates, nothing that cannot be stored
        assert entry.url.startswith(("http://", "https://"))
        assert entry.published is None or datetime(1990, 1, 1, tzinfo=UTC) <= entry.published


@fast(1500)
@given(feed_bodies(), CHARSET)
def test_any_feed_like_body_parses_or_is_refused_with_a_reason(body: bytes, charset: str | None) -> None:
    _check_parsed(body, charset)


@fast(1000)
@given(st.binary(max_size=600), CHARSET)
def test_any_bytes_parse_or_are_refused_with_a_reason(body: bytes, charset: str | None) -> None:
    _check_parsed(body, charset)


@fast(1000)
@given(st.text(max_size=400), CHARSET, st.integers(min_value=1, max_value=5))
def test_prepared_bodies_are_clean_utf8_within_bounds(text: str, charset: str | None, entries: int) -> None:
    body = text.encode("utf-8", errors="surrogatepass")
    try:
        prepared = prepare_body(body, charset, entries)
    except ValueError as exc:
        assert f"nested more than {MAX_DEPTH} deep" in str(exc)
        return
    decoded = prepared.body.decode("utf-8")  # valid UTF-8
    assert decoded.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "\x00" not in decoded and "&#xD800;" not in decoded.upper().replace("&#XD800;", "&#xD800;")
    assert decoded.count("<item") + decoded.count("<entry") <= entries + text.count("<item") + text.count("<entry")


# -- HTTP headers --------------------------------------------------------------------------------

DIGITS = st.text(alphabet=st.sampled_from("0123456789\u0660\u0661\u0662\u06f1\u00b2\u00b9\uff11\u2070-+.eE "),
                 max_size=30)
HEADER = st.one_of(DIGITS, st.text(max_size=60), st.sampled_from([
    "120", " 120 ", "1e9", "-5", "9" * 400, "\u0661\u0662\u0660", "\u00b2", "Wed, 21 Oct 2015 07:28:00 GMT",
    "Wed, 21 Oct 99999 07:28:00 GMT", "Wed, 21 Oct 2015 99:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 01 Jan 0001 00:00:00 GMT", "nan", "inf"]))


@fast(1500)
@given(HEADER)
def test_retry_after_is_none_or_a_finite_ascii_number(value: str) -> None:
    seconds = parse_retry_after(value, NOW)
    assert seconds is None or (math.isfinite(seconds) and seconds >= 0)
    if value.strip().isdigit() and not value.strip().isascii():
        assert seconds is None  # Arabic-Indic, superscript and full-width digits are not HTTP digits


@fast(1000)
@given(st.lists(st.one_of(HEADER, HEADER.map(lambda v: f"max-age={v}"), st.just("no-cache")), max_size=4)
       .map(", ".join))
def test_max_age_is_none_or_a_finite_ascii_number(value: str) -> None:
    seconds = parse_max_age(value)
    assert seconds is None or (math.isfinite(seconds) and 0 <= seconds <= 10**12)


@fast(800)
@given(st.text(max_size=80), st.binary(max_size=200))
@example("", b"\xfe\xff")  # a UTF-16 byte-order mark alone (found by hypothesis)
def test_content_type_and_body_encoding_always_name_a_codec(header: str, body: bytes) -> None:
    mime, charset = parse_content_type(header)
    assert mime == mime.lower()
    encoding = body_encoding(body, charset)
    # a codec Python has (codec_name takes ASCII-compatible labels only; a BOM may say UTF-16 or UTF-32)
    assert encoding in {"utf-16", "utf-32"} or codec_name(encoding) is not None
    assert codecs.lookup(encoding)
    body.decode(encoding, errors="replace")


@fast(500)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True),
       st.integers(min_value=-5, max_value=10**6), st.one_of(st.none(), st.floats()), st.one_of(st.none(), st.floats()))
def test_next_poll_delay_is_always_finite(interval: float, jitter: float, failures: int, retry_after: float | None,
                                          max_age: float | None) -> None:
    delay = next_poll_delay(interval=interval, jitter=jitter, failures=failures, retry_after=retry_after,
                            max_age=max_age, ttl=None, key="k")
    assert math.isfinite(delay) and delay >= 0


# -- URLs for the guard ----------------------------------------------------------------------------

FORBIDDEN = st.one_of(
    st.ip_addresses(v=4, network="127.0.0.0/8"), st.ip_addresses(v=4, network="10.0.0.0/8"),
    st.ip_addresses(v=4, network="172.16.0.0/12"), st.ip_addresses(v=4, network="192.168.0.0/16"),
    st.ip_addresses(v=4, network="169.254.0.0/16"), st.ip_addresses(v=4, network="0.0.0.0/8"),
    st.ip_addresses(v=4, network="100.64.0.0/10"), st.ip_addresses(v=4, network="224.0.0.0/4"))


def _spellings(ip: ipaddress.IPv4Address) -> list[str]:
    """The same address written the ways URL parsers and inet_aton accept."""
    value, parts = int(ip), list(ip.packed)
    return [str(ip), str(value), hex(value), "0x" + format(value, "08X"), ".".join(hex(p) for p in parts),
            ".".join(f"0{p:o}" for p in parts), f"{parts[0]}.{int.from_bytes(bytes(parts[1:]), 'big')}",
            f"{parts[0]}.{parts[1]}.{int.from_bytes(bytes(parts[2:]), 'big')}", f"{hex(parts[0])}.{value & 0xFFFFFF}",
            f"[::ffff:{ip}]", f"[::ffff:{parts[0] * 256 + parts[1]:x}:{parts[2] * 256 + parts[3]:x}]",
            f"[0:0:0:0:0:ffff:{ip}]", f"[::{ip}]", f"[64:ff9b::{ip}]",
            f"[2002:{parts[0] * 256 + parts[1]:x}:{parts[2] * 256 + parts[3]:x}::1]", f"{ip}."]


def _numeric_only(host: str, port: int) -> list[str]:
    """A resolver that never asks DNS: numeric hosts as the C library reads them, anything else is unknown."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    return [str(info[4][0]) for info in found]


def _refused(url: str) -> bool:
    try:
        check_url(url, allow_private=False, resolve=_numeric_only)
    except FetchError:
        return True
    return False


@fast(700)
@given(FORBIDDEN, st.integers(min_value=0, max_value=15), st.sampled_from(["http", "https", "HTTP"]),
       st.sampled_from(["", ":80", ":8080", ":443"]), st.sampled_from(["/", "/feed.xml", "/?q=1", ""]))
def test_the_guard_never_allows_a_private_address_however_spelled(ip: ipaddress.IPv4Address, spelling: int,
                                                                   scheme: str, port: str, path: str) -> None:
    host = _spellings(ip)[spelling]
    assert _refused(f"{scheme}://{host}{port}{path}")


@fast(300)
@given(st.ip_addresses(v=6).filter(lambda ip: (ip.is_private or ip.is_loopback or ip.is_link_local
                                   or ip.is_multicast or ip.is_unspecified or ip.is_reserved or ip.is_site_local)
                                   and ip.ipv4_mapped is None and ip.sixtofour is None  # IPv4 inside: judged as such
                                   and ip not in ipaddress.ip_network("64:ff9b::/96")),
       st.sampled_from(["", ":8080"]))
def test_the_guard_refuses_private_ipv6(ip: ipaddress.IPv6Address, port: str) -> None:
    assert _refused(f"http://[{ip}]{port}/feed.xml")


@fast(300)
@given(st.sampled_from(["file", "ftp", "gopher", "data", "javascript", "dict", "ldap", "jar", "unix", ""]),
       st.sampled_from(["", "user@", "user:pass@", ":@", "u%40x:p@"]),
       st.sampled_from(["example.com", "93.184.216.34"]))
def test_the_guard_refuses_other_schemes_and_credentials(scheme: str, userinfo: str, host: str) -> None:
    url = f"{scheme}://{userinfo}{host}/etc/passwd" if scheme else f"//{userinfo}{host}/x"
    assert _refused(url)
    assert _refused(f"http://{userinfo or 'u:p@'}{host}/feed.xml")


@fast(300)
@given(st.ip_addresses(v=4).filter(lambda ip: ip.is_global and not ip.is_multicast))
def test_the_guard_allows_a_public_address_written_plainly(ip: ipaddress.IPv4Address) -> None:
    assert not _refused(f"https://{ip}/feed.xml")  # the properties above would pass for a guard that refuses all
