"""What the new-actor and corroboration rules need from the log, read through a store session.

The shell side of monitor/rules_actors.py and monitor/rules_sources.py: a few set-based queries of
the projections (and of the latest `article.extracted` payload of an article, for its fingerprint), with
the open transaction's events that they do not show yet laid over them (monitor/store/overlay.py). The
reads are `Session.folded_read`s: the same read is made once a transaction, whichever article asks, so
none takes the article itself as a parameter (the article's own rows are left out here).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from monitor.corroboration import Carrier, Fingerprint
from monitor.events import ACTOR_MENTIONED
from monitor.rules_actors import ActorState, PriorActor
from monitor.rules_sources import PriorAlert
from monitor.store import Session, overlay

# the unknown actors, and the known ones the transaction's unfolded events name: the overlay merges those
_ACTORS = """
    SELECT a.actor_id, a.name, a.variants, a.mentions, a.first_article_id, r.url, r.outlet,
           strftime(r.published_at, '%Y-%m-%dT%H:%M:%S'), coalesce(a.known, false), a.first_seen_at, a.first_seq
    FROM p_actors a LEFT JOIN p_articles r ON r.article_id = a.first_article_id"""
_UNKNOWN = _ACTORS + " WHERE NOT coalesce(a.known, false)"
_KNOWN_NAMED = _ACTORS + " WHERE coalesce(a.known, false) AND list_contains($named, a.actor_id)"

_ALERTED = """
    SELECT subject, any_value((payload->>'name')), any_value(CAST((payload->'variants') AS VARCHAR[]))
    FROM p_alerts WHERE rule = 'new-actor' GROUP BY subject"""

_CARRIERS = """
    SELECT r.article_id, r.outlet, e.payload->>'guid', e.payload->'fingerprint'
    FROM p_articles r JOIN events e ON e.seq = r.last_seq
    WHERE list_contains($ids, r.article_id)"""

_FIGURE_ALERTS = """
    SELECT alert_id, payload, seq FROM p_alerts WHERE list_contains($metrics, (payload->>'metric')) ORDER BY seq"""


def actor_state(session: Session, article_id: str) -> ActorState:
    """Unknown actors named in other articles (with the first article naming each), actors alerted,
    and the log's outlets."""
    unfolded = session.unfolded()
    named = sorted({str(e.payload["actor_id"]) for _, e in unfolded if e.type == ACTOR_MENTIONED})
    names = set(named)
    rows = [row for row in session.folded_read(_UNKNOWN).rows if row[4] != article_id or row[0] in names]
    rows += session.folded_read(_KNOWN_NAMED, {"named": named}).rows if named else []
    mentioned = tuple(PriorActor(actor, name, tuple(variants or ()), int(mentions or 0), first, url, outlet, published)
                      for actor, name, variants, mentions, first, url, outlet, published
                      in overlay.mentioned_rows(rows, article_id, unfolded))
    alerted = tuple(PriorActor(subject, name or subject, tuple(variants or ()), 0) for subject, name, variants
                    in overlay.alerted_rows(session.folded_read(_ALERTED).rows, unfolded))
    outlets = overlay.outlets((row[0] for row in session.folded_read(
        "SELECT DISTINCT outlet FROM p_articles WHERE outlet IS NOT NULL").rows), unfolded)
    return ActorState(mentioned, alerted, outlets)


def carriers(session: Session, article_ids: Sequence[str]) -> tuple[Carrier, ...]:
    """The articles' outlets, feed GUIDs and text fingerprints (latest version of each)."""
    ids = sorted(set(article_ids))
    rows = overlay.carrier_rows(session.folded_read(_CARRIERS, {"ids": ids}).rows, ids, session.unfolded())
    return tuple(Carrier(article, outlet, guid, Fingerprint.from_json(_json(fingerprint)))
                 for article, outlet, guid, fingerprint in rows)


def figure_alerts(session: Session, metrics: Sequence[str]) -> tuple[PriorAlert, ...]:
    """The figure alerts of these metrics, payloads as updated."""
    wanted = sorted(set(metrics))
    stored = [(alert_id, _json(payload) or {}, int(seq))
              for alert_id, payload, seq in session.folded_read(_FIGURE_ALERTS, {"metrics": wanted}).rows]
    return tuple(PriorAlert(alert_id, payload)
                 for alert_id, payload in overlay.figure_alert_rows(stored, wanted, session.unfolded()))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
