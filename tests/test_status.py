"""`monitor status` (issue 12, point 7): the reason a feed fails, full feed URLs (wrapped, not cut at
80 columns, secrets masked), and exit code 1 with a clear message when the state cannot be read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

import monitor.cli  # noqa: F401  (imports the command modules in their order)
from monitor.cli_daemon import shown_url

from .servers import FlakyFeed
from .test_daemon import write_config


def status(config: Path, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "status", "--config", str(config)],
                          capture_output=True, text=True, check=False, timeout=120, cwd=config.parent,
                          env={**os.environ, "COLUMNS": str(columns)})


def column(output: str, index: int) -> list[str]:
    """The text of one column of rich's table, line by line (a wrapped cell spans several lines)."""
    return [line.split("│")[index].strip() for line in output.splitlines() if line.count("│") >= 7]


def test_status_shows_the_reason_and_whole_urls_at_80_columns(tmp_path: Path) -> None:
    with FlakyFeed(b"") as flaky:
        flaky.mode = "error"
        long_url = flaky.url.replace("/feed.xml", "/world/" + "korea-" * 20 + "feed.xml?cat=world&token=S3CRET")
        config = write_config(tmp_path, [long_url])
        polled = subprocess.run([sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)],
                                capture_output=True, text=True, check=False, timeout=120)
        assert polled.returncode == 0, polled.stderr
    result = status(config)
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    assert "".join(column(result.stdout, 1)) == shown_url(long_url)
    assert shown_url(long_url).endswith("feed.xml?cat=world&token=***")
    assert "S3CRET" not in result.stdout
    assert "HTTP 500" in " ".join(column(result.stdout, 6))
    assert max(len(line) for line in result.stdout.splitlines() if "│" in line) <= 80  # the table fits


def test_a_configured_feed_not_polled_yet_is_listed(tmp_path: Path) -> None:
    config = write_config(tmp_path, ["http://127.0.0.1:9/never.xml"])
    db = tmp_path / "monitor.duckdb"
    from monitor.store import EventStore

    with EventStore(db).session():
        pass
    result = status(config, columns=200)
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:9/never.xml" in result.stdout and "not polled yet" in result.stdout


def test_status_exits_1_when_there_is_no_database(tmp_path: Path) -> None:
    result = status(write_config(tmp_path, []))
    assert result.returncode == 1
    assert f"{tmp_path / 'monitor.duckdb'}: no database here yet" in result.stderr
    assert "cannot read the state" in result.stderr


def test_status_exits_1_on_a_file_that_is_no_database(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    (tmp_path / "monitor.duckdb").write_bytes(b"this is not a DuckDB file\n" * 400)
    result = status(config)
    assert result.returncode == 1, result.stdout
    assert "cannot read the state" in result.stderr and str(tmp_path / "monitor.duckdb") in result.stderr
    assert "Traceback" not in result.stderr


def test_status_exits_1_when_another_process_keeps_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, [])
    config.write_text(config.read_text().replace("lock_timeout_seconds = 20", "lock_timeout_seconds = 1"))
    db = tmp_path / "monitor.duckdb"
    with duckdb.connect(str(db)):  # a writer that keeps the file
        result = subprocess.run([sys.executable, "-m", "monitor", "status", "--config", str(config)],
                                capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1
    assert "held by" in result.stderr and "cannot read the state" in result.stderr


def test_shown_url_masks_credentials_and_secret_parameters() -> None:
    assert shown_url("https://u:pw@example.org/a?api_key=1&q=korea&sig=2") == \
        "https://***@example.org/a?api_key=***&q=korea&sig=***"
    assert shown_url("http://[::1") == "(unparseable URL)"
