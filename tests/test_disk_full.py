"""A full disk loses nothing (issue 12, point 1): the database and the spool on a small tmpfs made in
the test, a local feed releasing 40 articles, the disk filled, polls, the disk grown, polls again. Every
article arrives exactly once and `monitor status` shows the fault while it lasts. Needs root (mount)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from monitor.feedserver import FeedServer, Item

from .conftest import ROOT


def _mount(folder: Path, size: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True,
                   capture_output=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) to make a small tmpfs (run as root, as .ci/run does)")
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        _mount(disk, "16m")
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {getattr(exc, 'stderr', b'').decode(errors='replace') or exc}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False, capture_output=True, timeout=30)


def _items(count: int) -> list[Item]:
    start = datetime.now(UTC) - timedelta(hours=count)
    return [Item(f"kursk-{n:02d}", f"Kursk report {n}: soldiers near Sudzha",
                 (f"Ukrainian officials in the Kursk region said on day {n} that {100 + n} North Korean soldiers "
                  f"were seen near Sudzha, report number {n} of the series.",
                  f"Residents of village {n} were evacuated, the regional governor said in statement {n}."),
                 start + timedelta(hours=n)) for n in range(count)]


def _config(folder: Path, disk: Path, feed: str) -> Path:
    shutil.copytree(ROOT / "watchlists", folder / "watchlists")
    text = (f'[database]\npath = "{disk / "monitor.duckdb"}"\nlock_timeout_seconds = 5\n\n'
            "[daemon]\nmin_free_bytes = 300000\n\n"
            "[poll]\ninterval_seconds = 1\njitter_seconds = 0\nretry_initial_seconds = 1\nretry_max_seconds = 2\n\n"
            "[network]\nallow_private_addresses = true\n\n"
            "[limits]\nrequest_timeout_seconds = 5\n\n[alerts]\nconsole = false\n\n"
            f'[[feeds]]\nurl = "{feed}"\n')
    (folder / "config.toml").write_text(text, encoding="utf-8")
    return folder / "config.toml"


def _monitor(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(config)], capture_output=True,
                          text=True, cwd=config.parent, timeout=300, check=False, env={**os.environ, "COLUMNS": "250"})


def _fill(disk: Path, leave: int = 0) -> Path:
    """Fill the filesystem until at most `leave` bytes are free."""
    filler = disk / "filler"
    with filler.open("ab") as handle, contextlib.suppress(OSError):
        while True:
            free = shutil.disk_usage(disk).free
            if free <= leave:
                break
            handle.write(b"\0" * min(65536, max(free - leave, 4096)))
            handle.flush()
    return filler


def _articles(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT payload->>'url' FROM events WHERE type = 'article.extracted'")
                .fetchall()]


def _status(config: Path) -> str:
    shown = _monitor(config, "status")
    return shown.stdout if shown.returncode == 0 else ""


def _wait(check: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        assert process.poll() is None, f"the daemon exited while waiting for {what}:\n{log.read_text()[-3000:]}"
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")


def _count(db: Path) -> int:
    try:
        return len(_articles(db))
    except duckdb.Error:  # the daemon is writing
        return -1


@pytest.mark.slow
def test_a_full_disk_loses_nothing_and_status_shows_it(small_disk: Path, tmp_path: Path) -> None:
    """`monitor run` with its database and spool on a 16 MB tmpfs: 3 articles arrive, the disk is filled
    below min_free_bytes, then completely, while 37 more are published; status names the fault; the disk
    is grown to 200 MB: all 40 arrive, once, and a later run takes none again."""
    server = FeedServer().start()
    db = small_disk / "monitor.duckdb"
    items = _items(40)
    for published in items[:3]:
        server.publish(published)
    config = _config(tmp_path, small_disk, server.feed_url)
    log = tmp_path / "daemon.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)], cwd=tmp_path,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(lambda: _count(db) == 3, 60, "the first 3 articles", process, log)
        _fill(small_disk, leave=100_000)  # below min_free_bytes: articles wait, the fault is recorded
        for published in items[3:]:
            server.publish(published)
        _wait(lambda: "below [daemon] min_free_bytes" in _status(config), 30, "status to show the low disk",
              process, log)
        assert _count(db) in (3, -1)
        _fill(small_disk)  # completely full: not even the poll's outcome fits in the spool or the database
        _wait(lambda: "0 bytes free" in _status(config) or "No space left" in _status(config), 30,
              "status to show the full disk", process, log)
        shown = _status(config)
        assert "failing: " + server.feed_url in shown, shown
        assert _count(db) in (3, -1)

        subprocess.run(["mount", "-o", "remount,size=200m", str(small_disk)], check=True, timeout=30)
        _wait(lambda: _count(db) == 40, 90, "all 40 articles after the disk grew", process, log)
        _wait(lambda: "failing: " not in _status(config), 30, "the fault to clear",
              process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        code = process.wait(30)
        server.close()
    assert code == 0, log.read_text()[-3000:]
    urls = _articles(db)
    expected = {f"{server.base}/articles/{i.slug}.html" for i in items}
    assert len(urls) == 40 and set(urls) == expected, (len(urls), sorted(expected - set(urls)))
    again = _monitor(config, "poll", "--once")  # a later run takes nothing twice
    assert again.returncode == 0, again.stderr
    assert len(_articles(db)) == 40
