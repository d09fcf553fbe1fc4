"""HTTP for feeds and pages, through an injected httpx.Client, inside the SSRF guard and the limits.

Every request (and every redirect hop, at most 5, followed here and not by httpx) is checked by
`monitor.netguard.check_url`; `make_client` builds the client whose transport connects only to
checked addresses, and the peer address of every response is checked again before its body is
read. Each request has `limits.request_timeout_seconds` for everything: connecting, waiting and
reading the whole body. Bodies are streamed and never buffered past the limit (after
decompression: only gzip is asked for, and it is inflated in bounded steps). URLs in errors and
logs lose their query string and credentials (`netguard.redact`).
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import ipaddress
import logging
import re
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from monitor.config import Limits
from monitor.errors import FetchError, RefusedError
from monitor.feedbody import codec_name
from monitor.netguard import (
    GuardedTransport,
    Resolver,
    check_address,
    check_url,
    deadline,
    deadline_passed,
    default_resolver,
    redact,
    url_target,
)

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
BODILESS_STATUSES = frozenset({204, 304})
KEEP_ALIVE_DRAIN_BYTES = 65_536  # a declared body up to this size is read to the end to keep the connection
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml")
SNIFF_BYTES = 2048
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True, slots=True)
class FeedResponse:
    url: str  # final URL, after redirects
    status: int  # 200, 304 (body None), or 429/503 with retry_after (body None)
    body: bytes | None
    etag: str | None
    last_modified: str | None
    retry_after: float | None  # seconds
    max_age: float | None  # Cache-Control max-age, seconds
    elapsed: float  # seconds
    content_type: str | None = None  # the Content-Type header (its charset counts when the body declares none)


@dataclass(frozen=True, slots=True)
class PageResponse:
    url: str  # final URL, after redirects
    text: str
    content_type: str


def make_client(limits: Limits, *, allow_private: bool, user_agent: str, resolve: Resolver = default_resolver,
                verify: ssl.SSLContext | bool = True) -> httpx.Client:
    """The client Fetcher expects: a GuardedTransport, no redirects, no proxies or .netrc from the environment."""
    transport = GuardedTransport(allow_private=allow_private, resolve=resolve, verify=verify)
    return httpx.Client(transport=transport, follow_redirects=False, trust_env=False,
                        timeout=limits.request_timeout_seconds, headers={"User-Agent": user_agent})


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return _delta_seconds(value)
    if not value.isascii() or not value.isprintable() or len(value) > 64:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when
    try:
        return max(0.0, (when - now).total_seconds())
    except (OverflowError, TypeError):
        return None


def _delta_seconds(digits: str) -> float | None:
    """ASCII delta-seconds (only 0-9: not '١٢٠', '²', '1e9' or '-5'); more than 12 digits is no answer."""
    return float(int(digits)) if digits.isascii() and digits.isdigit() and len(digits) <= 12 else None


def parse_max_age(value: str | None) -> float | None:
    """max-age of a Cache-Control header, in seconds."""
    for directive in (value or "").split(","):
        name, _, argument = directive.strip().partition("=")
        argument = argument.strip().strip('"')
        if name.strip().lower() == "max-age":
            return _delta_seconds(argument)
    return None


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """Media type (lower case) and charset parameter of a Content-Type header."""
    mime, *params = (value or "").split(";")
    charset = None
    for param in params:
        name, _, argument = param.strip().partition("=")
        if name.strip().lower() == "charset" and argument.strip().strip("\"'"):
            charset = argument.strip().strip("\"'")
    return mime.strip().lower(), charset


def decode_html(body: bytes, header_charset: str | None) -> str:
    """A page's text: byte-order mark, else Content-Type charset, else <meta> in the first 2 KB, else UTF-8."""
    for bom, bom_encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_encoding, errors="replace")
    encoding = codec_name(header_charset)
    if encoding is None:
        match = _META_CHARSET.search(body[:SNIFF_BYTES])
        encoding = codec_name(match.group(1).decode("ascii")) if match else None
    if encoding is None or encoding.startswith("utf-16"):
        encoding = "utf-8"  # a document that could be scanned as ASCII is not UTF-16
    return body.decode(encoding, errors="replace")


class _BodyReader:
    """Collects a body up to `limit` bytes after decoding gzip/deflate in bounded steps."""

    def __init__(self, url: str, encoding: str | None, limit: int, name: str):
        self.url, self.limit, self.name = url, limit, name
        self.parts: list[bytes] = []
        self.size = 0
        encoding = (encoding or "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(url, f"unsupported content-encoding {encoding!r}")
        self.inflater = None if encoding == "identity" else zlib.decompressobj(wbits=47)

    def feed(self, raw: bytes) -> None:
        if self.inflater is None:
            self._add(raw)
            return
        try:
            self._add(self.inflater.decompress(raw, self.limit - self.size + 1))
            while self.inflater.unconsumed_tail:
                self._add(self.inflater.decompress(self.inflater.unconsumed_tail, self.limit - self.size + 1))
        except zlib.error as exc:
            raise FetchError(self.url, f"corrupt compressed body: {exc}") from None

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(self.url, f"larger than limits.{self.name} ({self.limit} bytes)")
        self.parts.append(data)

    def body(self) -> bytes:
        return b"".join(self.parts)


def read_body(url: str, response: httpx.Response, limit: int, name: str) -> bytes:
    """The body, streamed: refused by Content-Length first, else as soon as it passes the limit."""
    declared = _declared_length(response)
    if declared is not None and declared > limit:
        raise FetchError(url, f"larger than limits.{name} ({limit} bytes): Content-Length is {declared}")
    reader = _BodyReader(url, response.headers.get("Content-Encoding"), limit, name)
    for chunk in response.iter_raw():
        if deadline_passed():
            raise httpx.ReadTimeout("fetch deadline reached")
        reader.feed(chunk)
    return reader.body()


def _declared_length(response: httpx.Response) -> int | None:
    """The Content-Length header as a number of bytes; None when absent or not plain ASCII digits."""
    declared = response.headers.get("Content-Length", "").strip()
    return int(declared) if declared.isascii() and declared.isdigit() else None


def _release(response: httpx.Response) -> None:
    """Close the response, first reading what is left of a small body (a 304, a redirect, an error page):
    a response closed mid-body takes its connection with it, and the next request to the host connects anew."""
    declared = _declared_length(response)
    small = response.status_code in BODILESS_STATUSES or (declared is not None and declared <= KEEP_ALIVE_DRAIN_BYTES)
    if small and not response.is_stream_consumed and not deadline_passed():
        with contextlib.suppress(httpx.HTTPError):
            for _ in response.iter_raw():
                pass
    response.close()


def _status_error(url: str, response: httpx.Response) -> FetchError:
    status = response.status_code
    if status in REDIRECT_STATUSES:
        return FetchError(url, f"HTTP {status} redirect without a Location header")
    return FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip())


class Fetcher:
    """Fetches feeds and pages: thread-safe, at most `per_host` requests to one host at a time."""

    def __init__(self, client: httpx.Client, limits: Limits, *, allow_private: bool, user_agent: str,
                 per_host: int = 2, resolve: Resolver = default_resolver,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.client = client
        self.limits = limits
        self.allow_private = allow_private
        self.user_agent = user_agent
        self.per_host = per_host
        self._resolve = resolve
        self._clock = clock
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._slots_lock = threading.Lock()

    def fetch_feed(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FeedResponse:
        """GET a feed, conditionally; 304 and 429/503-with-Retry-After are answers, other errors FetchError."""
        started = time.monotonic()
        headers = {"Accept": FEED_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._exchange(url, headers) as (final, response):
            status, found = response.status_code, response.headers
            retry_after = parse_retry_after(found.get("Retry-After"), self._clock())
            body = None
            answered = status == 304 or (status in (429, 503) and retry_after is not None)
            if status >= 300 and not answered:
                raise _status_error(redact(final), response)
            if status < 300:
                body = read_body(redact(final), response, self.limits.max_feed_bytes, "max_feed_bytes")
        elapsed = time.monotonic() - started
        log.debug("feed %s: HTTP %d, %d bytes in %.2f s", redact(final), status, len(body or b""), elapsed)
        return FeedResponse(url=final, status=status, body=body, etag=found.get("ETag") or etag,
                            last_modified=found.get("Last-Modified") or last_modified, retry_after=retry_after,
                            max_age=parse_max_age(found.get("Cache-Control")), elapsed=elapsed,
                            content_type=found.get("Content-Type"))

    def fetch_page(self, url: str) -> PageResponse:
        """GET an HTML page (text/html or application/xhtml+xml) and decode it."""
        with self._exchange(url, {"Accept": PAGE_ACCEPT}) as (final, response):
            if not 200 <= response.status_code < 300:
                raise _status_error(redact(final), response)
            mime, charset = parse_content_type(response.headers.get("Content-Type"))
            if mime not in HTML_TYPES:
                raise FetchError(redact(final), f"not an HTML page (content-type {mime or 'missing'})")
            body = read_body(redact(final), response, self.limits.max_page_bytes, "max_page_bytes")
        return PageResponse(url=final, text=decode_html(body, charset), content_type=mime)

    @contextlib.contextmanager
    def _exchange(self, url: str, headers: dict[str, str]) -> Iterator[tuple[str, httpx.Response]]:
        """The response of url after redirects, open for streaming, inside its host slot and deadline."""
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, self.allow_private, self._resolve)
            with self._slot(url), self._errors_of(url), deadline(self.limits.request_timeout_seconds):
                response = self.client.send(self._request(url, headers), stream=True, follow_redirects=False)
                try:
                    self._check_peer(url, response)
                    target = _redirect_target(url, response)
                    if target is None:
                        yield url, response
                        return
                finally:
                    _release(response)
            log.debug("redirect %s -> %s", redact(url), redact(target))
            url = target
        raise FetchError(redact(url), f"too many redirects (more than {MAX_REDIRECTS})")

    def _request(self, url: str, headers: dict[str, str]) -> httpx.Request:
        timeout = httpx.Timeout(self.limits.request_timeout_seconds)
        return self.client.build_request("GET", url, timeout=timeout, headers={
            "User-Agent": self.user_agent, "Accept-Encoding": "gzip", **headers})

    @contextlib.contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        host = url_target(url)[0]
        with self._slots_lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with slot:
            yield

    @contextlib.contextmanager
    def _errors_of(self, url: str) -> Iterator[None]:
        try:
            yield
        except FetchError as exc:
            if exc.url == redact(url):
                raise
            # raised by the guarded transport, which only knows host:port
            raise type(exc)(redact(url), str(exc).removeprefix(f"{exc.url}: ")) from None
        except httpx.TimeoutException:
            raise FetchError(redact(url), f"timed out after {self.limits.request_timeout_seconds:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(redact(url), f"cannot fetch: {type(exc).__name__}: {exc}") from None

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """Refuse, before reading the body, a response that came from an address the guard refuses."""
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if not peer:
            return  # a transport without sockets (tests' MockTransport)
        reason = check_address(ipaddress.ip_address(str(peer[0]).split("%")[0]), self.allow_private)
        if reason:
            raise RefusedError(redact(url), f"refused: connected to {peer[0]}: {reason}")


def _redirect_target(url: str, response: httpx.Response) -> str | None:
    location = response.headers.get("Location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    try:
        return str(httpx.URL(url).join(location.strip()))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(redact(url), f"redirect to an invalid URL ({exc})") from None


class _RedactQueries(logging.Filter):
    """httpx logs every request URL at INFO: drop query strings (tokens) from them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(str(a)) if isinstance(a, httpx.URL) else a for a in record.args)
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, _RedactQueries) for f in _httpx_log.filters):
    _httpx_log.addFilter(_RedactQueries())
