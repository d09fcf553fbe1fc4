"""Polling one feed: conditional GET, new entries, watchlist pre-match, page fetch, spool.

The decisions (which entries are new, when to poll next, what the outcome event says) are pure
functions; `FeedPoller.poll` is the shell that performs the network calls and spools results.
The poller never opens the database: the writer drains the spool.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from monitor.errors import FetchError, RefusedError
from monitor.events import FEED_POLLED, Event, iso, make_event
from monitor.feeds import FeedEntry, next_poll_delay, parse_feed
from monitor.fetch import FeedResponse, Fetcher
from monitor.matching import match_watchlists
from monitor.pages import extract_page
from monitor.sources import ArticleInput, limit_article
from monitor.spool import Spool
from monitor.urls import redact
from monitor.watchlist import Watchlist

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: datetime | None = None


@dataclass(slots=True)
class SeenEntries:
    """What has been processed, by feed entry id, canonical URL and content hash (thread-safe)."""

    guid_hashes: dict[str, str] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self, entry: FeedEntry) -> str:
        """'new', 'changed' (same id, new content) or 'seen'; a new or changed entry is remembered
        at once, so two feeds polled in parallel never both take the same article."""
        with self.lock:
            known = self.guid_hashes.get(entry.guid)
            if known is not None:
                verdict = "seen" if known == entry.content_hash else "changed"
            elif entry.content_hash in self.hashes or entry.url in self.urls:
                verdict = "seen"
            else:
                verdict = "new"
            self.guid_hashes[entry.guid] = entry.content_hash
            self.urls.add(entry.url)
            self.hashes.add(entry.content_hash)
            return verdict


@dataclass(frozen=True, slots=True)
class PollOutcome:
    state: FeedState
    status: str  # ok, not_modified, throttled, error
    http_status: int | None
    entries: int = 0
    new_entries: int = 0
    matched: int = 0
    spooled: int = 0
    refused: tuple[str, ...] = ()
    error: str | None = None


def outcome_event(outcome: PollOutcome, polled_at: datetime) -> Event:
    state = outcome.state
    payload: dict[str, Any] = {
        "feed_url": state.url, "status": outcome.status, "http_status": outcome.http_status,
        "consecutive_failures": state.failures, "next_poll_at": iso(state.next_poll_at),
        "etag": state.etag, "last_modified": state.last_modified, "entries": outcome.entries,
        "new_entries": outcome.new_entries, "matched": outcome.matched, "spooled": outcome.spooled,
        "refused": list(outcome.refused), "error": outcome.error}
    return make_event(FEED_POLLED, f"feed:{state.url}", polled_at, payload, iso(polled_at))


@dataclass(frozen=True, slots=True)
class Schedule:
    """How often a feed is polled, and how a failing one backs off."""

    interval: float
    jitter: float
    first_backoff: float = 60.0
    max_backoff: float = 21600.0


def next_state(state: FeedState, response: FeedResponse | None, now: datetime, schedule: Schedule, *,
               ttl: float | None, failed: bool) -> FeedState:
    """The feed's validators, failure count and next poll time after one poll. Pure."""
    failures = state.failures + 1 if failed else 0
    delay = next_poll_delay(interval=schedule.interval, jitter=schedule.jitter, failures=failures,
                            retry_after=response.retry_after if response else None,
                            max_age=response.max_age if response else None, ttl=ttl, key=state.url,
                            first_backoff=schedule.first_backoff, max_backoff=schedule.max_backoff)
    etag = response.etag if response and response.etag else state.etag
    modified = response.last_modified if response and response.last_modified else state.last_modified
    return replace(state, etag=etag, last_modified=modified, failures=failures,
                   next_poll_at=now + timedelta(seconds=delay))


def select_entries(entries: Sequence[FeedEntry], seen: SeenEntries,
                   watchlists: Sequence[Watchlist]) -> tuple[list[FeedEntry], int]:
    """(entries to fetch, how many were new): new or changed entries whose title or summary
    names a watchlist; the rest are never fetched."""
    fresh = [e for e in entries if seen.claim(e) != "seen"]
    return [e for e in fresh if match_watchlists([e.title or "", e.summary], watchlists)], len(fresh)


class FeedPoller:
    def __init__(self, fetcher: Fetcher, spool: Spool, seen: SeenEntries, watchlists: Sequence[Watchlist],
                 clock: Callable[[], datetime], stopping: Callable[[], bool] = lambda: False):
        self.fetcher = fetcher
        self.spool = spool
        self.seen = seen
        self.watchlists = tuple(watchlists)
        self.clock = clock
        self.stopping = stopping

    def poll(self, state: FeedState, schedule: Schedule) -> PollOutcome:
        """One poll of one feed; every outcome (also a failure) is spooled as a feed.polled event."""
        try:
            response = self.fetcher.fetch_feed(state.url, state.etag, state.last_modified)
        except FetchError as exc:
            log.warning("feed %s: %s", redact(state.url), _short(exc))
            failed = next_state(state, None, self.clock(), schedule, ttl=None, failed=True)
            return self._record(PollOutcome(failed, "error", None, error=_short(exc)))
        if response.status in (429, 503) or response.status >= 400:
            failed = next_state(state, response, self.clock(), schedule, ttl=None, failed=True)
            return self._record(PollOutcome(failed, "throttled", response.status, error=f"HTTP {response.status}"))
        if response.status == 304 or response.body is None:
            fresh = next_state(state, response, self.clock(), schedule, ttl=None, failed=False)
            return self._record(PollOutcome(fresh, "not_modified", response.status))
        return self._record(self._entries(state, response, schedule))

    def _entries(self, state: FeedState, response: FeedResponse, schedule: Schedule) -> PollOutcome:
        try:
            parsed = parse_feed(response.body or b"", state.url)
        except FetchError as exc:
            failed = next_state(state, response, self.clock(), schedule, ttl=None, failed=True)
            return PollOutcome(failed, "error", response.status, error=_short(exc))
        chosen, fresh = select_entries(parsed.entries, self.seen, self.watchlists)
        spooled, refused = 0, list[str]()
        for entry in chosen:
            if self.stopping():
                break
            article = self._article(entry, state.url, parsed.title, refused)
            if article is not None:
                self.spool.put_article(article)
                spooled += 1
        done = next_state(state, response, self.clock(), schedule, ttl=parsed.ttl_seconds, failed=False)
        return PollOutcome(done, "ok", response.status, len(parsed.entries), fresh, len(chosen), spooled,
                           tuple(refused))

    def _article(self, entry: FeedEntry, feed_url: str, feed_title: str | None,
                 refused: list[str]) -> ArticleInput | None:
        """The entry's article (page text, else the feed's summary), cut to limits.max_article_chars."""
        article = self._uncut_article(entry, feed_url, feed_title, refused)
        if article is None:
            return None
        return limit_article(article, self.fetcher.limits.max_article_chars, redact(article.url))

    def _uncut_article(self, entry: FeedEntry, feed_url: str, feed_title: str | None,
                       refused: list[str]) -> ArticleInput | None:
        base = ArticleInput(url=entry.url, text=entry.summary, title=entry.title, outlet=feed_title, lang=None,
                            published_at=entry.published, source="feed", feed_url=feed_url, from_summary=True,
                            guid=entry.guid, entry_hash=entry.content_hash)
        try:
            page = self.fetcher.fetch_page(entry.url)
        except RefusedError as exc:
            log.warning("refused to fetch %s: %s", redact(entry.url), _short(exc))
            refused.append(redact(entry.url))
            return None
        except FetchError as exc:
            log.info("page %s unavailable (%s); using the feed's summary", redact(entry.url), _short(exc))
            return base if entry.summary.strip() else None
        content = extract_page(page.text, page.url)
        if content is None:
            return base if entry.summary.strip() else None
        return replace(base, text=content.text, title=content.title or entry.title, lang=content.lang,
                       outlet=content.outlet or feed_title, published_at=entry.published or content.published_at,
                       from_summary=False)

    def _record(self, outcome: PollOutcome) -> PollOutcome:
        self.spool.put_events([outcome_event(outcome, self.clock())])
        return outcome


def _short(exc: Exception) -> str:
    """An error message without the URL's query string (it may hold a token)."""
    text = str(exc)
    return text.split(": ", 1)[1] if isinstance(exc, FetchError) and ": " in text else text
