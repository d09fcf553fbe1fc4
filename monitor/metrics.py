"""Prometheus metrics of monitor, on a registry of their own (never the client's global default).

Two kinds:

- in-process instruments the daemon updates as it works (`Metrics`): fetch and extraction latency
  histograms and database lock waits;
- figures read from the log when a scrape comes (`LogSnapshot`, read from the events and
  projections by monitor.store.metrics_reads): polls by outcome, articles and events appended,
  alerts raised, delivered and failed per target, the outbox backlog, the last successful poll and
  failures in a row per feed; plus the spool's size, counted on disk.

`monitor serve` reads the log afresh on every scrape (a short read-only session); `monitor run`
serves the snapshot its writer took after its last drain, on its own port (`[metrics] port`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from monitor.errors import MonitorError, StoreError, StoreLockedError
from monitor.spool import Spool
from monitor.store import Session
from monitor.store.metrics_reads import LogSnapshot, read_snapshot

log = logging.getLogger(__name__)

FETCH_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0)
EXTRACTION_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def snapshot_families(snapshot: LogSnapshot) -> list[Metric]:
    """The snapshot as metric families. Pure."""
    events = CounterMetricFamily("monitor_events", "Events appended to the log, by type.", labels=["type"])
    for type_, count in sorted(snapshot.events.items()):
        events.add_metric([type_], count)
    articles = CounterMetricFamily("monitor_articles", "Article versions appended (article.extracted events).")
    articles.add_metric([], snapshot.events.get("article.extracted", 0))
    polls = CounterMetricFamily("monitor_polls", "Feed polls, by outcome (unchanged: a 304 or the same entries, "
                                "counted but not logged).", labels=["outcome"])
    for outcome, count in sorted(snapshot.polls.items()):
        polls.add_metric([outcome], count)
    raised = CounterMetricFamily("monitor_alerts_raised", "Alerts raised, by rule and watchlist.",
                                 labels=["rule", "watchlist"])
    for (rule, watchlist), count in sorted(snapshot.alerts_raised.items()):
        raised.add_metric([rule, watchlist], count)
    deliveries = CounterMetricFamily("monitor_alert_deliveries", "Delivery attempts, by target and outcome "
                                     "(delivered, failed, gave_up).", labels=["target", "outcome"])
    for (target, outcome), count in sorted(snapshot.deliveries.items()):
        deliveries.add_metric([target or "", outcome], count)
    backlog = GaugeMetricFamily("monitor_outbox_backlog", "Alerts not yet delivered to every target.")
    backlog.add_metric([], snapshot.backlog)
    success = GaugeMetricFamily("monitor_feed_last_success_timestamp_seconds",
                                "When a feed was last polled with success (Unix time).", labels=["feed"])
    for feed, stamp in sorted(snapshot.last_success.items()):
        success.add_metric([feed], stamp)
    failing = GaugeMetricFamily("monitor_feed_consecutive_failures", "Failed polls of a feed in a row.",
                                labels=["feed"])
    for feed, count in sorted(snapshot.failures.items()):
        failing.add_metric([feed], count)
    return [events, articles, polls, raised, deliveries, backlog, success, failing]


@dataclass(slots=True, eq=False)  # registered by identity
class LogCollector:
    """Yields the log's figures at scrape time: read afresh (`read`) or the latest recorded snapshot."""

    spool: Path | None = None
    read: Callable[[], LogSnapshot] | None = None
    on_locked: Callable[[], None] = lambda: None
    latest: LogSnapshot | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, snapshot: LogSnapshot) -> None:
        with self.lock:
            self.latest = snapshot

    def collect(self) -> Iterator[Metric]:
        if self.read is not None:
            try:
                self.record(self.read())
            except StoreLockedError:
                self.on_locked()
                log.info("metrics: the database is busy; serving the last figures read")
            except StoreError as exc:
                log.warning("metrics: cannot read the log: %s", exc)
        with self.lock:
            snapshot = self.latest
        if snapshot is not None:
            yield from snapshot_families(snapshot)
        if self.spool is not None:
            spooled = GaugeMetricFamily("monitor_spool_items", "Items in the spool, waiting to be written.")
            spooled.add_metric([], Spool(self.spool).count() if self.spool.exists() else 0)
            yield spooled


@dataclass(frozen=True, slots=True)
class Metrics:
    """The instruments and the registry that exposes them."""

    registry: CollectorRegistry
    fetch_seconds: Histogram
    extraction_seconds: Histogram
    lock_waits: Counter
    log: LogCollector

    @contextmanager
    def timing_fetch(self, kind: str) -> Iterator[None]:
        """Time one HTTP fetch: kind 'feed' or 'page'."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.fetch_seconds.labels(kind).observe(time.perf_counter() - started)

    @contextmanager
    def timing_extraction(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.extraction_seconds.observe(time.perf_counter() - started)

    def record_log(self, session: Session) -> None:
        """Take the log's figures now (the daemon's writer, after a drain, in its own session)."""
        self.log.record(read_snapshot(session))


def create_metrics(*, spool: Path | None = None, read: Callable[[], LogSnapshot] | None = None) -> Metrics:
    registry = CollectorRegistry()
    collector = LogCollector(spool=spool, read=read)
    registry.register(collector)  # first: a lock wait it meets shows in the same scrape
    fetch = Histogram("monitor_fetch_seconds", "Time to fetch one feed or page over HTTP.", ["kind"],
                      registry=registry, buckets=FETCH_BUCKETS)
    extraction = Histogram("monitor_extraction_seconds", "Time to extract, evaluate and append one article.",
                           registry=registry, buckets=EXTRACTION_BUCKETS)
    waits = Counter("monitor_database_lock_waits", "Tries to open the database that found it held by another "
                    "process (each is followed by a short wait and another try).", registry=registry)
    collector.on_locked = waits.inc
    return Metrics(registry, fetch, extraction, waits, collector)


def serve_metrics(metrics: Metrics, port: int, host: str = "127.0.0.1") -> None:
    """Expose the metrics on http://host:port/metrics from a background thread (for `monitor run`)."""
    try:
        start_http_server(port, addr=host, registry=metrics.registry)
    except OSError as exc:
        raise MonitorError(f"[metrics] port {port}: cannot listen on {host}:{port} ({exc.strerror or exc}); "
                           "choose a free port in config.toml, or remove [metrics] to serve none") from None
    log.info("metrics on http://%s:%d/metrics", host, port)
