"""Runs the benchmarks and writes bench/RESULTS.md: the machine, the date, and each figure beside
the library floor measured in the same run (as a ratio).

Usage: python -m bench [--events 1000000] [--feeds 1000] [--pages 200] [--match-feeds 150]
                       [--skip poll,match,store,pages,daemon,latency,soak,extract]
(from the repository root; about 10-15 minutes with the defaults on 2 cores). Work files go to a
temporary folder, removed at the end. None of this is a timed test in CI.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    bench_latency,
    bench_matchcycle,
    bench_pagepath,
    bench_poll,
    bench_soak,
    bench_startup,
    bench_store,
)
from bench.common import ROOT, machine, median, timed_child

RESULTS = ROOT / "bench" / "RESULTS.md"


def startup(config: Path, db: Path) -> dict[str, float]:
    sql = [sys.executable, "-m", "monitor", "sql", "--format", "csv", "SELECT 1", "--config", str(config),
           "--db", str(db)]
    bare = [sys.executable, "-c", "import duckdb, click"]
    return {"help": median([timed_child([sys.executable, "-m", "monitor", "--help"], cwd=ROOT).seconds
                            for _ in range(5)]),
            "sql": median([timed_child(sql, cwd=ROOT).seconds for _ in range(5)]),
            "floor": median([timed_child(bare, cwd=ROOT).seconds for _ in range(5)])}


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--match-feeds", type=int, default=bench_matchcycle.FEEDS,
                        help="feeds in the 5 %% matching cycle (1,000 takes about 13 minutes today)")
    parser.add_argument("--skip", default="",
                        help="comma-separated: poll, match, store, pages, daemon, latency, soak, extract")
    return parser.parse_args()


def main() -> None:
    options = _options()
    skip = set(filter(None, options.skip.split(",")))
    started = datetime.now(UTC)
    header = machine()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as folder:
        work = Path(folder)
        config = bench_poll.write_config(work / "poll", [])
        if "poll" not in skip:
            print(f"polling {options.feeds} local feeds", file=sys.stderr)
            results["poll"] = bench_poll.run(work / "poll", options.feeds)
        if "match" not in skip:
            print(f"cold cycle of {options.match_feeds} local feeds, 5 % of items matching", file=sys.stderr)
            results["match"] = bench_matchcycle.run(work / "match", options.match_feeds)
        if "pages" not in skip:
            print(f"page path on {options.pages} pages", file=sys.stderr)
            results["pages"] = bench_pagepath.run(options.pages)
        if "store" not in skip:
            print("event log", file=sys.stderr)
            results["store"] = bench_store.run(work, options.events, config)
        db = work / "log.duckdb"
        if not db.exists():
            bench_store.append_log(db, 1000)
        results["startup"] = startup(config, db)
        if "daemon" not in skip:
            print("daemon start-up on 1,000 and 100,000 articles", file=sys.stderr)
            results["daemon"] = bench_startup.run(work / "startup")
        if "latency" not in skip:
            print("alert latency over 50 items", file=sys.stderr)
            results["latency"] = bench_latency.run(work / "latency")
        if "soak" not in skip:
            print("soak: 200 warm cycles of `monitor run`", file=sys.stderr)
            results["soak"] = bench_soak.run(work / "soak")
    if "extract" not in skip:
        print("bench/bench_extract.py", file=sys.stderr)
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_extract.py"), "--articles", "160"],
                              capture_output=True, text=True, check=False, cwd=ROOT)
        results["extract"] = done.stdout.strip() or done.stderr[-800:]
    elapsed = (datetime.now(UTC) - started).total_seconds()
    RESULTS.write_text(render(results, header, started, elapsed, options), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor else "-"


def render(results: dict[str, Any], header: str, started: datetime, elapsed: float,
           options: argparse.Namespace) -> str:
    lines = ["# Benchmark results", "",
             f"Run {started:%Y-%m-%d %H:%M} UTC, {elapsed / 60:.1f} minutes, `python -m bench "
             f"--events {options.events} --feeds {options.feeds} --pages {options.pages} "
             f"--match-feeds {options.match_feeds}`.", "",
             f"Machine: {header}.", "",
             "Each figure beside the floor measured in the same run; ratio = monitor / floor "
             "(times: lower is better; rates: higher is better).", "",
             "| measure | monitor | floor in the same run | ratio | target |", "|---|---|---|---|---|"]
    lines += _poll_rows(results.get("poll"))
    if "match" in results:
        lines += bench_matchcycle.rows(results["match"])
    lines += _page_rows(results.get("pages"))
    lines += _store_rows(results.get("store"))
    start = results["startup"]
    lines.append(f"| `monitor sql` start-up (SELECT 1, csv) | {start['sql']:.2f} s | python + import duckdb, click "
                 f"{start['floor']:.2f} s | {_ratio(start['sql'], start['floor'])} | <= 0.3 s |")
    lines.append(f"| `monitor --help` | {start['help']:.2f} s | | | <= 0.3 s |")
    if "daemon" in results:
        lines += bench_startup.rows(results["daemon"])
    lines += _query_rows(results.get("store"))
    for name, module in (("latency", bench_latency), ("soak", bench_soak)):
        if name in results:
            lines += module.rows(results[name])
    if "poll" in results:
        lines += ["", "Peers: " + "; ".join(f"{k}: {v}" for k, v in results["poll"]["peers"].items()) + "."]
    if "extract" in results:
        lines += ["", "## bench/bench_extract.py (160 articles)", "", "```", results["extract"], "```"]
    skipped = sorted(set(filter(None, options.skip.split(","))))
    if skipped:
        lines += ["", f"Skipped in this run (`--skip`): {', '.join(skipped)}."]
    lines.append("")
    return "\n".join(lines)


def _poll_rows(poll: dict[str, Any] | None) -> list[str]:
    if not poll:
        return []
    n = poll["feeds"]
    return [
        f"| {n} feeds cold, `monitor poll --once` | {poll['cold'].seconds:.1f} s, {poll['cold'].peak_mb:.0f} MB | "
        f"feedparser + httpx, 20 threads: {poll['floor_cold']:.1f} s | "
        f"{_ratio(poll['cold'].seconds, poll['floor_cold'])} | <= 0.7x, <= 150 MB |",
        f"| {n} feeds warm (all 304) | {poll['warm'].seconds:.1f} s (again: {poll['warm_again'].seconds:.1f} s) | "
        f"{poll['floor_warm']:.1f} s | {_ratio(poll['warm'].seconds, poll['floor_warm'])} | <= 1.0x |",
        f"| events in the log after the three cycles | {poll['events']:,} | | | quiet polls not logged |",
        *_peer_rows(poll)]


def _peer_rows(poll: dict[str, Any]) -> list[str]:
    """The peers beside monitor, same feeds, same server: newsboat and rss2email where installed."""
    rows = []
    labels = {"newsboat": "newsboat (`-x reload`, 20 threads)", "rss2email": "rss2email (`r2e run --no-send`)"}
    for key, label in labels.items():
        peer = poll.get(key) or {}
        for kind in ("cold", "warm"):
            if peer.get(kind) is not None:
                rows.append(f"| peer: {label}, {kind} | {peer[kind]:.1f} s | monitor {poll[kind].seconds:.1f} s, "
                            f"floor {poll['floor_' + kind]:.1f} s | {_ratio(peer[kind], poll['floor_' + kind])} "
                            "of the floor | |")
    return rows


def _page_rows(pages: dict[str, float] | None) -> list[str]:
    if not pages:
        return []
    return [
        f"| page path (`monitor.pages.extract_page`), {pages['pages']:.0f} pages of {pages['kb']:.0f} KB | "
        f"{pages['page']:.0f} pages/s | trafilatura.extract {pages['trafilatura']:.0f} pages/s | "
        f"{_ratio(pages['page'], pages['trafilatura'])} | >= 0.8x |",
        f"| page + extractor | {pages['page_extract']:.0f} pages/s | {pages['trafilatura']:.0f} pages/s | "
        f"{_ratio(pages['page_extract'], pages['trafilatura'])} | >= 0.8x |"]


def _store_rows(store: dict[str, Any] | None) -> list[str]:
    if not store:
        return []
    append, rebuilt = store["append"], store["rebuild"]
    per_million = append["size_mb"] / append["events"] * 1e6
    return [
        f"| events appended batched (10k a transaction) | {append['rate']:,.0f} events/s | bare DuckDB insert of the "
        f"same rows, no index: {append['floor_rate']:,.0f}/s | {_ratio(append['rate'], append['floor_rate'])} | "
        ">= 200k/s |",
        f"| one article's write (10 events, own transaction) | {store['article_ms_empty']:.1f} ms on an empty log, "
        f"{store['article_ms_full']:.1f} ms at {append['events']:,} events | | "
        f"{_ratio(store['article_ms_full'], store['article_ms_empty'])} | flat |",
        f"| a drain of one article (open, append, close) | {store['drain_ms_empty']:.0f} ms on an empty log, "
        f"{store['drain_ms_full']:.0f} ms at {append['events']:,} events | | "
        f"{_ratio(store['drain_ms_full'], store['drain_ms_empty'])} | flat |",
        f"| `monitor rebuild`, {append['events']:,} events | {median(rebuilt['seconds']):.1f} s, "
        f"{rebuilt['peak_mb']:.0f} MB peak | | | <= 10 s, <= 500 MB |",
        f"| file size | {per_million:.0f} MB per million events; after 3 rebuilds: "
        f"{', '.join(f'{s:.0f}' for s in rebuilt['sizes_mb'])} MB | | | stable |"]


def _query_rows(store: dict[str, Any] | None) -> list[str]:
    if not store:
        return []
    return [f"| cookbook: {q['title']} | CLI {q['cli_ms']:.0f} ms | in process {q['in_process_ms']:.0f} ms | "
            f"{_ratio(q['cli_ms'], q['in_process_ms'])} | <= 250 ms |" for q in store["queries"]]


if __name__ == "__main__":
    main()
