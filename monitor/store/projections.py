"""Projections: tables folded from the event log, each with its own position and fold fingerprint, and
the user views over them.

Each fold is set-based SQL over a range of the log (seq in ($lo, $hi]). Folding the whole log at once
(monitor rebuild) and folding it article by article give the same tables: every fold is either an insert of
facts keyed by event id or a merge that is associative (min, sum, union, latest-by-seq).

Derived facts (articles, figures, actors) show the latest derivation of each article only: a derivation
named in a later article.extracted's `supersedes` (monitor reextract) is left out, and a batch that
supersedes refolds those projections whole (Session). Payloads written before a field existed read with
the value its upcaster gives (monitor/event_schema.py); tests/test_upgrade.py checks the two agree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

LOG_DDL = """CREATE TABLE IF NOT EXISTS events (
        seq BIGINT PRIMARY KEY,
        event_id VARCHAR NOT NULL UNIQUE,
        stream VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        schema_version INTEGER NOT NULL,
        occurred_at TIMESTAMP NOT NULL,
        recorded_at TIMESTAMP NOT NULL,
        payload JSON NOT NULL)"""

POSITION_DDL = "CREATE TABLE IF NOT EXISTS projection_position (name VARCHAR PRIMARY KEY, seq BIGINT NOT NULL)"

_RANGE = "seq > $lo AND seq <= $hi"
# the derivation of a derived payload `p`; legacy: one per article (the upcasters' rule)
_DERIVATION = "coalesce(p.derivation, 'legacy:' || p.article_id)"
# the observation an article.extracted read; legacy: the one recovered at upgrade (legacy_observation_id's hash)
_OBSERVATION = ("coalesce(p.observation, left(sha256(concat_ws(chr(31), 'article.observed', "
                "'article:' || p.article_id, p.content_hash)), 32))")
_LATEST = f"{_DERIVATION} NOT IN (SELECT derivation FROM p_superseded)"


def _shape(**fields: str) -> str:
    """A from_json structure: each payload is parsed once, into the fields a fold reads (not ->> per field)."""
    return json.dumps(fields)


_ARTICLE = _shape(article_id="VARCHAR", url="VARCHAR", title="VARCHAR", outlet="VARCHAR", lang="VARCHAR",
                  published_at="VARCHAR", watchlists="VARCHAR[]", content_hash="VARCHAR", source="VARCHAR",
                  observation="VARCHAR", derivation="VARCHAR", extractor="VARCHAR", watchlists_fingerprint="VARCHAR",
                  supersedes="VARCHAR[]")
_FIGURE = _shape(article_id="VARCHAR", metric="VARCHAR", watchlist="VARCHAR", value="DOUBLE", value_max="DOUBLE",
                 unit="VARCHAR", counted="VARCHAR", approx="BOOLEAN", qualifier="VARCHAR", credited_to="VARCHAR",
                 credit_carried="BOOLEAN", quote="VARCHAR", outlet="VARCHAR", published_at="VARCHAR",
                 previous_value="DOUBLE", is_previous="BOOLEAN", modality="VARCHAR", side="VARCHAR", via="VARCHAR",
                 start="INTEGER", derivation="VARCHAR")
_ACTOR = _shape(actor_id="VARCHAR", name="VARCHAR", kind="VARCHAR", role="VARCHAR", known="BOOLEAN",
                variants="VARCHAR[]", article_id="VARCHAR", mentions="BIGINT", article_watchlists="VARCHAR[]",
                derivation="VARCHAR")
_OBSERVED = _shape(feed_url="VARCHAR", guid="VARCHAR", entry_hash="VARCHAR", url="VARCHAR", source="VARCHAR")


@dataclass(frozen=True, slots=True)
class Projection:
    """Tables folded from the log: their CREATE statements and the folds, each with the event types it reads
    (an append runs only the folds of the types it holds)."""

    name: str
    tables: tuple[tuple[str, str], ...]  # (table, CREATE)
    folds: tuple[tuple[frozenset[str], str], ...]
    derived: bool = False  # shows the latest derivation only: refolded whole when a batch supersedes one

    @property
    def fingerprint(self) -> str:
        """Changes when a table's shape or a fold changes: the projection is then rebuilt at open."""
        text = "\n".join([*(ddl for _, ddl in self.tables), *(f"{sorted(t)}{sql}" for t, sql in self.folds)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def types(self) -> frozenset[str]:
        return frozenset().union(*(types for types, _ in self.folds))


# No fold of a growing table uses ON CONFLICT on an insert that cannot conflict: DuckDB's ON CONFLICT
# costs time in the size of the target table (~130 ms at 300k figures, even for no rows).
SUPERSEDED = Projection("superseded", (
    ("p_superseded", """CREATE TABLE IF NOT EXISTS p_superseded (
        derivation VARCHAR PRIMARY KEY, superseded_by VARCHAR, seq BIGINT)"""),), (
    (frozenset({"article.extracted"}),
     f"""INSERT INTO p_superseded
         SELECT old, arg_max(derivation, seq), max(seq)
         FROM (SELECT seq, p.derivation, unnest(p.supersedes) AS old
               FROM (SELECT seq, from_json(payload, '{_ARTICLE}') AS p FROM events
                     WHERE type = 'article.extracted' AND {_RANGE}) WHERE len(p.supersedes) > 0)
         GROUP BY old
         ON CONFLICT (derivation) DO UPDATE SET superseded_by = excluded.superseded_by, seq = excluded.seq"""),))

ARTICLES = Projection("articles", (
    ("p_articles", """CREATE TABLE IF NOT EXISTS p_articles (
        article_id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, outlet VARCHAR, lang VARCHAR,
        published_at TIMESTAMP, watchlists VARCHAR[], content_hash VARCHAR, source VARCHAR,
        versions INTEGER, last_seq BIGINT, observation VARCHAR, derivation VARCHAR, extractor VARCHAR,
        watchlists_fingerprint VARCHAR)"""),), (
    (frozenset({"article.extracted"}),
     f"""INSERT INTO p_articles
         SELECT p.article_id, p.url, p.title, p.outlet, p.lang, CAST(p.published_at AS TIMESTAMP), p.watchlists,
                p.content_hash, p.source, versions, seq, {_OBSERVATION}, {_DERIVATION}, p.extractor,
                p.watchlists_fingerprint
         FROM (SELECT arg_max(p, seq) AS p, max(seq) AS seq, count(*) AS versions
               FROM (SELECT seq, from_json(payload, '{_ARTICLE}') AS p FROM events
                     WHERE type = 'article.extracted' AND {_RANGE})
               WHERE {_LATEST}
               GROUP BY p.article_id)
         ON CONFLICT (article_id) DO UPDATE SET
             url = excluded.url, title = excluded.title, outlet = excluded.outlet, lang = excluded.lang,
             published_at = excluded.published_at, watchlists = excluded.watchlists,
             content_hash = excluded.content_hash, source = excluded.source,
             versions = p_articles.versions + excluded.versions, last_seq = excluded.last_seq,
             observation = excluded.observation, derivation = excluded.derivation, extractor = excluded.extractor,
             watchlists_fingerprint = excluded.watchlists_fingerprint"""),), derived=True)

FIGURES = Projection("figures", (
    ("p_figures", """CREATE TABLE IF NOT EXISTS p_figures (
        event_id VARCHAR PRIMARY KEY, seq BIGINT, article_id VARCHAR, metric VARCHAR, watchlist VARCHAR,
        value DOUBLE, value_max DOUBLE, unit VARCHAR, counted VARCHAR, approx BOOLEAN, qualifier VARCHAR,
        credited_to VARCHAR, credit_carried BOOLEAN, quote VARCHAR, outlet VARCHAR,
        published_at TIMESTAMP, previous_value DOUBLE, is_previous BOOLEAN,
        modality VARCHAR, side VARCHAR, via VARCHAR, start INTEGER, derivation VARCHAR)"""),), (
    (frozenset({"figure.reported"}),
     f"""INSERT INTO p_figures
         SELECT event_id, seq, p.article_id, p.metric, p.watchlist, p.value, p.value_max, p.unit, p.counted,
                p.approx, p.qualifier, p.credited_to, p.credit_carried, p.quote, p.outlet,
                CAST(p.published_at AS TIMESTAMP), p.previous_value, p.is_previous, coalesce(p.modality, 'current'),
                p.side, p.via, coalesce(p.start, 0), {_DERIVATION}
         FROM (SELECT event_id, seq, from_json(payload, '{_FIGURE}') AS p FROM events
               WHERE type = 'figure.reported' AND {_RANGE})
         WHERE {_LATEST}"""),), derived=True)

ACTORS = Projection("actors", (
    ("p_actors", """CREATE TABLE IF NOT EXISTS p_actors (
        actor_id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, role VARCHAR, known BOOLEAN,
        variants VARCHAR[], first_seen_at TIMESTAMP, first_seq BIGINT, first_article_id VARCHAR,
        mentions BIGINT, watchlists VARCHAR[], articles BIGINT)"""),), (
    (frozenset({"actor.mentioned"}),
     f"""INSERT INTO p_actors
         SELECT p.actor_id, arg_max(p.name, seq), arg_max(p.kind, seq), arg_max(p.role, seq), bool_or(p.known),
                list_sort(list_distinct(flatten(list(p.variants)))),
                min(occurred_at), arg_min(seq, (occurred_at, seq)), arg_min(p.article_id, (occurred_at, seq)),
                sum(p.mentions), list_sort(list_distinct(flatten(list(p.article_watchlists)))), count(*)
         FROM (SELECT seq, occurred_at, from_json(payload, '{_ACTOR}') AS p FROM events
               WHERE type = 'actor.mentioned' AND {_RANGE})
         WHERE {_LATEST}
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
             articles = p_actors.articles + excluded.articles"""),), derived=True)

ALERTS = Projection("alerts", (
    ("p_alerts", """CREATE TABLE IF NOT EXISTS p_alerts (
        alert_id VARCHAR PRIMARY KEY, seq BIGINT, rule VARCHAR, watchlist VARCHAR, subject VARCHAR,
        title VARCHAR, body VARCHAR, article_id VARCHAR, raised_at TIMESTAMP, payload JSON)"""),), (
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
         WHERE p_alerts.alert_id = u.alert_id"""),))

DELIVERIES = Projection("deliveries", (
    ("p_deliveries", """CREATE TABLE IF NOT EXISTS p_deliveries (
        alert_id VARCHAR, target VARCHAR, status VARCHAR, attempts INTEGER, last_error VARCHAR,
        last_attempt_at TIMESTAMP, delivered_at TIMESTAMP, last_seq BIGINT,
        PRIMARY KEY (alert_id, target))"""),), (
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
             last_seq = excluded.last_seq"""),))

FEEDS = Projection("feeds", (
    ("p_feeds", """CREATE TABLE IF NOT EXISTS p_feeds (
        feed_url VARCHAR PRIMARY KEY, last_polled_at TIMESTAMP, last_status VARCHAR,
        consecutive_failures INTEGER, next_poll_at TIMESTAMP, etag VARCHAR, last_modified VARCHAR,
        last_seq BIGINT)"""),), (
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
             etag = excluded.etag, last_modified = excluded.last_modified, last_seq = excluded.last_seq"""),))

# The feed entries the daemon has taken, for its start-up (monitor/daemon.py): one row per observed version.
ENTRIES = Projection("entries", (
    ("p_entries", """CREATE TABLE IF NOT EXISTS p_entries (
        feed_url VARCHAR, guid VARCHAR, entry_hash VARCHAR, url VARCHAR, seq BIGINT)"""),), (
    (frozenset({"article.observed"}),
     f"""INSERT INTO p_entries
         SELECT p.feed_url, p.guid, p.entry_hash, p.url, seq
         FROM (SELECT seq, from_json(payload, '{_OBSERVED}') AS p FROM events
               WHERE type = 'article.observed' AND {_RANGE})
         WHERE p.source = 'feed'"""),))

# fold order: superseded derivations first, so the derived projections leave them out in the same batch
PROJECTIONS: tuple[Projection, ...] = (SUPERSEDED, ARTICLES, FIGURES, ACTORS, ALERTS, DELIVERIES, FEEDS, ENTRIES)
PROJECTION_TABLES = tuple(table for projection in PROJECTIONS for table, _ in projection.tables)
# What an article's rules read: within a transaction these are folded once, before the commit, and read with
# the events appended since laid over them (monitor/store/overlay.py); the others are folded on each append.
OVERLAID: tuple[Projection, ...] = (ARTICLES, FIGURES, ACTORS, ALERTS)
OVERLAID_TYPES = frozenset().union(*(projection.types for projection in OVERLAID))
# a read naming one of these (tables or their views) first folds what waits
OVERLAID_NAMES = ("articles", "figures", "actors", "alerts")

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
