"""An observation in the log that was never derived (a run cut short between the two, in an older release)
is derived before the next article, in log order, and each observation once (monitor/pipeline.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from monitor.config import load_config
from monitor.pipeline import Pipeline, observation
from monitor.replay_dates import date_articles, replay_order
from monitor.sources import ArticleInput, load_folder_articles
from monitor.store import EventStore

from .conftest import ROOT

NOW = datetime(2026, 1, 1, tzinfo=UTC)
DERIVED = ("SELECT type, event_id, payload->>'article_id' FROM events WHERE type <> 'article.observed' "
           "ORDER BY seq")


def _seeds() -> list[ArticleInput]:
    config = load_config(ROOT / "config.toml")
    loaded = load_folder_articles([ROOT / "seeds"], config.limits.max_seed_bytes, config.limits.max_article_chars)
    return [item.article for item in replay_order(date_articles(loaded.articles, loaded.manifest_dated, NOW))]


def _replay(db: Path, underived: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], int, int]:
    """Every seed through the pipeline; the first `underived` only observed (appended, not derived)."""
    articles = _seeds()
    watchlists = load_config(ROOT / "config.toml").load_watchlists()
    with EventStore(db).session() as session:
        pipeline = Pipeline(session, watchlists, lambda: NOW)
        for article in articles[:underived]:
            session.append([observation(article, NOW)], NOW)
        outcomes = [pipeline.process(article, fallback_published_at=NOW)
                    for article in articles[underived:]]
        assert not any(outcome.duplicate for outcome in outcomes)
        position = session.scalar("SELECT seq FROM consumer_position WHERE name = 'extraction'")
        last_observed = session.scalar("SELECT max(seq) FROM events WHERE type = 'article.observed'")
        return (session.query(DERIVED).rows, session.query("SELECT * FROM figures ORDER BY ALL").rows,
                int(position), int(last_observed))


def test_observations_left_underived_are_derived_first_in_log_order(tmp_path: Path) -> None:
    derived, figures, position, last = _replay(tmp_path / "straight.duckdb", 0)
    late_derived, late_figures, late_position, late_last = _replay(tmp_path / "backlog.duckdb", 2)
    assert position == last and late_position == late_last
    # the same derived events (alerts too), in the same order, each observation derived once
    assert [row[:2] for row in late_derived] == [row[:2] for row in derived]
    assert late_figures == figures and len(figures) > 5
    extracted = [row[2] for row in late_derived if row[0] == "article.extracted"]
    assert len(extracted) == len(set(extracted)) == 5
