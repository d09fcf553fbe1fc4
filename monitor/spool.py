"""A durable inbox between the network side and the event log.

Pollers put fetched articles and poll outcomes here (one JSON file each, written atomically);
the writer drains it into the DuckDB log when it can open the file. An item is removed only
after its transaction committed, and every event id is an idempotency key, so a crash or a
reader holding the database never loses or duplicates anything.
"""

from __future__ import annotations

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
    """A folder of pending items, drained in the order they were put."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def put_article(self, article: ArticleInput) -> Path:
        return self._write({"kind": "article", "article": article_to_json(article)})

    def put_events(self, events: list[Event]) -> Path:
        return self._write({"kind": "events", "events": [event_to_json(e) for e in events]})

    def _write(self, data: dict[str, Any]) -> Path:
        with self._lock:
            name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._counter):06d}.json"
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / name
        temporary = self.folder / f".{name}.tmp"
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.rename(final)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise StoreError(f"{self.folder}: cannot spool ({exc.strerror}); is the disk full?") from exc
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
