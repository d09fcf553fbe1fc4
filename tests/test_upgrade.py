"""A database written by the previous release (tests/fixtures/previous_release.duckdb.gz, commit 12b49bd) opened
by this one: it upgrades (observations recovered from v3 article.extracted, projections rebuilt), its views
answer as before, the README's cookbook and the CLI work on it, the SQL folds read its old payloads as the
upcasters do, and a log holding events this code cannot read is refused before anything is written."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from monitor.event_schema import EventSchemaError
from monitor.events import stored_event, typed
from monitor.store import EventStore

from .conftest import ROOT
from .test_docs import QUERIES

FIXTURE = Path(__file__).parent / "fixtures" / "previous_release.duckdb.gz"
VIEWS = ("articles", "figures", "actors", "alerts", "feeds")
RECOVERED = 18  # article.extracted v3 events in the fixture: one observation each


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def gunzipped(target: Path) -> Path:
    with gzip.open(FIXTURE, "rb") as packed, target.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return target


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture as the previous release left it (read only by the tests)."""
    return gunzipped(tmp_path_factory.mktemp("previous") / "previous.duckdb")


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory, old: Path) -> Path:
    db = tmp_path_factory.mktemp("upgraded") / "monitor.duckdb"
    shutil.copy(old, db)
    with EventStore(db).session():
        pass
    return db


def test_the_fixture_is_what_the_previous_release_wrote(old: Path) -> None:
    assert rows(old, "SELECT type, schema_version, count(*) FROM events GROUP BY ALL ORDER BY ALL") == [
        ("actor.mentioned", 1, 75), ("alert.delivered", 1, 84), ("alert.raised", 1, 42), ("alert.updated", 1, 12),
        ("article.extracted", 3, RECOVERED), ("feed.polled", 1, 6), ("figure.reported", 2, 91)]
    assert EventStore(old).needs_upgrade()


def test_opening_for_writing_recovers_the_observations(old: Path, upgraded: Path) -> None:
    extracted = dict(rows(old, "SELECT event_id, payload->>'text' FROM events WHERE type = 'article.extracted'"))
    observed = rows(upgraded, "SELECT event_id, stream, schema_version, payload FROM events "
                              "WHERE type = 'article.observed' ORDER BY seq")
    assert len(observed) == RECOVERED
    sources = []
    for event_id, stream, version, payload in observed:
        event = stored_event(event_id, stream, "article.observed", version, datetime.now(UTC),
                             json.loads(payload))
        observation: Any = typed(event)
        assert observation.recovered_from in extracted
        assert observation.text and observation.text == extracted[observation.recovered_from]
        assert stream == f"article:{observation.article_id}"
        sources.append(observation.recovered_from)
    assert len(set(sources)) == RECOVERED
    # the old events stay as they were written: upcast when read, never rewritten
    assert rows(upgraded, "SELECT type, schema_version, count(*) FROM events WHERE type <> 'article.observed' "
                          "GROUP BY ALL ORDER BY ALL") == \
        rows(old, "SELECT type, schema_version, count(*) FROM events GROUP BY ALL ORDER BY ALL")
    # the recovered observations count as derived already (by their legacy derivations)
    assert rows(upgraded, "SELECT seq FROM consumer_position WHERE name = 'extraction'") == \
        rows(upgraded, "SELECT max(seq) FROM events")
    assert not EventStore(upgraded).needs_upgrade()


def test_the_projections_are_rebuilt_with_the_current_folds(upgraded: Path) -> None:
    from monitor.store.projections import PROJECTIONS

    head = rows(upgraded, "SELECT max(seq) FROM events")[0][0]
    assert rows(upgraded, "SELECT name, seq, fingerprint FROM projection_position ORDER BY name") == sorted(
        (p.name, head, p.fingerprint) for p in PROJECTIONS)
    applied = {name for (name,) in rows(upgraded, "SELECT name FROM schema_migrations")}
    assert {"0005_projection_fingerprints", "0006_observations_recovered", "0007_consumer_positions"} <= applied
    # derived facts show the legacy derivation of each article
    assert rows(upgraded, "SELECT DISTINCT derivation = 'legacy:' || article_id FROM p_figures") == [(True,)]
    assert rows(upgraded, "SELECT count(*) FROM p_entries") == rows(
        upgraded, "SELECT count(*) FROM events WHERE type = 'article.observed' AND (payload->>'source') = 'feed'")


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_answers_with_the_rows_it_had(old: Path, upgraded: Path, view: str) -> None:
    before = rows(old, f"SELECT count(*) FROM {view}")[0][0]  # names are constants
    assert before > 0
    assert rows(upgraded, f"SELECT count(*) FROM {view}")[0][0] == before


def test_the_figures_view_keeps_its_values(old: Path, upgraded: Path) -> None:
    columns = "article_id, metric, value, value_max, unit, approx, credited_to, quote, published_at, outlet"
    assert rows(upgraded, f"SELECT {columns} FROM figures ORDER BY ALL") == \
        rows(old, f"SELECT {columns} FROM figures ORDER BY ALL")


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.split("\n", 1)[0][:40])
def test_the_cookbook_runs_on_the_upgraded_file(upgraded: Path, query: str) -> None:
    assert rows(upgraded, query), f"no rows from:\n{query}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, upgraded: Path) -> Path:
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "watchlists", folder / "watchlists")
    shutil.copy(ROOT / "config.toml", folder / "config.toml")
    shutil.copy(upgraded, folder / "upgraded.duckdb")
    return folder


def monitor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(project / "config.toml")],
                          capture_output=True, text=True, cwd=project, env=env, check=False, timeout=300)


def test_the_cli_works_on_the_upgraded_file(project: Path) -> None:
    db = str(project / "upgraded.duckdb")
    status = monitor(project, "status", "--db", db)
    assert status.returncode == 0, status.stderr
    assert "127.0.0.1" in status.stdout  # the demo feed
    sql = monitor(project, "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM figures")
    assert sql.returncode == 0, sql.stderr
    assert sql.stdout.split() == ["n", "91"]
    rebuild = monitor(project, "rebuild", "--db", db)
    assert rebuild.returncode == 0, rebuild.stderr
    assert [rows(Path(db), f"SELECT count(*) FROM {view}")[0][0] for view in VIEWS] == [18, 91, 34, 42, 1]
    dry = monitor(project, "reextract", "--db", db, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    reextract = monitor(project, "reextract", "--db", db)
    assert reextract.returncode == 0, reextract.stderr
    assert rows(Path(db), "SELECT count(*) FROM articles") == [(18,)]
    again = monitor(project, "status", "--db", db)
    assert again.returncode == 0, again.stderr


# projection -> the columns that name log positions (they differ between the two logs)
COMPARED = {"p_figures": "seq, event_id", "p_actors": "first_seq", "p_articles": "last_seq"}


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory, old: Path) -> Path:
    """The fixture's events upcast by monitor.events.stored_event and appended in order, one by one, into a new
    log: folded from the current shape, where the upgraded fixture's projections fold the old payloads."""
    db = tmp_path_factory.mktemp("replayed") / "monitor.duckdb"
    events = rows(old, "SELECT event_id, stream, type, schema_version, occurred_at, recorded_at, payload "
                       "FROM events ORDER BY seq")
    with EventStore(db).session() as session:
        for event_id, stream, type_, version, occurred_at, recorded_at, payload in events:
            event = stored_event(event_id, stream, type_, version, occurred_at.replace(tzinfo=UTC),
                                 json.loads(payload))
            typed(event)  # every upcast payload decodes in the current version
            session.append([event], recorded_at.replace(tzinfo=UTC))
    return db


@pytest.mark.parametrize("table", sorted(COMPARED))
def test_the_sql_folds_agree_with_the_upcasters(upgraded: Path, replayed: Path, table: str) -> None:
    sql = f"SELECT * EXCLUDE ({COMPARED[table]}) FROM {table} ORDER BY ALL"  # constants
    from_upcasts, from_old_payloads = rows(replayed, sql), rows(upgraded, sql)
    assert len(from_upcasts) == len(from_old_payloads) > 0
    with duckdb.connect(str(replayed), read_only=True) as con:
        columns = [c[0] for c in con.execute(sql).description]
    differing = sorted({columns[i] for a, b in zip(from_upcasts, from_old_payloads, strict=True)
                        for i in range(len(columns)) if a[i] != b[i]})
    assert from_upcasts == from_old_payloads, f"{table}: columns differ: {differing}"


def _digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.mark.parametrize(("type_", "version", "named"), [
    ("article.translated", 1, r"unknown event type 'article\.translated'"),
    ("figure.reported", 99, r"figure\.reported v99: this monitor reads figure\.reported up to v3"),
], ids=["unknown-type", "newer-version"])
def test_an_event_this_code_cannot_read_stops_the_open_before_any_write(
        tmp_path: Path, old: Path, type_: str, version: int, named: str) -> None:
    db = tmp_path / "newer.duckdb"
    shutil.copy(old, db)
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO events SELECT max(seq) + 1, 'from-a-newer-monitor', 'article:1f4529b786326c03', "
                    "$type, $version, now()::TIMESTAMP, now()::TIMESTAMP, '{\"article_id\": \"1f4529b786326c03\"}' "
                    "FROM events", {"type": type_, "version": version})
    digest, mtime = _digest(db), db.stat().st_mtime_ns
    counts = rows(db, "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM schema_migrations)")
    with pytest.raises(EventSchemaError, match=rf"1 events cannot be read: {named}.*Nothing was written"), \
            EventStore(db).session():
        pass
    assert rows(db, "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM schema_migrations)") == counts
    assert (_digest(db), db.stat().st_mtime_ns) == (digest, mtime)
    assert not db.with_name(db.name + ".wal").exists()


def test_after_a_write_open_the_version_table_holds_every_version_of_the_log(upgraded: Path) -> None:
    assert sorted(rows(upgraded, "SELECT type, schema_version FROM event_versions")) == \
        sorted(rows(upgraded, "SELECT DISTINCT type, schema_version FROM events"))
    assert rows(upgraded, "SELECT seq FROM consumer_position WHERE name = 'event_versions'") == \
        rows(upgraded, "SELECT max(seq) FROM events")


def test_an_event_a_newer_monitor_appended_after_the_last_open_stops_the_next_open(
        tmp_path: Path, upgraded: Path) -> None:
    """The check reads the version table, and the log only after its position: what came later is found."""
    db = tmp_path / "current.duckdb"
    shutil.copy(upgraded, db)
    with duckdb.connect(str(db)) as con:
        con.execute("INSERT INTO events SELECT max(seq) + 1, 'newer', 'article:1f4529b786326c03', 'actor.mentioned', "
                    "7, now()::TIMESTAMP, now()::TIMESTAMP, '{}' FROM events")
    with pytest.raises(EventSchemaError, match=r"1 events cannot be read: actor\.mentioned v7"), \
            EventStore(db).session():
        pass
    assert ("actor.mentioned", 7) not in rows(db, "SELECT type, schema_version FROM event_versions")
