"""`monitor run` as a real subprocess against real local feed, page and webhook servers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from monitor.feedserver import FeedServer, Item, seed_items

from .conftest import ROOT, SEEDS
from .servers import FlakyFeed, Webhook

ITEMS = seed_items(SEEDS)


def write_config(folder: Path, feeds: list[str], hook: str | None = None, interval: float = 1.0) -> Path:
    shutil.copytree(ROOT / "watchlists", folder / "watchlists", dirs_exist_ok=True)
    text = ('[database]\npath = "monitor.duckdb"\nlock_timeout_seconds = 20\n\n'
            f"[poll]\ninterval_seconds = {interval}\njitter_seconds = 0\nretry_initial_seconds = 1\n\n"
            "[network]\nallow_private_addresses = true\n\n[limits]\nrequest_timeout_seconds = 3\n\n"
            '[alerts]\nconsole = true\nfile = "alerts.log"\nretry_initial_seconds = 1\n')
    if hook:
        text += f'\n[[alerts.targets]]\nname = "hook"\nurl = "{hook}"\n'
    text += "".join(f'\n[[feeds]]\nurl = "{url}"\n' for url in feeds)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


class Running:
    def __init__(self, config: Path, env: dict[str, str] | None = None):
        self.config = config
        self.log = config.parent / "daemon.log"
        self.handle = self.log.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)],
                                        stdout=self.handle, stderr=subprocess.STDOUT, cwd=config.parent,
                                        env={**os.environ, **(env or {})})

    @property
    def db(self) -> Path:
        return self.config.parent / "monitor.duckdb"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self, timeout: float = 15.0) -> tuple[int, float]:
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.handle.close()
        return code, time.monotonic() - started


@pytest.fixture
def daemons() -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def start(config: Path, env: dict[str, str] | None = None) -> Running:
        running = Running(config, env)
        started.append(running)
        return running

    yield start
    for running in started:
        if running.process.poll() is None:
            running.stop()


def query(db: Path, sql: str, timeout: float = 20.0) -> list[tuple[Any, ...]]:
    """Read like a user would while the daemon runs: read-only, retrying while it writes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with duckdb.connect(str(db), read_only=True) as con:
                return con.execute(sql).fetchall()
        except (duckdb.IOException, duckdb.CatalogException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def wait_for(check: Callable[[], bool], timeout: float, what: str, running: Running | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if running is not None and running.process.poll() is not None:
            raise AssertionError(f"daemon exited while waiting for {what}:\n{running.output()}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}" + (f"\n{running.output()}" if running else ""))


def articles(db: Path) -> int:
    if not db.exists():
        return 0
    return int(query(db, "SELECT count(*) FROM events WHERE type = 'article.extracted'")[0][0])


def publish(server: FeedServer, items: list[Item]) -> None:
    for item in items:
        server.publish(item)


def test_daemon_polls_extracts_alerts_and_gets_304(tmp_path: Path, daemons: Callable[..., Running]) -> None:
    server = FeedServer().start()
    try:
        with Webhook() as hook:
            publish(server, ITEMS[:2])
            running = daemons(write_config(tmp_path, [server.feed_url], hook.url()))
            wait_for(lambda: articles(running.db) == 2, 30, "the first two articles", running)
            publish(server, ITEMS[2:])
            wait_for(lambda: articles(running.db) == 5, 30, "all five articles", running)
            wait_for(lambda: any("3,000 -> 10,000" in b.get("title", "") + b.get("message", "")
                                 for b in list(hook.received)), 30, "the revised-figure alert at the webhook", running)
            wait_for(lambda: any(status == 304 for path, status in server.requests if path == "/feed.xml"),
                     15, "a 304 on an unchanged feed", running)
            code, _ = running.stop()
        assert code == 0
        db = running.db
        events = query(db, "SELECT count(*), count(DISTINCT event_id) FROM events")[0]
        assert events[0] == events[1]
        assert query(db, "SELECT count(*) FROM articles")[0][0] == 5
        polled = dict(query(db, "SELECT payload->>'status', count(*) FROM events "
                                "WHERE type = 'feed.polled' GROUP BY 1"))
        assert polled.get("not_modified", 0) >= 1
        assert query(db, "SELECT last_status, consecutive_failures FROM feeds")[0][1] == 0
        pages = [path for path, _ in server.requests if path.startswith("/articles/")]
        assert len(pages) == len(set(pages)) == 5  # every page fetched once
    finally:
        server.close()


def test_sigterm_during_a_poll_exits_0_within_10_s(tmp_path: Path, daemons: Callable[..., Running]) -> None:
    server = FeedServer().start()
    publish(server, ITEMS)
    try:
        with FlakyFeed(b"") as hanging:
            hanging.mode = "hang"
            running = daemons(write_config(tmp_path, [hanging.url, server.feed_url]))
            wait_for(lambda: bool(hanging.hits) and articles(running.db) >= 1, 30, "a poll in progress", running)
            code, took = running.stop()
        assert code == 0, running.output()
        assert took < 10.0
        spool = tmp_path / "monitor.duckdb.spool"
        assert not list(spool.glob(".*.tmp")) if spool.exists() else True
        complete = query(running.db, "SELECT count(*) FROM articles")[0][0]
        assert complete == articles(running.db)  # no half-written article
    finally:
        server.close()


def test_sighup_picks_up_a_new_feed(tmp_path: Path, daemons: Callable[..., Running]) -> None:
    first, second = FeedServer().start(), FeedServer().start()
    try:
        publish(first, ITEMS[:1])
        publish(second, ITEMS[1:3])
        config = write_config(tmp_path, [first.feed_url])
        running = daemons(config)
        wait_for(lambda: articles(running.db) == 1, 30, "the first feed", running)
        write_config(tmp_path, [first.feed_url, second.feed_url])
        running.process.send_signal(signal.SIGHUP)
        wait_for(lambda: articles(running.db) == 3, 30, "the new feed after SIGHUP", running)
        feeds = {row[0] for row in query(running.db, "SELECT feed_url FROM feeds")}
        assert feeds == {first.feed_url, second.feed_url}
        assert running.stop()[0] == 0
    finally:
        first.close()
        second.close()


def test_sd_notify_messages_arrive(tmp_path: Path, daemons: Callable[..., Running]) -> None:
    address = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(0.2)
    server = FeedServer().start()
    publish(server, ITEMS[:1])
    messages: list[str] = []

    def receive() -> None:
        try:
            while True:
                messages.append(sock.recv(4096).decode())
        except TimeoutError:
            return

    try:
        running = daemons(write_config(tmp_path, [server.feed_url]),
                          env={"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "1000000"})
        wait_for(lambda: (receive(), any("READY=1" in m for m in messages))[1], 30, "READY=1", running)
        wait_for(lambda: (receive(), any("WATCHDOG=1" in m for m in messages))[1], 10, "WATCHDOG=1", running)
        assert running.stop()[0] == 0
        receive()
        text = "\n".join(messages)
        assert "STATUS=" in text and "STOPPING=1" in text
        assert text.index("READY=1") < text.index("STOPPING=1")
    finally:
        sock.close()
        server.close()


def test_sql_returns_current_rows_while_the_daemon_runs(tmp_path: Path, daemons: Callable[..., Running]) -> None:
    server = FeedServer().start()
    publish(server, ITEMS[:2])
    try:
        config = write_config(tmp_path, [server.feed_url])
        running = daemons(config)
        wait_for(lambda: articles(running.db) == 2, 30, "two articles", running)
        for _ in range(3):
            result = subprocess.run([sys.executable, "-m", "monitor", "sql", "--config", str(config), "--format",
                                     "csv", "SELECT count(*) AS n FROM articles"],
                                    capture_output=True, text=True, check=False, timeout=60)
            assert result.returncode == 0, result.stderr
            assert result.stdout.splitlines() == ["n", "2"]
        status = subprocess.run([sys.executable, "-m", "monitor", "status", "--config", str(config)],
                                capture_output=True, text=True, check=False, timeout=60,
                                env={**os.environ, "COLUMNS": "200"})
        assert status.returncode == 0, status.stderr
        assert f"running (PID {running.process.pid})" in status.stdout
        assert "2 articles" in status.stdout, status.stdout
        assert server.feed_url in status.stdout and ("ok" in status.stdout or "not_modified" in status.stdout)
        assert running.process.poll() is None
        assert running.stop()[0] == 0
    finally:
        server.close()


def test_failing_feed_backs_off_recovers_and_does_not_delay_others(tmp_path: Path,
                                                                   daemons: Callable[..., Running]) -> None:
    server = FeedServer().start()
    publish(server, ITEMS[:1])
    try:
        with FlakyFeed(server.feed()[0]) as flaky, FlakyFeed(b"") as hanging:
            flaky.mode, hanging.mode = "error", "hang"
            running = daemons(write_config(tmp_path, [flaky.url, hanging.url, server.feed_url]))
            wait_for(lambda: articles(running.db) == 1, 20, "the healthy feed despite a hanging one", running)
            wait_for(lambda: len(flaky.hits) >= 4, 40, "four polls of the failing feed", running)
            gaps = [b[0] - a[0] for a, b in zip(flaky.hits, flaky.hits[1:], strict=False)][:3]
            assert gaps[2] > gaps[0] * 1.5, gaps  # growing delays
            failures = query(running.db, f"SELECT consecutive_failures FROM feeds WHERE feed_url = '{flaky.url}'")
            assert failures and failures[0][0] >= 2
            flaky.mode = "ok"
            wait_for(lambda: query(running.db, "SELECT consecutive_failures, last_status FROM feeds "
                                               f"WHERE feed_url = '{flaky.url}'") == [(0, "ok")],
                     60, "the failing feed to recover", running)
            assert running.stop()[0] == 0
    finally:
        server.close()


def test_an_item_linking_to_the_metadata_address_is_refused(tmp_path: Path, daemons: Callable[..., Running]) -> None:
    evil = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Korea Utara kirim '
            b"pasukan</title><link>http://169.254.169.254/latest/meta-data/</link><guid>x1</guid>"
            b"<description>Korea Utara mengirim 1.500 tentara ke Rusia</description></item></channel></rss>")
    with FlakyFeed(evil) as feed:
        running = daemons(write_config(tmp_path, [feed.url]))
        wait_for(lambda: running.db.exists() and bool(query(running.db, "SELECT 1 FROM events WHERE type = "
                                                                        "'feed.polled'")), 30, "a poll", running)
        refused = query(running.db, "SELECT payload->'refused' FROM events WHERE type = 'feed.polled' LIMIT 1")
        assert "169.254.169.254" in str(refused)
        assert articles(running.db) == 0
        assert running.stop()[0] == 0
    assert "refused" in running.output()


@pytest.mark.slow
def test_a_reader_holding_the_file_for_30_s_loses_and_duplicates_nothing(tmp_path: Path,
                                                                        daemons: Callable[..., Running]) -> None:
    server = FeedServer().start()
    publish(server, ITEMS[:1])
    try:
        running = daemons(write_config(tmp_path, [server.feed_url]))
        wait_for(lambda: articles(running.db) == 1, 30, "the first article", running)
        deadline = time.monotonic() + 30
        while True:
            try:
                reader = duckdb.connect(str(running.db), read_only=True)
                break
            except duckdb.IOException:
                time.sleep(0.05)
        with reader:
            publish(server, ITEMS[1:])
            while time.monotonic() < deadline:
                time.sleep(1)
            assert reader.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        wait_for(lambda: articles(running.db) == 5, 60, "the spooled articles after the reader left", running)
        assert running.stop()[0] == 0
        rows = query(running.db, "SELECT payload->>'url', count(*) FROM events WHERE type = 'article.extracted' "
                                 "GROUP BY 1")
        assert len(rows) == 5 and all(count == 1 for _, count in rows)
        dupes = query(running.db, "SELECT count(*) - count(DISTINCT event_id) FROM events")
        assert dupes == [(0,)]
        assert not list((tmp_path / "monitor.duckdb.spool").glob("*.json"))
    finally:
        server.close()


def poll_once(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_changed_entry_under_the_same_guid_is_a_new_version(tmp_path: Path) -> None:
    from dataclasses import replace

    server = FeedServer().start()
    try:
        original = ITEMS[4]
        server.publish(original)
        config = write_config(tmp_path, [server.feed_url])
        assert poll_once(config).returncode == 0
        correction = "Koreksi: Pentagon kini memperkirakan 12.000 tentara Korea Utara berada di Rusia."
        corrected = replace(original, paragraphs=(correction, *original.paragraphs))
        server.publish(corrected)
        second = poll_once(config)
        assert second.returncode == 0, second.stderr
        db = tmp_path / "monitor.duckdb"
        assert query(db, "SELECT count(*), count(DISTINCT payload->>'article_id') FROM events "
                         "WHERE type = 'article.extracted'") == [(2, 1)]
        assert query(db, "SELECT versions FROM p_articles") == [(2,)]
        revised = query(db, "SELECT title FROM alerts WHERE rule = 'revised-figure' ORDER BY title")
        assert [t for (t,) in revised] == ["North Korean troops sent to Russia: Pentagon 10,000 -> 12,000",
                                           "North Korean troops sent to Russia: Pentagon 3,000 -> 10,000"]
        third = poll_once(config)  # unchanged now: nothing new
        assert third.returncode == 0
        assert query(db, "SELECT count(*) FROM events WHERE type = 'article.extracted'") == [(2,)]
    finally:
        server.close()


def test_an_article_in_two_feeds_is_processed_once(tmp_path: Path) -> None:
    first, second = FeedServer().start(), FeedServer().start()
    try:
        publish(first, ITEMS)
        publish(second, ITEMS)
        result = poll_once(write_config(tmp_path, [first.feed_url, second.feed_url]))
        assert result.returncode == 0, result.stderr
        assert query(tmp_path / "monitor.duckdb", "SELECT count(*) FROM articles") == [(5,)]
        fetched = [p for p, _ in first.requests + second.requests if p.startswith("/articles/")]
        assert len(fetched) == 5
    finally:
        first.close()
        second.close()


def test_poll_once_writes_what_it_has_while_a_slow_feed_still_answers(tmp_path: Path) -> None:
    server = FeedServer().start()
    with FlakyFeed(b"") as slow:
        slow.mode = "hang"  # answers only when released
        try:
            publish(server, ITEMS)
            config = write_config(tmp_path, [server.feed_url, slow.url])
            config.write_text(config.read_text(encoding="utf-8").replace(
                "request_timeout_seconds = 3", "request_timeout_seconds = 60"), encoding="utf-8")
            process = subprocess.Popen([sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
            db = tmp_path / "monitor.duckdb"
            try:
                wait_for(lambda: process.poll() is not None or articles(db) == len(ITEMS), 60,
                         "the fast feed's articles in the log")
                assert process.poll() is None, process.communicate()
                assert not (tmp_path / "alerts.log").exists()  # alerts go out once every feed was polled
            finally:
                slow.release.set()
                out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert articles(db) == len(ITEMS)
            assert "North Korean troops sent to Russia" in out
            assert "North Korean troops sent to Russia" in (tmp_path / "alerts.log").read_text(encoding="utf-8")
        finally:
            server.close()
