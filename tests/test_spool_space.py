"""The spool's free-space threshold, its fault board, [daemon] spool_dir and write failures (issue 12,
point 1). Real files; the read-only case mounts a real tmpfs (root only)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError, StoreError
from monitor.feedserver import FeedServer, Item
from monitor.sources import ArticleInput
from monitor.spool import FAULTS_BYTES, FAULTS_NAME, FaultBoard, Spool, read_faults

from .conftest import ROOT

ARTICLE = ArticleInput(url="https://news.example/a", text="Kursk", title="t", outlet=None, lang=None,
                       published_at=None, source="feed")


def test_an_article_waits_while_less_than_min_free_bytes_is_free(tmp_path: Path) -> None:
    free = shutil.disk_usage(tmp_path).free
    with pytest.raises(StoreError, match=r"bytes free, below \[daemon\] min_free_bytes"):
        Spool(tmp_path / "spool", min_free_bytes=free + 10**12).put_article(ARTICLE)
    assert Spool(tmp_path / "spool", min_free_bytes=0).put_article(ARTICLE).exists()
    assert Spool(tmp_path / "spool", min_free_bytes=1024).put_article(ARTICLE).exists()


def test_the_fault_board_is_rewritten_in_place_at_a_fixed_size(tmp_path: Path) -> None:
    board = FaultBoard(tmp_path)
    path = tmp_path / FAULTS_NAME
    inode = path.stat().st_ino
    assert path.stat().st_size == FAULTS_BYTES and read_faults(tmp_path) == {}
    board.set("https://a.example/feed", {"status": "error", "error": "x" * 5000, "failures": 1, "at": "2026-12-01"})
    board.set("https://a.example/feed", {"status": "error", "error": "disk full", "failures": 2, "at": "2026-12-02"})
    faults = read_faults(tmp_path)
    assert faults["https://a.example/feed"]["failures"] == 2
    assert faults["https://a.example/feed"]["since"] == "2026-12-01"  # since the first failure
    for n in range(260):  # more than fit: the oldest go
        board.set(f"https://f{n}.example/feed", {"status": "error", "error": "e" * 200, "failures": 1,
                                                 "at": f"2026-12-03T00:{n // 60:02d}:{n % 60:02d}"})
    assert path.stat().st_size == FAULTS_BYTES and path.stat().st_ino == inode
    kept = read_faults(tmp_path)
    assert 100 < len(kept) < 260 and "https://f259.example/feed" in kept and "https://f0.example/feed" not in kept
    board.clear("https://f259.example/feed")
    assert "https://f259.example/feed" not in read_faults(tmp_path)
    assert FaultBoard(tmp_path).faults() == read_faults(tmp_path)  # a restart reads it back


def test_the_board_is_not_a_spool_item(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.board().set("u", {"status": "error", "error": "e", "failures": 1, "at": "now"})
    assert spool.count() == 0 and list(spool.pending()) == []


def _config(folder: Path, extra: str) -> Path:
    if not (folder / "watchlists").exists():
        shutil.copytree(ROOT / "watchlists", folder / "watchlists")
    (folder / "config.toml").write_text('[database]\npath = "db/monitor.duckdb"\n\n' + extra, encoding="utf-8")
    return folder / "config.toml"


def test_daemon_keys_are_read_and_checked(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, '[daemon]\nspool_dir = "elsewhere/spool"\nmin_free_bytes = 1000\n'))
    assert config.spool_dir == tmp_path.resolve() / "elsewhere/spool" and config.min_free_bytes == 1000
    assert load_config(_config(tmp_path, "")).spool_dir is None
    with pytest.raises(ConfigError, match="min_free_bytes"):
        load_config(_config(tmp_path, "[daemon]\nmin_free_bytes = -1\n"))
    with pytest.raises(ConfigError, match="spool_folder"):
        load_config(_config(tmp_path, '[daemon]\nspool_folder = "x"\n'))


def test_the_spool_can_live_elsewhere_and_status_reads_it(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        server.publish(Item("k1", "Kursk: troops", ("Ukrainian officials in Kursk said 100 North Korean soldiers "
                                                    "were seen near Sudzha on Monday.",), datetime.now(UTC)))
        feed_ok = server.feed_url
        config = _config(tmp_path, '[daemon]\nspool_dir = "other/spool"\n\n[network]\nallow_private_addresses = true\n'
                         "\n[limits]\nrequest_timeout_seconds = 3\n\n[alerts]\nconsole = false\n\n"
                         f'[[feeds]]\nurl = "{feed_ok}"\n\n[[feeds]]\nurl = "{server.base}/missing.xml"\n')
        env = {**os.environ, "COLUMNS": "250"}
        done = subprocess.run([sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False, env=env)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / "other/spool" / FAULTS_NAME).exists()
        assert not (tmp_path / "db/monitor.duckdb.spool").exists()
        shown = subprocess.run([sys.executable, "-m", "monitor", "status", "--config", str(config)],
                               capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False, env=env)
        assert f"failing: {server.base}/missing.xml: error" in shown.stdout and "HTTP 404" in shown.stdout, shown.stdout
        assert f"failing: {feed_ok}" not in shown.stdout
    finally:
        server.close()


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) to make a read-only tmpfs (run as root, as .ci/run does)")
    disk = tmp_path / "ro"
    disk.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], check=True, capture_output=True,
                       timeout=30)
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False, capture_output=True, timeout=30)


def test_a_read_only_spool_is_a_store_error_naming_the_folder(read_only_disk: Path) -> None:
    spool = Spool(read_only_disk / "spool")
    board = spool.board()  # made while writable
    spool.put_article(ARTICLE)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_disk)], check=True, timeout=30)
    with pytest.raises(StoreError, match=r"cannot spool .*Read-only file system") as caught:
        spool.put_article(ARTICLE)
    assert str(read_only_disk / "spool") in str(caught.value)
    board.set("u", {"status": "error", "error": "read-only", "failures": 1, "at": "now"})  # logged, not raised
    assert spool.count() == 1


def test_a_restart_keeps_the_failures_only_the_board_knows(tmp_path: Path) -> None:
    from monitor.poller import FeedState
    from monitor.scheduling import with_board_faults

    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    due = datetime(2026, 12, 1, 12, 4, tzinfo=UTC)
    states = {"https://a.example/feed?token=s": FeedState("https://a.example/feed?token=s", failures=1),
              "https://b.example/feed": FeedState("https://b.example/feed", failures=3),
              "https://c.example/feed": FeedState("https://c.example/feed")}
    faults = {"https://a.example/feed": {"failures": 3, "next_poll_at": due.isoformat()},  # keyed redacted
              "https://b.example/feed": {"failures": 2, "next_poll_at": due.isoformat()},  # the log knows more
              "https://c.example/feed": {"failures": "x"}}
    merged = with_board_faults(states, faults, now)
    assert (merged["https://a.example/feed?token=s"].failures, merged["https://a.example/feed?token=s"].next_poll_at) \
        == (3, due)
    assert merged["https://b.example/feed"] == states["https://b.example/feed"]
    assert merged["https://c.example/feed"] == states["https://c.example/feed"]
