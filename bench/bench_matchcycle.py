"""A cold cycle where about 5 % of the items match a watchlist (issue 11): F local feeds of 20 items, the
matching items linking to ~9 KB news pages (bench/pages.py), all served on 127.0.0.1 by a process of its
own. `monitor poll --once` (fresh database each run) against the floor in the same run: httpx on 20
threads fetching every feed, feedparser.parse, then for each entry whose title or summary contains a
watchlist alias (a plain case-folded substring test) its page fetched and trafilatura.extract()ed.
The server counts the pages each side fetched; the two counts must agree.

Usage: python -m bench.bench_matchcycle [--feeds 150] [--runs 3] [--profile]
(--profile: one more monitor run under a stack sampler, every thread, and where its time goes; with
--runs 0 only that run. The sampler sees monitor's own process, not its pool of worker processes.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import feedparser
import httpx
import trafilatura

from bench.bench_poll import start_server, write_config
from bench.common import FEED_HOSTS, ROOT, SERVE_ON_HOSTS, Run, feed_host, machine, median, timed_child
from monitor.watchlist import load_watchlists

ITEMS = 20
FEEDS = 150  # the default: monitor took 804 s at 1,000 feeds (980 pages), far over a 3-minute budget
SHARE = 5  # percent of the items that match

# Which items match: crc32 of "n-k" mod 100 below SHARE; the server and the checks below use this same rule.
SERVER = r'''
import random, sys, threading, zlib
sys.path.insert(0, ROOT)
from bench.pages import page, paragraphs
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

T0 = datetime(2024, 10, 1, tzinfo=timezone.utc)
POOL = paragraphs()
MATCHING = ("North Korean troops reported in the Kursk region", "NATO allies discuss Ukraine air defence",
            "Pyongyang sends more soldiers to Russia", "Fighting near Sudzha as Kyiv holds ground")
LOCK = threading.Lock()
PAGES = [0]

def matches(n, k):
    return zlib.crc32(f"{n}-{k}".encode()) % 100 < SHARE

def item(n, k, host, port):
    when = format_datetime(T0 + timedelta(hours=k))
    if matches(n, k):
        title = f"{MATCHING[(n + k) % len(MATCHING)]} ({n}-{k})"
        summary = f"Officials said on Tuesday that the report {n}-{k} was confirmed by two sources."
        link = f"http://{host}:{port}/page/{n}/{k}"
    else:
        title = f"Weather and markets {n}-{k}"
        summary = f"Rain expected in the afternoon; shares closed higher, item {k} of feed {n}."
        link = f"http://127.0.0.1/p/{n}/{k}"
    return (f"<item><title>{title}</title><link>{link}</link><guid>feed{n}-item{k}</guid>"
            f"<pubDate>{when}</pubDate><description>{summary}</description></item>")

def feed(n, host, port):
    items = "".join(item(n, k, host, port) for k in range(ITEMS))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Feed {n}</title>"
            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>").encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def reply(self, data, kind):
        self.send_response(200); self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        host, port = self.server.server_address[:2]
        parts = self.path.strip("/").split("/")
        if parts[0] == "count":  # pages served since the last count
            with LOCK:
                served, PAGES[0] = PAGES[0], 0
            self.reply(str(served).encode(), "text/plain")
        elif parts[0] == "feed":
            self.reply(feed(int(parts[1].split(".")[0]), host, port), "application/rss+xml")
        elif parts[0] == "page" and len(parts) == 3:
            n, k = int(parts[1]), int(parts[2])
            with LOCK:
                PAGES[0] += 1
            index = n * ITEMS + k
            self.reply(page(index, random.Random(index), POOL)[1].encode(), "text/html; charset=utf-8")
        else:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()

'''.replace("ROOT", repr(str(ROOT))).replace("SHARE", str(SHARE)).replace("ITEMS", str(ITEMS)) \
    + SERVE_ON_HOSTS


def expected_matches(feeds: int) -> int:
    return sum(1 for n in range(feeds) for k in range(ITEMS) if zlib.crc32(f"{n}-{k}".encode()) % 100 < SHARE)


def aliases() -> tuple[str, ...]:
    """Every alias of the repository's watchlists, case-folded (the floor's match list)."""
    found = {a.casefold() for w in load_watchlists(ROOT / "watchlists") for a in w.aliases}
    return tuple(sorted(found))


def floor_cycle(urls: list[str], folded_aliases: tuple[str, ...]) -> tuple[float, int, int]:
    """(seconds, pages fetched, pages extracted to some text): httpx on 20 threads, feedparser.parse,
    then each entry whose title or summary contains an alias fetched and trafilatura.extract()ed."""
    started = time.perf_counter()
    fetched = extracted = 0
    with httpx.Client(timeout=30) as client:
        def one(url: str) -> tuple[int, int]:
            parsed = feedparser.parse(client.get(url).content)
            got = done = 0
            for entry in parsed.entries:
                text = f"{entry.get('title', '')}\n{entry.get('summary', '')}".casefold()
                if any(alias in text for alias in folded_aliases):
                    link = entry.get("link", "")
                    got += 1
                    done += trafilatura.extract(client.get(link).text, url=link) is not None
            return got, done
        with ThreadPoolExecutor(20) as pool:
            for got, done in pool.map(one, urls):
                fetched += got
                extracted += done
    return time.perf_counter() - started, fetched, extracted


def served(port: int) -> int:
    """Pages the server served since the last call."""
    return int(httpx.get(f"http://127.0.0.1:{port}/count", timeout=30).text)


def fresh_db(work: Path) -> None:
    for name in ("monitor.duckdb", "monitor.duckdb.wal"):
        (work / name).unlink(missing_ok=True)
    shutil.rmtree(work / "monitor.duckdb.spool", ignore_errors=True)


def run(work: Path, feeds: int, runs: int = 3, profile: bool = False) -> dict[str, Any]:
    """`runs` interleaved rounds of the floor then `monitor poll --once` on a fresh database."""
    folded = aliases()
    server, port = start_server(SERVER, hosts=FEED_HOSTS)
    monitor: list[Run] = []
    monitor_pages: list[int] = []
    floor: list[float] = []
    floor_pages: list[int] = []
    extracted: list[int] = []
    sampled: dict[str, Any] | None = None
    try:
        urls = [f"http://{feed_host(n)}:{port}/feed/{n}.xml" for n in range(feeds)]
        config = write_config(work, urls)
        poll = [sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)]
        served(port)
        for _ in range(runs):
            seconds, fetched, done = floor_cycle(urls, folded)
            floor.append(seconds)
            floor_pages.append(served(port))
            extracted.append(done)
            if fetched != floor_pages[-1]:
                raise RuntimeError(f"the floor fetched {fetched} pages, the server served {floor_pages[-1]}")
            fresh_db(work)
            monitor.append(timed_child(poll, cwd=ROOT))
            monitor_pages.append(served(port))
        articles = _articles(work / "monitor.duckdb") if runs else {}
        if profile:
            fresh_db(work)
            sampled = sample(config, work / "profile.json")
            served(port)
    finally:
        server.kill()
        server.communicate()
    return {"feeds": feeds, "runs": runs, "expected": expected_matches(feeds), "monitor": monitor,
            "monitor_pages": monitor_pages, "floor": floor, "floor_pages": floor_pages,
            "floor_extracted": extracted, "articles": articles, "profile": sampled}


def _articles(db: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT type, count(*) FROM events WHERE type IN (?, ?, ?) GROUP BY type ORDER BY type",
                            ["article.observed", "article.extracted", "figure.reported"]).fetchall()
    return {str(kind): int(count) for kind, count in found}


def rows(result: dict[str, Any]) -> list[str]:
    """The markdown rows, in bench/RESULTS.md's format."""
    if not result["runs"]:
        return []
    seconds = median([r.seconds for r in result["monitor"]])
    peak = max(r.peak_mb for r in result["monitor"])
    floor = median(result["floor"])
    pages = result["monitor_pages"]
    agree = "same pages" if pages == result["floor_pages"] else f"floor fetched {result['floor_pages']}"
    if any(count != result["expected"] for count in pages):
        agree += f"; {result['expected']} match by construction"
    failed = [r.code for r in result["monitor"] if r.code != 0]
    exits = f", exit {failed}" if failed else ""
    runs = result["runs"]
    how = f"median of {runs} interleaved" if runs > 1 else "1 run"
    ratio = f"{seconds / floor:.2f}x" if floor else "-"
    return [f"| cold cycle, {result['feeds']} feeds, {SHARE} % of items match ({pages[-1]} pages fetched and "
            f"extracted; {how}) | {seconds:.1f} s, {peak:.0f} MB{exits} | httpx 20 threads + feedparser + "
            f"trafilatura.extract: {floor:.1f} s ({agree}) | {ratio} | <= 1.2x |"]


# A stack sampler around `monitor poll --once` in this process: every 10 ms, every thread's stack (cProfile
# sees only the main thread, and the polls run on a pool's threads). Samples are grouped by the main
# thread's phase (start-up, poll_all_now, the writer's drain) and, for the pool's threads, by whether the
# thread was busy or waiting (socket read, lock, idle worker).
_SAMPLER = r"""
import collections, json, os, resource, runpy, sys, threading, time
out, argv = sys.argv[1], sys.argv[2:]
groups = collections.defaultdict(lambda: {"leaf": collections.Counter(), "inclusive": collections.Counter(), "n": 0})
spans, main_id, stop, count = {}, threading.main_thread().ident, threading.Event(), [0]
WAIT = {"wait", "acquire", "_wait_for_tstate_lock", "select", "poll", "accept", "sleep", "get", "_worker"}
GENERIC = ("threading.py", "concurrent/futures", "runpy", "click/", "<frozen", "contextlib.py", "bench")

def name(code):
    return f"{code.co_filename.rsplit('/site-packages/', 1)[-1].replace(sys.prefix, '')}:{code.co_name}"

def tally(group, stack):
    found = groups[group]
    found["n"] += 1
    found["leaf"][name(stack[0])] += 1
    for code in set(stack):
        if not any(part in code.co_filename for part in GENERIC):
            found["inclusive"][name(code)] += 1

def sampler():
    me = threading.get_ident()
    while not stop.wait(0.01):
        count[0] += 1
        now = time.perf_counter()
        for ident, frame in sys._current_frames().items():
            stack = []
            while frame is not None:
                stack.append(frame.f_code)
                frame = frame.f_back
            if ident == me or not stack:
                continue
            if ident == main_id:
                names = {c.co_name for c in stack}
                phase = "drain" if "drain" in names else "poll_all_now" if "poll_all_now" in names else "start/other"
                if phase != "start/other":
                    spans.setdefault(phase, [now, now])[1] = now
                tally("main: " + phase, stack)
                continue
            leaf = stack[0]
            waiting = leaf.co_name in WAIT or (leaf.co_name == "read" and "httpcore" in leaf.co_filename)
            tally("pool threads, waiting" if waiting else "pool threads, busy", stack)

def dump():
    stop.set()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(out, "w") as handle:
        json.dump({"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
                   "samples": count[0], "spans": {k: v[1] - v[0] for k, v in spans.items()},
                   "groups": {k: {"n": v["n"], "leaf": v["leaf"].most_common(12),
                                  "inclusive": v["inclusive"].most_common(30)} for k, v in groups.items()}}, handle)

real_exit = os._exit
def leave(code):  # monitor leaves through os._exit while other threads (this sampler) run
    dump()
    real_exit(code)
os._exit = leave
threading.Thread(target=sampler, daemon=True).start()
started = time.perf_counter()
sys.argv = ["monitor", *argv]
try:
    runpy.run_module("monitor", run_name="__main__")
except SystemExit:
    pass
dump()
"""


def sample(config: Path, out: Path) -> dict[str, Any]:
    subprocess.run([sys.executable, "-c", _SAMPLER, str(out), "poll", "--once", "--config", str(config)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=900)
    loaded: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return loaded


def _print_profile(found: dict[str, Any]) -> None:
    print(f"\nsampled run: {found['wall']:.1f} s wall, {found['cpu']:.1f} s CPU, {found['samples']} samples "
          "of 10 ms; main thread's phases, first to last sample: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in found["spans"].items()))
    for group, seen in sorted(found["groups"].items()):
        print(f"{group}: {seen['n']} samples; on the stack (inclusive):")
        print("".join(f"  {hits:6d}  {label}\n" for label, hits in seen["inclusive"]), end="")
        print("  running (leaf): " + "; ".join(f"{label} {hits}" for label, hits in seen["leaf"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=FEEDS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="monitor-matchcycle-") as folder:
        result = run(Path(folder), options.feeds, options.runs, options.profile)
    print(f"{result['expected']} matching items by construction; pages fetched: monitor {result['monitor_pages']}, "
          f"floor {result['floor_pages']} (trafilatura gave text for {result['floor_extracted']}); "
          f"monitor's log of the last run: {result['articles']}")
    print("monitor runs: " + ", ".join(f"{r.seconds:.1f} s {r.peak_mb:.0f} MB exit {r.code}" for r in result["monitor"])
          + "; floor runs: " + ", ".join(f"{s:.1f} s" for s in result["floor"]))
    print("| measure | monitor | floor in the same run | ratio | target |\n|---|---|---|---|---|")
    print("\n".join(rows(result)))
    if result["profile"]:
        _print_profile(result["profile"])
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
