"""`monitor demo --db FILE` writes its log to FILE and keeps it (a real daemon on a 127.0.0.1 feed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from .test_daemon import query, wait_for


def test_demo_honours_db_and_keeps_the_file(tmp_path: Path, project: Path) -> None:
    db = tmp_path / "kept" / "demo.duckdb"
    db.parent.mkdir()
    log = (tmp_path / "demo.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "demo", "--config", str(project / "config.toml"), "--db", str(db),
         "--interval", "0.3"], stdout=log, stderr=subprocess.STDOUT, cwd=project, env={**os.environ})
    try:
        def five() -> bool:
            return db.exists() and query(db, "SELECT count(*) FROM articles")[0][0] == 5
        wait_for(five, 60, "the five seeds in the --db file")
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    output = (tmp_path / "demo.log").read_text(encoding="utf-8")
    assert f"demo database: {db.resolve()} (kept)" in output
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    assert not (project / "monitor.duckdb").exists()  # the config's database is not the demo's
