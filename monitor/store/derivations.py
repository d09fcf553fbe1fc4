"""What the extraction consumer reads and moves: observations after its position, the article's latest
derivation, the figures its rules compare with, and which extractor and watchlists the log was derived with."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monitor.event_schema import upcast
from monitor.events import ARTICLE_EXTRACTED, ARTICLE_OBSERVED, Event, stored_event
from monitor.store import overlay
from monitor.store.session import Session

EXTRACTION = "extraction"


@dataclass(frozen=True, slots=True)
class DerivationInUse:
    extractor: str | None
    watchlists_fingerprint: str | None
    articles: int


def has_event(session: Session, event_id: str) -> bool:
    return bool(session.scalar("SELECT count(*) FROM events WHERE event_id = $id", {"id": event_id}))


def consumer_position(session: Session, name: str) -> int:
    return int(session.scalar("SELECT coalesce(max(seq), 0) FROM consumer_position WHERE name = $name",
                              {"name": name}))


def move_consumer(session: Session, name: str, seq: int) -> None:
    # an UPDATE of the row takes a third of INSERT OR REPLACE's time (which deletes and inserts the key)
    updated = session.connection.execute("UPDATE consumer_position SET seq = $seq WHERE name = $name",
                                         {"name": name, "seq": seq}).fetchone()
    if not updated or not updated[0]:
        session.connection.execute("INSERT INTO consumer_position VALUES ($name, $seq)", {"name": name, "seq": seq})


def observations_after(session: Session, seq: int, limit: int = 1000) -> list[tuple[int, Event]]:
    """Up to `limit` article observations after `seq`, in log order, payloads in the current shape."""
    rows = session.query(
        "SELECT seq, event_id, stream, type, schema_version, occurred_at, payload FROM events "
        f"WHERE type = '{ARTICLE_OBSERVED}' AND seq > $seq ORDER BY seq LIMIT {int(limit)}", {"seq": seq}).rows
    return [(int(row[0]), _event(row[1:])) for row in rows]


def _event(row: Sequence[Any]) -> Event:
    event_id, stream, type_, version, occurred_at, payload = row
    return stored_event(event_id, stream, type_, int(version), occurred_at, json.loads(payload))


def current_derivations(session: Session) -> dict[str, set[str]]:
    """observation id -> the derivations of it the projections show (not superseded). Legacy extraction
    events (before versioning) get theirs from the upcasters."""
    superseded = {str(row[0]) for row in session.query("SELECT derivation FROM p_superseded").rows}
    found: dict[str, set[str]] = {}
    for version, article_id, digest, observation, derivation in session.query(
            "SELECT schema_version, payload->>'article_id', payload->>'content_hash', payload->>'observation', "
            "payload->>'derivation' FROM events WHERE type = 'article.extracted'").rows:
        if observation is None or derivation is None:
            shaped = upcast(ARTICLE_EXTRACTED, int(version), {"article_id": article_id, "content_hash": digest})
            observation, derivation = shaped["observation"], shaped["derivation"]
        if derivation not in superseded:
            found.setdefault(str(observation), set()).add(str(derivation))
    return found


def latest_observation(session: Session, article_id: str) -> str | None:
    rows = session.folded_query("SELECT observation FROM p_articles WHERE article_id = $id", {"id": article_id}).rows
    stored = None if not rows or rows[0][0] is None else str(rows[0][0])
    return overlay.latest_observation(stored, article_id, session.unfolded())


def article_rows(session: Session) -> dict[str, tuple[Any, ...]]:
    """article_id -> (published_at, watchlists) as the projections show them."""
    return {str(row[0]): tuple(row[1:]) for row in session.query(
        "SELECT article_id, published_at, watchlists FROM p_articles").rows}


def alert_ids(session: Session) -> frozenset[str]:
    return frozenset(str(row[0]) for row in session.query("SELECT alert_id FROM p_alerts").rows)


def withheld_alert_ids(session: Session) -> frozenset[str]:
    """Alerts an earlier `monitor reextract` withheld (and did not send since)."""
    return frozenset(str(row[0]) for row in session.query(
        "SELECT DISTINCT payload->>'alert_id' FROM events WHERE type = 'alert.withheld'").rows)


def derived_events(session: Session) -> dict[str, list[Event]]:
    """derivation -> the events it appended (article.extracted, figures, actors, disputes), in log order: one
    read of the log, not one per derivation."""
    rows = session.query(
        "SELECT event_id, stream, type, schema_version, occurred_at, payload FROM events "
        "WHERE type IN ('article.extracted', 'figure.reported', 'actor.mentioned', 'claim.disputed') "
        "ORDER BY seq").rows
    found: dict[str, list[Event]] = {}
    for row in rows:
        event = _event(row)
        found.setdefault(str(event.payload["derivation"]), []).append(event)
    return found


def alerts_raised(session: Session) -> list[Event]:
    rows = session.query(
        "SELECT event_id, stream, type, schema_version, occurred_at, payload FROM events "
        "WHERE type = 'alert.raised' ORDER BY seq").rows
    return [_event(row) for row in rows]


def derivations_in_use(session: Session) -> list[DerivationInUse]:
    """Which extractor and watchlists the articles' current derivations were made with."""
    return [DerivationInUse(extractor, fingerprint, int(count)) for extractor, fingerprint, count in session.query(
        "SELECT extractor, watchlists_fingerprint, count(*) FROM p_articles GROUP BY ALL ORDER BY 3 DESC").rows]


def prior_figures(session: Session, metrics: Sequence[str]) -> list[tuple[Any, ...]]:
    """The log's figures of these metrics, in log order, as the rules compare with them."""
    wanted = sorted(set(metrics))
    return overlay.figure_rows(session.folded_read(
        "SELECT metric, value, credited_to, outlet, article_id, seq, is_previous, coalesce(modality, 'current'), "
        "quote, coalesce(start, 0) FROM p_figures WHERE list_contains($metrics, metric) ORDER BY seq",
        {"metrics": wanted}).rows, wanted, session.unfolded())
