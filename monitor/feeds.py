"""RSS and Atom bodies -> entries, and when to poll a feed next. Pure: bytes and numbers in, values out.

feedparser only ever sees bytes we fetched (wrapped in BytesIO: given raw bytes it would try them
as a file name first). Sanitising and relative-URI resolution of content are off (we strip HTML to
plain text ourselves); entry links are resolved against the feed URL.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from monitor.errors import FetchError
from monitor.netguard import redact
from monitor.urls import canonical_url, content_hash

MAX_ENTRIES = 500
DAY = 24 * 3600.0
FIRST_BACKOFF = 60.0
MAX_BACKOFF = 6 * 3600.0

_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "section",
                         "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure"})
_HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>])", re.IGNORECASE)
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    guid: str
    url: str  # canonical (monitor.urls.canonical_url)
    title: str | None
    summary: str  # plain text
    published: datetime | None  # UTC
    content_hash: str  # of title and summary


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    ttl_seconds: float | None  # RSS <ttl> (minutes) in seconds
    warning: str | None  # the XML was malformed but entries were recovered


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Text of an HTML fragment: tags and scripts dropped, entities decoded, one line per block."""
    if "<" in html or "&" in html:
        parser = _TextOf()
        parser.feed(html)
        parser.close()
        html = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in html.split("\n"))
    return "\n".join(line for line in lines if line)


def _not_a_feed(url: str, reason: str) -> FetchError:
    return FetchError(redact(url), f"not an RSS or Atom feed: {reason}")


def _why_not(body: bytes, problem: object) -> str:
    if _HTML_START.search(body[:1024]):
        return "an HTML page"
    return f"unreadable ({problem})" if problem else "no RSS or Atom elements"


def _warning(problem: object) -> str | None:
    """What was wrong with a feed that still parsed; header/charset disagreements are not worth one."""
    if problem is None or isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        return None
    return f"malformed feed, entries recovered: {problem}"


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Title, entries (at most 500), TTL and any recovery warning of a feed body; FetchError if it is no feed."""
    if not body.strip():
        raise _not_a_feed(url, "empty body")
    found = {k.lower(): v for k, v in (headers or {}).items() if k.lower() == "content-type"}
    found.setdefault("content-type", "application/xml")  # else feedparser flags every feed "no Content-type"
    found["content-location"] = url
    parsed = feedparser.parse(io.BytesIO(body), response_headers=found, sanitize_html=False,
                              resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.entries:
        raise _not_a_feed(url, _why_not(body, problem))
    entries = (_entry(raw, url) for raw in parsed.entries[:MAX_ENTRIES])
    return ParsedFeed(title=plain_text(_text(parsed.feed.get("title"))) or None,
                      entries=tuple(entry for entry in entries if entry is not None),
                      ttl_seconds=_ttl(parsed.feed.get("ttl")),
                      warning=_warning(problem))


def _entry(raw: Mapping[str, Any], feed_url: str) -> FeedEntry | None:
    link = _text(raw.get("link")).strip()
    url = urljoin(feed_url, link) if link else ""
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    url = canonical_url(url)
    title = plain_text(_text(raw.get("title"))) or None
    summary = plain_text(_summary_html(raw))
    return FeedEntry(guid=_text(raw.get("id")).strip() or url, url=url, title=title, summary=summary,
                     published=_published(raw), content_hash=content_hash(f"{title or ''}\n{summary}"))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _summary_html(raw: Mapping[str, Any]) -> str:
    summary = _text(raw.get("summary"))
    if summary:
        return summary
    for content in raw.get("content") or ():
        value = _text(content.get("value")) if isinstance(content, Mapping) else ""
        if value:
            return value
    return ""


def _published(raw: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _ttl(value: Any) -> float | None:
    try:
        minutes = float(str(value).strip())
    except ValueError:
        return None
    return minutes * 60.0 if math.isfinite(minutes) and minutes > 0 else None


def _seconds(value: float | None) -> float:
    """A server's hint in seconds, 0 when absent or absurd, at most a day."""
    if value is None or not math.isfinite(value) or value <= 0:
        return 0.0
    return min(value, DAY)


def poll_jitter(key: str, failures: int, jitter: float) -> float:
    """A delay in [0, jitter] that is the same for the same key and failure count."""
    if not math.isfinite(jitter) or jitter <= 0:
        return 0.0
    digest = hashlib.sha256(f"{key}\x00{failures}".encode()).digest()
    return jitter * int.from_bytes(digest[:8], "big") / 2.0**64


def next_poll_delay(*, interval: float, jitter: float, failures: int, retry_after: float | None,
                    max_age: float | None, ttl: float | None, key: str,
                    first_backoff: float = FIRST_BACKOFF, max_backoff: float = MAX_BACKOFF) -> float:
    """Seconds until a feed is polled again; always finite, so a failing feed keeps being retried.

    Success (failures == 0): the longest of interval, Cache-Control max-age, RSS ttl and Retry-After,
    the server's hints capped at 24 h (a longer configured interval still wins).
    Failure n: first_backoff * 2**(n-1) (60 s, 120 s, ...), at most max_backoff (6 h), but never
    sooner than Retry-After (itself capped at 24 h).
    Plus a jitter in [0, jitter] drawn from a hash of key and failures, so feeds do not fire together.
    """
    hint = _seconds(retry_after)
    if failures <= 0:
        base = max(_finite(interval), _seconds(max_age), _seconds(ttl), hint)
    else:
        backoff = _finite(first_backoff) * 2.0 ** min(failures - 1, 64)
        base = max(min(_finite(max_backoff), backoff), hint)
    return base + poll_jitter(key, max(failures, 0), jitter)


def _finite(seconds: float) -> float:
    """A configured duration; infinity becomes a day (never 'never'), nonsense becomes 0."""
    if math.isnan(seconds) or seconds <= 0:
        return 0.0
    return seconds if math.isfinite(seconds) else DAY
