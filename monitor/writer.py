"""The writer: drains the spool into the event log and runs the outbox, holding the database
file only while it writes, so readers (`monitor sql`, the DuckDB CLI) can open it in between."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.config import AlertSettings
from monitor.errors import StoreError, StoreLockedError
from monitor.outbox import Dispatcher, Route
from monitor.pipeline import Pipeline
from monitor.spool import Spool
from monitor.store import EventStore, Session
from monitor.watchlist import Watchlist

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DrainReport:
    opened: bool
    articles: int = 0
    batches: int = 0
    alerts: int = 0
    waiting: int = 0
    error: str | None = None


class LogWriter:
    def __init__(self, store: EventStore, spool: Spool, watchlists: Sequence[Watchlist], alerts: AlertSettings,
                 routes: Sequence[Route], clock: Callable[[], datetime], stopping: Callable[[], bool] = lambda: False):
        self.store = store
        self.spool = spool
        self.watchlists = tuple(watchlists)
        self.alerts = alerts
        self.routes = tuple(routes)
        self.clock = clock
        self.stopping = stopping

    def drain(self, *, deliver: bool = True) -> DrainReport:
        """Write every spooled item (one transaction each), then deliver due alerts.

        A database held by another process is not an error: items stay spooled for the next drain.
        """
        try:
            with self.store.session() as session:
                articles, batches, alerts = self._write(session)
                if deliver and not self.stopping():
                    Dispatcher(session, self.alerts, self.routes, self.clock).dispatch()
        except StoreLockedError as exc:
            waiting = self.spool.count()
            log.info("database busy (%s); %d items wait in the spool", exc, waiting)
            return DrainReport(False, waiting=waiting, error=str(exc))
        except StoreError as exc:
            waiting = self.spool.count()
            log.error("could not write the spool to the log: %s (%d items kept)", exc, waiting)
            return DrainReport(False, waiting=waiting, error=str(exc))
        return DrainReport(True, articles, batches, alerts, self.spool.count())

    def _write(self, session: Session) -> tuple[int, int, int]:
        pipeline = Pipeline(session, self.watchlists, self.clock)
        articles = batches = alerts = 0
        for item in self.spool.pending():
            if item.article is not None:
                try:
                    outcome = pipeline.process(item.article)
                except StoreError:
                    raise
                except Exception as exc:  # a bug on one article must not stop the daemon
                    log.exception("processing %s failed", item.article.url)
                    self.spool.quarantine(item, f"{type(exc).__name__}: {exc}")
                    continue
                articles += 0 if outcome.duplicate else 1
                alerts += len(outcome.alerts)
            else:
                session.append(list(item.events), self.clock())
                batches += 1
            self.spool.done(item)
            if self.stopping():
                break
        return articles, batches, alerts
