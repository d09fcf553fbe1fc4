"""Events: the facts monitor records. Stable type names, a schema version, a JSON payload.

Event ids are deterministic idempotency keys: the same fact always gets the same id, so
appending it twice adds nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from monitor.event_schema import (
    PAYLOADS,
    ActorMentioned,
    AlertDelivered,
    AlertFailed,
    AlertRaised,
    AlertUpdated,
    AlertWithheld,
    ArticleExtracted,
    ArticleObserved,
    ClaimDisputed,
    FeedPolled,
    FigureReported,
    Payload,
    decode,
    encode,
    upcast,
)

ARTICLE_OBSERVED = ArticleObserved.TYPE
ARTICLE_EXTRACTED = ArticleExtracted.TYPE
FIGURE_REPORTED = FigureReported.TYPE
ACTOR_MENTIONED = ActorMentioned.TYPE
ALERT_RAISED = AlertRaised.TYPE
ALERT_UPDATED = AlertUpdated.TYPE
ALERT_WITHHELD = AlertWithheld.TYPE
ALERT_DELIVERED = AlertDelivered.TYPE
ALERT_FAILED = AlertFailed.TYPE
FEED_POLLED = FeedPolled.TYPE
CLAIM_DISPUTED = ClaimDisputed.TYPE

# type -> (current schema version, one-line meaning): the payload types themselves are in monitor/event_schema.py
EVENT_TYPES: Mapping[str, tuple[int, str]] = {cls.TYPE: (cls.VERSION, cls.MEANING) for cls in PAYLOADS}


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    stream: str
    type: str
    occurred_at: datetime
    payload: Mapping[str, Any]

    @property
    def schema_version(self) -> int:
        return EVENT_TYPES[self.type][0]


def stable_id(*parts: object, length: int = 32) -> str:
    """A hex digest of the parts; the same parts always give the same id."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


def make_event(type_: str, stream: str, occurred_at: datetime, payload: Payload | Mapping[str, Any],
               *key: object) -> Event:
    """An event whose id is derived from its type, stream and idempotency key parts. The payload is a
    typed one (monitor/event_schema.py) or a mapping that must fit the type's current version."""
    return Event(stable_id(type_, stream, *key), stream, type_, occurred_at, encode(type_, payload))


def stored_event(event_id: str, stream: str, type_: str, version: int, occurred_at: datetime,
                 payload: Mapping[str, Any]) -> Event:
    """An event read from the log, its payload upcast to the current shape of its type."""
    return Event(event_id, stream, type_, occurred_at, upcast(type_, version, payload))


def typed(event: Event) -> Payload:
    """The event's payload as its dataclass."""
    return decode(event.type, event.schema_version, event.payload)


def to_utc(moment: datetime) -> datetime:
    """Aware -> UTC; naive is taken as UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def naive_utc(moment: datetime) -> datetime:
    """UTC without a zone, as the log's TIMESTAMP columns hold and return it."""
    return to_utc(moment).replace(tzinfo=None)


def naive_utc_text(moment: datetime) -> str:
    """naive_utc as the text DuckDB reads into a TIMESTAMP column."""
    return naive_utc(moment).isoformat(sep=" ")


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else to_utc(moment).isoformat()


def payload_json(payload: Mapping[str, Any]) -> str:
    """Canonical JSON (sorted keys, no ASCII escaping) so equal payloads are equal text."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
