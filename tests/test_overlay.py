"""Within a transaction the derived projections are folded once, before the commit, and an article's rules
read them with the events appended since laid over them (monitor/store/overlay.py). What the rules read
must be what the folds would show, and the log and projections the same as one transaction per article."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.config import load_config
from monitor.events import ACTOR_MENTIONED, Event
from monitor.extract.extractor import extract
from monitor.pipeline import Pipeline, article_id_for
from monitor.replay_dates import date_articles, replay_order
from monitor.rules import RuleState
from monitor.sources import ArticleInput, load_folder_articles
from monitor.store import EventStore, Session
from monitor.store.overlay import mentioned_rows, merge_patch
from monitor.store.projections import PROJECTION_TABLES

from .conftest import ROOT

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def articles() -> list[ArticleInput]:
    """The seeds, then the corpus, then the seeds again (their figures and actors known by then)."""
    config = load_config(ROOT / "config.toml")
    loaded = load_folder_articles([ROOT / "seeds", ROOT / "tests" / "corpus"], config.limits.max_seed_bytes,
                                  config.limits.max_article_chars)
    ordered = [item.article for item in replay_order(date_articles(loaded.articles, loaded.manifest_dated, NOW))]
    assert len(ordered) == 42
    return ordered + [a for a in ordered if "seeds" in a.url]


def _comparable(state: RuleState) -> tuple[Any, ...]:
    return (state.figures, sorted(state.actors.mentioned, key=lambda a: a.actor_id),
            sorted(state.actors.alerted, key=lambda a: a.actor_id), state.actors.outlets,
            sorted(state.carriers, key=lambda c: c.article_id), state.figure_alerts)


def test_what_the_rules_read_is_what_the_folds_show(tmp_path: Path, articles: list[ArticleInput]) -> None:
    watchlists = load_config(ROOT / "config.toml").load_watchlists()
    with EventStore(tmp_path / "m.duckdb").session() as session, session.transaction():
        pipeline = Pipeline(session, watchlists, lambda: NOW)
        laid_over = 0
        for article in articles:
            extraction = extract(article.text, watchlists, pipeline.gazetteer, lang=article.lang, title=article.title)
            waiting = len(session.unfolded())
            read = _comparable(pipeline._state(extraction, article_id_for(article.url)))
            session._flush()  # what the commit would fold
            assert not session.unfolded()
            assert read == _comparable(pipeline._state(extraction, article_id_for(article.url))), article.url
            laid_over += waiting > 0
            pipeline.process(article, fallback_published_at=NOW)
        assert laid_over == len(articles) - 1  # every article after the first read through the overlay
        assert session.scalar("SELECT count(*) FROM alerts") > 0


def _replay(db: Path, articles: Sequence[ArticleInput], *, one_transaction: bool) -> dict[str, list[Any]]:
    watchlists = load_config(ROOT / "config.toml").load_watchlists()
    with EventStore(db).session() as session:
        pipeline = Pipeline(session, watchlists, lambda: NOW)
        if one_transaction:
            with session.transaction():
                for article in articles:
                    pipeline.process(article, fallback_published_at=NOW)
        else:
            for article in articles:
                pipeline.process(article, fallback_published_at=NOW)
        return _tables(session)


def _tables(session: Session) -> dict[str, list[Any]]:
    found = {"events": session.query("SELECT event_id, type, payload FROM events ORDER BY seq").rows}
    for table in PROJECTION_TABLES:  # names are constants
        found[table] = session.query(f"SELECT * EXCLUDE (seq) FROM {table} ORDER BY ALL").rows if table in {
            "p_figures", "p_alerts"} else session.query(f"SELECT * FROM {table} ORDER BY ALL").rows
    found["positions"] = session.query("SELECT name, seq FROM projection_position ORDER BY name").rows
    return found


def test_one_transaction_gives_the_log_and_projections_of_one_per_article(
        tmp_path: Path, articles: list[ArticleInput]) -> None:
    batched = _replay(tmp_path / "batched.duckdb", articles, one_transaction=True)
    apart = _replay(tmp_path / "apart.duckdb", articles, one_transaction=False)
    assert batched["events"] == apart["events"]
    assert len(batched["p_alerts"]) > 5 and any(t == "alert.updated" for _, t, _ in batched["events"])
    for table in batched:
        assert batched[table] == apart[table], table


def test_a_read_kept_for_the_transaction_is_what_a_fresh_read_gives(tmp_path: Path, articles: list[ArticleInput],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Session.folded_read keeps a read while OVERLAID's tables stay as they are: each time the rules ask, in a
    transaction of every article (folds deferred, caught up, superseding refolds and all), what it returns
    is what DuckDB gives for the same read at that moment."""
    watchlists = load_config(ROOT / "config.toml").load_watchlists()
    kept = Session.folded_read
    reads = {"asked": 0, "kept": 0}

    def checked(self: Session, sql: str, params: dict[str, Any] | None = None) -> Any:
        before = len(self._reads)
        result = kept(self, sql, params)
        reads["asked"] += 1
        reads["kept"] += len(self._reads) == before
        assert sorted(map(repr, result.rows)) == sorted(map(repr, self.folded_query(sql, params).rows)), sql
        return result

    monkeypatch.setattr(Session, "folded_read", checked)
    with EventStore(tmp_path / "m.duckdb").session() as session:
        with session.transaction():
            pipeline = Pipeline(session, watchlists, lambda: NOW)
            for n, article in enumerate(articles):
                pipeline.process(article, fallback_published_at=NOW)
                if n % 7 == 6:  # a read of a derived view folds what waits: the kept reads are stale then
                    assert session.scalar("SELECT count(*) FROM Figures") > 0
        assert not session._reads  # nothing outlives the transaction
        outside = session.folded_read("SELECT count(*) FROM p_articles").rows
    assert outside == [(len({article_id_for(a.url) for a in articles}),)]
    assert reads["asked"] > 200 and reads["kept"] > reads["asked"] // 3, reads


def test_a_read_of_a_derived_projection_through_query_folds_what_waits(tmp_path: Path,
                                                                       articles: list[ArticleInput]) -> None:
    watchlists = load_config(ROOT / "config.toml").load_watchlists()
    with EventStore(tmp_path / "m.duckdb").session() as session, session.transaction():
        Pipeline(session, watchlists, lambda: NOW).process(articles[0], fallback_published_at=NOW)
        assert session.unfolded()
        assert session.scalar("SELECT count(*) FROM events WHERE type = 'article.observed'") == 1
        assert session.unfolded()  # a read of the log alone folds nothing
        assert session.scalar("SELECT count(*) FROM Figures") > 0  # a view: folded first
        assert not session.unfolded()


@pytest.mark.parametrize(("target", "patch", "merged"), [
    ({"a": 1, "b": 2}, {"b": 3}, {"a": 1, "b": 3}),
    ({"a": 1, "b": 2}, {"b": None}, {"a": 1}),
    ({"a": {"x": 1, "y": 2}}, {"a": {"y": None, "z": 3}}, {"a": {"x": 1, "z": 3}}),
    ({"a": [1, 2]}, {"a": [3]}, {"a": [3]}),
    ({"a": 1}, {"b": {"c": None}}, {"a": 1, "b": {}}),
    ({"a": 1}, [1], [1]),
    ("text", {"a": 1}, {"a": 1}),
])
def test_merge_patch_is_rfc_7396(target: Any, patch: Any, merged: Any) -> None:
    assert merge_patch(target, patch) == merged


def _stored(actor: str, first_article: str, seen: datetime, seq: int, known: bool = False) -> tuple[Any, ...]:
    return (actor, actor.title(), ["A"], 2, first_article, f"https://x/{first_article}", "x", "2024-10-01T00:00:00",
            known, seen, seq)


def _mention(actor: str, article: str, published: datetime, *, known: bool = False) -> Event:
    return Event(f"{actor}-{article}", f"article:{article}", ACTOR_MENTIONED, published, {
        "actor_id": actor, "name": actor.upper(), "variants": ["B"], "mentions": 3, "article_id": article,
        "known": known, "derivation": "d"})


@pytest.mark.parametrize(("stored", "mentions", "expected"), [
    # a later mention: the first article stays, name latest, variants united, mentions summed
    ([_stored("kim", "a1", datetime(2024, 10, 1), 5)], [(9, _mention("kim", "a2", datetime(2024, 10, 2, tzinfo=UTC)))],
     [("kim", "KIM", ["A", "B"], 5, "a1", "https://x/a1", "x", "2024-10-01T00:00:00")]),
    # an earlier one (a late article about the past): it becomes the first; not shown to its own article
    ([_stored("kim", "a1", datetime(2024, 10, 1), 5)], [(9, _mention("kim", "a0", datetime(2024, 9, 1, tzinfo=UTC)))],
     []),
    # the same instant: the stored first article stays
    ([_stored("kim", "a1", datetime(2024, 10, 1), 5)], [(9, _mention("kim", "a2", datetime(2024, 10, 1, tzinfo=UTC)))],
     [("kim", "KIM", ["A", "B"], 5, "a1", "https://x/a1", "x", "2024-10-01T00:00:00")]),
    # known once is known: hidden
    ([_stored("kim", "a1", datetime(2024, 10, 1), 5)],
     [(9, _mention("kim", "a2", datetime(2024, 10, 2, tzinfo=UTC), known=True))], []),
    # new in the transaction, first named by another article
    ([], [(9, _mention("choe", "a2", datetime(2024, 10, 2, tzinfo=UTC)))],
     [("choe", "CHOE", ["B"], 3, "a2", None, None, None)]),
])
def test_an_actor_merges_as_the_fold_merges_it(stored: list[tuple[Any, ...]], mentions: list[tuple[int, Any]],
                                                expected: list[tuple[Any, ...]]) -> None:
    assert mentioned_rows(stored, "a0", mentions) == expected
