"""Feed bodies that crashed or stalled parse_feed (issue 12, points 3 and 6): pure, bytes in, values out."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from monitor.errors import FetchError
from monitor.feedbody import MAX_DEPTH, body_encoding, prepare_body
from monitor.feeds import MAX_ENTRIES, parse_feed

FEED_URL = "https://news.example/rss"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def rss(description: str = "d", *, title: str = "Kursk", declaration: str = '<?xml version="1.0" encoding="utf-8"?>',
        extra: str = "") -> bytes:
    return (f'{declaration}<rss version="2.0"><channel><title>T</title><item><title>{title}</title>'
            f"<link>https://news.example/a</link><description>{description}</description>{extra}</item>"
            "</channel></rss>").encode("utf-8", errors="surrogatepass")


@pytest.mark.parametrize("reference", ["&#2147483648;", "&#x110000;", "&#xD800;", "&#0;", "&#x1F;",
                                       "&#99999999999999999999999999999;", "&#xFFFE;"])
@pytest.mark.parametrize("where", ["title", "description"])
def test_character_references_that_name_no_character_become_a_replacement(reference: str, where: str) -> None:
    # before the fix: OverflowError, ValueError (chr() arg not in range) or UnicodeEncodeError from feedparser
    body = rss(f"a {reference} b") if where == "description" else rss(title=f"Kursk {reference}")
    (entry,) = parse_feed(body, FEED_URL, now=NOW).entries
    text = entry.summary if where == "description" else entry.title
    assert text is not None and "\ufffd" in text


@pytest.mark.parametrize("declaration", [
    '<?xml version="1.0" encoding="utf-8\x00"?>',  # before the fix: ValueError: embedded null character
    '<?xml version="1.0" encoding="\u00ff\u00fe\u00ff"?>',
    '<?xml version="1.0" encoding="no-such-charset-zz"?>',
    '<?xml version="1.0" encoding=""?>',
    '<?xml version="1.0" encoding="utf-16"?>',  # a lie: the bytes are UTF-8
])
def test_a_garbled_encoding_declaration_falls_back(declaration: str) -> None:
    feed = parse_feed(rss(title="Курск", declaration=declaration), FEED_URL, now=NOW)
    assert [e.title for e in feed.entries] == ["Курск"]


@pytest.mark.parametrize("description", [
    "&lt;![ x",  # before the fix: AssertionError from html.parser (expected name token)
    "&lt;p&gt;a &lt;![ if b",
    "<![CDATA[ unclosed",
    "<![CDATA[ x ]>",
    "<![ x",
    "<![CDATA[<![CDATA[x]]>]]>",
])
def test_a_broken_cdata_marker_does_not_kill_the_parse(description: str) -> None:
    feed = parse_feed(rss(description), FEED_URL, now=NOW)
    assert [e.title for e in feed.entries] == ["Kursk"]


def test_deep_nesting_is_refused_before_feedparser_sees_it() -> None:
    # before the fix: feedparser took minutes and over a gigabyte on a 5 MB document like this
    body = b'<rss version="2.0"><channel><item><title>x</title>' + b"<a>" * 1_600_000
    started = time.monotonic()
    with pytest.raises(FetchError, match=f"nested more than {MAX_DEPTH} deep"):
        parse_feed(body, FEED_URL, now=NOW)
    assert time.monotonic() - started < 2.0


def test_nesting_inside_cdata_and_comments_does_not_count() -> None:
    html = "<p>" * 200
    body = rss(f"<![CDATA[{html}]]><!-- {'<b>' * 200} -->")
    assert len(parse_feed(body, FEED_URL, now=NOW).entries) == 1


def test_thousands_of_entries_are_cut_before_parsing_with_a_warning() -> None:
    items = "".join(f"<item><title>t{i}</title><link>https://x.example/{i}</link></item>" for i in range(20_000))
    body = f'<rss version="2.0"><channel><title>Many</title>{items}</channel></rss>'.encode()
    started = time.monotonic()
    feed = parse_feed(body, FEED_URL, now=NOW)
    assert time.monotonic() - started < 5.0
    assert len(feed.entries) == MAX_ENTRIES and feed.entries[-1].url == "https://x.example/499"
    assert feed.title == "Many" and feed.warning is not None and "more than 500 entries" in feed.warning


def test_the_cut_closes_open_elements() -> None:
    text = prepare_body(b"<feed><entry>1</entry><entry>2</entry><entry>3</entry></feed>", None, 2).body
    assert text.endswith(b"<feed><entry>1</entry><entry>2</entry></feed>")


@pytest.mark.parametrize(("charset", "title"), [("windows-1251", "Бои под Курском"), ("koi8-r", "Курск"),
                                                ("euc-kr", "쿠르스크 전투"), ("ks_c_5601-1987", "쿠르스크")])
def test_the_http_charset_counts_when_the_document_declares_none(charset: str, title: str) -> None:
    # before the fix: the header was ignored and the title came out as mojibake
    body = (f'<rss version="2.0"><channel><title>{title}</title><item><title>{title}</title>'
            f"<link>https://news.example/a</link><description>{title}</description></item></channel></rss>")
    feed = parse_feed(body.encode(charset), FEED_URL, {"Content-Type": f"application/rss+xml; charset={charset}"},
                      now=NOW)
    assert feed.title == title and feed.entries[0].title == title and feed.entries[0].summary == title


def test_the_declaration_wins_over_the_header() -> None:
    body = rss(title="Курск", declaration='<?xml version="1.0" encoding="windows-1251"?>').decode().encode("cp1251")
    feed = parse_feed(body, FEED_URL, {"Content-Type": "text/xml; charset=utf-8"}, now=NOW)
    assert feed.entries[0].title == "Курск"


def test_invalid_utf8_becomes_replacement_characters_not_mojibake() -> None:
    body = rss("Курск \xff\xfe ok").replace("\xff\xfe".encode(), b"\xff\xfe")
    (entry,) = parse_feed(body, FEED_URL, now=NOW).entries
    assert entry.summary.startswith("Курск") and "\ufffd" in entry.summary


def test_body_encoding_order() -> None:
    assert body_encoding(b"\xef\xbb\xbf<rss/>", "koi8-r") == "utf-8-sig"
    assert body_encoding(b'<?xml version="1.0" encoding="KOI8-R"?><rss/>', "euc-kr") == "koi8-r"
    assert body_encoding(b"<rss/>", "euc-kr") == "euc_kr"
    assert body_encoding(b"<rss/>", "nonsense\x00") == "utf-8"
    assert body_encoding(b"<rss/>", "ISO-8859-1") == "cp1252"  # WHATWG


@pytest.mark.parametrize(("date", "expected"), [
    ("Mon, 30 Nov 2026 09:00:00 KST", datetime(2026, 11, 30, 0, 0, tzinfo=UTC)),  # before: read as 09:00 UTC
    ("Mon, 30 Nov 2026 09:00:00 MSK", datetime(2026, 11, 30, 6, 0, tzinfo=UTC)),
    ("Mon, 30 Nov 2026 09:00:00 +0900", datetime(2026, 11, 30, 0, 0, tzinfo=UTC)),
    ("1764460800", datetime(2025, 11, 30, 0, 0, tzinfo=UTC)),  # a Unix timestamp; before: year 1725
    ("1764460800000", datetime(2025, 11, 30, 0, 0, tzinfo=UTC)),  # in milliseconds
    ("Sat, 01 Jan 2099 00:00:00 GMT", None),  # before: accepted
    ("Wed, 02 Dec 2026 13:00:00 GMT", None),  # more than a day after the clock
    ("Wed, 02 Dec 2026 11:00:00 GMT", datetime(2026, 12, 2, 11, 0, tzinfo=UTC)),  # within a day: kept
    ("Thu, 01 Jan 1970 00:00:00 GMT", None),  # before 1990
    ("Fri, 01 Jan 1730 00:00:00 GMT", None),
])
def test_feed_dates_are_sanity_checked(date: str, expected: datetime | None) -> None:
    (entry,) = parse_feed(rss(extra=f"<pubDate>{date}</pubDate>"), FEED_URL, now=NOW).entries
    assert entry.published == expected


def test_relative_links_resolve_against_the_url_given() -> None:
    body = (b'<rss version="2.0"><channel><item><title>x</title><link>story/1.html</link></item>'
            b"</channel></rss>")
    (entry,) = parse_feed(body, "https://moved.example/news/feed.xml", now=NOW).entries
    assert entry.url == "https://moved.example/news/story/1.html"
