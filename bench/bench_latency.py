"""Alert latency over 50 items (issue 11: "alert after the poll tick", p50 <= 0.5 s, p95 <= 1 s).

Real parts, each in its own process: a feed server (127.0.0.1) whose feed gains one item every EVERY
seconds (the first EVERY seconds after the daemon's first poll), each linking an article page that says
North Korea has sent N troops to Russia, the Pentagon said (N 7 % above the item before: every article
raises a new or revised figure); a JSON webhook that records when each message arrives; and the
daemon, `python -m monitor run --config ... --db ...`, polling the feed every INTERVAL seconds (no
jitter) and delivering alerts to the webhook through an apprise `json://` target.

Latency of an item = the webhook's arrival time of the message naming its page minus the time the feed
response that first listed the item was served (both servers record `time.time()` on this machine).
Where the time goes, per item, from the servers' records and the log's `recorded_at`: feed served ->
page served (the poll: parse, match, page request) -> article.observed appended (page extraction on the
poll thread, spool, the writer's drain up to the pipeline's append) -> alert.raised appended (the
pipeline: extraction, rules) -> the webhook's arrival (commit, outbox, apprise's POST).

Floor in the same run: for each item, feedparser.parse of the feed as the daemon got it, httpx GET of
its page, trafilatura.extract, and a JSON POST to the same webhook (no log, no durability).

--trace runs the same daemon through TRACER, which wraps a few of its methods (the poller's article, the
spool's put, the writer's drain and session open, the pipeline, the apprise send, the writer thread's
submit) to timestamp each item's steps (STEPS) and the WAL's size at each drain; monitor/ is unchanged.
Two experiments (traced, never the figures of the table): --checkpoint-wal 64KB (the writer's
checkpoint_threshold instead of monitor's 4MB) and --checkpoint-after-drain (a CHECKPOINT after each
drain, once its alerts are sent), to see what keeping the WAL short would change.

Usage: python -m bench.bench_latency [--items 50] [--every 1.5] [--interval 1] [--trace]
       [--checkpoint-wal 64KB] [--checkpoint-after-drain]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.bench_poll import start_server, write_config
from bench.common import ROOT, median

ITEMS = 50
EVERY = 1.5  # seconds between new items
INTERVAL = 1.0  # [poll] interval_seconds: any number above 0 is allowed (monitor/config.py, _seconds)
READY = "monitor running"
TARGET = "p50 <= 0.5 s, p95 <= 1 s"

FEED_SERVER = r'''
import html, json, random, threading, time
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SHOWN = 20  # the feed lists the newest 20 items
ADJ = "busy quiet local regional small large new old early late open public cold wet".split()
NOUN = ("market council harbour school bridge library railway festival garden museum factory clinic "
        "orchard bakery stadium ferry").split()
VERB = "reopened expanded delayed welcomed reviewed planned extended repaired cleaned visited".split()
lock = threading.Lock()
state = {"t0": None, "first_listed": {}, "pages": {}, "feeds_200": 0, "feeds_304": 0}

def value(k):
    return int(round(1000 * 1.07 ** k, -1))

def published(k):
    return datetime.fromtimestamp(state["t0"] + (k + 1) * EVERY, timezone.utc)

def title(k):
    return f"Pentagon update {k + 1}: North Korean forces in Russia"

def lead(k):
    return f"North Korea has sent {value(k):,} troops to Russia, the Pentagon said in a statement."

def filler(k):
    rng = random.Random(k)
    def sentence():
        return (f"The {rng.choice(ADJ)} {rng.choice(NOUN)} {rng.choice(VERB)} the {rng.choice(ADJ)} "
                f"{rng.choice(NOUN)} near the {rng.choice(NOUN)}, and the {rng.choice(NOUN)} "
                f"{rng.choice(VERB)} its {rng.choice(ADJ)} {rng.choice(NOUN)} as well.")
    return ["".join(sentence() + " " for _ in range(4)) for _ in range(4)]

def page(k, base):
    body = "".join(f"<p>{html.escape(p)}</p>" for p in [lead(k), *filler(k)])
    when = published(k).isoformat()
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title(k))}'
            f'</title><meta property="og:site_name" content="Bench Wire"><meta property="article:published_time"'
            f' content="{when}"></head><body><nav><a href="/">Bench Wire</a> | <a href="/world">World</a></nav>'
            f'<article><h1>{html.escape(title(k))}</h1>{body}</article>'
            f'<footer>(c) Bench Wire. All rights reserved.</footer></body></html>').encode()

def feed(count, base):
    items = "".join(
        f"<item><title>{html.escape(title(k))}</title><link>{base}/article/{k}.html</link>"
        f"<guid isPermaLink='false'>bench-{k}</guid><pubDate>{format_datetime(published(k))}</pubDate>"
        f"<description>{html.escape(lead(k))}</description></item>"
        for k in range(count - 1, max(-1, count - 1 - SHOWN), -1))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Bench Wire</title>"
            f"<link>{base}/</link><description>news</description>{items}</channel></rss>").encode()

def visible(now):
    return max(0, min(ITEMS, int((now - state["t0"]) / EVERY)))

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def send(self, status, kind, data, etag=None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        return time.time()
    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/log":
            with lock:
                data = json.dumps(state).encode()
            self.send(200, "application/json", data); return
        if self.path.startswith("/feed.xml"):
            with lock:
                if state["t0"] is None:
                    state["t0"] = time.time()
                count = visible(time.time())
            etag = f'"items-{count}"'
            if self.headers.get("If-None-Match") == etag:
                self.send(304, "application/rss+xml", b"", etag)
                with lock:
                    state["feeds_304"] += 1
                return
            served = self.send(200, "application/rss+xml", feed(count, base), etag)
            with lock:
                state["feeds_200"] += 1
                for k in range(max(0, count - SHOWN), count):
                    state["first_listed"].setdefault(str(k), served)
            return
        if self.path.startswith("/article/"):
            k = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            served = self.send(200, "text/html; charset=utf-8", page(k, base))
            with lock:
                state["pages"].setdefault(str(k), served)
            return
        self.send(404, "text/plain", b"not found")

ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
'''

WEBHOOK = r'''
import json, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
received = []

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        arrived = time.time()
        with lock:
            received.append({"path": self.path, "at": arrived, "body": body.decode("utf-8", "replace")})
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def do_GET(self):
        with lock:
            data = json.dumps(received).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)

ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
'''

_ARTICLE = re.compile(r"/article/(\d+)\.html")

# --trace: the same daemon with timestamps at its steps (monkeypatched here; monitor/ is unchanged)
TRACER = r"""
import json, os, sys, threading, time
from functools import wraps

out, lock = open(sys.argv[1], "a", buffering=1, encoding="utf-8"), threading.Lock()

def note(*fields):
    with lock:
        out.write(json.dumps(fields) + "\n")

def timed(owner, name, label, key=None):
    original = getattr(owner, name)
    @wraps(original)
    def wrapper(*args, **kwargs):
        started = time.time()
        try:
            return original(*args, **kwargs)
        finally:
            note(label, key(args) if key else None, started, time.time())
    setattr(owner, name, wrapper)

import monitor.daemon, monitor.outbox, monitor.pipeline, monitor.poller, monitor.spool, monitor.writer
import monitor.store.opening
if os.environ.get("BENCH_CHECKPOINT_WAL"):  # --checkpoint-wal: an experiment, not monitor's setting
    monitor.store.opening.CHECKPOINT_WAL = os.environ["BENCH_CHECKPOINT_WAL"]
timed(monitor.poller.FeedPoller, "_uncut_article", "article", lambda a: a[1].url)
timed(monitor.spool.Spool, "put_article", "spooled", lambda a: a[1].url)
def wal_bytes(args):
    wal = str(args[0].store.path) + ".wal"
    return os.path.getsize(wal) if os.path.exists(wal) else 0
timed(monitor.writer.LogWriter, "drain", "drain", wal_bytes)
timed(monitor.writer.LogWriter, "_write", "write")
timed(monitor.pipeline.Pipeline, "process", "process", lambda a: a[1].url)
timed(monitor.outbox.AppriseSender, "send", "send", lambda a: a[1].body)
if os.environ.get("BENCH_CHECKPOINT_AFTER_DRAIN"):  # --checkpoint-after-drain: an experiment
    import duckdb
    drain = monitor.writer.LogWriter.drain
    def drain_then_checkpoint(self, *args, **kwargs):
        report = drain(self, *args, **kwargs)
        started = time.time()
        connection = duckdb.connect(str(self.store.path))
        connection.execute("CHECKPOINT")
        connection.close()
        note("checkpoint", None, started, time.time())
        return report
    monitor.writer.LogWriter.drain = drain_then_checkpoint
submit = monitor.daemon.WriterThread.submit
def submitted(self, work):
    accepted = submit(self, work)
    note("submit", accepted, time.time(), time.time())
    return accepted
monitor.daemon.WriterThread.submit = submitted
sys.argv = ["monitor", *sys.argv[2:]]
from monitor.cli import main
main()
"""
STEPS = ("feed served -> page served", "page served -> spooled (extract_page, spool)",
         "spooled -> drain starts (writer wake-up)", "drain starts -> file open (EventStore.session)",
         "file open -> pipeline starts (Pipeline(), items before it)",
         "pipeline (process)", "pipeline ends -> apprise send starts (commit, outbox)",
         "apprise send starts -> webhook arrival")


def _trace_steps(trace: Path, listed: dict[int, float], pages: dict[int, float],
                 arrived: dict[int, float]) -> dict[str, Any]:
    """Per item, the seconds of each of STEPS; and how often the writer was busy when asked to drain."""
    records = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines() if line.strip()]
    first: dict[str, dict[int, tuple[float, float]]] = {}
    for label, key, start, end in records:
        match = _ARTICLE.search(key) if isinstance(key, str) else None
        if match:
            first.setdefault(label, {}).setdefault(int(match.group(1)), (start, end))
    drains = sorted((start, end) for label, _, start, end in records if label == "drain")
    writes = sorted(start for label, _, start, _ in records if label == "write")
    opens: dict[int, list[float]] = {}  # the file's open time by the WAL's size at the drain's start, 100 KB
    for label, wal, start, end in records:
        opened_at = next((w for w in writes if start <= w <= end), None)
        if label == "drain" and opened_at is not None:
            opens.setdefault(int(wal // 100_000), []).append(opened_at - start)
    steps: dict[int, list[float]] = {}
    for item in sorted(arrived):
        process, send = first.get("process", {}).get(item), first.get("send", {}).get(item)
        spooled = first.get("spooled", {}).get(item)
        if None in (process, send, spooled) or item not in listed or item not in pages:
            continue
        assert process is not None and send is not None and spooled is not None
        drain = next((start for start, end in drains if start <= process[0] <= end), process[0])
        opened = max((start for start in writes if drain <= start <= process[0]), default=drain)
        marks = [listed[item], pages[item], spooled[1], drain, opened, process[0], process[1], send[0],
                 arrived[item]]
        steps[item] = [b - a for a, b in itertools.pairwise(marks)]
    refused = sum(1 for label, key, _, _ in records if label == "submit" and key is False)
    checkpoints = [end - start for label, _, start, end in records if label == "checkpoint"]
    return {"steps": steps, "refused": refused, "drains": len(drains), "checkpoints": checkpoints,
            "opens": {mb: (len(v), median(v)) for mb, v in sorted(opens.items())},
            "medians": {name: median([s[i] for s in steps.values()]) for i, name in enumerate(STEPS)}}


def _config(work: Path, feed_url: str, hook_port: int, interval: float) -> Path:
    config = write_config(work, [feed_url])
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[[alerts.targets]]\nname = "bench-hook"\nurl = "json://127.0.0.1:{hook_port}/hook?rto=5&cto=3"\n'
                     f'\n[poll]\ninterval_seconds = {interval}\njitter_seconds = 0\n')
    return config


def _get_json(port: int, path: str) -> Any:
    return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=10).json()


def _arrivals(hook_port: int, path: str = "/hook") -> dict[int, float]:
    """The first arrival at the webhook of a message naming each item's page."""
    first: dict[int, float] = {}
    for record in _get_json(hook_port, "/"):
        if not record["path"].startswith(path):
            continue
        for found in _ARTICLE.finditer(record["body"]):
            item = int(found.group(1))
            first[item] = min(first.get(item, record["at"]), record["at"])
    return first


def _wait_ready(log_file: Path, process: subprocess.Popen[bytes], timeout: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and process.poll() is None:
        if READY in log_file.read_text(encoding="utf-8", errors="replace"):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError(f"monitor run never said {READY!r}: {log_file.read_text(errors='replace')[-800:]}")


def _daemon(config: Path, db: Path, work: Path, hook_port: int, items: int, every: float,
            trace: Path | None, experiment: dict[str, str]) -> dict[str, Any]:
    """Runs the daemon until every item's alert arrived (or a deadline); its start-up and stop times."""
    log_file = work / "daemon.log"
    command = ["-c", TRACER, str(trace)] if trace else ["-m", "monitor"]
    args = [sys.executable, *command, "run", "--config", str(config), "--db", str(db)]
    with log_file.open("wb") as stderr:
        env = {**os.environ, **experiment}
        process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        try:
            ready = _wait_ready(log_file, process)
            deadline = time.perf_counter() + (items + 1) * every + 30
            while time.perf_counter() < deadline and process.poll() is None:
                if len(_arrivals(hook_port)) >= items:
                    break
                time.sleep(0.5)
            stopping = time.perf_counter()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
            stopped = time.perf_counter() - stopping
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return {"ready": ready, "stop": stopped, "code": process.returncode,
            "log_tail": log_file.read_text(encoding="utf-8", errors="replace")[-1500:]}


def _log_times(db: Path) -> tuple[dict[str, dict[int, float]], dict[str, int]]:
    """Per item (from its page URL): when its article.observed, its first alert.raised and its first
    alert.delivered were appended (recorded_at, epoch seconds, UTC); and the log's events by type."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        observed = con.execute("SELECT payload->>'url', epoch(recorded_at) FROM events WHERE type = $t",
                               {"t": "article.observed"}).fetchall()
        raised = con.execute("SELECT payload->>'alert_id', payload->>'url', epoch(recorded_at) FROM events "
                             "WHERE type = $t", {"t": "alert.raised"}).fetchall()
        delivered = con.execute("SELECT payload->>'alert_id', epoch(recorded_at) FROM events WHERE type = $t",
                                {"t": "alert.delivered"}).fetchall()
        types = {str(t): int(n) for t, n in con.execute("SELECT type, count(*) FROM events GROUP BY type "
                                                        "ORDER BY type").fetchall()}
    item_of = {alert: int(m.group(1)) for alert, url, _ in raised if (m := _ARTICLE.search(url or ""))}
    pairs = {"observed": [(_ARTICLE.search(url or ""), at) for url, at in observed],
             "raised": [(_ARTICLE.search(url or ""), at) for _, url, at in raised]}
    times: dict[str, dict[int, float]] = {"observed": {}, "raised": {}, "delivered": {}}
    for kind, found in pairs.items():
        for match, at in found:
            if match:
                item = int(match.group(1))
                times[kind][item] = min(times[kind].get(item, at), at)
    for alert, at in delivered:
        if alert in item_of:
            item = item_of[alert]
            times["delivered"][item] = min(times["delivered"].get(item, at), at)
    return times, types


def _floor(feed_port: int, hook_port: int, items: int) -> list[float]:
    """Per item: feed parse, page GET, trafilatura.extract, JSON POST to the webhook (after the daemon ran)."""
    import feedparser
    import trafilatura

    base = f"http://127.0.0.1:{feed_port}"
    seconds: list[float] = []
    with httpx.Client(timeout=10) as client:
        feed = client.get(f"{base}/feed.xml").content
        for item in range(items):
            started = time.perf_counter()
            parsed = feedparser.parse(feed)
            link = next((e.link for e in parsed.entries if e.link.endswith(f"/article/{item}.html")),
                        f"{base}/article/{item}.html")
            text = trafilatura.extract(client.get(link).text) or ""
            client.post(f"http://127.0.0.1:{hook_port}/floor", json={"title": link, "message": text[:300]})
            seconds.append(time.perf_counter() - started)
    return seconds


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _segments(listed: dict[int, float], pages: dict[int, float], log: dict[str, dict[int, float]],
              arrived: dict[int, float]) -> dict[str, float]:
    """Median seconds of each stretch, over the items that have both ends."""
    marks = [("feed served -> page served", listed, pages), ("page served -> article.observed", pages,
             log["observed"]), ("article.observed -> alert.raised", log["observed"], log["raised"]),
             ("alert.raised -> webhook arrival", log["raised"], arrived),
             ("alert.raised -> alert.delivered recorded", log["raised"], log["delivered"])]
    return {name: median([b[k] - a[k] for k in a if k in b]) for name, a, b in marks}


def run(work: Path, items: int = ITEMS, every: float = EVERY, interval: float = INTERVAL,
        trace: bool = False, experiment: dict[str, str] | None = None) -> dict[str, Any]:
    """The daemon against the servers; with `trace`, the daemon timestamps its steps (STEPS). An
    `experiment` (traced too) changes the daemon's writer in the tracer: BENCH_CHECKPOINT_WAL=64KB (its
    checkpoint_threshold instead of monitor's 4MB), BENCH_CHECKPOINT_AFTER_DRAIN=1 (CHECKPOINT after each
    drain, once its alerts are sent)."""
    experiment = experiment or {}
    trace = trace or bool(experiment)
    work.mkdir(parents=True, exist_ok=True)
    db = work / "latency.duckdb"
    feed_server, feed_port = start_server(f"ITEMS, EVERY = {items:d}, {every!r}\n{FEED_SERVER}")
    hook_server, hook_port = start_server(WEBHOOK)
    started = time.perf_counter()
    try:
        config = _config(work, f"http://127.0.0.1:{feed_port}/feed.xml", hook_port, interval)
        daemon = _daemon(config, db, work, hook_port, items, every, work / "trace.jsonl" if trace else None,
                         experiment)
        arrived = _arrivals(hook_port)
        served = _get_json(feed_port, "/log")
        floor = _floor(feed_port, hook_port, items)
    finally:
        for server in (feed_server, hook_server):
            server.kill()
            server.communicate()
    listed = {int(k): v for k, v in served["first_listed"].items()}
    pages = {int(k): v for k, v in served["pages"].items()}
    log, types = _log_times(db)
    latency = {k: arrived[k] - listed[k] for k in sorted(arrived) if k in listed}
    values = list(latency.values())
    return {"items": items, "every": every, "interval": interval, "received": len(latency),
            "listed": len(listed), "pages_fetched": len(pages), "observed": len(log["observed"]),
            "raised": len(log["raised"]), "missing": sorted(set(range(items)) - set(latency)),
            "latency": latency, "p50": _quantile(values, 0.5), "p95": _quantile(values, 0.95),
            "max": max(values) if values else float("nan"),
            "max_item": max(latency, key=latency.__getitem__) if latency else None,
            "floor": floor, "floor_p50": median(floor), "floor_p95": _quantile(floor, 0.95),
            "segments": _segments(listed, pages, log, arrived), "event_types": types,
            "feeds_200": served["feeds_200"], "feeds_304": served["feeds_304"], "daemon": daemon,
            "seconds": time.perf_counter() - started, "traced": trace, "experiment": experiment,
            "db_bytes": db.stat().st_size,
            "wal_bytes": wal.stat().st_size if (wal := db.with_name(db.name + ".wal")).exists() else 0,
            "trace": _trace_steps(work / "trace.jsonl", listed, pages, arrived) if trace else None,
            "ran_at": datetime.now(UTC).isoformat(timespec="seconds")}


def rows(result: dict[str, Any]) -> list[str]:
    """Lines of bench/RESULTS.md's table."""
    r = result
    ratio = f"{r['p50'] / r['floor_p50']:.1f}x" if r["floor_p50"] else "-"
    return [f"| alert after the poll tick ({r['items']} items, one every {r['every']:g} s, poll interval "
            f"{r['interval']:g} s; feed served -> webhook) | p50 {r['p50']:.2f} s, p95 {r['p95']:.2f} s, "
            f"max {r['max']:.2f} s; {r['received']} of {r['items']} received | page GET + trafilatura + POST: "
            f"p50 {r['floor_p50'] * 1000:.0f} ms, p95 {r['floor_p95'] * 1000:.0f} ms | {ratio} (p50) | {TARGET} |"]


def report(result: dict[str, Any]) -> str:
    r = result
    lines = [*rows(r), "",
             f"run of {r['seconds']:.0f} s at {r['ran_at']}; daemon ready in {r['daemon']['ready']:.1f} s, "
             f"stopped {r['daemon']['stop']:.1f} s after SIGTERM (exit {r['daemon']['code']})",
             f"feed responses: {r['feeds_200']} x 200, {r['feeds_304']} x 304; items listed {r['listed']}, "
             f"pages fetched {r['pages_fetched']}, articles observed {r['observed']}, with an alert {r['raised']}, "
             f"alerts received {r['received']}",
             f"slowest item: {r['max_item']} ({r['max']:.2f} s)", "where the time goes (median per item):"]
    lines += [f"  {name:45s} {seconds * 1000:7.0f} ms" for name, seconds in r["segments"].items()]
    lines.append("latency per item (s): " + " ".join(f"{k}:{v:.2f}" for k, v in r["latency"].items()))
    lines.append(f"events in the log: {json.dumps(r['event_types'])}; after the run the file is "
                 f"{r['db_bytes'] / 1e3:.0f} KB and its WAL {r['wal_bytes'] / 1e3:.0f} KB")
    if r["trace"]:
        t = r["trace"]
        changed = f"; experiment: {r['experiment']}" if r["experiment"] else ""
        lines += [f"traced daemon (timestamps at its steps{changed}): {t['drains']} drains, {t['refused']} "
                  "drain requests refused because a drain was running; median per item:"]
        lines += [f"  {name:58s} {seconds * 1000:7.0f} ms" for name, seconds in t["medians"].items()]
        lines.append("drain's file open by WAL size at its start: " + "; ".join(
            f"{kb * 100}-{kb * 100 + 100} KB: {n} drains, {ms * 1000:.0f} ms" for kb, (n, ms) in t["opens"].items()))
        if t["checkpoints"]:
            lines.append(f"checkpoints after drains: {len(t['checkpoints'])}, median "
                         f"{median(t['checkpoints']) * 1000:.0f} ms, max {max(t['checkpoints']) * 1000:.0f} ms")
        slowest = sorted(t["steps"], key=lambda k: -sum(t["steps"][k]))[:8]
        lines.append("slowest items, ms per step: " + "; ".join(
            f"{k}: " + "/".join(f"{s * 1000:.0f}" for s in t["steps"][k]) for k in slowest))
    if r["missing"]:
        lines.append(f"no alert received for items {r['missing']}; daemon log tail:\n{r['daemon']['log_tail']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=ITEMS)
    parser.add_argument("--every", type=float, default=EVERY, help="seconds between new feed items")
    parser.add_argument("--interval", type=float, default=INTERVAL, help="[poll] interval_seconds")
    parser.add_argument("--trace", action="store_true", help="timestamp the daemon's steps (where the time goes)")
    parser.add_argument("--checkpoint-wal", help="experiment (implies --trace): the writer's checkpoint_threshold, "
                                                 "e.g. 64KB, instead of monitor.store.opening.CHECKPOINT_WAL")
    parser.add_argument("--checkpoint-after-drain", action="store_true",
                        help="experiment (implies --trace): CHECKPOINT after each drain, once its alerts are sent")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="monitor-bench-latency-") as folder:
        experiment = {**({"BENCH_CHECKPOINT_WAL": options.checkpoint_wal} if options.checkpoint_wal else {}),
                      **({"BENCH_CHECKPOINT_AFTER_DRAIN": "1"} if options.checkpoint_after_drain else {})}
        result = run(Path(folder), options.items, options.every, options.interval, options.trace, experiment)
    print(report(result))


if __name__ == "__main__":
    main()
