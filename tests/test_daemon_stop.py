"""The daemon stops in time and keeps its watchdog fed under load (issue 12, points 4 and 5):

- a SIGHUP to a config with a negative, nan or huge interval is refused; the daemon stays up and keeps
  polling on the old schedule, with flat memory;
- SIGTERM with 120 items spooled and a reader holding the DuckDB file exits within the unit's stop
  timeout (15 s), leaving the rest in the spool; a later run writes every item once;
- watchdog pings keep coming while the writer waits for the file (writer work is off the main loop).
"""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from monitor.daemon import WriterThread
from monitor.feedserver import FeedServer, seed_items
from monitor.sources import ArticleInput
from monitor.spool import Spool
from monitor.store import EventStore

from .conftest import SEEDS
from .test_daemon import Running, articles, query, wait_for, write_config

UNIT_STOP_TIMEOUT = 15.0
ITEMS = seed_items(SEEDS)


@pytest.fixture
def start() -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def run(config: Path, env: dict[str, str] | None = None) -> Running:
        started.append(Running(config, env))
        return started[-1]

    yield run
    for running in started:
        if running.process.poll() is None:
            running.stop()


class NotifySocket:
    """A datagram socket standing in for systemd's NOTIFY_SOCKET: every message with its arrival time."""

    def __init__(self, folder: Path):
        self.address = str(folder / "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.address)
        self.sock.settimeout(0.2)
        self.messages: list[tuple[float, str]] = []
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()

    def _receive(self) -> None:
        while not self.closed.is_set():
            try:
                self.messages.append((time.monotonic(), self.sock.recv(4096).decode()))
            except TimeoutError:
                continue
            except OSError:
                return

    def env(self, watchdog_seconds: float) -> dict[str, str]:
        return {"NOTIFY_SOCKET": self.address, "WATCHDOG_USEC": str(int(watchdog_seconds * 1_000_000))}

    def times(self, text: str) -> list[float]:
        return [at for at, message in list(self.messages) if text in message]

    def close(self) -> None:
        self.closed.set()
        self.thread.join(2)
        self.sock.close()


def fill_spool(folder: Path, count: int, *, start: int = 0) -> list[str]:
    """`count` distinct articles (seed texts under their own URL and first line), as a poller spools them."""
    spool = Spool(folder / "monitor.duckdb.spool")
    texts = sorted(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    urls = []
    published = datetime(2024, 10, 28, tzinfo=UTC)
    for index in range(start, start + count):
        url = f"http://127.0.0.1:9/backlog/{index}"
        text = f"Backlog item {index}.\n\n{texts[index % len(texts)]}"
        spool.put_article(ArticleInput(url=url, text=text, title=f"Backlog {index}", outlet="Backlog", lang=None,
                                       published_at=published + timedelta(minutes=index), source="feed",
                                       feed_url="http://127.0.0.1:9/feed.xml", guid=url, entry_hash=str(index)))
        urls.append(url)
    return urls


def make_database(folder: Path) -> Path:
    db = folder / "monitor.duckdb"
    with EventStore(db).session():
        pass
    return db


def spooled(folder: Path) -> int:
    return len(list((folder / "monitor.duckdb.spool").glob("*.json")))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_a_reload_with_a_bad_interval_is_refused_and_polling_goes_on(tmp_path: Path,
                                                                      start: Callable[..., Running]) -> None:
    server = FeedServer().start()
    server.publish(ITEMS[0])
    try:
        config = write_config(tmp_path, [server.feed_url], interval=1.0)
        running = start(config)
        wait_for(lambda: articles(running.db) == 1, 30, "the first article", running)
        good = config.read_text(encoding="utf-8")
        for bad in ("-1", "nan", "inf", "1e300", "0"):
            config.write_text(good + f"interval_seconds = {bad}\n", encoding="utf-8")  # the feed's own interval
            polls = len(server.requests)
            memory = rss_kib(running.process.pid)
            running.process.send_signal(signal.SIGHUP)
            wait_for(lambda bad=bad: running.output().count("reload refused") >= 1 + ("-1", "nan", "inf", "1e300",
                                                                                        "0").index(bad),
                     10, f"the refusal of interval {bad}", running)
            wait_for(lambda polls=polls: len(server.requests) >= polls + 2, 10, "polls on the old schedule", running)
            assert running.process.poll() is None
            assert rss_kib(running.process.pid) < memory + 50_000  # KiB: no runaway scheduling
        output = running.output()
        assert "feeds[0].interval_seconds: expected a number of seconds" in output
        assert "keeping the running configuration" in output
        code, took = running.stop()
        assert code == 0 and took < 10.0, running.output()
    finally:
        server.close()


@pytest.mark.slow
def test_sigterm_with_a_backlog_and_a_reader_holding_the_file_stops_in_time(tmp_path: Path,
                                                                         start: Callable[..., Running]) -> None:
    config = write_config(tmp_path, [], interval=60.0)
    db = make_database(tmp_path)
    urls = fill_spool(tmp_path, 120)
    notify = NotifySocket(tmp_path)
    try:
        with duckdb.connect(str(db), read_only=True) as reader:  # a notebook left open on the log
            running = start(config, notify.env(10.0))
            wait_for(lambda: bool(notify.times("READY=1")), 30, "READY=1 while the file is held", running)
            time.sleep(1.0)  # the writer is now waiting for the lock
            code, took = running.stop(timeout=60)
            assert reader.execute("SELECT count(*) FROM events").fetchone() == (0,)
        assert code == 0, running.output()
        assert took < UNIT_STOP_TIMEOUT - 3, f"stop took {took:.1f} s\n{running.output()}"
        assert spooled(tmp_path) == 120  # nothing lost: all still spooled

        # A backlog and no reader: a stop while the writer works through it leaves the rest spooled after
        # WRITES_FOR_SECONDS (2 s; it used to write the whole batch of up to 500 items first: 9.6 s here).
        running = start(config)
        wait_for(lambda: spooled(tmp_path) < 120, 30, "the writer to start on the backlog", running)
        code, took = running.stop(timeout=60)
        assert code == 0 and took < 6.0, f"stop took {took:.1f} s\n{running.output()}"
        assert spooled(tmp_path) > 0

        running = start(config)
        wait_for(lambda: spooled(tmp_path) == 0, 90, "the whole backlog written", running)
        assert running.stop()[0] == 0
        rows = query(db, "SELECT payload->>'url', count(*) FROM events WHERE type = 'article.extracted' GROUP BY 1")
        assert sorted(url for url, _ in rows) == sorted(urls)
        assert all(count == 1 for _, count in rows)
        assert query(db, "SELECT count(*) - count(DISTINCT event_id) FROM events") == [(0,)]
    finally:
        notify.close()


def test_watchdog_pings_go_on_while_the_writer_waits_for_the_file(tmp_path: Path,
                                                                  start: Callable[..., Running]) -> None:
    config = write_config(tmp_path, [], interval=60.0)
    db = make_database(tmp_path)
    fill_spool(tmp_path, 5)
    notify = NotifySocket(tmp_path)
    try:
        with duckdb.connect(str(db), read_only=True):
            running = start(config, notify.env(1.0))  # pings due every 0.5 s
            wait_for(lambda: bool(notify.times("READY=1")), 30, "READY=1", running)
            ready = notify.times("READY=1")[0]
            time.sleep(6.0)  # the writer waits for the lock (30 s) all this time
            pings = [at for at in notify.times("WATCHDOG=1") if at > ready]
            assert spooled(tmp_path) == 5  # it really could not write
        gaps = [b - a for a, b in zip([ready, *pings], pings, strict=False)]
        assert len(pings) >= 8 and max(gaps) < 2.0, gaps
        assert running.stop()[0] == 0
    finally:
        notify.close()


def test_the_writer_thread_reports_a_stall_only_without_progress() -> None:
    writer = WriterThread(stall_seconds=0.3)
    release = threading.Event()
    try:
        def stuck() -> None:
            release.wait(5)

        def working() -> None:
            for _ in range(10):
                time.sleep(0.1)
                writer.progress()

        assert writer.submit(working)
        assert not writer.submit(stuck)  # one drain at a time
        time.sleep(0.6)
        assert not writer.stalled()
        assert writer.wait_idle(5)
        assert writer.submit(stuck)
        time.sleep(0.6)
        assert writer.stalled()
        release.set()
        assert writer.wait_idle(5) and not writer.stalled()
    finally:
        release.set()
        writer.close()


def test_a_second_sigterm_stops_at_once(tmp_path: Path, start: Callable[..., Running]) -> None:
    config = write_config(tmp_path, [], interval=60.0)
    make_database(tmp_path)
    fill_spool(tmp_path, 60)
    running = start(config)
    wait_for(lambda: spooled(tmp_path) < 60, 30, "the writer to start on the backlog", running)
    began = time.monotonic()
    running.process.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    code, _ = running.stop(timeout=30)  # the second TERM
    assert code == 0, running.output()
    assert time.monotonic() - began < 3.0
