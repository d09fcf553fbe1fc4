"""Polling one feed: conditional GET, new entries, watchlist pre-match, page fetch, spool.

The decisions (which entries are new, when to poll next, what the outcome event says) are pure
functions; `FeedPoller.poll` is the shell that performs the network calls and spools results.
The poller never opens the database: the writer drains the spool.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import TYPE_CHECKING

from monitor.errors import FetchError, RefusedError, StoreError
from monitor.event_schema import FeedPolled
from monitor.events import FEED_POLLED, Event, iso, make_event
from monitor.feeds import FeedEntry, ParsedFeed, next_poll_delay, plausible_date
from monitor.fetch import FeedResponse, Fetcher
from monitor.matching import match_watchlists
from monitor.sources import ArticleInput, limit_article
from monitor.spool import Spool
from monitor.urls import redact
from monitor.watchlist import Watchlist
from monitor.workers import InlineParsing, Parsing

if TYPE_CHECKING:
    from monitor.metrics import Metrics

log = logging.getLogger(__name__)
MIDNIGHT = dt_time(0, 0)
MAX_REASON_CHARS = 300


@dataclass(frozen=True, slots=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """What claiming one entry changed in SeenEntries, so it can be undone."""

    key: str
    entry: FeedEntry
    verdict: str  # new, changed, seen
    previous_hash: str | None
    added_url: bool
    added_hash: bool


def seen_key(feed_url: str, guid: str) -> str:
    """Entry ids are only unique within a feed: numeric GUIDs repeat across sites, and one article
    in two feeds of a site may carry the same GUID with different summaries."""
    return f"{feed_url}\n{guid}"


def _set_event() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


@dataclass(slots=True)
class SeenEntries:
    """What has been processed, by feed + entry id, canonical URL and content hash (thread-safe)."""

    guid_hashes: dict[str, str] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    loaded: threading.Event = field(default_factory=_set_event)
    unavailable: str | None = None

    @classmethod
    def loading(cls) -> SeenEntries:
        """Entries whose earlier runs are still being read: claims wait until `finish_loading()`."""
        seen = cls()
        seen.loaded.clear()
        return seen

    def finish_loading(self, error: str | None = None) -> None:
        """Everything earlier runs processed is remembered, or could not be read (`error`): then no entry is
        ever claimed, since taking one again would send its alerts twice."""
        self.unavailable = error
        self.loaded.set()

    def remember(self, feed_url: str, guid: str, entry_hash: str, url: str) -> None:
        """An entry processed by an earlier run."""
        with self.lock:
            self.guid_hashes[seen_key(feed_url, guid)] = entry_hash
            self.urls.add(url)
            if entry_hash:
                self.hashes.add(entry_hash)

    def claim(self, feed_url: str, entry: FeedEntry) -> Claim:
        """Verdict 'new', 'changed' (same id, new content) or 'seen'; a new or changed entry is
        remembered at once, so two feeds polled in parallel never both take the same article."""
        self.loaded.wait()
        if self.unavailable is not None:
            raise StoreError(f"the entries earlier runs took could not be read, so none is taken now: "
                             f"{self.unavailable}")
        key = seen_key(feed_url, entry.guid)
        with self.lock:
            known = self.guid_hashes.get(key)
            if known is not None:
                verdict = "seen" if known == entry.content_hash else "changed"
            elif entry.content_hash in self.hashes or entry.url in self.urls:
                verdict = "seen"
            else:
                verdict = "new"
            claim = Claim(key, entry, verdict, known, entry.url not in self.urls,
                          entry.content_hash not in self.hashes)
            self.guid_hashes[key] = entry.content_hash
            self.urls.add(entry.url)
            self.hashes.add(entry.content_hash)
            return claim

    def release(self, claims: Sequence[Claim]) -> None:
        """Undo claims whose entries were not durably spooled, so the next poll takes them again."""
        with self.lock:
            for claim in reversed(claims):
                if claim.previous_hash is None:
                    self.guid_hashes.pop(claim.key, None)
                else:
                    self.guid_hashes[claim.key] = claim.previous_hash
                if claim.added_url:
                    self.urls.discard(claim.entry.url)
                if claim.added_hash:
                    self.hashes.discard(claim.entry.content_hash)


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
    payload = FeedPolled(
        feed_url=state.url, status=outcome.status, http_status=outcome.http_status,
        consecutive_failures=state.failures, next_poll_at=iso(state.next_poll_at), etag=state.etag,
        last_modified=state.last_modified, entries=outcome.entries, new_entries=outcome.new_entries,
        matched=outcome.matched, spooled=outcome.spooled, refused=outcome.refused, error=outcome.error)
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


def select_entries(feed_url: str, entries: Sequence[FeedEntry], seen: SeenEntries,
                   watchlists: Sequence[Watchlist]) -> tuple[list[Claim], list[Claim]]:
    """(claims of entries to fetch, claims of every entry): new or changed entries whose title or
    summary names a watchlist are fetched; the rest never are."""
    claims = [seen.claim(feed_url, e) for e in entries]
    fresh = [c for c in claims if c.verdict != "seen"]
    return [c for c in fresh if match_watchlists([c.entry.title or "", c.entry.summary], watchlists)], claims


def published_date(page: datetime | None, feed: datetime | None, now: datetime) -> datetime | None:
    """The page's own date wins over the feed's, unless it is implausible or only a day (midnight)
    that the feed's date falls on. Pure."""
    if page is not None and not plausible_date(page, now):
        page = None
    if page is None or feed is None:
        return page or feed
    if page.time() == MIDNIGHT and timedelta(0) <= feed - page < timedelta(days=1):
        return feed
    return page


class FeedPoller:
    """Polls feeds. Every poll ends in a recorded outcome: any exception (fetch, parse, an entry,
    the spool) becomes a failed poll with its reason and backoff, spooled as feed.polled and put on
    the spool's fault board. An entry counts as seen, and the feed's ETag/Last-Modified move on,
    only once every entry taken was durably spooled."""

    def __init__(self, fetcher: Fetcher, spool: Spool, seen: SeenEntries, watchlists: Sequence[Watchlist],
                 clock: Callable[[], datetime], stopping: Callable[[], bool] = lambda: False,
                 metrics: Metrics | None = None, parsing: Parsing | None = None):
        self.fetcher = fetcher
        self.parsing = parsing or InlineParsing()  # where feeds are parsed and pages extracted (monitor/workers.py)
        self.metrics = metrics  # fetch latency for /metrics
        self.spool = spool
        self.seen = seen
        self.watchlists = tuple(watchlists)
        self.clock = clock
        self.stopping = stopping
        if spool is not None:
            spool.board()  # made now, while there is space

    def poll(self, state: FeedState, schedule: Schedule) -> PollOutcome:
        """One poll of one feed; every outcome (also a failure) is spooled as a feed.polled event."""
        try:
            outcome = self._poll(state, schedule)
        except Exception as exc:
            reason = _short(exc) if isinstance(exc, FetchError | StoreError) else f"{type(exc).__name__}: {exc}"
            reason = reason[:MAX_REASON_CHARS]
            log.warning("feed %s: %s", redact(state.url), reason)
            log.debug("feed %s failed", redact(state.url), exc_info=True)
            failed = next_state(state, None, self.clock(), schedule, ttl=None, failed=True)
            outcome = PollOutcome(failed, "error", None, error=reason)
        return self._record(outcome, schedule)

    def _poll(self, state: FeedState, schedule: Schedule) -> PollOutcome:
        with self.metrics.timing_fetch("feed") if self.metrics else nullcontext():
            response = self.fetcher.fetch_feed(state.url, state.etag, state.last_modified)
        if response.status in (429, 503) or response.status >= 400:
            failed = next_state(state, response, self.clock(), schedule, ttl=None, failed=True)
            return PollOutcome(replace(failed, etag=state.etag, last_modified=state.last_modified), "throttled",
                               response.status, error=f"HTTP {response.status}")
        if response.status == 304 or response.body is None:
            fresh = next_state(state, response, self.clock(), schedule, ttl=None, failed=False)
            return PollOutcome(fresh, "not_modified", response.status)
        parsed = self.parsing.parse_feed(response.body, response.url,
                                         {"Content-Type": response.content_type or ""}, self.clock())
        return self._entries(state, response, parsed, schedule)

    def _entries(self, state: FeedState, response: FeedResponse, parsed: ParsedFeed,
                 schedule: Schedule) -> PollOutcome:
        chosen, claims = select_entries(state.url, parsed.entries, self.seen, self.watchlists)
        fresh = sum(1 for c in claims if c.verdict != "seen")
        spooled, refused, broken = 0, list[str](), list[str]()
        done: set[str] = set()
        try:
            for claim in chosen:
                if self.stopping():
                    self.seen.release([c for c in claims if c.key not in done])
                    later = replace(state, next_poll_at=self.clock())
                    return PollOutcome(later, "interrupted", response.status, len(parsed.entries), fresh,
                                       len(chosen), spooled, tuple(refused), error="stopped before every entry")
                article = self._safe_article(claim.entry, state.url, parsed.title, refused, broken)
                if article is not None:
                    self.spool.put_article(article)
                    spooled += 1
                done.add(claim.key)
        except BaseException:
            self.seen.release([c for c in claims if c.key not in done])
            raise
        ok = next_state(state, response, self.clock(), schedule, ttl=parsed.ttl_seconds, failed=False)
        problems = [*broken, *([parsed.warning] if parsed.warning else [])]
        return PollOutcome(ok, "ok", response.status, len(parsed.entries), fresh, len(chosen), spooled,
                           tuple(refused), error="; ".join(problems)[:MAX_REASON_CHARS] or None)

    def _safe_article(self, entry: FeedEntry, feed_url: str, feed_title: str | None, refused: list[str],
                      broken: list[str]) -> ArticleInput | None:
        """_article, but an entry whose page breaks the extractor is skipped with its reason, not retried."""
        try:
            return self._article(entry, feed_url, feed_title, refused)
        except (StoreError, MemoryError):
            raise
        except Exception as exc:
            log.warning("entry %s skipped: %s: %s", redact(entry.url), type(exc).__name__, exc)
            broken.append(f"entry {redact(entry.url)} skipped ({type(exc).__name__})")
            return None

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
            with self.metrics.timing_fetch("page") if self.metrics else nullcontext():
                page = self.fetcher.fetch_page(entry.url)
        except RefusedError as exc:
            log.warning("refused to fetch %s: %s", redact(entry.url), _short(exc))
            refused.append(redact(entry.url))
            return None
        except FetchError as exc:
            log.info("page %s unavailable (%s); using the feed's summary", redact(entry.url), _short(exc))
            return base if entry.summary.strip() else None
        content = self.parsing.extract_page(page.text, page.url)
        if content is None:
            return base if entry.summary.strip() else None
        published = published_date(content.published_at, entry.published, self.clock())
        return replace(base, text=content.text, title=content.title or entry.title, lang=content.lang,
                       outlet=content.outlet or feed_title, published_at=published, from_summary=False)

    def _record(self, outcome: PollOutcome, schedule: Schedule) -> PollOutcome:
        """Spool the outcome; when even that fails (disk full), the poll fails with backoff. The
        fault board gets every failure and clears on success."""
        now = self.clock()
        try:
            self.spool.put_events([outcome_event(outcome, now)])
        except StoreError as exc:
            reason = f"outcome not recorded: {exc}"[:MAX_REASON_CHARS]
            log.error("feed %s: %s", redact(outcome.state.url), reason)
            failed = outcome.state if outcome.status in ("error", "throttled") else \
                next_state(outcome.state, None, now, schedule, ttl=None, failed=True)
            outcome = replace(outcome, state=failed, status="error",
                              error="; ".join(e for e in (outcome.error, reason) if e)[:MAX_REASON_CHARS])
        board = self.spool.board()
        if outcome.status in ("error", "throttled"):
            board.set(redact(outcome.state.url), {
                "status": outcome.status, "error": outcome.error, "failures": outcome.state.failures,
                "at": iso(now), "next_poll_at": iso(outcome.state.next_poll_at)})
        else:
            board.clear(redact(outcome.state.url))
        return outcome


def _short(exc: Exception) -> str:
    """An error message without the URL's query string (it may hold a token)."""
    text = str(exc)
    return text.split(": ", 1)[1] if isinstance(exc, FetchError) and ": " in text else text
