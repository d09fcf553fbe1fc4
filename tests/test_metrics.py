"""Prometheus metrics: their own registry, figures read from a real log, the text format parsed back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from monitor.errors import StoreLockedError
from monitor.events import ALERT_DELIVERED, ALERT_FAILED, ALERT_RAISED, FEED_POLLED, make_event
from monitor.metrics import create_metrics
from monitor.spool import Spool
from monitor.store import EventStore
from monitor.store.metrics_reads import LogSnapshot, read_snapshot
from tests.payloads import full

T0 = datetime(2024, 11, 1, 8, tzinfo=UTC)


def _families(metrics_text: bytes) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(metrics_text.decode("utf-8")):
        for sample in family.samples:
            found.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def _log(path: Path) -> EventStore:
    store = EventStore(path)
    feed = "https://user:pw@feeds.example/rss?token=abc"
    polls = [make_event(FEED_POLLED, f"feed:{feed}", T0 + timedelta(minutes=i),
                        full(FEED_POLLED, {"feed_url": feed, "status": status, "consecutive_failures": failures,
                         "next_poll_at": None}), i)
             for i, (status, failures) in enumerate([("ok", 0), ("not_modified", 0), ("error", 1), ("error", 2)])]
    alerts = [make_event(ALERT_RAISED, f"alert:a{i}", T0, full(ALERT_RAISED, {"alert_id": f"a{i}", "rule": "new-figure",
                                                          "watchlist": "north-korea", "title": "t", "body": "b"}), i)
              for i in range(3)]
    outcomes = [make_event(ALERT_DELIVERED, "alert:a0", T0,
                           full(ALERT_DELIVERED, {"alert_id": "a0", "target": "chat", "status": "delivered"}), "chat"),
                make_event(ALERT_FAILED, "alert:a1", T0, full(ALERT_FAILED, {
                    "alert_id": "a1", "target": "chat", "status": "failed", "error": "HTTP 503"}), "chat", 1)]
    with store.session() as session:
        session.append([*polls, *alerts, *outcomes], T0)
    return store


def test_the_log_figures_are_read_and_parse_as_prometheus_text(tmp_path: Path) -> None:
    store = _log(tmp_path / "m.duckdb")
    spool = Spool(tmp_path / "spool")
    spool.put_events([make_event(FEED_POLLED, "feed:x", T0, full(FEED_POLLED, {"feed_url": "x", "status": "ok"}), "s")])

    def read() -> LogSnapshot:
        with store.session(read_only=True) as session:
            return read_snapshot(session)

    metrics = create_metrics(spool=tmp_path / "spool", read=read)
    with metrics.timing_fetch("feed"):
        pass
    with metrics.timing_extraction():
        pass
    found = _families(generate_latest(metrics.registry))
    assert found["monitor_polls_total"] == {(("outcome", "ok"),): 1, (("outcome", "not_modified"),): 1,
                                            (("outcome", "error"),): 2}
    assert found["monitor_events_total"][(("type", "feed.polled"),)] == 4
    assert found["monitor_events_total"][(("type", "alert.raised"),)] == 3
    assert found["monitor_alerts_raised_total"] == {(("rule", "new-figure"), ("watchlist", "north-korea")): 3}
    assert found["monitor_alert_deliveries_total"] == {(("outcome", "delivered"), ("target", "chat")): 1,
                                                       (("outcome", "failed"), ("target", "chat")): 1}
    assert found["monitor_outbox_backlog"] == {(): 2}  # a1 failed, a2 never tried
    # the feed by its redacted URL: no credentials, no query string (tokens live there)
    feed = (("feed", "https://feeds.example/rss"),)
    assert found["monitor_feed_last_success_timestamp_seconds"] == {feed: (T0 + timedelta(minutes=1)).timestamp()}
    assert found["monitor_feed_consecutive_failures"] == {feed: 2}
    assert found["monitor_spool_items"] == {(): 1}
    assert found["monitor_fetch_seconds_count"] == {(("kind", "feed"),): 1}
    assert found["monitor_extraction_seconds_count"] == {(): 1}
    assert found["monitor_database_lock_waits_total"] == {(): 0}
    assert not any("pw" in name or "abc" in str(labels) for name, labels in found.items())


def test_metrics_have_a_registry_of_their_own() -> None:
    before = {m.name for m in REGISTRY.collect()}
    metrics = create_metrics()
    metrics.fetch_seconds.labels("page").observe(0.2)
    assert metrics.registry is not REGISTRY
    assert not any(name.startswith("monitor_") for name in {m.name for m in REGISTRY.collect()} - before)
    text = generate_latest(metrics.registry).decode()
    assert "python_gc_objects_collected_total" not in text and "process_cpu_seconds_total" not in text
    create_metrics()  # a second set (a reload, a second app) does not clash


def test_a_held_database_counts_a_lock_wait_and_serves_the_last_figures(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    store = _log(path)
    reads = {"n": 0}

    def read() -> LogSnapshot:
        reads["n"] += 1
        if reads["n"] > 1:
            raise StoreLockedError(f"{path}: held by process 1")
        with store.session(read_only=True) as session:
            return read_snapshot(session)

    metrics = create_metrics(read=read)
    first = _families(generate_latest(metrics.registry))
    second = _families(generate_latest(metrics.registry))
    assert second["monitor_database_lock_waits_total"] == {(): 1}
    assert second["monitor_polls_total"] == first["monitor_polls_total"]


def test_the_daemon_records_a_snapshot_in_its_own_session(tmp_path: Path) -> None:
    store = _log(tmp_path / "m.duckdb")
    metrics = create_metrics()
    assert "monitor_polls_total" not in _families(generate_latest(metrics.registry))
    with store.session() as session:
        metrics.record_log(session)
    assert sum(_families(generate_latest(metrics.registry))["monitor_polls_total"].values()) == 4


def test_read_snapshot_of_an_empty_log(tmp_path: Path) -> None:
    with EventStore(tmp_path / "m.duckdb").session() as session:
        snapshot = read_snapshot(session)
    assert snapshot.events == {} and snapshot.backlog == 0 and snapshot.polls == {}


def test_a_database_that_cannot_be_opened_leaves_the_scrape_answering(tmp_path: Path) -> None:
    """In one process DuckDB refuses a read-only open beside a writer ("different configuration"):
    the scrape still answers, with the in-process instruments, and logs why the log was not read."""
    path = tmp_path / "m.duckdb"
    _log(path)
    holder = duckdb.connect(str(path))
    try:
        store = EventStore(path, lock_timeout=0.1)

        def read() -> LogSnapshot:
            with store.session(read_only=True) as session:
                return read_snapshot(session)

        found = _families(generate_latest(create_metrics(read=read).registry))
        assert "monitor_polls_total" not in found
        assert found["monitor_database_lock_waits_total"] == {(): 0}
    finally:
        holder.close()


def test_polls_kept_out_of_the_log_count_as_unchanged(tmp_path: Path) -> None:
    store = _log(tmp_path / "m.duckdb")
    feed = "https://user:pw@feeds.example/rss?token=abc"
    later = [make_event(FEED_POLLED, f"feed:{feed}", T0 + timedelta(hours=1, minutes=i),
                        full(FEED_POLLED, {"feed_url": feed, "status": "not_modified", "consecutive_failures": 0,
                         "next_poll_at": None}), "later", i) for i in range(3)]
    with store.session() as session:
        session.append(later, T0)
        logged = session.scalar("SELECT count(*) FROM events WHERE type = 'feed.polled'")
        snapshot = read_snapshot(session)
    assert logged == 5  # the first poll after the errors changed the feed; the two after it did not
    assert snapshot.polls == {"ok": 1, "not_modified": 2, "error": 2, "unchanged": 2}
    assert snapshot.last_success == {"https://feeds.example/rss": (T0 + timedelta(hours=1, minutes=2)).timestamp()}
    assert snapshot.failures == {"https://feeds.example/rss": 0}
