"""A hostile news site on 127.0.0.1 for the feed tests (no tests here): routes answer with fixed bodies or
misbehave on purpose (hang, trickle, endless body, redirect loop), and the site counts every request."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from monitor.config import Limits
from monitor.fetch import Fetcher, make_client
from monitor.poller import FeedPoller, Schedule, SeenEntries
from monitor.spool import Spool
from monitor.watchlist import load_watchlists

from .conftest import WATCHLISTS

Handler = Callable[[BaseHTTPRequestHandler], None]
SCHEDULE = Schedule(interval=60.0, jitter=0.0, first_backoff=60.0, max_backoff=3600.0)
STORY = ("Ukrainian forces in the Kursk region reported that about 3,000 North Korean soldiers had arrived "
         "near Sudzha, officials said on Monday. ") * 4


class Site:
    """Serves `routes` (path -> bytes or a handler); unknown paths are 404."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes] | Handler] = {}
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}  # path -> time.monotonic() of each request
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def add(self, path: str, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> str:
        self.routes[path] = (status, {"Content-Type": "application/rss+xml", **(headers or {})}, body)
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def page(self, path: str, title: str = "Kursk: troops arrive", published: str | None = None) -> str:
        meta = f'<meta property="article:published_time" content="{published}">' if published else ""
        html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
                f"<article><h1>{title}</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>")
        return self.add(path, html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Answer(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                site.hits[path] += 1
                site.times.setdefault(path, []).append(time.monotonic())
                route = site.routes.get(path)
                if route is None:
                    route = (404, {"Content-Type": "text/plain"}, b"not here")
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                self.send_response(status)
                for name, value in headers.items():  # UTF-8 on the wire, as hostile servers send it
                    self.send_header(name, value.encode("utf-8").decode("latin-1"))
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Answer

    # misbehaviour --------------------------------------------------------------------------------

    def hang(self, handler: BaseHTTPRequestHandler) -> None:
        self.release.wait(60)

    def trickle(self, handler: BaseHTTPRequestHandler) -> None:
        """Headers at once, then one byte every 0.2 s, for up to a minute."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            for _ in range(300):
                if self.release.wait(0.2):
                    return
                handler.wfile.write(b" ")
                handler.wfile.flush()
        except OSError:
            return

    def endless(self, handler: BaseHTTPRequestHandler, total: int = 100_000_000) -> None:
        """100 MB with no Content-Length, written until the client goes away."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        chunk = b"<!-- " + b"x" * 65_000 + b" -->"
        try:
            handler.wfile.write(b'<rss version="2.0"><channel>')
            for _ in range(total // len(chunk)):
                handler.wfile.write(chunk)
        except OSError:
            return

    def loop(self, path: str) -> str:
        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(302)
            handler.send_header("Location", path)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        return self.handle(path, answer)

    def redirect(self, path: str, target: str) -> str:
        def answer(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(301)
            handler.send_header("Location", target)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        return self.handle(path, answer)


def rss(items: str, *, title: str = "Hostile", declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return f'{declaration}<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode()


def item(title: str, link: str, *, guid: str | None = None, description: str = "", date: str = "") -> str:
    return (f"<item><title>{title}</title><link>{link}</link>"
            + (f'<guid isPermaLink="false">{guid}</guid>' if guid else "")
            + (f"<description>{description}</description>" if description else "")
            + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>")


def gzip_bomb(size: int = 200_000_000) -> bytes:
    """size bytes of zeros, gzip'd to about size / 1000."""
    return gzip.compress(b"\0" * size, compresslevel=9)


def make_poller(spool_folder: Path, *, timeout: float = 2.0, max_feed_bytes: int = 5_000_000,
                clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                seen: SeenEntries | None = None) -> FeedPoller:
    """The real poller: guarded fetcher (private addresses allowed: the site is on 127.0.0.1), real spool."""
    limits = Limits(request_timeout_seconds=timeout, max_feed_bytes=max_feed_bytes)
    client = make_client(limits, allow_private=True, user_agent="monitor-test")
    fetcher = Fetcher(client, limits, allow_private=True, user_agent="monitor-test", clock=clock)
    return FeedPoller(fetcher, Spool(spool_folder), seen or SeenEntries(), load_watchlists(WATCHLISTS), clock)


def spooled_outcomes(spool: Spool) -> list[dict[str, Any]]:
    return [dict(e.payload) for i in spool.pending() for e in i.events if e.type == "feed.polled"]


def wait_until(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
