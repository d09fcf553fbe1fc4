"""`[poll] parallel` and `[network] per_host` bound `monitor poll --once` against a real local server that
counts the requests it has in hand at once (each feed answers after a short pause)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

FEED = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title><link>http://127.0.0.1/</link>"
        b"<description>d</description></channel></rss>")
PAUSE = 0.3


class Counting(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.active = 0
        self.most = 0
        self.served = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Counting

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.active += 1
            self.server.most = max(self.server.most, self.server.active)
        time.sleep(PAUSE)
        with self.server.lock:
            self.server.active -= 1
            self.server.served += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Counting]:
    running = Counting()
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


@pytest.mark.parametrize(("settings", "most"), [
    ("[poll]\nparallel = 3\n[network]\nallow_private_addresses = true\nper_host = 10\n", 3),
    ("[poll]\nparallel = 10\n[network]\nallow_private_addresses = true\nper_host = 4\n", 4),
    ("[network]\nallow_private_addresses = true\n", 2),  # the defaults: 20 polls, 2 requests to one host
])
def test_polls_at_once_are_bounded_by_parallel_and_per_host(tmp_path: Path, server: Counting, settings: str,
                                                             most: int) -> None:
    port = server.server_address[1]
    feeds = "".join(f'[[feeds]]\nurl = "http://127.0.0.1:{port}/feed/{n}.xml"\n' for n in range(12))
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "monitor.duckdb"\n{settings}[alerts]\nconsole = false\nfile = ""\n'
                      + feeds, encoding="utf-8")
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    done = subprocess.run([sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert server.served == 12
    assert server.most == most


def test_a_poll_of_quiet_feeds_loads_neither_the_extractor_nor_the_alert_libraries(tmp_path: Path,
                                                                                   server: Counting) -> None:
    """What `poll --once` imports when no entry matches: the extractor, the rules and trafilatura load at the
    first article, apprise at the first alert to send, prometheus_client only with [metrics] port."""
    port = server.server_address[1]
    feeds = "".join(f'[[feeds]]\nurl = "http://127.0.0.1:{port}/feed/{n}.xml"\n' for n in range(3))
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "monitor.duckdb"\n[network]\nallow_private_addresses = true\n'
                      '[alerts]\nconsole = false\nfile = ""\n' + feeds, encoding="utf-8")
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "monitor", "poll", "--once", "--config",
                           str(config)], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert {"monitor.daemon", "monitor.poller", "feedparser"} <= imported
    heavy = {name for name in imported if name.split(".")[0] in {"trafilatura", "apprise", "prometheus_client"}
             or name in {"monitor.extract.extractor", "monitor.pipeline", "monitor.pages", "monitor.rules",
                         "monitor.messages"}}
    assert not heavy, sorted(heavy)[:8]
    assert server.served == 3


def test_a_reload_that_changes_parallel_or_workers_says_it_waits_for_a_restart(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from monitor.config import load_config
    from monitor.poller import SeenEntries
    from monitor.scheduling import FeedScheduler
    from monitor.spool import Spool

    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    config_path = tmp_path / "config.toml"
    base = '[database]\npath = "monitor.duckdb"\n[network]\nallow_private_addresses = true\n[poll]\nworkers = 0\n'
    config_path.write_text(base + "parallel = 5\n", encoding="utf-8")
    config = load_config(config_path)
    watchlists = config.load_watchlists()
    scheduler = FeedScheduler(config, watchlists, Spool(tmp_path / "spool"), SeenEntries(), {},
                              lambda: datetime.now(UTC), stopping=lambda: False, on_polled=lambda: None)
    try:
        scheduler.reconfigure(config, watchlists)
        assert "next restart" not in caplog.text
        config_path.write_text(base + "parallel = 7\n", encoding="utf-8")
        scheduler.reconfigure(load_config(config_path), watchlists)
        assert f"poll.parallel changed from 5 to 7 in {config_path}: it applies at the next restart" in caplog.text
        assert "poll.workers" not in caplog.text
    finally:
        scheduler.close()
