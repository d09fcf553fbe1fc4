"""`monitor run`: the service. APScheduler polls each feed on its own schedule; the main thread
drains the spool into the log, delivers alerts, pings the watchdog and handles signals.

Signal handlers only set flags. TERM/INT: stop polling, write what is spooled, exit 0 within
10 s; a second TERM/INT: stop at once. HUP: reload config and watchlists and reschedule.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO

from monitor.config import Config, Feed, load_config
from monitor.errors import MonitorError, StoreError
from monitor.outbox import routes
from monitor.poller import FeedState, SeenEntries
from monitor.scheduling import FeedScheduler
from monitor.sdnotify import Notifier
from monitor.spool import Spool
from monitor.store import EventStore
from monitor.urls import redact
from monitor.watchlist import Watchlist
from monitor.writer import LogWriter

log = logging.getLogger(__name__)

STOP_WITHIN_SECONDS = 10.0
DRAIN_EVERY_SECONDS = 2.0
DELIVER_EVERY_SECONDS = 30.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def spool_folder(database: Path) -> Path:
    return database.with_name(database.name + ".spool")


def pid_path(database: Path) -> Path:
    return database.with_name(database.name + ".pid")


@dataclass(slots=True)
class Flags:
    stop: bool = False
    force: bool = False
    reload: bool = False
    wake: threading.Event = field(default_factory=threading.Event)

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            self.reload = True
        elif self.stop:
            self.force = True
        else:
            self.stop = True
        self.wake.set()


class PidLock:
    """An flock'ed PID file: held while a daemon runs on this database."""

    def __init__(self, path: Path):
        self.path = path
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise MonitorError(f"{self.path}: a daemon (PID {holder}) already runs on this database") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            self.path.unlink(missing_ok=True)
            self.handle.close()
            self.handle = None


def daemon_pid(database: Path) -> int | None:
    """The PID of a daemon running on this database, or None."""
    path = pid_path(database)
    if not path.exists():
        return None
    with path.open("r", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def load_known_state(store: EventStore, feeds: tuple[Feed, ...]) -> tuple[SeenEntries, dict[str, FeedState]]:
    """What earlier runs saw: feed entries processed, and each feed's validators and schedule."""
    seen = SeenEntries()
    states = {feed.url: FeedState(feed.url) for feed in feeds}
    if not store.path.exists():
        return seen, states
    with store.session() as session:
        for guid, entry_hash, url, feed_url in session.query(
                "SELECT payload->>'guid', payload->>'entry_hash', payload->>'url', payload->>'feed_url' FROM events "
                "WHERE type = 'article.extracted' AND (payload->>'source') = 'feed'").rows:
            seen.remember(feed_url or "", guid or url, entry_hash or "", url)
        for url, etag, modified, failures, next_at in session.query(
                "SELECT feed_url, etag, last_modified, consecutive_failures, next_poll_at FROM p_feeds").rows:
            if url in states:
                states[url] = FeedState(url, etag, modified, failures or 0,
                                        next_at.replace(tzinfo=UTC) if next_at else None)
    return seen, states


class Daemon:
    def __init__(self, config_path: Path, database: Path | None = None, *, clock: Callable[[], datetime] = utc_now,
                 notifier: Notifier | None = None, write: Callable[[str], None] = print):
        self.config_path = config_path
        self.database_override = database
        self.clock = clock
        self.notifier = notifier or Notifier()
        self.write = write
        self.flags = Flags()
        self.config: Config = load_config(config_path, database=database)
        self.watchlists: tuple[Watchlist, ...] = self.config.load_watchlists()
        self.store = EventStore(self.config.database, lock_timeout=30.0)
        self.spool = Spool(self.config.spool_dir or spool_folder(self.config.database),
                           min_free_bytes=self.config.min_free_bytes)
        self.pid_lock = PidLock(pid_path(self.config.database))
        self.scheduler: FeedScheduler | None = None
        self.writer = self._writer()

    def _writer(self) -> LogWriter:
        return LogWriter(self.store, self.spool, self.watchlists, self.config.alerts,
                         routes(self.config.alerts, self.write), self.clock, stopping=lambda: self.flags.force)

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.flags.on_signal)

    def run(self, *, once: bool = False) -> int:
        self.pid_lock.acquire()
        try:
            seen, states = load_known_state(self.store, self.config.feeds)
            self.scheduler = FeedScheduler(self.config, self.watchlists, self.spool, seen, states, self.clock,
                                           stopping=lambda: self.flags.stop, on_polled=self.flags.wake.set)
            if once:
                self.scheduler.poll_all_now()
                self.writer.drain()
                return 0
            return self._serve()
        finally:
            if self.scheduler is not None:
                self.scheduler.close()
            self.pid_lock.release()

    def _serve(self) -> int:
        assert self.scheduler is not None
        self.scheduler.start()
        self.writer.drain()
        self.notifier.ready(self._status_line())
        log.info("monitor running: %d feeds, database %s", len(self.config.feeds), self.config.database)
        last_delivery = time.monotonic()
        while not self.flags.stop:
            self.flags.wake.wait(self._tick_seconds())
            self.flags.wake.clear()
            if self.flags.reload:
                self._reload()
            deliver = time.monotonic() - last_delivery >= DELIVER_EVERY_SECONDS
            if self.spool.count() or deliver:
                self.writer.drain(deliver=True)
                last_delivery = time.monotonic()
            self.notifier.watchdog()
            self.notifier.status(self._status_line())
        return self._shutdown()

    def _tick_seconds(self) -> float:
        watchdog = self.notifier.watchdog_seconds
        return min(DRAIN_EVERY_SECONDS, watchdog / 2) if watchdog else DRAIN_EVERY_SECONDS

    def _shutdown(self) -> int:
        started = time.monotonic()
        self.notifier.stopping()
        log.info("stopping: finishing the article in hand")
        assert self.scheduler is not None
        self.scheduler.stop(deadline=started + STOP_WITHIN_SECONDS - 2.0, force=lambda: self.flags.force)
        if not self.flags.force:
            self.writer.drain(deliver=False)
        log.info("stopped in %.1f s", time.monotonic() - started)
        return 0

    def _reload(self) -> None:
        self.flags.reload = False
        try:
            config = load_config(self.config_path, database=self.database_override)
            watchlists = config.load_watchlists()
        except MonitorError as exc:
            log.error("reload refused, keeping the running configuration: %s", exc)
            return
        if config.database != self.config.database:
            log.warning("reload cannot move the database; restart to use %s", config.database)
        self.config, self.watchlists = config, watchlists
        self.writer = self._writer()
        assert self.scheduler is not None
        self.scheduler.reconfigure(config, watchlists)
        log.info("reloaded: %d feeds, %d watchlists", len(config.feeds), len(watchlists))
        self.notifier.status(f"reloaded: {len(config.feeds)} feeds")

    def _status_line(self) -> str:
        feeds = self.scheduler.states() if self.scheduler else {}
        failing = [redact(url) for url, state in feeds.items() if state.failures]
        text = f"{len(feeds)} feeds, {self.spool.count()} spooled"
        return text + (f", failing: {', '.join(failing[:3])}" if failing else "")


def run_daemon(config_path: Path, database: Path | None, *, once: bool, write: Callable[[str], None]) -> int:
    daemon = Daemon(config_path, database, write=write)
    if not once:
        daemon.install_signal_handlers()
    try:
        return daemon.run(once=once)
    except StoreError as exc:
        log.error("%s", exc)
        return 1
