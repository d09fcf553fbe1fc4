"""The event log: events appended batched (vs a bare DuckDB insert of the same rows), the per-article
write at an empty log and at N events, rebuild of N events (time, peak memory, file size per million
events, three rebuilds), and every README cookbook query in process and through `monitor sql`."""

from __future__ import annotations

import random
import re
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from bench.common import ROOT, median, timed_child
from bench.eventlog import article_events, batches
from monitor.store.opening import EventStore
from monitor.store.session import _columns, _first_of_each

NOW = datetime(2024, 11, 1, tzinfo=UTC)


def cookbook() -> list[tuple[str, str]]:
    """(title, query) of every SQL block in the README's cookbook."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## SQL cookbook", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"\n([^\n`]+):\n\n```sql\n(.*?)```", section, flags=re.S)
    return [(title.strip(), query.strip().rstrip(";")) for title, query in found]


def append_log(db: Path, events: int) -> dict[str, float]:
    """Appends `events` in 10k batches (each a transaction, as a drain of a backlog); the rate."""
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    made = batches(events, 10_000)
    prepared = list(made)
    appended, spent = 0, 0.0
    with EventStore(db).session() as session:
        for batch in prepared:
            started = time.perf_counter()
            appended += len(session.append(batch, NOW))
            spent += time.perf_counter() - started
        started = time.perf_counter()
        session.connection.execute("CHECKPOINT")
        spent += time.perf_counter() - started
    floor = _bare_insert(prepared[: max(1, len(prepared) // 5)], db.with_name("floor.duckdb"))
    return {"events": appended, "seconds": spent, "rate": appended / spent, "floor_rate": floor,
            "size_mb": db.stat().st_size / 1e6}


def _bare_insert(prepared: list[list[Any]], db: Path) -> float:
    """The library floor: the same rows into an events table with no index or fold."""
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE events (seq BIGINT, event_id VARCHAR, stream VARCHAR, type VARCHAR, "
                "schema_version INTEGER, occurred_at TIMESTAMP, recorded_at TIMESTAMP, payload JSON)")
    rows, started = 0, time.perf_counter()
    for batch in prepared:
        columns = _columns(_first_of_each(batch), NOW)
        con.register("b", columns)
        con.execute("INSERT INTO events SELECT ord, event_id, stream, type, schema_version, "
                    "CAST(occurred_at AS TIMESTAMP), CAST(recorded_at AS TIMESTAMP), CAST(payload AS JSON) FROM b")
        con.unregister("b")
        rows += len(columns["ord"])
    con.execute("CHECKPOINT")
    rate = rows / (time.perf_counter() - started)
    con.close()
    db.unlink(missing_ok=True)
    return rate


def per_article_write(db: Path, articles: int = 20) -> float:
    """Median ms to append one article's events (its own transaction, folds included) into `db`."""
    rng = random.Random(7)
    times = []
    with EventStore(db).session() as session:
        for index in range(articles):
            events = article_events(10_000_000 + index, rng)
            started = time.perf_counter()
            session.append(events, NOW)
            times.append(time.perf_counter() - started)
    return median(times) * 1000


def per_article_drain(db: Path, articles: int = 10) -> float:
    """Median ms of a drain of one article as the daemon's writer makes it: open the file, append, close
    (checkpoint left to the WAL's size)."""
    rng = random.Random(8)
    store = EventStore(db)
    times = []
    for index in range(articles):
        events = article_events(20_000_000 + index, rng)
        started = time.perf_counter()
        with store.session(checkpoint_on_close=False) as session:
            session.append(events, NOW)
        times.append(time.perf_counter() - started)
    return median(times) * 1000


def rebuild(db: Path) -> dict[str, Any]:
    """Three rebuilds, each in a fresh process: time, peak RSS, file size after each."""
    code = ("import sys; from pathlib import Path; from monitor.store import EventStore\n"
            "with EventStore(Path(sys.argv[1])).session() as s: s.rebuild()\n")
    runs, sizes = [], []
    for _ in range(3):
        runs.append(timed_child([sys.executable, "-c", code, str(db)], cwd=ROOT))
        sizes.append(db.stat().st_size / 1e6)
    return {"seconds": [r.seconds for r in runs], "peak_mb": max(r.peak_mb for r in runs), "sizes_mb": sizes}


def queries(db: Path, config: Path) -> list[dict[str, Any]]:
    """Each cookbook query: median ms in process (an open read-only connection) and through the CLI."""
    results = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for title, query in cookbook():
            inside = []
            for _ in range(3):
                started = time.perf_counter()
                con.execute(query).fetchall()
                inside.append(time.perf_counter() - started)
            results.append({"title": title, "in_process_ms": median(inside) * 1000})
    finally:
        con.close()
    for result, (_title, query) in zip(results, cookbook(), strict=True):
        cli = [timed_child([sys.executable, "-m", "monitor", "sql", "--format", "csv", query, "--config",
                            str(config), "--db", str(db)], cwd=ROOT).seconds for _ in range(3)]
        result["cli_ms"] = median(cli) * 1000
    return results


def run(work: Path, events: int, config: Path) -> dict[str, Any]:
    empty = work / "empty.duckdb"
    empty.unlink(missing_ok=True)
    at_zero = per_article_write(empty)
    drain_zero = per_article_drain(empty)
    db = work / "log.duckdb"
    print(f"  appending {events:,} events", file=sys.stderr)
    appended = append_log(db, events)
    at_full = per_article_write(db)
    drain_full = per_article_drain(db)
    print("  rebuilding three times", file=sys.stderr)
    rebuilt = rebuild(db)
    print("  cookbook queries", file=sys.stderr)
    timings = queries(db, config)
    shutil.rmtree(work / "spool", ignore_errors=True)
    return {"append": appended, "article_ms_empty": at_zero, "article_ms_full": at_full,
            "drain_ms_empty": drain_zero, "drain_ms_full": drain_full, "rebuild": rebuilt,
            "queries": timings}
