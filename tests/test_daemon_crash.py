"""Crash consistency of the daemon's writer (issue 12): 30 seeded `kill -9` while it writes a backlog of
150 spooled articles (in its writer thread, in short transactions), each followed by a restart; at the
end every article is in the log exactly once, no event twice, nothing quarantined, the spool empty."""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_daemon import Running, query, write_config
from .test_daemon_stop import fill_spool, make_database, spooled

KILLS = 30
ARTICLES = 150


@pytest.fixture
def started() -> Iterator[list[Running]]:
    running: list[Running] = []
    yield running
    for each in running:
        if each.process.poll() is None:
            each.process.kill()
            each.process.wait()


def wait_until_writing(running: Running, before: int, timeout: float = 60.0) -> bool:
    """True once the spool shrinks below `before` (the writer is at work), False if it emptied."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = spooled(running.config.parent)
        if now == 0:
            return False
        if now < before:
            return True
        assert running.process.poll() is None, running.output()
        time.sleep(0.02)
    raise AssertionError(f"the writer did not start within {timeout} s\n{running.output()}")


@pytest.mark.slow
def test_thirty_kills_while_writing_lose_and_duplicate_nothing(tmp_path: Path, started: list[Running]) -> None:
    rng = random.Random(20261202)
    config = write_config(tmp_path, [], interval=60.0)
    db = make_database(tmp_path)
    urls = fill_spool(tmp_path, ARTICLES)
    kills = 0
    while kills < KILLS:
        before = spooled(tmp_path)
        if before == 0:  # all written before the last kills: more backlog, same URLs (must stay once each)
            urls += fill_spool(tmp_path, 50, start=len(urls))
            before = spooled(tmp_path)
        running = Running(config)
        started.append(running)
        if wait_until_writing(running, before):
            time.sleep(rng.uniform(0.0, 0.5))
        os.kill(running.process.pid, signal.SIGKILL)
        assert running.process.wait(30) == -signal.SIGKILL
        running.handle.close()
        kills += 1
    running = Running(config)
    started.append(running)
    deadline = time.monotonic() + 120
    while spooled(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    code, _ = running.stop()
    assert code == 0, running.output()
    assert spooled(tmp_path) == 0
    assert not list((tmp_path / "monitor.duckdb.spool").glob("*.broken"))
    rows = query(db, "SELECT payload->>'url', count(*) FROM events WHERE type = 'article.extracted' GROUP BY 1")
    assert sorted(url for url, _ in rows) == sorted(urls), f"{len(rows)} of {len(urls)} articles in the log"
    assert all(count == 1 for _, count in rows)
    assert query(db, "SELECT count(*) - count(DISTINCT event_id) FROM events") == [(0,)]
    assert query(db, "SELECT count(*) FROM articles") == [(len(urls),)]
