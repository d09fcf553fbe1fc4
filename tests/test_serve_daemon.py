"""The dashboard answers while `monitor run` writes: a real daemon polls a feed on 127.0.0.1 that
publishes the seeds and the corpus one by one, and `monitor serve` is asked for pages in between."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.feedserver import FeedServer, item_from_text
from tests.conftest import ROOT, SEEDS
from tests.test_serve_helpers import serving, write_config

ARTICLES = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "tests" / "corpus").glob("1*.txt"))[:7]


def articles_total(metrics: str) -> float:
    found = re.search(r"^monitor_articles_total (\S+)$", metrics, re.M)
    return float(found.group(1)) if found else 0.0


@pytest.mark.slow
def test_the_dashboard_answers_while_the_daemon_writes(tmp_path: Path) -> None:
    server = FeedServer().start()
    config = write_config(tmp_path, lock_timeout=10, extra=f"""  # the dashboard waits up to 5 s
[poll]
interval_seconds = 1
jitter_seconds = 0

[network]
allow_private_addresses = true

[[feeds]]
url = "{server.feed_url}"
""")
    stop = threading.Event()

    def publish() -> None:
        start = datetime(2024, 10, 1, tzinfo=UTC)
        for index, path in enumerate(ARTICLES):
            if stop.wait(0.8):
                return
            server.publish(item_from_text(f"a{index}", path.read_text(encoding="utf-8"),
                                          start + timedelta(hours=index)))

    daemon_log = (tmp_path / "daemon.log").open("wb")
    daemon = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)],
                              stdout=daemon_log, stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ})
    publisher = threading.Thread(target=publish, daemon=True)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "monitor.duckdb").exists():  # the daemon made the log
            assert daemon.poll() is None and time.monotonic() < deadline, (tmp_path / "daemon.log").read_text()
            time.sleep(0.1)
        with serving(config) as served:
            publisher.start()
            statuses: list[tuple[str, int]] = []
            seen: list[float] = []
            while time.monotonic() < deadline and (not seen or seen[-1] < len(ARTICLES)):
                for page in ("/", "/articles", "/watchlists/north-korea", "/alerts", "/feeds"):
                    statuses.append((page, served.get(page).status_code))
                seen.append(articles_total(served.get("/metrics").text))
                time.sleep(0.2)
        assert daemon.poll() is None, (tmp_path / "daemon.log").read_text()
    finally:
        stop.set()
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(20)
        daemon_log.close()
        server.close()
    assert [s for s in statuses if s[1] != 200] == []
    assert seen[-1] >= len(ARTICLES) - 1, seen  # the daemon wrote ... (an article may come twice as one)
    growth = sorted(set(seen))
    assert len(growth) >= 4, seen  # ... in several drains, with pages asked for in between
    assert len(statuses) >= 4 * 5
