"""A durable inbox between the network side and the event log.

Pollers put fetched articles and poll outcomes here (one JSON file each, written atomically);
the writer drains it into the DuckDB log when it can open the file. An item is removed only
after its transaction committed, and every event id is an idempotency key, so a crash or a
reader holding the database never loses or duplicates anything.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from monitor.errors import StoreError
from monitor.events import Event
from monitor.sources import ArticleInput

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SpoolItem:
    path: Path
    kind: str  # "article" or "events"
    article: ArticleInput | None
    events: tuple[Event, ...]


def article_to_json(article: ArticleInput) -> dict[str, Any]:
    data = asdict(article)
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    return data


def article_from_json(data: Mapping[str, Any]) -> ArticleInput:
    published = data.get("published_at")
    return ArticleInput(**{**data, "published_at": datetime.fromisoformat(published) if published else None})


def event_to_json(event: Event) -> dict[str, Any]:
    return {"event_id": event.event_id, "stream": event.stream, "type": event.type,
            "occurred_at": event.occurred_at.isoformat(), "payload": dict(event.payload)}


def event_from_json(data: Mapping[str, Any]) -> Event:
    return Event(data["event_id"], data["stream"], data["type"], datetime.fromisoformat(data["occurred_at"]),
                 data["payload"])


class Spool:
    """A folder of pending items, drained in the order they were put.

    An item is durable when `put_*` returns: written to a temporary file, fsync'd, renamed, and the
    folder fsync'd. An article is refused (StoreError) while the folder's filesystem has less than
    min_free_bytes free, so the space left is kept for the small poll outcomes that report it.
    """

    def __init__(self, folder: Path, *, min_free_bytes: int = 0):
        self.folder = folder
        self.min_free_bytes = min_free_bytes
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._board: FaultBoard | None = None

    def board(self) -> FaultBoard:
        """The fault board in this folder (made on first use: ask early, while there is space)."""
        with self._lock:
            if self._board is None:
                self._board = FaultBoard(self.folder)
            return self._board

    def put_article(self, article: ArticleInput) -> Path:
        self.check_free_space()
        return self._write({"kind": "article", "article": article_to_json(article)})

    def put_events(self, events: list[Event]) -> Path:
        return self._write({"kind": "events", "events": [event_to_json(e) for e in events]})

    def free_bytes(self) -> int | None:
        """Bytes available to us on the spool's filesystem (None when it cannot be asked)."""
        try:
            found = os.statvfs(self.folder if self.folder.is_dir() else self.folder.parent)
        except OSError:
            return None
        return found.f_bavail * found.f_frsize

    def check_free_space(self) -> None:
        """StoreError when the spool's filesystem has less than min_free_bytes free."""
        if self.min_free_bytes <= 0:
            return
        free = self.free_bytes()
        if free is not None and free < self.min_free_bytes:
            raise StoreError(f"{self.folder}: only {free} bytes free, below [daemon] min_free_bytes "
                             f"({self.min_free_bytes}); free some space or move [daemon] spool_dir")

    def _write(self, data: dict[str, Any]) -> Path:
        with self._lock:
            name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._counter):06d}.json"
        final = self.folder / name
        temporary = self.folder / f".{name}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.rename(final)
            _fsync_folder(self.folder)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                final.unlink(missing_ok=True)
            raise StoreError(f"{self.folder}: cannot spool ({exc.strerror or exc}); is the disk full "
                             f"or read-only? Free space or set [daemon] spool_dir") from exc
        return final

    def pending(self) -> Iterator[SpoolItem]:
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.json")):
            item = self._read(path)
            if item is not None:
                yield item

    def count(self) -> int:
        return len(list(self.folder.glob("*.json"))) if self.folder.is_dir() else 0

    def _read(self, path: Path) -> SpoolItem | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["kind"] == "article":
                return SpoolItem(path, "article", article_from_json(data["article"]), ())
            return SpoolItem(path, "events", None, tuple(event_from_json(e) for e in data["events"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            quarantine = path.with_suffix(".broken")
            log.error("spool item %s is unreadable (%s); moved to %s", path, exc, quarantine.name)
            path.rename(quarantine)
            return None

    @staticmethod
    def done(item: SpoolItem) -> None:
        item.path.unlink(missing_ok=True)

    @staticmethod
    def quarantine(item: SpoolItem, reason: str) -> Path:
        """Set an item aside that cannot be processed, so it does not block the rest."""
        target = item.path.with_suffix(".broken")
        log.error("spool item %s set aside as %s: %s", item.path.name, target.name, reason)
        item.path.rename(target)
        return target


def _fsync_folder(folder: Path) -> None:
    """Make a rename in folder durable."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


FAULTS_NAME = "faults.board"
FAULTS_BYTES = 64 * 1024
MAX_REASON_CHARS = 300


def read_faults(folder: Path) -> dict[str, dict[str, Any]]:
    """The feeds failing now, by URL (status, error, failures, since, at), from a spool folder's board."""
    try:
        text = (folder / FAULTS_NAME).read_text(encoding="utf-8", errors="replace").strip()
        feeds = json.loads(text)["feeds"] if text else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(url): dict(fault) for url, fault in feeds.items() if isinstance(fault, dict)}


class FaultBoard:
    """Which feeds fail now and why, in a file of FAULTS_BYTES made when the spool is created and
    rewritten in place: writing it needs no new disk blocks, so a fault is recorded, and shown by
    `monitor status`, even while the disk is full and neither the spool nor the database can grow."""

    def __init__(self, folder: Path):
        self.path = folder / FAULTS_NAME
        self._lock = threading.Lock()
        self._faults = read_faults(folder)
        self._ready = self._prepare()

    def _prepare(self) -> bool:
        try:
            if self.path.exists() and self.path.stat().st_size >= FAULTS_BYTES:
                return True
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("r+b" if self.path.exists() else "wb") as handle:
                handle.seek(0)
                handle.write(self._encoded())
                handle.flush()
                os.fsync(handle.fileno())
            return True
        except OSError as exc:
            log.warning("%s: cannot make the fault board (%s); faults show only once they reach the log",
                        self.path, exc.strerror or exc)
            return False

    def set(self, feed_url: str, fault: Mapping[str, Any]) -> None:
        with self._lock:
            since = self._faults.get(feed_url, {}).get("since") or fault.get("at")
            self._faults[feed_url] = {**fault, "since": since,
                                      "error": str(fault.get("error") or "")[:MAX_REASON_CHARS]}
            self._flush()

    def clear(self, feed_url: str) -> None:
        with self._lock:
            if self._faults.pop(feed_url, None) is not None:
                self._flush()

    def faults(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {url: dict(fault) for url, fault in self._faults.items()}

    def _encoded(self) -> bytes:
        """The board padded to FAULTS_BYTES; the most recent faults kept when all do not fit."""
        newest = sorted(self._faults.items(), key=lambda item: str(item[1].get("at")), reverse=True)
        pieces, size = [], len('{"feeds": {}}')
        for url, fault in newest:
            piece = f"{json.dumps(url, ensure_ascii=False)}: {json.dumps(fault, ensure_ascii=False)}"
            size += len(piece.encode("utf-8")) + 2
            if size > FAULTS_BYTES:
                break
            pieces.append(piece)
        data = ('{"feeds": {' + ", ".join(pieces) + "}}").encode("utf-8")
        return data.ljust(FAULTS_BYTES, b" ")

    def _flush(self) -> None:
        if not self._ready:
            self._ready = self._prepare()
            if not self._ready:
                return
        try:
            handle = os.open(self.path, os.O_WRONLY)
            try:
                os.pwrite(handle, self._encoded(), 0)
                os.fsync(handle)
            finally:
                os.close(handle)
        except OSError as exc:
            log.error("%s: cannot record feed faults (%s)", self.path, exc.strerror or exc)
