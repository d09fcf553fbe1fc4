"""Feed parsing and poll scheduling: pure functions, byte strings in, values out."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.errors import FetchError
from monitor.feeds import DAY, MAX_BACKOFF, MAX_ENTRIES, next_poll_delay, parse_feed, plain_text, poll_jitter
from monitor.urls import content_hash

FEED_URL = "https://news.example/rss?token=s3cret"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Example &amp; News</title><link>https://news.example/</link><ttl>30</ttl>
<item>
  <title>Pyongyang sends troops</title>
  <link>https://news.example/a/1?utm_source=rss&amp;utm_medium=feed&amp;id=7</link>
  <guid isPermaLink="false">news-1</guid>
  <description>&lt;p&gt;About &lt;b&gt;3,000&lt;/b&gt; troops&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;
    &lt;p&gt;AT&amp;amp;T &amp;eacute;t&amp;eacute;&lt;/p&gt;</description>
  <pubDate>Mon, 21 Oct 2024 12:00:00 +0200</pubDate>
</item>
<item>
  <title>No guid here</title>
  <link>/a/2#comments</link>
</item>
<item><title>Guid is the link</title><guid>https://news.example/a/3</guid></item>
<item><title>Nothing to fetch</title><guid isPermaLink="false">orphan</guid></item>
<item><title>Not http</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Atom &lt;i&gt;Wire&lt;/i&gt;</title>
  <id>urn:uuid:feed</id><updated>2024-10-22T08:00:00Z</updated>
  <entry>
    <title>Kursk update</title>
    <id>tag:wire.example,2024:1</id>
    <link rel="alternate" href="https://wire.example/kursk?fbclid=abc"/>
    <updated>2024-10-22T08:00:00+03:00</updated>
    <content type="html">&lt;div&gt;Troops &lt;em&gt;arrive&lt;/em&gt;&lt;/div&gt;</content>
  </entry>
</feed>"""


def test_rss() -> None:
    feed = parse_feed(RSS, FEED_URL, {"Content-Type": "application/rss+xml; charset=utf-8"})
    assert feed.title == "Example & News" and feed.ttl_seconds == 1800 and feed.warning is None
    first, second, third = feed.entries
    assert first.guid == "news-1"
    assert first.url == "https://news.example/a/1?id=7"  # utm_* stripped
    assert first.title == "Pyongyang sends troops"
    assert first.summary == "About 3,000 troops\nAT&T été"  # tags and scripts stripped, entities decoded
    assert first.published == datetime(2024, 10, 21, 10, 0, tzinfo=UTC)
    assert first.content_hash == content_hash("Pyongyang sends troops\nAbout 3,000 troops\nAT&T été")
    assert (second.guid, second.url) == ("https://news.example/a/2", "https://news.example/a/2")  # resolved, no guid
    assert second.summary == "" and second.published is None
    assert (third.guid, third.url) == ("https://news.example/a/3", "https://news.example/a/3")


def test_atom() -> None:
    feed = parse_feed(ATOM, "https://wire.example/atom.xml")
    assert feed.title == "Atom Wire" and feed.ttl_seconds is None and feed.warning is None
    (entry,) = feed.entries
    assert entry.guid == "tag:wire.example,2024:1" and entry.url == "https://wire.example/kursk"
    assert entry.summary == "Troops arrive"
    assert entry.published == datetime(2024, 10, 22, 5, 0, tzinfo=UTC)


def test_malformed_xml_recovers_with_a_warning() -> None:
    broken = RSS.replace(b"<title>No guid here</title>", b"<title>Tom & Jerry</title>")
    feed = parse_feed(broken, FEED_URL)
    assert feed.warning is not None and "malformed feed, entries recovered: " in feed.warning
    assert feed.entries[0].guid == "news-1" and len(feed.entries) == 3


@pytest.mark.parametrize(("body", "reason"), [
    (b"", "empty body"),
    (b"  \n\t ", "empty body"),
    (b"<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>", "an HTML page"),
    (b"\x00\x01\x02 garbage \xff\xfe", "unreadable"),
    (b"/etc/passwd", "unreadable"),  # never opened as a file name
    (b'{"items": []}', "unreadable"),
    (b'<?xml version="1.0"?><note><to>you</to></note>', "no RSS or Atom elements"),
    (b"<html><body><p>x &amp; y</p></body></html>", "an HTML page"),
])
def test_not_a_feed(body: bytes, reason: str) -> None:
    with pytest.raises(FetchError, match=f"not an RSS or Atom feed: .*{reason}") as caught:
        parse_feed(body, FEED_URL)
    assert "s3cret" not in str(caught.value)


CYRILLIC = ('<?xml version="1.0" encoding="{}"?><rss version="2.0"><channel><title>Новости</title>'
            '<item><title>Корея</title><link>http://x.example/1</link></item></channel></rss>')


@pytest.mark.parametrize(("encoding", "content_type"), [
    ("utf-8", None), ("utf-8", "text/xml"), ("utf-8", "text/html"), ("utf-8", "application/rss+xml"),
    ("windows-1251", None), ("windows-1251", "application/xml"), ("utf-8", "text/xml; charset=utf-8"),
])
def test_encodings_and_content_types(encoding: str, content_type: str | None) -> None:
    body = CYRILLIC.format(encoding).encode(encoding)
    feed = parse_feed(body, FEED_URL, {"Content-Type": content_type} if content_type else None)
    assert (feed.title, feed.entries[0].title, feed.warning) == ("Новости", "Корея", None)


def test_feed_with_no_entries_is_still_a_feed() -> None:
    feed = parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', FEED_URL)
    assert feed.title == "Quiet" and feed.entries == ()


def test_at_most_500_entries() -> None:
    items = b"".join(b"<item><link>https://x.example/%d</link></item>" % i for i in range(MAX_ENTRIES + 20))
    feed = parse_feed(b'<rss version="2.0"><channel>' + items + b"</channel></rss>", FEED_URL)
    assert len(feed.entries) == MAX_ENTRIES and feed.entries[-1].url == "https://x.example/499"


@pytest.mark.parametrize(("ttl", "seconds"), [("60", 3600.0), ("0", None), ("-5", None), ("soon", None),
                                              ("1.5", 90.0)])
def test_ttl(ttl: str, seconds: float | None) -> None:
    body = f'<rss version="2.0"><channel><ttl>{ttl}</ttl></channel></rss>'.encode()
    assert parse_feed(body, FEED_URL).ttl_seconds == seconds


@pytest.mark.parametrize(("html", "text"), [
    ("plain  words\n\n here", "plain words\nhere"),
    ("<p>One</p><p>Two<br>Three</p>", "One\nTwo\nThree"),
    ("<style>p{}</style>Kept <!-- gone --> <img src=x onerror=alert(1)>", "Kept"),
    ("Fish &amp; chips &lt;3 &#8212; &nbsp;ok", "Fish & chips <3 — ok"),
    ("a < b and c > d", "a < b and c > d"),
])
def test_plain_text(html: str, text: str) -> None:
    assert plain_text(html) == text


# -- next_poll_delay ------------------------------------------------------------------------------

HOUR = 3600.0


@pytest.mark.parametrize(("failures", "retry_after", "max_age", "ttl", "interval", "expected"), [
    (0, None, None, None, 900, 900),  # success: the interval
    (0, None, 600, None, 900, 900),  # interval wins when larger
    (0, None, 1800, None, 900, 1800),  # max-age when larger
    (0, None, None, 3600, 900, 3600),  # ttl when larger
    (0, None, 10 * DAY, None, 900, DAY),  # server hints are capped at 24 h
    (0, None, None, None, 2 * DAY, 2 * DAY),  # ... but a longer configured interval still wins
    (0, 1200, None, None, 900, 1200),
    (1, None, None, None, 900, 60),  # failure: 60 s, doubling
    (2, None, None, None, 900, 120),
    (5, None, None, None, 900, 960),
    (9, None, None, None, 900, 15360),
    (10, None, None, None, 900, MAX_BACKOFF),  # at most 6 h
    (10_000, None, None, None, 900, MAX_BACKOFF),  # and never given up
    (1, 300, None, None, 900, 300),  # never sooner than Retry-After
    (5, 300, None, None, 900, 960),
    (1, 30 * DAY, None, None, 900, DAY),  # an absurd Retry-After is capped
    (1, None, 7200, 7200, 900, 60),  # cache hints do not slow down retries
    (0, float("inf"), float("nan"), -5, 900, 900),  # nonsense hints are ignored
])
def test_next_poll_delay(failures: int, retry_after: float | None, max_age: float | None, ttl: float | None,
                         interval: float, expected: float) -> None:
    delay = next_poll_delay(interval=interval, jitter=0, failures=failures, retry_after=retry_after,
                            max_age=max_age, ttl=ttl, key="https://news.example/rss")
    assert delay == expected


@pytest.mark.parametrize(("failures", "expected"), [(1, 1), (2, 2), (4, 8), (7, 30), (50, 30)])
def test_backoff_start_and_cap_can_be_configured(failures: int, expected: float) -> None:
    delay = next_poll_delay(interval=900, jitter=0, failures=failures, retry_after=None, max_age=None, ttl=None,
                            key="k", first_backoff=1, max_backoff=30)
    assert delay == expected


def test_jitter_is_deterministic_and_spreads_feeds() -> None:
    delays = [next_poll_delay(interval=900, jitter=60, failures=0, retry_after=None, max_age=None, ttl=None,
                              key=f"https://feed{i}.example/rss") for i in range(50)]
    assert all(900 <= d <= 960 for d in delays) and len(set(delays)) == 50
    assert poll_jitter("a", 3, 60) == poll_jitter("a", 3, 60) != poll_jitter("a", 4, 60)


@given(interval=st.floats(0.001, 10 * DAY), jitter=st.floats(0, HOUR), failures=st.integers(0, 10**6),
       retry_after=st.none() | st.floats(allow_nan=True, allow_infinity=True),
       max_age=st.none() | st.floats(allow_nan=True, allow_infinity=True),
       ttl=st.none() | st.floats(allow_nan=True, allow_infinity=True), key=st.text(max_size=50))
def test_next_poll_delay_is_always_finite_and_bounded(interval: float, jitter: float, failures: int,
                                                      retry_after: float | None, max_age: float | None,
                                                      ttl: float | None, key: str) -> None:
    delay = next_poll_delay(interval=interval, jitter=jitter, failures=failures, retry_after=retry_after,
                            max_age=max_age, ttl=ttl, key=key)
    assert math.isfinite(delay) and delay >= 0
    ceiling = max(interval, DAY) if failures == 0 else DAY
    assert delay <= ceiling + jitter
    if failures == 0:
        assert delay >= interval
