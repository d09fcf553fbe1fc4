"""The batched writer: bounded transactions, stopping between them, exactly once after a cut-short
drain, and feed polls that change nothing kept out of the log."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from monitor.config import AlertSettings
from monitor.events import FEED_POLLED, Event, iso, make_event
from monitor.spool import Spool
from monitor.store import EventStore
from monitor.writer import MAX_ITEMS, LogWriter
from tests.payloads import full

T0 = datetime(2024, 10, 21, tzinfo=UTC)


def poll(url: str, at: datetime, *, status: str = "not_modified", etag: str | None = '"v1"',
         new_entries: int = 0, failures: int = 0) -> Event:
    payload = {"feed_url": url, "status": status, "http_status": 304 if status == "not_modified" else 200,
               "consecutive_failures": failures, "next_poll_at": iso(at + timedelta(minutes=15)), "etag": etag,
               "last_modified": None, "entries": 0, "new_entries": new_entries, "matched": 0, "spooled": 0,
               "refused": [], "error": None if failures == 0 else "HTTP 500"}
    return make_event(FEED_POLLED, f"feed:{url}", at, full(FEED_POLLED, payload), iso(at))


def writer(tmp_path: Path, stopping: Callable[[], bool] = lambda: False) -> LogWriter:
    return LogWriter(EventStore(tmp_path / "log.duckdb"), Spool(tmp_path / "spool"), (),
                     AlertSettings(console=False), (), lambda: T0, stopping)


def spool_polls(spool: Spool, count: int, first: int = 0) -> None:
    for index in range(first, first + count):  # every feed polled once, each poll a change (a first poll)
        spool.put_events([poll(f"https://f{index}.example/feed.xml", T0, status="ok")])


def count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_a_backlog_is_written_in_few_bounded_transactions(tmp_path: Path) -> None:
    log_writer = writer(tmp_path)
    spool_polls(log_writer.spool, 2 * MAX_ITEMS + 200)
    report = log_writer.drain()
    assert report.opened and report.batches == 2 * MAX_ITEMS + 200
    assert report.transactions == 3  # not one per spool file
    assert log_writer.spool.count() == 0
    assert count(tmp_path / "log.duckdb", "SELECT count(*) FROM events") == 2 * MAX_ITEMS + 200
    assert count(tmp_path / "log.duckdb", "SELECT count(*) FROM feeds") == 2 * MAX_ITEMS + 200


def test_stopping_is_checked_between_transactions_and_the_rest_stays_spooled(tmp_path: Path) -> None:
    calls: list[int] = []

    def stopping() -> bool:  # asked before each transaction: true after the first
        calls.append(1)
        return len(calls) > 1

    log_writer = writer(tmp_path, stopping)
    spool_polls(log_writer.spool, 2 * MAX_ITEMS + 200)
    report = log_writer.drain(deliver=False)
    assert report.transactions == 1 and report.batches == MAX_ITEMS
    assert log_writer.spool.count() == MAX_ITEMS + 200
    again = writer(tmp_path).drain(deliver=False)  # the next drain writes the rest, once
    assert again.batches == MAX_ITEMS + 200
    assert count(tmp_path / "log.duckdb", "SELECT count(*) FROM events") == 2 * MAX_ITEMS + 200


def test_a_drain_cut_short_after_its_commit_writes_nothing_twice(tmp_path: Path) -> None:
    log_writer = writer(tmp_path)
    spool_polls(log_writer.spool, 30)
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / "spool", copy)
    log_writer.drain()
    before = count(tmp_path / "log.duckdb", "SELECT count(*) FROM events")
    for path in copy.glob("*.json"):  # as if killed between the commit and removing the files
        shutil.copy(path, tmp_path / "spool" / path.name)
    spool_polls(log_writer.spool, 5, first=30)  # ...with new items behind them, in the same transaction
    report = log_writer.drain()
    assert report.opened and log_writer.spool.count() == 0
    db = tmp_path / "log.duckdb"
    assert count(db, "SELECT count(*) FROM events") == before + 5
    assert count(db, "SELECT count(*) - count(DISTINCT event_id) FROM events") == 0
    assert count(db, "SELECT max(seq) - count(*) FROM events") == 0  # no gaps either


def test_polls_that_change_nothing_move_the_feed_row_not_the_log(tmp_path: Path) -> None:
    log_writer = writer(tmp_path)
    url = "https://f.example/feed.xml"
    log_writer.spool.put_events([poll(url, T0, status="ok", new_entries=3)])
    log_writer.drain()
    for minute in range(1, 11):  # ten 304s with the same validator, over two drains
        log_writer.spool.put_events([poll(url, T0 + timedelta(minutes=15 * minute))])
        if minute == 5:
            log_writer.drain()
    log_writer.drain()
    db = tmp_path / "log.duckdb"
    # the first 304 changed the status (ok -> not_modified): logged; the nine after it: not
    assert count(db, f"SELECT count(*) FROM events WHERE type = '{FEED_POLLED}'") == 2
    assert count(db, "SELECT polls FROM feed_heartbeats") == 9
    last = T0 + timedelta(minutes=150)
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT last_polled_at, last_status, next_poll_at FROM feeds").fetchone()
    assert row == (last.replace(tzinfo=None), "not_modified", (last + timedelta(minutes=15)).replace(tzinfo=None))
    log_writer.spool.put_events([poll(url, last + timedelta(minutes=15), etag='"v2"')])  # a new validator
    log_writer.spool.put_events([poll(url, last + timedelta(minutes=30), failures=1, status="error")])
    log_writer.drain()
    assert count(db, f"SELECT count(*) FROM events WHERE type = '{FEED_POLLED}'") == 4


def test_rebuild_keeps_the_latest_quiet_poll(tmp_path: Path) -> None:
    log_writer = writer(tmp_path)
    url = "https://f.example/feed.xml"
    for minute in range(4):
        log_writer.spool.put_events([poll(url, T0 + timedelta(minutes=minute))])
    log_writer.drain()
    store = EventStore(tmp_path / "log.duckdb")
    with store.session() as session:
        before = session.query("SELECT * FROM feeds").rows
        session.rebuild()
        assert session.query("SELECT * FROM feeds").rows == before
    assert before[0][1] == (T0 + timedelta(minutes=3)).replace(tzinfo=None)
