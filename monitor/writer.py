"""The writer: drains the spool into the event log and runs the outbox, holding the database
file only while it writes, so readers (`monitor sql`, the DuckDB CLI) can open it in between.

Spool items are written in short transactions, bounded by count and time (`MAX_ITEMS`,
`MAX_SECONDS`): consecutive event items go in as one set-based append, each article through the
pipeline (its rules read what the articles before it wrote). Files are removed only after their
transaction committed; a crash before that replays them, and the UNIQUE index on event ids turns
the replay into a no-op (`Session.careful`). `stopping()` is checked between transactions: the rest
stays spooled. Every `HOLD_SECONDS` the file is closed for a moment so readers get in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from monitor.config import AlertSettings
from monitor.derivation import DerivedWith, extractor_version, watchlists_fingerprint
from monitor.errors import StoreError, StoreLockedError
from monitor.events import Event
from monitor.outbox import Dispatcher, Route
from monitor.spool import Spool, SpoolItem
from monitor.store import DuplicateEventsError, EventStore, Session
from monitor.watchlist import Watchlist

if TYPE_CHECKING:
    from monitor.metrics import Metrics
    from monitor.pipeline import Pipeline

log = logging.getLogger(__name__)

MAX_ITEMS = 500  # spool items per transaction
MAX_SECONDS = 0.5  # a transaction takes no new item after this long
HOLD_SECONDS = 2.0  # the file is closed at least this often while a backlog drains...
YIELD_SECONDS = 0.1  # ...for this long, so a waiting reader gets it


@dataclass(frozen=True, slots=True)
class DrainReport:
    opened: bool
    articles: int = 0
    batches: int = 0
    alerts: int = 0
    waiting: int = 0
    error: str | None = None
    transactions: int = 0


@dataclass(slots=True)
class _SessionPipeline:
    """A session's pipeline, made at its first article: a drain of poll outcomes alone never imports the
    extractor, the rules and their lexicons (0.4 s of `monitor poll --once` on quiet feeds)."""

    make: Callable[[], Pipeline]
    made: Pipeline | None = None

    def get(self) -> Pipeline:
        if self.made is None:
            self.made = self.make()
        return self.made


@dataclass(slots=True)
class _Counts:
    articles: int = 0
    batches: int = 0
    alerts: int = 0
    transactions: int = 0
    broken: set[str] = field(default_factory=set)


class LogWriter:
    def __init__(self, store: EventStore, spool: Spool, watchlists: Sequence[Watchlist], alerts: AlertSettings,
                 routes: Sequence[Route], clock: Callable[[], datetime], stopping: Callable[[], bool] = lambda: False,
                 *, monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 metrics: Metrics | None = None, derived_with: DerivedWith | None = None):
        self.store = store
        self.spool = spool
        self.watchlists = tuple(watchlists)
        # what this writer's derivations are made with, read once (not per drain: it hashes the extractor's files)
        self.derived_with = derived_with or DerivedWith(extractor_version(), watchlists_fingerprint(self.watchlists))
        self.alerts = alerts
        self.routes = tuple(routes)
        self.clock = clock
        self.stopping = stopping
        self._monotonic = monotonic
        self._sleep = sleep
        self.metrics = metrics  # latency and the log's figures for /metrics

    def drain(self, *, deliver: bool = True) -> DrainReport:
        """Write every spooled item (in bounded transactions), then deliver due alerts.

        A database held by another process is not an error: items stay spooled for the next drain.
        """
        counts = _Counts()
        try:
            while True:
                with self.store.session(checkpoint_on_close=False) as session:
                    more = self._write(session, counts)
                    if not more and deliver and not self.stopping():
                        Dispatcher(session, self.alerts, self.routes, self.clock).dispatch()
                    if not more and self.metrics is not None:
                        self.metrics.record_log(session)
                if not more or self.stopping():
                    break
                self._sleep(YIELD_SECONDS)
        except StoreLockedError as exc:
            waiting = self.spool.count()
            log.info("database busy (%s); %d items wait in the spool", exc, waiting)
            return DrainReport(False, counts.articles, counts.batches, counts.alerts, waiting, str(exc),
                               counts.transactions)
        except StoreError as exc:
            waiting = self.spool.count()
            log.error("could not write the spool to the log: %s (%d items kept)", exc, waiting)
            return DrainReport(False, counts.articles, counts.batches, counts.alerts, waiting, str(exc),
                               counts.transactions)
        return DrainReport(True, counts.articles, counts.batches, counts.alerts, self.spool.count(),
                           transactions=counts.transactions)

    def _write(self, session: Session, counts: _Counts) -> bool:
        """Transactions until the spool is empty (False), or stopping or held long enough (True)."""
        pipeline = _SessionPipeline(lambda: self._pipeline(session))
        items = self.spool.pending()
        held_since = self._monotonic()
        while not self.stopping():
            taken = self._take(items)
            if not taken:
                return False
            self._commit(session, pipeline, taken, counts)
            if self._monotonic() - held_since >= HOLD_SECONDS:
                return True
        return True

    def _pipeline(self, session: Session) -> Pipeline:
        from monitor.pipeline import Pipeline

        return Pipeline(session, self.watchlists, self.clock, derived_with=self.derived_with)

    def _take(self, items: Iterator[SpoolItem]) -> list[SpoolItem]:
        """Up to MAX_ITEMS items, read from the spool before the transaction opens."""
        taken: list[SpoolItem] = []
        for item in items:
            taken.append(item)
            if len(taken) >= MAX_ITEMS:
                break
        return taken

    def _commit(self, session: Session, pipeline: _SessionPipeline, taken: list[SpoolItem], counts: _Counts) -> None:
        """Write `taken` in transactions of at most MAX_SECONDS each; remove each file once committed."""
        while taken:
            try:
                written = self._transaction(session, pipeline, taken, counts)
            except DuplicateEventsError:
                log.info("a spooled item was already in the log (a drain cut short?); writing again, carefully")
                session.careful = True
                try:
                    written = self._transaction(session, pipeline, taken, counts)
                finally:
                    session.careful = False
            counts.transactions += 1
            for item in taken[:written]:
                if str(item.path) not in counts.broken:
                    self.spool.done(item)
            taken = taken[written:]
            if taken and self.stopping():  # a stop leaves the rest of the batch in the spool
                return

    def _transaction(self, session: Session, pipeline: _SessionPipeline, taken: list[SpoolItem],
                     counts: _Counts) -> int:
        """One transaction over a prefix of `taken`; returns how many items it wrote."""
        started = self._monotonic()
        tally = _Counts(broken=counts.broken)
        events: list[Event] = []
        written = 0
        with session.transaction():
            for item in taken:
                if written and self._monotonic() - started >= MAX_SECONDS:
                    break
                written += 1
                if item.article is None:
                    events.extend(item.events)
                    tally.batches += 1
                    continue
                if events:
                    session.append(events, self.clock())
                    events = []
                self._article(pipeline, item, tally)
            if events:
                session.append(events, self.clock())
        counts.articles += tally.articles
        counts.batches += tally.batches
        counts.alerts += tally.alerts
        return written

    def _article(self, pipeline: _SessionPipeline, item: SpoolItem, tally: _Counts) -> None:
        assert item.article is not None
        if str(item.path) in tally.broken:
            return
        try:
            with self.metrics.timing_extraction() if self.metrics else nullcontext():
                outcome = pipeline.get().process(item.article)
        except StoreError:
            raise
        except Exception as exc:  # a bug on one article must not stop the daemon
            log.exception("processing %s failed", item.article.url)
            tally.broken.add(str(item.path))
            self.spool.quarantine(item, f"{type(exc).__name__}: {exc}")
            return
        tally.articles += 0 if outcome.duplicate else 1
        tally.alerts += len(outcome.alerts)
