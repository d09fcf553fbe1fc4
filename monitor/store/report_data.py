"""Reading what the report, the dashboard and timeline attachments show, from the log's views.

Store side: every function takes an open `Session` (read-only is enough, as `monitor sql` opens it)
and returns frozen values; every filter is a bound parameter. `since` compares with publication time
(figures, articles, actors' first appearance, the alerted article); `watchlist` None means all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from monitor.errors import StoreError
from monitor.events import naive_utc
from monitor.report_rows import ActorRow, AlertRow, VolumeRow
from monitor.store import Session
from monitor.timeline import DisputeRow, FigureRow, MetricTimeline, build_timelines

_FIGURES_SQL = """
    WITH alerted AS (
        SELECT article_id, (payload->>'metric') AS metric, CAST(payload->>'value' AS DOUBLE) AS value,
               (payload->>'credited_to') AS credited_to, min(alert_id) AS alert_id
        FROM p_alerts WHERE (payload->>'metric') IS NOT NULL AND ($metric IS NULL OR (payload->>'metric') = $metric)
        GROUP BY ALL)
    SELECT f.watchlist, f.metric, f.published_at, f.value, f.value_max, coalesce(f.unit, ''), f.credited_to,
           f.outlet, coalesce(f.modality, 'current'), coalesce(f.quote, ''), coalesce(f.approx, false),
           f.qualifier, coalesce(f.is_previous, false), a.url, a.title, al.alert_id
    FROM figures f LEFT JOIN articles a USING (article_id)
         LEFT JOIN alerted al ON al.article_id = f.article_id AND al.metric = f.metric AND al.value = f.value
                                 AND al.credited_to IS NOT DISTINCT FROM f.credited_to
    WHERE f.metric IS NOT NULL AND f.published_at IS NOT NULL
      AND ($watchlist IS NULL OR f.watchlist = $watchlist)
      AND ($metric IS NULL OR f.metric = $metric)
      AND ($since IS NULL OR f.published_at >= $since)
    ORDER BY f.published_at, f.metric, f.value"""

_DISPUTES_SQL = """
    SELECT CAST(e.payload->>'published_at' AS TIMESTAMP), CAST(e.payload->'values' AS DOUBLE[]),
           (e.payload->>'disputer'), coalesce(e.payload->>'quote', ''), a.watchlists
    FROM events e LEFT JOIN p_articles a ON a.article_id = (e.payload->>'article_id')
    WHERE e.type = 'claim.disputed'
    ORDER BY e.seq"""

_LABELS_SQL = """
    SELECT (payload->>'metric'), arg_max(payload->>'metric_label', seq) FROM p_alerts
    WHERE (payload->>'metric') IS NOT NULL AND (payload->>'metric_label') IS NOT NULL GROUP BY 1"""

_ACTORS_SQL = """
    SELECT c.name, c.kind, c.role, c.variants, c.first_seen_at, c.mentions, c.watchlists, a.url, a.title, a.outlet
    FROM p_actors c LEFT JOIN articles a ON a.article_id = c.first_article_id
    WHERE NOT coalesce(c.known, false)
      AND ($watchlist IS NULL OR list_contains(c.watchlists, $watchlist))
      AND ($since IS NULL OR c.first_seen_at >= $since)
    ORDER BY c.first_seen_at, c.name"""

_ALERTS_SQL = """
    WITH updated AS (SELECT (payload->>'alert_id') AS alert_id, max(recorded_at) AS updated_at
                     FROM events WHERE type = 'alert.updated' GROUP BY 1)
    SELECT a.alert_id, a.rule, a.watchlist, a.title, a.body, a.raised_at, a.status, a.delivered_at,
           CAST(p.payload AS VARCHAR), u.updated_at
    FROM alerts a JOIN p_alerts p USING (alert_id) LEFT JOIN updated u USING (alert_id)
    WHERE ($watchlist IS NULL OR a.watchlist = $watchlist
           OR list_contains(CAST(p.payload->'watchlists' AS VARCHAR[]), $watchlist))
      AND ($since IS NULL OR coalesce(CAST(p.payload->>'published_at' AS TIMESTAMP), a.raised_at) >= $since)
    ORDER BY a.raised_at, coalesce(CAST(p.payload->>'published_at' AS TIMESTAMP), a.raised_at), a.alert_id"""

_VOLUME_SQL = """
    SELECT coalesce(outlet, '(unknown outlet)') AS outlet, CAST(published_at AS DATE) AS day, count(*)
    FROM articles
    WHERE published_at IS NOT NULL
      AND ($watchlist IS NULL OR list_contains(watchlists, $watchlist))
      AND ($since IS NULL OR published_at >= $since)
    GROUP BY ALL ORDER BY day, outlet"""


def read_timelines(session: Session, *, watchlist: str | None = None, since: datetime | None = None,
                   metric: str | None = None, labels: dict[str, str] | None = None) -> tuple[MetricTimeline, ...]:
    """The metrics' timelines; labels (metric id -> label, e.g. from the watchlists) win over the alerts'.

    A log that cannot be read raises StoreError (naming DuckDB's error), not duckdb.Error."""
    try:
        figures = read_figure_rows(session, watchlist=watchlist, since=since, metric=metric)
        names = {**dict(session.query(_LABELS_SQL).rows), **(labels or {})}
        disputes = read_disputes(session)
    except duckdb.Error as exc:
        raise StoreError(f"{session.path}: cannot read the timelines: {type(exc).__name__}: {exc}") from exc
    return build_timelines(figures, disputes, names)


def read_figure_rows(session: Session, *, watchlist: str | None = None, since: datetime | None = None,
                     metric: str | None = None) -> list[FigureRow]:
    rows = session.query(_FIGURES_SQL, {"watchlist": watchlist, "metric": metric, "since": since}).rows
    return [FigureRow(*row) for row in rows]


def read_disputes(session: Session) -> list[DisputeRow]:
    return [DisputeRow(published, tuple(values or ()), disputer, quote, tuple(watchlists or ()))
            for published, values, disputer, quote, watchlists in session.query(_DISPUTES_SQL).rows]


def read_new_actors(session: Session, *, watchlist: str | None = None,
                    since: datetime | None = None) -> list[ActorRow]:
    """Actors no watchlist knows, in order of first appearance, with the article they first appeared in."""
    rows = session.query(_ACTORS_SQL, {"watchlist": watchlist, "since": since}).rows
    return [ActorRow(name, kind, role, tuple(variants or ()), first, int(mentions or 0), tuple(lists or ()),
                     url, title, outlet)
            for name, kind, role, variants, first, mentions, lists, url, title, outlet in rows]


def read_alerts(session: Session, *, watchlist: str | None = None, since: datetime | None = None) -> list[AlertRow]:
    """Alerts raised, oldest first, with their delivery state and their article."""
    rows = session.query(_ALERTS_SQL, {"watchlist": watchlist, "since": since}).rows
    return [_alert_row(row) for row in rows]


def _alert_row(row: Sequence[Any]) -> AlertRow:
    alert_id, rule, watchlist, title, body, raised_at, status, delivered_at, payload_text, updated_at = row
    payload: dict[str, Any] = json.loads(payload_text or "{}")
    published = payload.get("published_at")
    return AlertRow(alert_id, rule or "", watchlist or "", title or "", body or "", raised_at, status or "pending",
                    delivered_at, payload.get("url"), payload.get("article_title"), payload.get("outlet"),
                    _payload_time(published), payload.get("quote"), payload.get("credited_to"), payload.get("metric"),
                    tuple(payload.get("watchlists") or (watchlist,)), updated_at)


def _payload_time(text: str | None) -> datetime | None:
    """An ISO time of a payload as the naive UTC the views give."""
    return naive_utc(datetime.fromisoformat(text)) if text else None


def read_volume(session: Session, *, watchlist: str | None = None, since: datetime | None = None) -> list[VolumeRow]:
    """Articles per outlet per publication day."""
    rows = session.query(_VOLUME_SQL, {"watchlist": watchlist, "since": since}).rows
    return [VolumeRow(outlet, day, int(count)) for outlet, day, count in rows]
