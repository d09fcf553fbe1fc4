"""Projections: tables folded from the event log, and the user views over them.

Each fold is set-based SQL over a range of the log (seq in ($1, $2]). Folding the whole log at
once (monitor rebuild) and folding it article by article give the same tables: every fold is
either an insert of facts keyed by event id or a merge that is associative (min, sum, union,
latest-by-seq).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.events import FEED_POLLED, Event, naive_utc_text

PROJECTION_TABLES = ("p_articles", "p_figures", "p_actors", "p_alerts", "p_deliveries", "p_feeds")

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS events (
        seq BIGINT PRIMARY KEY,
        event_id VARCHAR NOT NULL UNIQUE,
        stream VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        schema_version INTEGER NOT NULL,
        occurred_at TIMESTAMP NOT NULL,
        recorded_at TIMESTAMP NOT NULL,
        payload JSON NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS p_articles (
        article_id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, outlet VARCHAR, lang VARCHAR,
        published_at TIMESTAMP, watchlists VARCHAR[], content_hash VARCHAR, source VARCHAR,
        versions INTEGER, last_seq BIGINT)""",
    """CREATE TABLE IF NOT EXISTS p_figures (
        event_id VARCHAR PRIMARY KEY, seq BIGINT, article_id VARCHAR, metric VARCHAR, watchlist VARCHAR,
        value DOUBLE, value_max DOUBLE, unit VARCHAR, counted VARCHAR, approx BOOLEAN, qualifier VARCHAR,
        credited_to VARCHAR, credit_carried BOOLEAN, quote VARCHAR, outlet VARCHAR,
        published_at TIMESTAMP, previous_value DOUBLE, is_previous BOOLEAN,
        modality VARCHAR, side VARCHAR, via VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS p_actors (
        actor_id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, role VARCHAR, known BOOLEAN,
        variants VARCHAR[], first_seen_at TIMESTAMP, first_seq BIGINT, first_article_id VARCHAR,
        mentions BIGINT, watchlists VARCHAR[], articles BIGINT)""",
    """CREATE TABLE IF NOT EXISTS p_alerts (
        alert_id VARCHAR PRIMARY KEY, seq BIGINT, rule VARCHAR, watchlist VARCHAR, subject VARCHAR,
        title VARCHAR, body VARCHAR, article_id VARCHAR, raised_at TIMESTAMP, payload JSON)""",
    """CREATE TABLE IF NOT EXISTS p_deliveries (
        alert_id VARCHAR, target VARCHAR, status VARCHAR, attempts INTEGER, last_error VARCHAR,
        last_attempt_at TIMESTAMP, delivered_at TIMESTAMP, last_seq BIGINT,
        PRIMARY KEY (alert_id, target))""",
    """CREATE TABLE IF NOT EXISTS p_feeds (
        feed_url VARCHAR PRIMARY KEY, last_polled_at TIMESTAMP, last_status VARCHAR,
        consecutive_failures INTEGER, next_poll_at TIMESTAMP, etag VARCHAR, last_modified VARCHAR,
        last_seq BIGINT)""",
    """CREATE TABLE IF NOT EXISTS projection_position (name VARCHAR PRIMARY KEY, seq BIGINT NOT NULL)""",
]

# The current shape of each table (SCHEMA is kept current: a migration that changes a projection table
# changes its CREATE here too), for `monitor rebuild`, which makes the projection tables anew.
PROJECTION_DDL = {statement.split()[5]: statement for statement in SCHEMA if statement.split()[5] != "events"}

VIEWS = [
    """CREATE OR REPLACE VIEW articles AS
        SELECT article_id, url, title, outlet, lang, published_at, watchlists FROM p_articles""",
    """CREATE OR REPLACE VIEW figures AS
        SELECT article_id, metric, value, value_max, unit, approx, credited_to, quote, published_at,
               outlet, watchlist, qualifier, counted, is_previous, modality, side, via
        FROM p_figures""",
    """CREATE OR REPLACE VIEW actors AS
        SELECT actor_id, name, kind, variants, first_seen_at, first_article_id, mentions, role, known, articles
        FROM p_actors""",
    """CREATE OR REPLACE VIEW alerts AS
        SELECT a.alert_id, a.rule, a.watchlist, a.subject, a.title, a.body,
               CAST(a.payload->>'value' AS DOUBLE) AS value, CAST(a.payload->>'value_max' AS DOUBLE) AS value_max,
               CAST(a.payload->>'previous_value' AS DOUBLE) AS previous_value,
               a.payload->>'credited_to' AS credited_to, a.payload->>'metric' AS metric,
               a.payload->>'metric_label' AS metric_label, a.payload->>'url' AS url, a.raised_at,
               CASE WHEN count(d.target) = 0 THEN 'pending'
                    WHEN bool_and(d.status = 'delivered') THEN 'delivered'
                    WHEN bool_or(d.status = 'gave_up') THEN 'gave_up'
                    WHEN bool_or(d.status = 'failed') THEN 'failed'
                    ELSE 'pending' END AS status,
               max(d.delivered_at) AS delivered_at
        FROM p_alerts a LEFT JOIN p_deliveries d USING (alert_id)
        GROUP BY ALL""",
    """CREATE OR REPLACE VIEW feeds AS
        SELECT feed_url, last_polled_at, last_status, consecutive_failures, next_poll_at FROM p_feeds""",
]

_RANGE = "seq > $lo AND seq <= $hi"


def _shape(**fields: str) -> str:
    """A from_json structure: each payload is parsed once, into the fields a fold reads (not ->> per field)."""
    return json.dumps(fields)


_ARTICLE = _shape(article_id="VARCHAR", url="VARCHAR", title="VARCHAR", outlet="VARCHAR", lang="VARCHAR",
                  published_at="VARCHAR", watchlists="VARCHAR[]", content_hash="VARCHAR", source="VARCHAR")
_FIGURE = _shape(article_id="VARCHAR", metric="VARCHAR", watchlist="VARCHAR", value="DOUBLE", value_max="DOUBLE",
                 unit="VARCHAR", counted="VARCHAR", approx="BOOLEAN", qualifier="VARCHAR", credited_to="VARCHAR",
                 credit_carried="BOOLEAN", quote="VARCHAR", outlet="VARCHAR", published_at="VARCHAR",
                 previous_value="DOUBLE", is_previous="BOOLEAN", modality="VARCHAR", side="VARCHAR", via="VARCHAR")
_ACTOR = _shape(actor_id="VARCHAR", name="VARCHAR", kind="VARCHAR", role="VARCHAR", known="BOOLEAN",
                variants="VARCHAR[]", article_id="VARCHAR", mentions="BIGINT", article_watchlists="VARCHAR[]")

# (the event types a fold reads, the fold): an append runs only the folds of the types it holds.
# No fold of a growing table uses ON CONFLICT on an insert that cannot conflict: DuckDB's ON CONFLICT
# costs time in the size of the target table (~130 ms at 300k figures, even for no rows).
FOLDS: list[tuple[frozenset[str], str]] = [
    (frozenset({"article.extracted"}),
     f"""INSERT INTO p_articles
         SELECT p.article_id, p.url, p.title, p.outlet, p.lang, CAST(p.published_at AS TIMESTAMP), p.watchlists,
                p.content_hash, p.source, versions, seq
         FROM (SELECT arg_max(p, seq) AS p, max(seq) AS seq, count(*) AS versions
               FROM (SELECT seq, from_json(payload, '{_ARTICLE}') AS p FROM events
                     WHERE type = 'article.extracted' AND {_RANGE})
               GROUP BY p.article_id)
         ON CONFLICT (article_id) DO UPDATE SET
             url = excluded.url, title = excluded.title, outlet = excluded.outlet, lang = excluded.lang,
             published_at = excluded.published_at, watchlists = excluded.watchlists,
             content_hash = excluded.content_hash, source = excluded.source,
             versions = p_articles.versions + excluded.versions, last_seq = excluded.last_seq"""),
    (frozenset({"figure.reported"}),
     f"""INSERT INTO p_figures
         SELECT event_id, seq, p.article_id, p.metric, p.watchlist, p.value, p.value_max, p.unit, p.counted,
                p.approx, p.qualifier, p.credited_to, p.credit_carried, p.quote, p.outlet,
                CAST(p.published_at AS TIMESTAMP), p.previous_value, p.is_previous, coalesce(p.modality, 'current'),
                p.side, p.via
         FROM (SELECT event_id, seq, from_json(payload, '{_FIGURE}') AS p FROM events
               WHERE type = 'figure.reported' AND {_RANGE})"""),
    (frozenset({"actor.mentioned"}),
     f"""INSERT INTO p_actors
         SELECT p.actor_id, arg_max(p.name, seq), arg_max(p.kind, seq), arg_max(p.role, seq), bool_or(p.known),
                list_sort(list_distinct(flatten(list(p.variants)))),
                min(occurred_at), arg_min(seq, (occurred_at, seq)), arg_min(p.article_id, (occurred_at, seq)),
                sum(p.mentions), list_sort(list_distinct(flatten(list(p.article_watchlists)))), count(*)
         FROM (SELECT seq, occurred_at, from_json(payload, '{_ACTOR}') AS p FROM events
               WHERE type = 'actor.mentioned' AND {_RANGE})
         GROUP BY p.actor_id
         ON CONFLICT (actor_id) DO UPDATE SET
             name = excluded.name, kind = excluded.kind, role = coalesce(excluded.role, p_actors.role),
             known = excluded.known OR p_actors.known,
             variants = list_sort(list_distinct(list_concat(p_actors.variants, excluded.variants))),
             first_article_id = CASE WHEN excluded.first_seen_at < p_actors.first_seen_at
                                     THEN excluded.first_article_id ELSE p_actors.first_article_id END,
             first_seq = CASE WHEN excluded.first_seen_at < p_actors.first_seen_at
                              THEN excluded.first_seq ELSE p_actors.first_seq END,
             first_seen_at = least(excluded.first_seen_at, p_actors.first_seen_at),
             mentions = p_actors.mentions + excluded.mentions,
             watchlists = list_sort(list_distinct(list_concat(p_actors.watchlists, excluded.watchlists))),
             articles = p_actors.articles + excluded.articles"""),
    (frozenset({"alert.raised"}),
     f"""INSERT INTO p_alerts
         SELECT payload->>'alert_id', seq, payload->>'rule', payload->>'watchlist', payload->>'subject',
                payload->>'title', payload->>'body', payload->>'article_id', recorded_at, payload
         FROM events WHERE type = 'alert.raised' AND {_RANGE}
         ON CONFLICT DO NOTHING"""),
    # alert.updated: its patch (absolute values, so the latest wins) merged into the alert's payload
    (frozenset({"alert.updated"}),
     f"""UPDATE p_alerts SET payload = json_merge_patch(p_alerts.payload, u.patch),
                             body = coalesce(u.patch->>'body', p_alerts.body)
         FROM (SELECT payload->>'alert_id' AS alert_id, arg_max(payload->'patch', seq) AS patch
               FROM events WHERE type = 'alert.updated' AND {_RANGE} GROUP BY 1) u
         WHERE p_alerts.alert_id = u.alert_id"""),
    (frozenset({"alert.delivered", "alert.failed"}),
     f"""INSERT INTO p_deliveries
         SELECT payload->>'alert_id', payload->>'target', arg_max(payload->>'status', seq),
                count(*), arg_max(payload->>'error', seq), max(occurred_at),
                max(occurred_at) FILTER (WHERE type = 'alert.delivered'), max(seq)
         FROM events WHERE type IN ('alert.delivered', 'alert.failed') AND {_RANGE}
         GROUP BY 1, 2
         ON CONFLICT (alert_id, target) DO UPDATE SET
             status = excluded.status, attempts = p_deliveries.attempts + excluded.attempts,
             last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
             delivered_at = coalesce(p_deliveries.delivered_at, excluded.delivered_at),
             last_seq = excluded.last_seq"""),
    (frozenset({"feed.polled"}),
     f"""INSERT INTO p_feeds
         SELECT payload->>'feed_url', occurred_at, payload->>'status',
                CAST(payload->>'consecutive_failures' AS INTEGER), CAST(payload->>'next_poll_at' AS TIMESTAMP),
                payload->>'etag', payload->>'last_modified', seq
         FROM (SELECT arg_max(payload, seq) AS payload, arg_max(occurred_at, seq) AS occurred_at,
                      max(seq) AS seq
               FROM events WHERE type = 'feed.polled' AND {_RANGE} GROUP BY payload->>'feed_url')
         ON CONFLICT (feed_url) DO UPDATE SET
             last_polled_at = excluded.last_polled_at, last_status = excluded.last_status,
             consecutive_failures = excluded.consecutive_failures, next_poll_at = excluded.next_poll_at,
             etag = excluded.etag, last_modified = excluded.last_modified, last_seq = excluded.last_seq"""),
]

# A database made before figure.reported v2 gets the columns; figures of v1 events read as current, with no
# side or relay (their events never had them).
FIGURE_FACETS = [
    "ALTER TABLE p_figures ADD COLUMN IF NOT EXISTS modality VARCHAR",
    "ALTER TABLE p_figures ADD COLUMN IF NOT EXISTS side VARCHAR",
    "ALTER TABLE p_figures ADD COLUMN IF NOT EXISTS via VARCHAR",
    "UPDATE p_figures SET modality = 'current' WHERE modality IS NULL",
    *VIEWS,
]

# The alerts view gains the figure of a figure alert and the article's link (value, value_max,
# previous_value, credited_to, metric, metric_label, url), read from the alert.raised payloads.
ALERT_COLUMNS = ["DROP VIEW IF EXISTS alerts", *VIEWS]


# Feed polls that change nothing (a 304, or the same entries again, with the same validators and no
# failure) are not appended: a daemon polling 1,000 feeds every 15 minutes would add ~96k such events
# a day. They move the feed's row in feed_heartbeats (latest poll, next poll, how many) and in p_feeds;
# the log keeps every poll that changed the feed's status, validators, failures or found entries.
# feed_heartbeats is state, not a projection: `monitor rebuild` keeps it and lays it over p_feeds again.
FEED_HEARTBEATS = [
    """CREATE TABLE IF NOT EXISTS feed_heartbeats (
        feed_url VARCHAR PRIMARY KEY, polled_at TIMESTAMP, next_poll_at TIMESTAMP, http_status INTEGER,
        polls BIGINT)""",
]

QUIET_STATUSES = frozenset({"ok", "not_modified"})


@dataclass(frozen=True, slots=True)
class FeedRow:
    """What a feed poll can change: the feed's p_feeds row as the log last left it."""

    status: str | None
    etag: str | None
    last_modified: str | None
    failures: int | None


def _feed_row(payload: Mapping[str, Any]) -> FeedRow:
    failures = payload.get("consecutive_failures")
    return FeedRow(payload.get("status"), payload.get("etag"), payload.get("last_modified"),
                   None if failures is None else int(failures))


def _is_quiet(payload: Mapping[str, Any]) -> bool:
    return (payload.get("status") in QUIET_STATUSES and not payload.get("error") and not payload.get("refused")
            and not any(payload.get(key) for key in ("new_entries", "matched", "spooled")))


def quiet_polls(events: Sequence[Event], current: Mapping[str, FeedRow]) -> tuple[list[Event], list[Event]]:
    """(feed.polled events that change nothing, the other events), in order. Pure.

    A poll is quiet when it found nothing new and leaves the feed's status, validators and failure
    count as the last logged poll (in `current`, or earlier in the batch) left them.
    """
    latest = dict(current)
    quiet, kept = [], []
    for event in events:
        if event.type != FEED_POLLED:
            kept.append(event)
            continue
        url, row = str(event.payload.get("feed_url")), _feed_row(event.payload)
        if _is_quiet(event.payload) and latest.get(url) == row:
            quiet.append(event)
        else:
            latest[url] = row
            kept.append(event)
    return quiet, kept


def heartbeat_columns(quiet: Sequence[Event]) -> dict[str, Any]:
    """The latest quiet poll of each feed and how many there were, as columns for HEARTBEAT."""
    import numpy as np  # imported here: `monitor sql` starts without numpy

    latest: dict[str, Event] = {}
    counts: dict[str, int] = {}
    for event in quiet:
        url = str(event.payload["feed_url"])
        counts[url] = counts.get(url, 0) + 1
        if url not in latest or event.occurred_at >= latest[url].occurred_at:
            latest[url] = event
    urls = sorted(latest)
    return {
        "feed_url": np.array(urls, dtype=object),
        "polled_at": np.array([naive_utc_text(latest[u].occurred_at) for u in urls], dtype=object),
        "next_poll_at": np.array([latest[u].payload.get("next_poll_at") for u in urls], dtype=object),
        "http_status": np.array([latest[u].payload.get("http_status") for u in urls], dtype=object),
        "polls": np.array([counts[u] for u in urls], dtype=np.int64),
    }


HEARTBEAT = """
    INSERT INTO feed_heartbeats
    SELECT feed_url, CAST(polled_at AS TIMESTAMP), CAST(next_poll_at AS TIMESTAMP),
           CAST(http_status AS INTEGER), polls
    FROM quiet_polls
    ON CONFLICT (feed_url) DO UPDATE SET
        polled_at = greatest(excluded.polled_at, feed_heartbeats.polled_at),
        next_poll_at = CASE WHEN excluded.polled_at >= feed_heartbeats.polled_at THEN excluded.next_poll_at
                            ELSE feed_heartbeats.next_poll_at END,
        http_status = CASE WHEN excluded.polled_at >= feed_heartbeats.polled_at THEN excluded.http_status
                           ELSE feed_heartbeats.http_status END,
        polls = feed_heartbeats.polls + excluded.polls"""

_LAY_HEARTBEATS = """
    UPDATE p_feeds SET last_polled_at = h.polled_at, next_poll_at = h.next_poll_at
    FROM feed_heartbeats h
    WHERE p_feeds.feed_url = h.feed_url AND h.polled_at > p_feeds.last_polled_at"""
# after an append: the batch's feeds only; after a rebuild: every feed
APPLY_HEARTBEATS = _LAY_HEARTBEATS + " AND h.feed_url IN (SELECT feed_url FROM quiet_polls)"
REAPPLY_HEARTBEATS = _LAY_HEARTBEATS
