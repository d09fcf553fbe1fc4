"""The DuckDB event log: append-only, idempotent, folded into projections the same way twice."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from monitor.errors import StoreLockedError
from monitor.events import ACTOR_MENTIONED, ARTICLE_EXTRACTED, FIGURE_REPORTED, make_event
from monitor.store import EventStore
from tests.payloads import full

T0 = datetime(2024, 10, 21, tzinfo=UTC)


def article(article_id: str, day: int, watchlists: list[str]) -> list:
    at = T0.replace(day=day)
    stream = f"article:{article_id}"
    meta = {"article_id": article_id, "outlet": "Kontan", "published_at": at.isoformat()}
    return [
        make_event(ARTICLE_EXTRACTED, stream, at, full(ARTICLE_EXTRACTED, {
            **meta, "url": f"https://x/{article_id}", "title": "T", "lang": "id", "watchlists": watchlists,
            "content_hash": "h" + article_id, "source": "file"}), "h"),
        make_event(FIGURE_REPORTED, stream, at, full(FIGURE_REPORTED, {
            **meta, "metric": "m", "watchlist": "w", "value": 1500.0 * day, "value_max": None, "unit": "troops",
            "counted": "tentara", "approx": True, "qualifier": "about", "credited_to": "NIS",
            "credit_carried": False, "quote": "q", "previous_value": None, "is_previous": False}), "h", 1),
        make_event(ACTOR_MENTIONED, stream, at, full(ACTOR_MENTIONED, {
            **meta, "actor_id": "choe-son-hui", "name": "Choe Son Hui", "kind": "person", "role": None,
            "known": False, "variants": [f"Choe S{'ou'[day % 2]}n Hui"], "article_watchlists": watchlists,
            "mentions": 2}), "h", "choe"),
    ]


def projections(db: Path) -> dict[str, list]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall()
                for view in ("p_articles", "p_figures", "p_actors", "articles", "figures", "actors")}


def test_append_is_idempotent_and_seq_is_gapless(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "log.duckdb")
    events = article("a1", 21, ["north-korea"]) + article("a2", 22, ["north-korea", "russia"])
    with store.session() as session:
        first = session.append(events, T0)
        again = session.append(events, T0)
        mixed = session.append(events[:1] + article("a3", 23, ["nato"]), T0)
        seqs = [row[0] for row in session.query("SELECT seq FROM events ORDER BY seq").rows]
    assert first == [e.event_id for e in events]
    assert again == []
    assert len(mixed) == 3
    assert seqs == list(range(1, 10))


def test_duplicates_inside_one_batch_are_stored_once(tmp_path: Path) -> None:
    events = article("a1", 21, ["north-korea"])
    with EventStore(tmp_path / "log.duckdb").session() as session:
        assert len(session.append(events + events, T0)) == 3
        assert session.scalar("SELECT count(*) FROM events") == 3


def test_actor_projection_merges_variants_mentions_and_first_seen(tmp_path: Path) -> None:
    with EventStore(tmp_path / "log.duckdb").session() as session:
        session.append(article("late", 25, ["russia"]), T0)
        session.append(article("early", 22, ["north-korea"]), T0)
        row = session.query("SELECT name, variants, first_seen_at, first_article_id, mentions, articles "
                            "FROM actors").rows
    assert row == [("Choe Son Hui", ["Choe Son Hui", "Choe Sun Hui"], datetime(2024, 10, 22), "early", 4, 2)]


def test_rebuild_gives_the_same_projections_as_the_incremental_path(tmp_path: Path) -> None:
    db = tmp_path / "log.duckdb"
    store = EventStore(db)
    with store.session() as session:
        for index, day in enumerate((24, 21, 23, 22)):
            session.append(article(f"a{index}", day, ["north-korea", "russia"][: 1 + index % 2]), T0)
    incremental = projections(db)
    with store.session() as session:
        assert session.rebuild() == 12
    assert projections(db) == incremental
    assert len(incremental["actors"]) == 1 and len(incremental["figures"]) == 4


HOLD = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_reader_holding_the_file_makes_writers_wait_then_fail_clearly(tmp_path: Path) -> None:
    db = tmp_path / "log.duckdb"
    with EventStore(db).session() as session:
        session.append(article("a1", 21, ["north-korea"]), T0)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with pytest.raises(StoreLockedError) as caught, EventStore(db, lock_timeout=0.5).session():
            pass
        assert time.monotonic() - started >= 0.5
        assert f"process {holder.pid}" in str(caught.value)
        assert "retry" in str(caught.value)
    finally:
        holder.kill()
        holder.communicate()
    with EventStore(db).session() as session:  # nothing was lost
        assert session.scalar("SELECT count(*) FROM events") == 3


def test_a_writer_waits_for_a_short_reader(tmp_path: Path) -> None:
    db = tmp_path / "log.duckdb"
    with EventStore(db).session() as session:
        session.append(article("a1", 21, ["north-korea"]), T0)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "1"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with EventStore(db, lock_timeout=20).session() as session:
            assert session.append(article("a2", 22, ["nato"]), T0)
    finally:
        holder.communicate()
    with EventStore(db).session() as session:
        assert session.scalar("SELECT count(*) FROM events") == 6


def test_a_projection_whose_fold_changed_is_rebuilt_alone_at_open(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "log.duckdb"
    with EventStore(db).session() as session:
        session.append(article("old", 21, ["north-korea"]), T0)
    with duckdb.connect(str(db)) as con:  # p_figures as a release before figure facets made it
        con.execute("DROP VIEW figures")
        for column in ("modality", "side", "via", "start", "derivation"):
            con.execute(f"ALTER TABLE p_figures DROP COLUMN {column}")
        con.execute("UPDATE projection_position SET fingerprint = 'older fold' WHERE name = 'figures'")
    with caplog.at_level("INFO", logger="monitor.store"), EventStore(db).session() as session:
        session.append(article("new", 23, ["north-korea"]), T0)
        rows = session.query("SELECT article_id, modality FROM figures ORDER BY article_id").rows
    assert rows == [("new", "current"), ("old", "current")]
    rebuilt = [r.getMessage() for r in caplog.records if "rebuilt" in r.getMessage()]
    assert len(rebuilt) == 2 and "projection figures" in rebuilt[0] and "actors" not in rebuilt[0], rebuilt
