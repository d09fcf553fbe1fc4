"""Polling N local feeds (20 items each, ETags) cold and warm: `monitor poll --once` against the
library floor, feedparser + httpx with 20 threads, on the same server in the same run. The peers run too
when installed: newsboat (`newsboat -x reload`, 20 reload threads) and rss2email (`r2e run --no-send`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import feedparser
import httpx

from bench.common import FEED_HOSTS, ROOT, SERVE_ON_HOSTS, feed_host, timed_child

SERVER = r'''
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

T0 = datetime(2024, 10, 1, tzinfo=timezone.utc)

def body(n):
    items = "".join(
        f"<item><title>Weather and markets {n}-{k}</title><link>http://127.0.0.1/p/{n}/{k}</link>"
        f"<guid>feed{n}-item{k}</guid><pubDate>{format_datetime(T0 + timedelta(hours=k))}</pubDate>"
        f"<description>Rain expected in the afternoon; shares closed higher, item {k} of feed {n}.</description></item>"
        for k in range(20))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Feed {n}</title>"
            f"<link>http://127.0.0.1/</link><description>d</description>{items}</channel></rss>").encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_GET(self):
        n = self.path.rsplit("/", 1)[-1].split(".")[0]
        etag = f'"{n}-v1"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304); self.send_header("ETag", etag); self.send_header("Content-Length", "0")
            self.end_headers(); return
        data = body(n)
        self.send_response(200); self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag); self.send_header("Content-Length", str(len(data))); self.end_headers()
        self.wfile.write(data)
''' + SERVE_ON_HOSTS


def start_server(script: str = SERVER, hosts: int = 1) -> tuple[subprocess.Popen[str], int]:
    """A feed server script (one that prints its port, then serves; SERVE_ON_HOSTS: on `hosts` loopback
    addresses) in a process of its own: (process, port)."""
    process = subprocess.Popen([sys.executable, "-c", script, str(hosts)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def write_config(work: Path, urls: list[str]) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "watchlists", ignore_errors=True)
    shutil.copytree(ROOT / "watchlists", work / "watchlists")
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\n' for url in urls)
    config = work / "config.toml"
    config.write_text('[database]\npath = "monitor.duckdb"\n[network]\nallow_private_addresses = true\n'
                      '[alerts]\nconsole = false\nfile = ""\n' + feeds, encoding="utf-8")
    return config


def floor_cycle(urls: list[str], etags: dict[str, str]) -> float:
    """feedparser + httpx, 20 threads: every feed fetched (conditionally when an ETag is known), parsed."""
    started = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        def one(url: str) -> None:
            headers = {"If-None-Match": etags[url]} if url in etags else {}
            response = client.get(url, headers=headers)
            if response.status_code == 200:
                feedparser.parse(response.content)
                etags[url] = response.headers.get("etag", "")
        with ThreadPoolExecutor(20) as pool:
            list(pool.map(one, urls))
    return time.perf_counter() - started


def peers() -> dict[str, str]:
    return {name: "run" if shutil.which(name) else "not installed" for name in ("newsboat", "r2e")}


def rss2email_cycles(urls: list[str], folder: Path) -> dict[str, float | None]:
    """`r2e run --no-send` over the same feeds, cold then warm (its data file keeps the ETags), the feeds
    imported from OPML first (not timed); None each when rss2email is not installed."""
    r2e = shutil.which("r2e")
    if r2e is None:
        return {"cold": None, "warm": None}
    folder.mkdir(parents=True, exist_ok=True)
    outlines = "".join(f'<outline type="rss" text="f{n}" xmlUrl="{url}"/>' for n, url in enumerate(urls))
    (folder / "feeds.opml").write_text(f'<?xml version="1.0"?><opml version="1.0"><body>{outlines}</body></opml>',
                                       encoding="utf-8")
    base = [r2e, "-c", str(folder / "r2e.cfg"), "-d", str(folder / "r2e.json")]
    _quietly([*base, "new", "bench@example.invalid"])
    _quietly([*base, "opmlimport", str(folder / "feeds.opml")])
    found: dict[str, float | None] = {}
    for kind in ("cold", "warm"):
        started = time.perf_counter()
        _quietly([*base, "run", "--no-send"])
        found[kind] = time.perf_counter() - started
    return found


def _quietly(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def newsboat_cycle(urls: list[str], folder: Path) -> float | None:
    """`newsboat -x reload` over the same feeds with 20 reload threads (its cache in `folder`: the second
    call is warm, with the ETags it kept); None when newsboat is not installed."""
    if shutil.which("newsboat") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "urls").write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    (folder / "config").write_text("reload-threads 20\nuse-proxy no\n", encoding="utf-8")
    command = ["newsboat", "-q", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"),
               "-C", str(folder / "config"), "-x", "reload"]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900,
                   env={"HOME": str(folder), "PATH": "/usr/bin:/bin", "TERM": "dumb"})
    return time.perf_counter() - started


def run(work: Path, feeds: int) -> dict[str, Any]:
    server, port = start_server(hosts=FEED_HOSTS)
    try:
        urls = [f"http://{feed_host(n)}:{port}/feed/{n}.xml" for n in range(feeds)]
        config = write_config(work, urls)
        for name in ("monitor.duckdb", "monitor.duckdb.wal"):
            (work / name).unlink(missing_ok=True)
        shutil.rmtree(work / "monitor.duckdb.spool", ignore_errors=True)
        poll = [sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)]
        etags: dict[str, str] = {}
        floor_cold = floor_cycle(urls, etags)
        cold = timed_child(poll, cwd=ROOT)
        floor_warm = floor_cycle(urls, etags)
        warm = timed_child(poll, cwd=ROOT)
        warm_again = timed_child(poll, cwd=ROOT)
        shutil.rmtree(work / "newsboat", ignore_errors=True)
        newsboat = {"cold": newsboat_cycle(urls, work / "newsboat"), "warm": newsboat_cycle(urls, work / "newsboat")}
        shutil.rmtree(work / "rss2email", ignore_errors=True)
        rss2email = rss2email_cycles(urls, work / "rss2email")
    finally:
        server.kill()
        server.communicate()
    events = _events(work / "monitor.duckdb")
    return {"feeds": feeds, "cold": cold, "warm": warm, "warm_again": warm_again, "floor_cold": floor_cold,
            "floor_warm": floor_warm, "events": events, "peers": peers(), "newsboat": newsboat,
            "rss2email": rss2email, "config": config}


def _events(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0
