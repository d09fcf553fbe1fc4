"""Feed parsing and page extraction on every core: the poll threads hand their CPU work (feedparser,
trafilatura) to a pool of worker processes and wait for the value, so polling is not bound to one core
by the GIL. The functions run there are the pure `parse_feed` and `extract_page`; only bytes, strings
and frozen values cross the process boundary.

`InlineParsing` runs them in the calling thread (`poll.workers = 0`, one CPU, and the unit tests).
A worker that dies (killed for memory on a hostile page) fails that one feed or page with a clear
error; the pool is replaced and the next poll goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from monitor.errors import FetchError
from monitor.feeds import ParsedFeed, parse_feed
from monitor.urls import redact

if TYPE_CHECKING:
    from monitor.pages import PageContent

log = logging.getLogger(__name__)

MAX_WORKERS = 64
RESULT_TIMEOUT_SECONDS = 120.0  # a page trafilatura cannot read in two minutes is given up (the worker goes on)

T = TypeVar("T")


class Parsing(Protocol):
    def parse_feed(self, body: bytes, url: str, headers: Mapping[str, str], now: datetime) -> ParsedFeed: ...

    def extract_page(self, html: str, url: str) -> PageContent | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class InlineParsing:
    """Parse and extract in the calling thread."""

    def parse_feed(self, body: bytes, url: str, headers: Mapping[str, str], now: datetime) -> ParsedFeed:
        return parse_feed(body, url, headers, now=now)

    def extract_page(self, html: str, url: str) -> PageContent | None:
        return _extract_page(html, url)

    def close(self) -> None:
        return None


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, which a container or systemd's CPUAffinity sets)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parsing_for(workers: int | None) -> Parsing:
    """A pool of `workers` processes (None: one per usable CPU); inline where that is fewer than two."""
    count = usable_cpus() if workers is None else workers
    return PoolParsing(min(count, MAX_WORKERS)) if count >= 2 else InlineParsing()


def _ignore_stop_signals() -> None:
    """Workers leave the stop to the daemon: it drains, then shuts the pool down (a SIGTERM sent to the
    whole service would otherwise kill them under polls in hand)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _parse_feed(body: bytes, url: str, headers: dict[str, str], now: datetime) -> ParsedFeed:
    return parse_feed(body, url, headers, now=now)


def _extract_page(html: str, url: str) -> PageContent | None:
    # imported at the first page: a process that only polls feeds never loads trafilatura (0.2 s)
    from monitor.pages import extract_page

    return extract_page(html, url)


class PoolParsing:
    """Parse and extract in worker processes (spawned: the daemon's threads are never forked)."""

    def __init__(self, workers: int, *, timeout: float = RESULT_TIMEOUT_SECONDS):
        self.workers = workers
        self.timeout = timeout
        self._lock = threading.Lock()
        self._closed = False
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_stop_signals)

    def parse_feed(self, body: bytes, url: str, headers: Mapping[str, str], now: datetime) -> ParsedFeed:
        return self._run(url, "feed", _parse_feed, body, url, dict(headers), now)

    def extract_page(self, html: str, url: str) -> PageContent | None:
        return self._run(url, "page", _extract_page, html, url)

    def _run(self, url: str, what: str, work: Callable[..., T], *args: object) -> T:
        with self._lock:
            if self._closed:
                raise FetchError(redact(url), f"the {what} was not parsed: monitor is stopping")
            pool = self._pool
        try:
            return pool.submit(work, *args).result(self.timeout)
        except BrokenProcessPool:
            self._replace(pool)
            raise FetchError(redact(url), f"the worker process parsing this {what} died (out of memory on a "
                                          "very large or hostile document?); it is skipped") from None
        except FutureTimeout:
            raise FetchError(redact(url), f"parsing this {what} took more than {self.timeout:.0f} s; "
                                          "it is skipped") from None
        except RuntimeError as exc:  # submit() after shutdown: a stop raced this poll
            raise FetchError(redact(url), f"the {what} was not parsed: {exc}") from None

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken and not self._closed:
                log.warning("a parsing worker died; starting a new pool of %d", self.workers)
                self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (work in hand is cancelled: its polls fail and are retried next time)."""
        with self._lock:
            self._closed = True
            pool = self._pool
        pool.shutdown(wait=True, cancel_futures=True)
