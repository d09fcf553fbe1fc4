"""RSS and Atom bodies -> entries, and when to poll a feed next. Pure: bytes and numbers in, values out.

feedparser only ever sees bytes we fetched (wrapped in BytesIO: given raw bytes it would try them
as a file name first). Sanitising and relative-URI resolution of content are off (we strip HTML to
plain text ourselves); entry links are resolved against the feed's final URL (after redirects).
Before feedparser, `monitor.feedbody.prepare_body` decodes the body (the HTTP charset counts when
the document declares none), removes what crashes feedparser and bounds nesting and entries.
Feed dates are sanity-checked against the injected clock: before 1990 or more than a day ahead
is no date; a timezone abbreviation feedparser does not know (KST, MSK ...) is read from
feed_timezones.toml; a date that is only digits is a Unix timestamp.
"""

from __future__ import annotations

import calendar
import email.utils
import hashlib
import html as _html
import io
import math
import re
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from monitor.errors import FetchError
from monitor.feedbody import TooDeep, prepare_body
from monitor.netguard import redact
from monitor.urls import canonical_url, content_hash

MAX_ENTRIES = 500
DAY = 24 * 3600.0
FIRST_BACKOFF = 60.0
MAX_BACKOFF = 6 * 3600.0
MAX_DELAY = 366 * DAY  # no feed waits longer than a year, whatever the numbers

_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "section",
                         "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure"})
_HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>])", re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]*>")
_TZ_NAME = re.compile(r"\s([A-Z]{2,5})\s*$")
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)
TIMEZONES_FILE = Path(__file__).with_name("feed_timezones.toml")
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    guid: str
    url: str  # canonical (monitor.urls.canonical_url)
    title: str | None
    summary: str  # plain text
    published: datetime | None  # UTC
    content_hash: str  # of title and summary (and the link, when there is no summary)


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
        try:
            parser.feed(html)
            parser.close()
            html = "".join(parser.parts)
        except (AssertionError, ValueError):  # html.parser on a broken '<![' marked section
            html = _html.unescape(_TAGS.sub("\n", html))
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


def parse_feed(body: bytes, url: str, headers: Mapping[str, str] | None = None, *,
               now: datetime | None = None) -> ParsedFeed:
    """Title, entries (at most 500), TTL and any recovery warning of a feed body; FetchError if it is no feed.

    url is the feed's final URL (relative links resolve against it); now, when given, bounds dates ahead.
    """
    if not body.strip():
        raise _not_a_feed(url, "empty body")
    content_type = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    try:
        prepared = prepare_body(body, _charset(content_type), MAX_ENTRIES)
    except TooDeep as exc:
        raise _not_a_feed(url, f"refused before parsing: {exc}") from None
    found = {"content-type": f"{content_type.split(';')[0].strip() or 'application/xml'}; charset=utf-8",
             "content-location": url}
    try:
        parsed = feedparser.parse(io.BytesIO(prepared.body), response_headers=found, sanitize_html=False,
                                  resolve_relative_uris=False)
    except Exception as exc:  # feedparser's loose parser raises on some broken markup (KeyError 'links' ...)
        raise _not_a_feed(url, f"unreadable (the feed parser failed: {type(exc).__name__}: {exc})") from None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.entries:
        raise _not_a_feed(url, _why_not(body, problem))
    entries = (_entry(raw, url, now) for raw in parsed.entries[:MAX_ENTRIES])
    warnings = [w for w in (prepared.warning, _warning(problem)) if w]
    return ParsedFeed(title=plain_text(_text(parsed.feed.get("title"))) or None,
                      entries=tuple(entry for entry in entries if entry is not None),
                      ttl_seconds=_ttl(parsed.feed.get("ttl")),
                      warning="; ".join(warnings) or None)


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'")
    return None


def _entry(raw: Mapping[str, Any], feed_url: str, now: datetime | None) -> FeedEntry | None:
    link = _text(raw.get("link")).strip()
    try:
        url = urljoin(feed_url, link) if link else ""
    except ValueError:  # an invalid IPv6 host in the link
        return None
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    url = canonical_url(url)
    title = plain_text(_text(raw.get("title"))) or None
    summary = plain_text(_summary_html(raw))
    # Without a summary the title alone does not make two entries copies of each other: the link counts too.
    hashed = f"{title or ''}\n{summary}" if summary else f"{title or ''}\n\n{url}"
    return FeedEntry(guid=_text(raw.get("id")).strip() or url, url=url, title=title, summary=summary,
                     published=_published(raw, now), content_hash=content_hash(hashed))


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


def _published(raw: Mapping[str, Any], now: datetime | None) -> datetime | None:
    """The entry's date, if it is a plausible one (see the module's docstring)."""
    for key in ("published", "updated", "created"):
        when = _date_of(_text(_own(raw, key)).strip(), _own(raw, f"{key}_parsed"))
        if when is not None:
            return when if plausible_date(when, now) else None
    return None


def _own(raw: Mapping[str, Any], key: str) -> Any:
    """raw[key] without feedparser's key aliases (asking for a missing 'updated' warns and answers 'published')."""
    return dict.get(raw, key) if isinstance(raw, dict) else raw.get(key)


def plausible_date(when: datetime, now: datetime | None) -> bool:
    """Not before 1990 and, when the clock is given, at most a day ahead of it."""
    return when >= EARLIEST and (now is None or when <= now + AHEAD)


def _date_of(text: str, parsed: Any) -> datetime | None:
    if text.isascii() and text.isdigit() and 9 <= len(text) <= 13:  # a Unix timestamp, in s or ms
        seconds = int(text) / (1000 if len(text) > 11 else 1)
        return datetime.fromtimestamp(seconds, UTC)
    zone = _TZ_NAME.search(text)
    offset = timezone_offsets().get(zone.group(1)) if zone else None
    if zone is not None and offset is not None:
        try:
            named = email.utils.parsedate_to_datetime(f"{text[:zone.start()]} {offset}")
        except (TypeError, ValueError, IndexError, OverflowError):
            named = None
        if named is not None and named.tzinfo is not None:
            return named.astimezone(UTC)
    if isinstance(parsed, time.struct_time):
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (OverflowError, ValueError, OSError):
            return None
    return None


@cache
def timezone_offsets() -> dict[str, str]:
    """Timezone abbreviations feedparser does not know -> '+0900' (feed_timezones.toml)."""
    with TIMEZONES_FILE.open("rb") as handle:
        table = tomllib.load(handle)["offsets"]
    return {str(name): str(offset) for name, offset in table.items()}


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
    jitter = min(jitter, DAY)
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
    Plus a jitter in [0, jitter] (at most a day) drawn from a hash of key and failures, so feeds do not
    fire together; never more than MAX_DELAY in all.
    """
    hint = _seconds(retry_after)
    if failures <= 0:
        base = max(_finite(interval), _seconds(max_age), _seconds(ttl), hint)
    else:
        backoff = _finite(first_backoff) * 2.0 ** min(failures - 1, 64)
        base = max(min(_finite(max_backoff), backoff), hint)
    return min(base + poll_jitter(key, max(failures, 0), jitter), MAX_DELAY)


def _finite(seconds: float) -> float:
    """A configured duration; infinity becomes a day (never 'never'), nonsense becomes 0."""
    if math.isnan(seconds) or seconds <= 0:
        return 0.0
    return seconds if math.isfinite(seconds) else DAY
