"""The daemon's start-up on logs of 1,000 and 100,000 articles (issue 10: no slower on the larger log).

Setup (timed, not part of the figures): a local HTTP server (127.0.0.1, a separate process) serving each
feed as a tiny RSS channel with no items and an ETag; for each size a log built with `bench/eventlog.py`
(per article: article.observed, article.extracted, 3 figure.reported, 5 actor.mentioned, one feed poll;
spread over FEEDS feeds, the same URLs as the config's) appended through `EventStore` sessions in batches
of ~110k events (10k articles), generated batch by batch so memory stays bounded.

Measured, interleaved (small, large, small, ...), median of RUNS per size:
* `python -m monitor run --config ... --db ...`: wall time from the process's start until "monitor running"
  appears on its stderr (the daemon's ready line), then SIGTERM and the time until it has exited;
* in this process: `load_feed_states()` (what start-up reads before it is ready), `load_known_state()` (that
  and the entries taken, which the writer thread reads once the daemon runs), `EventStore.session()` opened
  for writing (and closed), and
  `check_event_versions()` on a read-only connection (the GROUP BY over events it makes at every open).

Usage: python -m bench.bench_startup [--articles 1000,100000] [--runs 5] [--feeds 20]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from bench.bench_poll import start_server, write_config
from bench.common import ROOT, median
from bench.eventlog import article_events
from monitor.config import load_config
from monitor.events import Event
from monitor.known_state import load_feed_states, load_known_state
from monitor.store import EventStore
from monitor.store.upgrade import check_event_versions

SIZES = (1_000, 100_000)
RUNS = 5
FEEDS = 20
ARTICLES_PER_BATCH = 10_000  # ~110k events a transaction
READY = "monitor running"
READY_TIMEOUT = 120.0

SERVER = r'''
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = (b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Quiet</title>"
        b"<link>http://127.0.0.1/</link><description>no items</description></channel></rss>")

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_GET(self):
        if self.headers.get("If-None-Match") == '"quiet"':
            self.send_response(304); self.send_header("ETag", '"quiet"'); self.send_header("Content-Length", "0")
            self.end_headers(); return
        self.send_response(200); self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", '"quiet"'); self.send_header("Content-Length", str(len(BODY))); self.end_headers()
        self.wfile.write(BODY)

ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
'''


def _article_batches(articles: int, feeds: int, feed_base: str) -> Iterator[list[Event]]:
    rng = random.Random(1)
    for first in range(0, articles, ARTICLES_PER_BATCH):
        yield [event for index in range(first, min(articles, first + ARTICLES_PER_BATCH))
               for event in article_events(index, rng, feeds, feed_base)]


def build_log(db: Path, articles: int, feeds: int, feed_base: str) -> dict[str, float]:
    """A fresh log of `articles` synthetic articles; how long generating and appending took."""
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    events = 0
    with EventStore(db).session() as session:
        for batch in _article_batches(articles, feeds, feed_base):
            events += len(session.append(batch, datetime.now(UTC)))
    return {"articles": articles, "events": events, "seconds": time.perf_counter() - started,
            "size_mb": db.stat().st_size / 1e6}


def daemon_start(config: Path, db: Path) -> tuple[float, float]:
    """(seconds from process start to the ready line, seconds from SIGTERM to exit)."""
    args = [sys.executable, "-m", "monitor", "run", "--config", str(config), "--db", str(db)]
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    ready, seen = float("nan"), []
    try:
        for line in process.stderr:
            seen.append(line)
            if READY in line:
                ready = time.perf_counter() - started
                break
            if time.perf_counter() - started > READY_TIMEOUT:
                break
        stopping = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
        stopped = time.perf_counter() - stopping
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    if ready != ready:  # nan: never ready
        print(f"  monitor run never said {READY!r}: {''.join(seen)[-800:]}", file=sys.stderr)
    return ready, stopped


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def in_process(config: Path, db: Path) -> dict[str, float]:
    """One timing each of the start-up's pieces on `db`."""
    feeds = load_config(config, database=db).feeds
    store = EventStore(db)
    known: dict[str, int] = {}

    def load() -> None:
        seen, states = load_known_state(store, feeds)
        known["entries"], known["feeds"] = len(seen.guid_hashes), len(states)

    def feed_states() -> None:
        load_feed_states(store, feeds)

    def open_write() -> None:
        with store.session():
            pass

    def connect_only() -> None:
        duckdb.connect(str(db), read_only=True).close()

    connection = duckdb.connect(str(db), read_only=True)
    try:
        versions = _seconds(lambda: check_event_versions(connection, db))
    finally:
        connection.close()
    return {"load_known_state": _seconds(load), "load_feed_states": _seconds(feed_states),
            "session_write": _seconds(open_write),
            "check_event_versions": versions, "connect": _seconds(connect_only),
            **{f"known_{k}": float(v) for k, v in known.items()}}


def run(work: Path, sizes: tuple[int, ...] = SIZES, runs: int = RUNS, feeds: int = FEEDS) -> dict[str, Any]:
    """Builds a log per size, then times start-up on them interleaved; figures per size."""
    work.mkdir(parents=True, exist_ok=True)
    server, port = start_server(SERVER)
    try:
        feed_base = f"http://127.0.0.1:{port}/feed"
        config = write_config(work, [f"{feed_base}/{n}.xml" for n in range(feeds)])
        logs: dict[int, Path] = {}
        setup: dict[int, dict[str, float]] = {}
        for size in sizes:
            logs[size] = work / f"startup-{size}.duckdb"
            print(f"  building a log of {size:,} articles", file=sys.stderr)
            setup[size] = build_log(logs[size], size, feeds, feed_base)
        ready: dict[int, list[float]] = {size: [] for size in sizes}
        stop: dict[int, list[float]] = {size: [] for size in sizes}
        pieces: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
        print(f"  monitor run to ready, {runs} runs per size, interleaved", file=sys.stderr)
        for _ in range(runs):
            for size in sizes:
                up, down = daemon_start(config, logs[size])
                ready[size].append(up)
                stop[size].append(down)
                pieces[size].append(in_process(config, logs[size]))
    finally:
        server.kill()
        server.communicate()
        for path in work.glob("startup-*.duckdb*"):  # ~0.5 GB at 100k articles, its spool, its pid file
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return {"feeds": feeds, "runs": runs, "sizes": {size: {
        "setup": setup[size], "ready": ready[size], "ready_median": median(ready[size]),
        "stop_median": median(stop[size]),
        **{name: median([p[name] for p in pieces[size]]) for name in pieces[size][0]}} for size in sizes}}


def rows(result: dict[str, Any]) -> list[str]:
    """Lines of bench/RESULTS.md's table: each figure at the largest size beside the smallest."""
    by_size = result["sizes"]
    small, large = min(by_size), max(by_size)
    a, b = by_size[small], by_size[large]

    def ratio(x: float, y: float) -> str:
        return f"{y / x:.2f}x" if x else "-"

    lines = [f"| `monitor run` to \"{READY}\" ({result['feeds']} local feeds, median of {result['runs']}) | "
             f"{b['ready_median']:.2f} s at {large:,} articles | {a['ready_median']:.2f} s at {small:,} | "
             f"{ratio(a['ready_median'], b['ready_median'])} | no slower |"]
    for name, label in (("load_feed_states", "`load_feed_states()` (before the ready line)"),
                        ("load_known_state", "`load_known_state()` (feeds + entries; the entries are read after "
                                             "the ready line, by the writer thread)"),
                        ("session_write", "`EventStore.session()` write open + close"),
                        ("check_event_versions", "`check_event_versions()` (on an open connection)")):
        lines.append(f"| {label} | {b[name] * 1000:.0f} ms at {large:,} | {a[name] * 1000:.0f} ms at {small:,} | "
                     f"{ratio(a[name], b[name])} | flat |")
    return lines


def table(result: dict[str, Any]) -> str:
    head = ["articles", "events", "setup s", "MB", "ready s (median)", "runs", "SIGTERM to exit s",
            "load_feed_states ms", "load_known_state ms", "entries/feeds known", "write open ms",
            "check_event_versions ms", "connect ms"]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for size, s in result["sizes"].items():
        lines.append(" | ".join([
            f"{size:,}", f"{s['setup']['events']:,.0f}", f"{s['setup']['seconds']:.1f}", f"{s['setup']['size_mb']:.0f}",
            f"{s['ready_median']:.2f}", ", ".join(f"{r:.2f}" for r in s["ready"]), f"{s['stop_median']:.2f}",
            f"{s['load_feed_states'] * 1000:.0f}", f"{s['load_known_state'] * 1000:.0f}",
            f"{s['known_entries']:,.0f}/{s['known_feeds']:.0f}",
            f"{s['session_write'] * 1000:.0f}", f"{s['check_event_versions'] * 1000:.1f}",
            f"{s['connect'] * 1000:.0f}"]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default=",".join(str(s) for s in SIZES), help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--feeds", type=int, default=FEEDS)
    options = parser.parse_args()
    sizes = tuple(int(s) for s in options.articles.split(",") if s)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="monitor-bench-startup-") as folder:
        result = run(Path(folder), sizes, options.runs, options.feeds)
    print(table(result))
    print(f"\n{(time.perf_counter() - started) / 60:.1f} minutes in all; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
