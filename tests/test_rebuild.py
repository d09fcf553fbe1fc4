"""`monitor rebuild`: chunk by chunk it gives the projections the appends gave, and the file does not
grow from one rebuild to the next."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from bench.eventlog import batches
from monitor.store import EventStore

VIEWS = ("p_articles", "p_figures", "p_actors", "p_feeds", "articles", "figures", "actors", "feeds")


def projections(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall() for view in VIEWS}


def test_rebuild_in_chunks_gives_the_appended_projections_and_a_stable_file(tmp_path: Path) -> None:
    db = tmp_path / "log.duckdb"
    store = EventStore(db)
    with store.session() as session:
        for batch in batches(40_000, 2_000):
            session.append(batch, datetime(2024, 11, 1, tzinfo=UTC))
        session.connection.execute("CHECKPOINT")
        events = session.head()
    appended = projections(db)
    assert len(appended["figures"]) > 10_000 and len(appended["actors"]) > 1_000
    sizes = []
    for _ in range(3):
        with store.session() as session:
            assert session.rebuild(chunk=7_000) == events  # six chunks: upserts across chunks
        sizes.append(db.stat().st_size)
        assert projections(db) == appended
    assert max(sizes) <= min(sizes) * 1.05, sizes
