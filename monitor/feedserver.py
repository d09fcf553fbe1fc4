"""A small RSS server on 127.0.0.1 that publishes article files one by one, with one HTML page
each. Used by `monitor demo` and by the end-to-end tests. It answers conditional GETs (ETag,
Last-Modified -> 304) like a well-behaved news site."""

from __future__ import annotations

import hashlib
import html
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Item:
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime


def item_from_text(slug: str, text: str, published: datetime) -> Item:
    """A feed item from article text: its headline if it has one, else its first words."""
    from monitor.extract.boilerplate import is_boilerplate, pick_title

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = pick_title(lines)
    body = [line for line in lines if line != title and not is_boilerplate(line, "id")]
    if title is None:
        title = " ".join(" ".join(body[:1]).split()[:12]) + " ..." if body else slug
    return Item(slug, title[:200], tuple(body), published)


def render_page(item: Item) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in item.paragraphs)
    return (f"<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{html.escape(item.title)}"
            f"</title><meta property=\"article:published_time\" content=\"{item.published.isoformat()}\">"
            f"</head><body><nav><a href=\"/\">Home</a> | <a href=\"/politik\">Politik</a></nav>"
            f"<article><h1>{html.escape(item.title)}</h1>\n{body}</article>"
            f"<footer>Demo news site. Cookies: none.</footer></body></html>").encode()


def render_feed(base: str, items: list[Item]) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(i.title)}</title><link>{base}/articles/{i.slug}.html</link>"
        f"<guid isPermaLink=\"false\">demo-{i.slug}</guid><pubDate>{format_datetime(i.published)}</pubDate>"
        f"<description>{html.escape(' '.join(i.paragraphs)[:400])}</description></item>"
        for i in reversed(items))
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Demo News</title>"
            f"<link>{base}/</link><description>seed articles, one by one</description>{entries}"
            f"</channel></rss>").encode()


class FeedServer:
    """Serves /feed.xml (the items published so far) and /articles/<slug>.html."""

    def __init__(self, port: int = 0):
        self._items: list[Item] = []
        self._pages: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.requests: list[tuple[str, int]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="feed-server", daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feed.xml"

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def publish(self, item: Item) -> None:
        """Add an item, or replace the one with the same slug (a new version under the same GUID)."""
        with self._lock:
            self._items = [i for i in self._items if i.slug != item.slug] + [item]
            self._pages[item.slug] = render_page(item)

    def feed(self) -> tuple[bytes, str]:
        with self._lock:
            body = render_feed(self.base, list(self._items))
        return body, '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

    def page(self, slug: str) -> bytes | None:
        with self._lock:
            return self._pages.get(slug)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/feed.xml":
                    self._feed()
                elif self.path.startswith("/articles/") and self.path.endswith(".html"):
                    self._page(self.path[len("/articles/"):-len(".html")])
                else:
                    self._send(404, b"not found", "text/plain")

            def _feed(self) -> None:
                body, etag = server.feed()
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", "application/rss+xml", etag)
                else:
                    self._send(200, body, "application/rss+xml; charset=utf-8", etag)

            def _page(self, slug: str) -> None:
                page = server.page(slug)
                self._send(200 if page else 404, page or b"not found", "text/html; charset=utf-8")

            def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
                with server._lock:
                    server.requests.append((self.path, status))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def seed_items(folder: Path) -> list[Item]:
    """The seed articles in publication order, as feed items (dates from the manifest or text)."""
    from monitor.extract.text import detect_language, find_publication_date
    from monitor.sources import load_articles

    articles, _errors = load_articles([folder], 2_000_000)
    items = []
    for path, article in articles:
        published = article.published_at or find_publication_date(article.text, article.lang or
                                                                   detect_language(article.text))
        items.append(item_from_text(path.stem, article.text, published or datetime.now(UTC)))
    return sorted(items, key=lambda item: (item.published, item.slug))
