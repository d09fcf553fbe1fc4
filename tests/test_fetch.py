"""monitor.fetch against a real threaded HTTP server on 127.0.0.1 (random port)."""

from __future__ import annotations

import contextlib
import gzip
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from monitor.config import Limits
from monitor.errors import FetchError
from monitor.fetch import Fetcher, decode_html, make_client, parse_content_type, parse_max_age, parse_retry_after

TIMEOUT = 1.0
LIMITS = Limits(max_feed_bytes=100_000, max_page_bytes=100_000, request_timeout_seconds=TIMEOUT)
UA = "monitor-test/1.0 (+https://example.invalid/monitor)"
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>http://example.org/1</link></item></channel></rss>"""
LAST_MODIFIED = "Mon, 21 Oct 2024 10:00:00 GMT"
RUSSIAN = "Северная Корея отправила войска"


@dataclass
class ServerState:
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hits: dict[str, int] = field(default_factory=dict)
    active: int = 0
    max_active: int = 0
    sent: int = 0
    user_agents: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    connections: int = 0


Route = Callable[["Handler", ServerState], None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def setup(self) -> None:  # once per TCP connection; do_GET once per request on it
        with self.server.state.lock:
            self.server.state.connections += 1
        super().setup()

    def do_GET(self) -> None:
        state = self.server.state
        path = self.path.split("?")[0]
        with state.lock:
            state.hits[path] = state.hits.get(path, 0) + 1
            state.user_agents.append(self.headers.get("User-Agent", ""))
            state.hosts.append(self.headers.get("Host", ""))
        route = ROUTES.get(path, _not_found)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self, state)

    def reply(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True

    def __init__(self, state: ServerState):
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up on purpose


def _not_found(h: Handler, s: ServerState) -> None:
    h.reply(404, b"no such route")


def _feed(h: Handler, s: ServerState) -> None:
    if h.headers.get("If-None-Match") == '"v1"' or h.headers.get("If-Modified-Since") == LAST_MODIFIED:
        h.reply(304, ETag='"v1"')
        return
    h.reply(200, FEED, Content_Type="application/rss+xml", ETag='"v1"', Last_Modified=LAST_MODIFIED,
            Cache_Control="public, max-age=600")


def _stream(h: Handler, s: ServerState, declared: bool) -> None:
    """50 MB in 64 KB writes, until the client hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length" if declared else "Connection", "50000000" if declared else "close")
    h.end_headers()
    chunk = b"<!-- padding -->" * 4096
    for _ in range(50_000_000 // len(chunk)):
        h.wfile.write(chunk)
        with s.lock:
            s.sent += len(chunk)
    h.close_connection = True


def _hang(h: Handler, s: ServerState) -> None:
    s.stop.wait(10)
    h.close_connection = True


def _late_headers(h: Handler, s: ServerState) -> None:
    time.sleep(TIMEOUT * 0.7)
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.flush()
    _hang(h, s)


def _trickle(h: Handler, s: ServerState) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", "100")
    h.end_headers()
    for _ in range(100):
        if s.stop.wait(0.5):
            break
        h.wfile.write(b" ")
        h.wfile.flush()
    h.close_connection = True


def _counted(h: Handler, s: ServerState) -> None:
    with s.lock:
        s.active += 1
        s.max_active = max(s.max_active, s.active)
    time.sleep(0.25)
    with s.lock:
        s.active -= 1
    h.reply(200, b"<html><body><p>ok</p></body></html>", Content_Type="text/html; charset=utf-8")


def _page(content_type: str, body: bytes, **headers: str) -> Route:
    return lambda h, s: h.reply(200, body, Content_Type=content_type, **headers)


def _status(status: int, **headers: str) -> Route:
    return lambda h, s: h.reply(status, b"busy", **headers)


def _retry_date(h: Handler, s: ServerState) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    h.reply(429, b"slow down", Retry_After=when)


def _echo_agent(h: Handler, s: ServerState) -> None:
    body = f"<html><body><p>{h.headers.get('User-Agent')}</p></body></html>".encode()
    h.reply(200, body, Content_Type="text/html")


META_PAGE = f'<html><head><meta charset="windows-1251"><title>t</title></head><body>{RUSSIAN}</body></html>'
EQUIV_PAGE = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>'
              f"<body>{RUSSIAN}</body></html>")

ROUTES: dict[str, Route] = {
    "/feed": _feed,
    "/huge": lambda h, s: _stream(h, s, declared=False),
    "/huge-declared": lambda h, s: _stream(h, s, declared=True),
    "/gzip-bomb": _page("application/rss+xml", gzip.compress(b"\0" * 20_000_000), Content_Encoding="gzip"),
    "/gzip-feed": _page("application/rss+xml", gzip.compress(FEED), Content_Encoding="gzip"),
    "/hang": _hang,
    "/late-headers": _late_headers,
    "/trickle": _trickle,
    "/counted": _counted,
    "/busy503": _status(503, Retry_After="120"),
    "/busy503-bare": _status(503),
    "/busy429-date": _retry_date,
    "/error500": _status(500),
    "/gone": _status(410),
    "/page-cp1251": _page("text/html; charset=windows-1251", f"<p>{RUSSIAN}</p>".encode("cp1251")),
    "/page-meta": _page("text/html", META_PAGE.encode("cp1251")),
    "/page-equiv": _page("text/html", EQUIV_PAGE.encode("koi8_r")),
    "/page-utf8": _page("application/xhtml+xml", f"<p>{RUSSIAN}</p>".encode()),
    "/json": _page("application/json", b'{"a": 1}'),
    "/ua": _echo_agent,
    "/redirect-feed": _status(301, Location="/feed"),
    "/redirect-metadata": _status(302, Location="http://169.254.169.254/latest/meta-data/"),
    "/redirect-file": _status(302, Location="file:///etc/passwd"),
    "/loop": _status(302, Location="/loop"),
}


@contextlib.contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[tuple[str, ServerState]]:
    """A threaded HTTP(S) server on 127.0.0.1; yields its base URL and its shared state."""
    state = ServerState()
    server = Server(state)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}", state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def server() -> Iterator[tuple[str, ServerState]]:
    with serve() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with make_client(LIMITS, allow_private=True, user_agent=UA) as client:
        yield Fetcher(client, LIMITS, allow_private=True, user_agent=UA)


def test_feed_with_validators_then_304(server: tuple[str, ServerState], fetcher: Fetcher) -> None:
    base, _ = server
    first = fetcher.fetch_feed(f"{base}/feed")
    assert (first.status, first.body, first.etag, first.last_modified) == (200, FEED, '"v1"', LAST_MODIFIED)
    assert first.max_age == 600 and first.retry_after is None and first.elapsed < 1
    again = fetcher.fetch_feed(f"{base}/feed", etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.body, again.etag, again.last_modified) == (304, None, '"v1"', LAST_MODIFIED)


def test_bodiless_and_small_answers_keep_the_connection(server: tuple[str, ServerState], fetcher: Fetcher) -> None:
    """A 304, a redirect and an error page are read to their end before closing, so the polls of one host
    share a connection (closed mid-body, each would take its connection with it)."""
    base, state = server
    for _ in range(3):
        assert fetcher.fetch_feed(f"{base}/feed", etag='"v1"').status == 304
    assert fetcher.fetch_feed(f"{base}/redirect-feed").body == FEED
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch_feed(f"{base}/missing")
    assert fetcher.fetch_feed(f"{base}/feed", etag='"v1"').status == 304
    assert state.connections == 1


def test_redirect_is_followed_and_final_url_reported(server: tuple[str, ServerState], fetcher: Fetcher) -> None:
    base, _ = server
    response = fetcher.fetch_feed(f"{base}/redirect-feed?token=s3cret")
    assert response.url == f"{base}/feed" and response.body == FEED


def test_gzip_body_is_decoded(server: tuple[str, ServerState], fetcher: Fetcher) -> None:
    assert fetcher.fetch_feed(f"{server[0]}/gzip-feed").body == FEED


@pytest.mark.parametrize(("path", "status", "low", "high"), [
    ("/busy503", 503, 120, 120),
    ("/busy429-date", 429, 55, 61),
])
def test_retry_after_is_an_answer(server: tuple[str, ServerState], fetcher: Fetcher,
                                  path: str, status: int, low: float, high: float) -> None:
    response = fetcher.fetch_feed(server[0] + path)
    assert response.status == status and response.body is None
    assert response.retry_after is not None and low <= response.retry_after <= high


@pytest.mark.parametrize(("path", "status"), [("/error500", "500"), ("/gone", "410"), ("/busy503-bare", "503")])
def test_http_errors_name_url_and_status(server: tuple[str, ServerState], fetcher: Fetcher,
                                         path: str, status: str) -> None:
    with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
        fetcher.fetch_feed(f"{server[0]}{path}?key=s3cret")
    assert caught.value.url == server[0] + path and "s3cret" not in str(caught.value)


@pytest.mark.parametrize("path", ["/huge", "/huge-declared", "/gzip-bomb"])
def test_body_over_the_limit_is_refused_fast(server: tuple[str, ServerState], fetcher: Fetcher, path: str) -> None:
    base, state = server
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"larger than limits\.max_feed_bytes"):
        fetcher.fetch_feed(base + path)
    assert time.monotonic() - started < 1.0
    assert state.sent < 10_000_000  # of 50 MB: the client hung up after 100 KB (plus socket buffers)


@pytest.mark.parametrize("path", ["/hang", "/late-headers", "/trickle"])
def test_slow_servers_time_out_on_time(server: tuple[str, ServerState], fetcher: Fetcher, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=f"timed out after {TIMEOUT:g} s"):
        fetcher.fetch_feed(server[0] + path)
    assert TIMEOUT - 0.05 <= time.monotonic() - started < TIMEOUT + 0.5


def test_deadline_also_bounds_a_plain_client(server: tuple[str, ServerState]) -> None:
    """Without the guarded transport the deadline is checked between chunks: a trickle still ends."""
    with httpx.Client() as client:
        fetcher = Fetcher(client, LIMITS, allow_private=True, user_agent=UA)
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch_feed(f"{server[0]}/trickle")
    assert time.monotonic() - started < TIMEOUT + 1.0


@pytest.mark.parametrize(("path", "content_type"), [
    ("/page-cp1251", "text/html"), ("/page-meta", "text/html"), ("/page-equiv", "text/html"),
    ("/page-utf8", "application/xhtml+xml"),
])
def test_page_charsets(server: tuple[str, ServerState], fetcher: Fetcher, path: str, content_type: str) -> None:
    page = fetcher.fetch_page(server[0] + path)
    assert RUSSIAN in page.text and page.content_type == content_type and page.url == server[0] + path


def test_non_html_page_is_refused(server: tuple[str, ServerState], fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match=r"not an HTML page \(content-type application/json\)"):
        fetcher.fetch_page(f"{server[0]}/json")


def test_user_agent_is_sent(server: tuple[str, ServerState], fetcher: Fetcher) -> None:
    base, state = server
    assert UA in fetcher.fetch_page(f"{base}/ua").text
    fetcher.fetch_feed(f"{base}/feed")
    assert state.user_agents == [UA, UA]


def test_per_host_concurrency(server: tuple[str, ServerState]) -> None:
    base, state = server
    with make_client(LIMITS, allow_private=True, user_agent=UA) as client:
        fetcher = Fetcher(client, LIMITS, allow_private=True, user_agent=UA, per_host=2)
        with ThreadPoolExecutor(6) as pool:
            pages = list(pool.map(lambda i: fetcher.fetch_page(f"{base}/counted?i={i}"), range(6)))
    assert len(pages) == 6 and state.hits["/counted"] == 6
    assert state.max_active == 2


@pytest.mark.parametrize(("path", "message"), [
    ("/redirect-metadata", r"refused: 169\.254\.169\.254: cloud metadata"),
    ("/redirect-file", "refused: scheme 'file'"),
    ("/loop", "too many redirects"),
])
def test_redirect_hops_are_checked(server: tuple[str, ServerState], fetcher: Fetcher, path: str,
                                   message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetcher.fetch_feed(server[0] + path)
    if path == "/loop":
        assert server[1].hits["/loop"] == 6  # the first request and 5 redirects


def test_logs_never_show_query_strings(server: tuple[str, ServerState], fetcher: Fetcher,
                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fetcher.fetch_feed(f"{server[0]}/redirect-feed?token=s3cret")
    with pytest.raises(FetchError):
        fetcher.fetch_feed(f"{server[0]}/error500?token=s3cret")
    assert "HTTP Request: GET" in caplog.text and "redirect" in caplog.text
    assert "s3cret" not in caplog.text


# -- pure helpers -------------------------------------------------------------------------------

NOW = datetime(2024, 10, 21, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("120", 120.0), (" 0 ", 0.0), ("Mon, 21 Oct 2024 10:01:30 GMT", 90.0),
    ("Mon, 21 Oct 2024 09:00:00 GMT", 0.0), ("soon", None), ("-5", None),
])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("max-age=600", 600.0), ("public, MAX-AGE=\"60\"", 60.0), ("no-cache", None),
    ("s-maxage=10", None), ("max-age=abc", None),
])
def test_parse_max_age(value: str | None, expected: float | None) -> None:
    assert parse_max_age(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("text/html; charset=UTF-8", ("text/html", "UTF-8")), ("TEXT/HTML", ("text/html", None)),
    ('text/html; charset="koi8-r"', ("text/html", "koi8-r")), (None, ("", None)),
])
def test_parse_content_type(value: str | None, expected: tuple[str, str | None]) -> None:
    assert parse_content_type(value) == expected


@pytest.mark.parametrize(("body", "charset", "expected"), [
    ("é".encode("cp1252"), "iso-8859-1", "é"),  # Latin-1 pages are windows-1252
    ("€".encode("cp1252"), "latin1", "€"),
    (b"\xef\xbb\xbfok", "windows-1251", "ok"),  # a BOM wins
    (b"caf\xc3\xa9", None, "café"),
    (b"caf\xe9", None, "caf\ufffd"),  # not UTF-8, nothing declared: replacement characters
    (b"<meta charset='bogus'>x", "nonsense", "<meta charset='bogus'>x"),
])
def test_decode_html(body: bytes, charset: str | None, expected: str) -> None:
    assert decode_html(body, charset) == expected
