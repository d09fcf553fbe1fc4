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

ARTICLE_EXTRACTED = "article.extracted"
FIGURE_REPORTED = "figure.reported"
ACTOR_MENTIONED = "actor.mentioned"
ALERT_RAISED = "alert.raised"
ALERT_UPDATED = "alert.updated"
ALERT_DELIVERED = "alert.delivered"
ALERT_FAILED = "alert.failed"
FEED_POLLED = "feed.polled"
CLAIM_DISPUTED = "claim.disputed"

# type -> (schema version, one-line meaning). Documented in README; a test keeps them in step.
EVENT_TYPES: Mapping[str, tuple[int, str]] = {
    # 2: "supported" (false: the language has no pack; nothing was extracted)
    # 3: "fingerprint" (a sketch of the text's shingles, for syndicated copies: monitor/corroboration.py)
    ARTICLE_EXTRACTED: (3, "an article version was read, matched and extracted"),
    # 2: "modality", "side", "via" (the figure, whole: what kind of report, whose people, who relayed it)
    FIGURE_REPORTED: (2, "an article reports a figure (value, unit, source, evidence)"),
    ACTOR_MENTIONED: (1, "an article mentions an actor (after variant resolution)"),
    CLAIM_DISPUTED: (1, "an article reports a denial or dispute (who disputes, the figures it answers)"),
    ALERT_RAISED: (1, "a rule raised an alert; the outbox delivers it"),
    # its payload's "patch" is merged into the alert's (the corroboration of a figure alert, for now)
    ALERT_UPDATED: (1, "a later article carried an alert's value: the alert's corroboration, updated"),
    ALERT_DELIVERED: (1, "an alert reached one target"),
    ALERT_FAILED: (1, "an alert could not reach one target (retried later)"),
    FEED_POLLED: (1, "a feed was polled, with its outcome"),
}


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


def make_event(type_: str, stream: str, occurred_at: datetime, payload: Mapping[str, Any],
               *key: object) -> Event:
    """An event whose id is derived from its type, stream and idempotency key parts."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type_!r}")
    return Event(stable_id(type_, stream, *key), stream, type_, occurred_at, payload)


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
