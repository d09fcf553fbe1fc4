"""Opening a log for writing: refuse events this code cannot read, migrate the tables, rebuild the
projections whose folds changed, and recover the observations an older release kept inside its
extraction events. Nothing is written before the first check passes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from monitor.event_schema import ArticleObserved, EventSchemaError, check_known
from monitor.events import ARTICLE_OBSERVED, Event, iso, make_event
from monitor.store.folding import rebuild_changed
from monitor.store.heartbeats import FEED_HEARTBEATS
from monitor.store.projections import LOG_DDL, POSITION_DDL
from monitor.urls import canonical_url

log = logging.getLogger(__name__)

RECOVER_BATCH = 500

MIGRATIONS: list[tuple[str, list[str]]] = [
    ("0001_event_log_and_projections", [LOG_DDL, POSITION_DDL]),
    # 0002 and 0003 changed projection tables and views: projections are rebuilt when their fold changes now
    ("0002_figure_modality_side_via", []),
    ("0003_alerts_view_columns", []),
    ("0004_feed_heartbeats", FEED_HEARTBEATS),
    ("0005_projection_fingerprints", [
        "ALTER TABLE projection_position ADD COLUMN IF NOT EXISTS fingerprint VARCHAR",
        "DELETE FROM projection_position WHERE name = 'all'"]),
    # the extraction consumer's own position (monitor/pipeline.py): the observations it has derived
    ("0007_consumer_positions", [
        "CREATE TABLE IF NOT EXISTS consumer_position (name VARCHAR PRIMARY KEY, seq BIGINT NOT NULL)"]),
    # the (type, version) pairs of the log up to consumer_position 'event_versions', moved at each write-open:
    # the check at open reads them and the events after that position only, not the whole log
    ("0008_event_versions", [
        "CREATE TABLE IF NOT EXISTS event_versions (type VARCHAR NOT NULL, schema_version INTEGER NOT NULL, "
        "PRIMARY KEY (type, schema_version))"]),
]
RECOVERY = "0006_observations_recovered"


def open_for_writing(connection: duckdb.DuckDBPyConnection, path: Path,
                     append: Callable[[Sequence[Event]], object]) -> None:
    check_event_versions(connection, path)
    _migrate(connection)
    head = int(connection.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])  # type: ignore[index]
    rebuilt = rebuild_changed(connection, head)
    if rebuilt and head:
        log.info("%s: rebuilt projections %s", path, ", ".join(rebuilt))
    if not _applied(connection, RECOVERY):
        recovered = recover_observations(connection, append)
        # the recovered observations were derived already (their legacy derivations): the consumer starts after
        connection.execute("INSERT OR REPLACE INTO consumer_position SELECT 'extraction', coalesce(max(seq), 0) "
                           "FROM events WHERE $recovered > 0", {"recovered": recovered})
        connection.execute("INSERT INTO schema_migrations (name) VALUES ($name)", {"name": RECOVERY})
        if recovered:
            log.info("%s: %d article observations recovered from extraction events of an older release",
                     path, recovered)
    note_event_versions(connection)


def check_event_versions(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Stop, naming them, at events of a type or version this code does not know: the versions seen at the
    last write-open (a small table) and those of the events appended since (zone maps skip the rest)."""
    tables = {row[0] for row in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
        "AND table_name IN ('events', 'event_versions')").fetchall()}
    if "events" not in tables:
        return
    through, pairs = 0, []
    if "event_versions" in tables:
        through = _versions_through(connection)
        pairs = connection.execute("SELECT type, schema_version, NULL FROM event_versions").fetchall()
    pairs += connection.execute("SELECT type, schema_version, count(*) FROM events WHERE seq > $through "
                                "GROUP BY ALL", {"through": through}).fetchall()
    for type_, version, count in sorted(pairs, key=lambda pair: (pair[0], pair[1])):
        try:
            check_known(type_, int(version))
        except EventSchemaError as exc:
            if count is None:
                count = connection.execute("SELECT count(*) FROM events WHERE type = $type AND schema_version = "
                                           "$version", {"type": type_, "version": version}).fetchone()[0]  # type: ignore[index]
            raise EventSchemaError(f"{path}: {count} events cannot be read: {exc} Nothing was written.") from None


def _versions_through(connection: duckdb.DuckDBPyConnection) -> int:
    row = connection.execute("SELECT max(seq) FROM consumer_position WHERE name = 'event_versions'").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def note_event_versions(connection: duckdb.DuckDBPyConnection) -> None:
    """After a passed check and the upgrade: the versions of the events up to the head go into event_versions."""
    head = int(connection.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])  # type: ignore[index]
    through = _versions_through(connection)
    if head <= through:
        return
    connection.execute("INSERT OR IGNORE INTO event_versions SELECT DISTINCT type, schema_version FROM events "
                       "WHERE seq > $through AND seq <= $head", {"through": through, "head": head})
    connection.execute("INSERT OR REPLACE INTO consumer_position VALUES ('event_versions', $head)", {"head": head})


def _applied(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = connection.execute("SELECT count(*) FROM schema_migrations WHERE name = $name", {"name": name}).fetchone()
    return bool(row and row[0])


def _migrate(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, "
                       "applied_at TIMESTAMP DEFAULT current_timestamp)")
    applied = {row[0] for row in connection.execute("SELECT name FROM schema_migrations").fetchall()}
    for name, statements in MIGRATIONS:
        if name in applied:
            continue
        connection.execute("BEGIN TRANSACTION")
        for statement in statements:
            connection.execute(statement)
        connection.execute("INSERT INTO schema_migrations (name) VALUES ($name)", {"name": name})
        connection.execute("COMMIT")


def recover_observations(connection: duckdb.DuckDBPyConnection, append: Callable[[Sequence[Event]], object]) -> int:
    """article.observed for every article.extracted of v3 and before (they held the text), in log order;
    each names the event it was recovered from and the observation of the article's previous version."""
    cursor = connection.execute(
        "SELECT event_id, occurred_at, recorded_at, payload FROM events "
        "WHERE type = 'article.extracted' AND schema_version <= 3 ORDER BY seq")
    rows = cursor.fetchall()  # read whole before appending: the cursor and the appends share the connection

    latest: dict[str, str] = {}
    batch: list[Event] = []
    count = 0
    for event_id, occurred_at, recorded_at, text in rows:
        payload = json.loads(text)
        article_id = str(payload["article_id"])
        stream = f"article:{article_id}"
        observed = ArticleObserved(
            article_id=article_id, url=payload["url"], canonical_url=canonical_url(payload["url"]),
            outlet=payload.get("outlet"), feed_url=payload.get("feed_url"), source=payload.get("source") or "file",
            title=payload.get("title"), text=payload.get("text") or "", lang=payload.get("lang"),
            published_at=payload.get("published_at"), fetched_at=iso(recorded_at) or "",
            content_hash=payload["content_hash"], supersedes=latest.get(article_id),
            from_summary=bool(payload.get("from_summary")), guid=payload.get("guid"),
            entry_hash=payload.get("entry_hash"), recovered_from=event_id)
        event = make_event(ARTICLE_OBSERVED, stream, occurred_at, observed, payload["content_hash"])
        latest[article_id] = event.event_id
        batch.append(event)
        if len(batch) >= RECOVER_BATCH:
            append(batch)
            count += len(batch)
            batch = []
    if batch:
        append(batch)
        count += len(batch)
    return count


def is_current(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether a write-open would change nothing (read on a read-only connection)."""
    from monitor.store.projections import PROJECTIONS

    try:
        applied = {row[0] for row in connection.execute("SELECT name FROM schema_migrations").fetchall()}
        stored = {name: fingerprint for name, fingerprint in connection.execute(
            "SELECT name, fingerprint FROM projection_position").fetchall()}
    except duckdb.Error:
        return False
    return ({name for name, _ in MIGRATIONS} | {RECOVERY}) <= applied and all(
        stored.get(p.name) == p.fingerprint for p in PROJECTIONS)
