"""`monitor run`: the service. APScheduler polls each feed on its own schedule; one writer thread
drains the spool into the log and delivers alerts; the main thread handles signals, reloads and
pings the watchdog, so a long article or a reader holding the database never silences the pings.

Signal handlers only set flags. TERM/INT: stop polling, write what is spooled for a few seconds
more, leave the rest in the spool and exit 0 within STOP_WITHIN_SECONDS (the unit gives 15 s); a
wait for the database lock gives up then too. A second TERM/INT: stop at once. HUP: reload config
and watchlists, validated as at start; a bad one is refused and logged, the running one stays.
The watchdog is pinged while the writer makes progress (between items and transactions); a writer
stuck on one item for STALL_SECONDS is taken for hung: the pings stop and systemd restarts us.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING

from monitor.config import Config, check_watchlist_references, load_config
from monitor.errors import MonitorError, StoreError, StoreLockedError
from monitor.known_state import load_feed_states, load_known_state, load_seen_entries
from monitor.outbox import routes
from monitor.poller import SeenEntries
from monitor.reextract import check_derivations
from monitor.scheduling import FeedScheduler
from monitor.sdnotify import Notifier
from monitor.spool import Spool
from monitor.store import EventStore
from monitor.urls import redact
from monitor.watchlist import Watchlist
from monitor.writer import LogWriter

if TYPE_CHECKING:
    from monitor.metrics import Metrics

log = logging.getLogger(__name__)

STOP_WITHIN_SECONDS = 10.0  # from the first TERM to exit; the unit's TimeoutStopSec is 15 s
POLLS_FOR_SECONDS = 6.0  # after TERM, polls in hand may finish this long
WRITES_FOR_SECONDS = 2.0  # after TERM, the writer takes new items (and waits for the lock) this long
STALL_SECONDS = 300.0  # no progress of the writer for this long: hung, watchdog pings stop
DRAIN_EVERY_SECONDS = 2.0
DELIVER_EVERY_SECONDS = 30.0
ONCE_DRAIN_SECONDS = 2.0  # `poll --once` writes what its polls spooled this often while they run: each drain
# opens the file and commits, so every 0.5 s made the 5 %-matching cycle ~15 % slower (bench_matchcycle)


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
    stop_requested_at: float | None = None  # time.monotonic() of the first TERM/INT

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            self.reload = True
        elif self.stop:
            self.force = True
        else:
            self.stop_requested_at = time.monotonic()
            self.stop = True
        self.wake.set()

    def stopping_for(self, seconds: float) -> bool:
        """A stop was asked at least `seconds` ago (or a second signal came)."""
        asked = self.stop_requested_at
        return self.force or (asked is not None and time.monotonic() - asked >= seconds)


class WriterThread:
    """One thread that runs the writer's drains, one at a time, and tells whether the drain in hand
    still makes progress (`progress()` is called between its items)."""

    def __init__(self, *, stall_seconds: float = STALL_SECONDS):
        self.stall_seconds = stall_seconds
        self._work: Callable[[], object] | None = None
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._progress_at: float | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="monitor-writer", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], object]) -> bool:
        """Start `work` unless a drain is still running (then it will see the new items itself)."""
        if not self._idle.is_set() or self._closed:
            return False
        self._idle.clear()
        self._work = work
        self._wake.set()
        return True

    def progress(self) -> None:
        if self._progress_at is not None:
            self._progress_at = time.monotonic()

    def stalled(self) -> bool:
        since = self._progress_at
        return since is not None and time.monotonic() - since > self.stall_seconds

    def wait_idle(self, timeout: float) -> bool:
        return self._idle.wait(max(0.0, timeout))

    def close(self) -> None:
        self._closed = True
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            work, self._work = self._work, None
            if work is None:
                if self._closed:
                    return
                continue
            self._progress_at = time.monotonic()
            try:
                work()
            except Exception:  # the writer reports its own errors; a bug must not end the thread
                log.exception("writing the spool failed unexpectedly; the items stay spooled")
            finally:
                self._progress_at = None
                self._idle.set()


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
        check_watchlist_references(self.config, self.watchlists)
        self.store = EventStore(self.config.database, lock_timeout=30.0, sleep=self._lock_wait)
        self.spool = Spool(self.config.spool_dir or spool_folder(self.config.database),
                           min_free_bytes=self.config.min_free_bytes)
        self.pid_lock = PidLock(pid_path(self.config.database))
        self.scheduler: FeedScheduler | None = None
        self.background: WriterThread | None = None
        self._stall_logged = False
        self.exit_code = 0  # what `monitor run` exits with after a stop: 1 when the daemon stopped itself
        # [metrics] port: Prometheus metrics on 127.0.0.1 (monitor.metrics), served from _serve
        self.metrics: Metrics | None = None
        if self.config.metrics_port:
            from monitor.metrics import create_metrics  # prometheus_client only where metrics are served

            self.metrics = create_metrics(spool=self.spool.folder)
        self.writer = self._writer()

    def _writer(self) -> LogWriter:
        return LogWriter(self.store, self.spool, self.watchlists, self.config.alerts,
                         routes(self.config.alerts, self.write), self.clock, stopping=self._writer_stopping,
                         metrics=self.metrics)

    def _check_derivations(self) -> None:
        check_derivations(self.store, self.watchlists, self.writer.derived_with, self.clock,
                          reextract_on_change=self.config.reextract_on_change, config_path=self.config_path)

    def _writer_stopping(self) -> bool:
        """Asked by the writer between items: also its sign of progress for the watchdog."""
        if self.background is not None:
            self.background.progress()
        return self.flags.stopping_for(WRITES_FOR_SECONDS)

    def _lock_wait(self, seconds: float) -> None:
        """The store's sleep between tries to open a file another process holds: gives up on stop."""
        if self.flags.stopping_for(WRITES_FOR_SECONDS):
            raise StoreLockedError(f"{self.config.database}: still held by another process at shutdown; "
                                   "the spooled items are written at the next start")
        if self.metrics is not None:
            self.metrics.lock_waits.inc()
        time.sleep(seconds)

    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.flags.on_signal)

    def run(self, *, once: bool = False) -> int:
        self.pid_lock.acquire()
        try:
            if once:
                seen, states = load_known_state(self.store, self.config.feeds)
            else:  # the entries are read by the writer thread first thing (_serve): start-up stays flat
                seen, states = SeenEntries.loading(), load_feed_states(self.store, self.config.feeds)
            self._check_derivations()
            self.scheduler = FeedScheduler(self.config, self.watchlists, self.spool, seen, states, self.clock,
                                           stopping=lambda: self.flags.stop, on_polled=self.flags.wake.set,
                                           metrics=self.metrics)
            if once:
                self._poll_once_while_writing()
                self.writer.drain()
                return 0
            return self._serve(seen)
        finally:
            if self.scheduler is not None:
                self.scheduler.close()
            self.pid_lock.release()

    def _poll_once_while_writing(self) -> None:
        """`poll --once`: the cycle's polls run in a thread of their own while this one writes what they
        have spooled so far (alerts are delivered by the last drain, after every poll)."""
        scheduler = self.scheduler
        assert scheduler is not None
        done = threading.Event()
        failed: list[BaseException] = []

        def polls() -> None:
            try:
                scheduler.poll_all_now()
            except BaseException as exc:  # re-raised in the calling thread
                failed.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=polls, name="poll-once", daemon=True)
        thread.start()
        while not done.wait(ONCE_DRAIN_SECONDS):
            if self.spool.count() and not self.flags.stop:
                self.writer.drain(deliver=False)
        thread.join()
        if failed:
            raise failed[0]

    def _serve(self, seen: SeenEntries) -> int:
        assert self.scheduler is not None
        self.background = WriterThread()
        if self.metrics is not None and self.config.metrics_port:
            from monitor.metrics import serve_metrics

            serve_metrics(self.metrics, self.config.metrics_port)
        self.scheduler.start()
        writer = self.writer
        # first the entries earlier runs took (polls wait for them), then what an earlier run left in the spool
        self.background.submit(lambda: self._load_seen(seen) and writer.drain(deliver=True))
        self.notifier.ready(self._status_line())
        log.info("monitor running: %d feeds, database %s", len(self.config.feeds), self.config.database)
        last_delivery = time.monotonic()
        while not self.flags.stop:
            self.flags.wake.wait(self._tick_seconds())
            self.flags.wake.clear()
            if self.flags.reload:
                self._reload()
            deliver = time.monotonic() - last_delivery >= DELIVER_EVERY_SECONDS
            if (self.spool.count() or deliver) and self._drain(deliver=True):
                last_delivery = time.monotonic()
            self._ping()
        return self._shutdown()

    def _load_seen(self, seen: SeenEntries) -> bool:
        try:
            load_seen_entries(self.store, len(self.config.feeds), seen)
            return True
        except Exception as exc:  # not only MonitorError: `seen` now refuses every claim, so the daemon must stop
            log.error("%s; stopping, since without them every entry in the feeds would be taken (and alerted) "
                      "again. Check the file, then restart the service", exc)
            self.exit_code = 1
            self.flags.stop = True
            self.flags.wake.set()
            return False

    def _drain(self, *, deliver: bool) -> bool:
        """Hand one drain to the writer thread; False when the one before still runs."""
        assert self.background is not None
        writer = self.writer
        return self.background.submit(lambda: writer.drain(deliver=deliver))

    def _ping(self) -> None:
        assert self.background is not None
        if not self.background.stalled():
            self.notifier.watchdog()
        elif not self._stall_logged:
            self._stall_logged = True
            log.error("the writer has made no progress for %.0f s; watchdog pings stop so that systemd "
                      "restarts the service (the spooled items stay)", self.background.stall_seconds)
        self.notifier.status(self._status_line())

    def _tick_seconds(self) -> float:
        watchdog = self.notifier.watchdog_seconds
        return min(DRAIN_EVERY_SECONDS, watchdog / 2) if watchdog else DRAIN_EVERY_SECONDS

    def _shutdown(self) -> int:
        started = self.flags.stop_requested_at or time.monotonic()
        self.notifier.stopping()
        log.info("stopping: finishing the article in hand")
        assert self.scheduler is not None and self.background is not None
        self.scheduler.stop(deadline=started + POLLS_FOR_SECONDS, force=lambda: self.flags.force)
        if self._writer_idle_by(started + WRITES_FOR_SECONDS) and not self.flags.force:
            self._drain(deliver=False)  # what the last polls spooled
        if not self._writer_idle_by(started + STOP_WITHIN_SECONDS - 0.5):
            log.warning("stopping with an item still being written; it and the rest stay in the spool")
        self.background.close()
        log.info("stopped in %.1f s; %d items wait in the spool", time.monotonic() - started, self.spool.count())
        return self.exit_code

    def _writer_idle_by(self, deadline: float) -> bool:
        """Wait for the writer's drain in hand until the deadline or a second signal; True when idle."""
        assert self.background is not None
        while not self.flags.force and time.monotonic() < deadline:
            if self.background.wait_idle(min(0.1, deadline - time.monotonic())):
                return True
        return self.background.wait_idle(0)

    def _reload(self) -> None:
        self.flags.reload = False
        try:
            config = load_config(self.config_path, database=self.database_override)
            watchlists = config.load_watchlists()
            check_watchlist_references(config, watchlists)
        except MonitorError as exc:
            log.error("reload refused, keeping the running configuration: %s", exc)
            return
        if config.database != self.config.database:
            log.warning("reload cannot move the database; restart to use %s", config.database)
            config = replace(config, database=self.config.database)
        assert self.scheduler is not None
        try:
            self.scheduler.reconfigure(config, watchlists)
        except Exception:  # a scheduler that refuses the new schedule must not end the daemon
            log.exception("reload failed while rescheduling the feeds; restart the service to apply %s",
                          self.config_path)
            return
        self.config, self.watchlists = config, watchlists
        self.writer = self._writer()
        if self.background is None or not self.background.submit(self._check_derivations):
            log.warning("the writer is busy: the log's derivations are checked at the next reload or start")
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
