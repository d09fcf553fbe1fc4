"""APScheduler wiring: one job per feed, at most one poll of a feed at a time, missed runs
coalesced, the next run set from each poll's outcome (interval, backoff, Retry-After, ttl)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import Config, Feed
from monitor.events import stable_id
from monitor.fetch import Fetcher, make_client
from monitor.poller import FeedPoller, FeedState, Schedule, SeenEntries
from monitor.spool import Spool
from monitor.urls import redact
from monitor.watchlist import Watchlist
from monitor.workers import parsing_for

if TYPE_CHECKING:
    from monitor.metrics import Metrics

log = logging.getLogger(__name__)


def start_stagger(url: str, jitter: float) -> float:
    """A deterministic first delay per feed, so feeds do not all fire at start-up."""
    return (int(stable_id("stagger", url, length=8), 16) % 1000) / 1000 * min(jitter, 10.0)


def with_board_faults(states: dict[str, FeedState], faults: dict[str, dict[str, Any]],
                      now: datetime) -> dict[str, FeedState]:
    """Feed states with the failures the spool's fault board knows and the log may not (a full disk
    kept the outcome out of it): a restart then keeps the count and the backoff. Pure."""
    merged = dict(states)
    for url, state in states.items():
        fault = faults.get(redact(url))
        failures = fault.get("failures") if fault else None
        if not isinstance(failures, int) or failures <= state.failures:
            continue
        try:
            due = datetime.fromisoformat(str(fault.get("next_poll_at"))) if fault else None
        except ValueError:
            due = None
        merged[url] = replace(state, failures=failures,
                              next_poll_at=due if due is not None and due > now else state.next_poll_at)
    return merged


class FeedScheduler:
    def __init__(self, config: Config, watchlists: tuple[Watchlist, ...], spool: Spool, seen: SeenEntries,
                 states: dict[str, FeedState], clock: Callable[[], datetime], *,
                 stopping: Callable[[], bool], on_polled: Callable[[], None], metrics: Metrics | None = None):
        self.spool = spool
        self.seen = seen
        self.clock = clock
        self.stopping = stopping
        self.on_polled = on_polled
        self.metrics = metrics
        self._states = with_board_faults(states, spool.board().faults(), clock())
        self._lock = threading.Lock()
        self._running = 0
        self._idle = threading.Condition(self._lock)
        self.parsing = parsing_for(config.poll_workers)  # kept across reloads: a new count needs a restart
        self.scheduler = BackgroundScheduler(
            executors={"default": JobPool(config.poll_parallel)}, timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300})
        self._configure(config, watchlists)

    def _configure(self, config: Config, watchlists: tuple[Watchlist, ...]) -> None:
        self.config = config
        self.client = make_client(config.limits, allow_private=config.allow_private_addresses,
                                  user_agent=config.user_agent)
        fetcher = Fetcher(self.client, config.limits, allow_private=config.allow_private_addresses,
                          user_agent=config.user_agent, per_host=config.per_host)
        self.poller = FeedPoller(fetcher, self.spool, self.seen, watchlists, self.clock, self.stopping,
                                 metrics=self.metrics, parsing=self.parsing)
        self.feeds = {feed.url: feed for feed in config.feeds}
        for url in self.feeds:
            self._states.setdefault(url, FeedState(url))

    def interval(self, feed: Feed) -> float:
        return feed.interval_seconds or self.config.poll_interval_seconds

    def schedule(self, feed: Feed) -> Schedule:
        return Schedule(self.interval(feed), self.config.poll_jitter_seconds,
                        self.config.poll_retry_initial_seconds, self.config.poll_retry_max_seconds)

    def states(self) -> dict[str, FeedState]:
        with self._lock:
            return {url: self._states[url] for url in self.feeds}

    def start(self) -> None:
        for feed in self.feeds.values():
            self._add_job(feed)
        self.scheduler.start()

    def _add_job(self, feed: Feed) -> None:
        state = self._states[feed.url]
        now = self.clock()
        first = state.next_poll_at if state.next_poll_at and state.next_poll_at > now else \
            now + timedelta(seconds=start_stagger(feed.url, self.config.poll_jitter_seconds))
        self.scheduler.add_job(self._poll_job, IntervalTrigger(seconds=self.interval(feed), timezone="UTC"),
                               args=[feed.url], id=feed.url, name=redact(feed.url), next_run_time=first,
                               replace_existing=True)

    def _poll_job(self, url: str) -> None:
        feed = self.feeds.get(url)
        if feed is None or self.stopping():
            return
        with self._lock:
            self._running += 1
            state = self._states[url]
        try:
            outcome = self.poller.poll(state, self.schedule(feed))
            with self._lock:
                self._states[url] = outcome.state
            self._reschedule(url, outcome.state.next_poll_at)
        except Exception:  # one broken feed must never stop the others
            log.exception("polling %s failed unexpectedly", redact(url))
        finally:
            with self._lock:
                self._running -= 1
                self._idle.notify_all()
            self.on_polled()

    def _reschedule(self, url: str, when: datetime | None) -> None:
        if when is None or self.stopping() or not self.scheduler.running:
            return
        try:
            self.scheduler.modify_job(url, next_run_time=when)
        except JobLookupError:
            log.debug("feed %s was removed while it was polled", redact(url))

    def poll_all_now(self) -> None:
        """One cycle: every feed once, in parallel, then return (for `monitor poll --once`)."""
        with ThreadPoolExecutor(self.config.poll_parallel) as pool:
            list(pool.map(self._poll_job, list(self.feeds)))

    def reconfigure(self, config: Config, watchlists: tuple[Watchlist, ...]) -> None:
        for key, running, asked in (("poll.parallel", self.config.poll_parallel, config.poll_parallel),
                                    ("poll.workers", self.config.poll_workers, config.poll_workers)):
            if running != asked:
                log.warning("%s changed from %s to %s in %s: it applies at the next restart", key,
                            running, asked, config.path)
        old = set(self.feeds)
        previous_client = self.client
        self._configure(config, watchlists)
        for url in old - set(self.feeds):
            self.scheduler.remove_job(url)
        for url, feed in self.feeds.items():
            if url not in old:
                self._add_job(feed)
            else:
                self.scheduler.reschedule_job(url, trigger=IntervalTrigger(seconds=self.interval(feed), timezone="UTC"))
                self._reschedule(url, self._states[url].next_poll_at)
        previous_client.close()

    def stop(self, *, deadline: float, force: Callable[[], bool]) -> None:
        """Stop scheduling; wait for polls in hand until the deadline (or a second signal)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        with self._lock:
            while self._running and not force() and time.monotonic() < deadline:
                self._idle.wait(0.2)
            if self._running:
                log.warning("%d polls still running at shutdown; their results are dropped", self._running)

    def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.parsing.close()
        self.client.close()
