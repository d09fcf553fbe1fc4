"""The daemon's check at start and on SIGHUP: a log derived with other watchlists or another extractor is
reported, or re-extracted when [extraction] reextract_on_change is set."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.derivation import DerivedWith, watchlists_fingerprint
from monitor.pipeline import Pipeline
from monitor.reextract import check_derivations
from monitor.sources import load_folder_articles
from monitor.store import EventStore
from monitor.store.derivations import derivations_in_use

from .conftest import ROOT

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _log(db: Path, derived_with: DerivedWith) -> None:
    config = load_config(ROOT / "config.toml")
    loaded = load_folder_articles((ROOT / "seeds",), config.limits.max_seed_bytes, config.limits.max_article_chars)
    with EventStore(db).session() as session:
        pipeline = Pipeline(session, config.load_watchlists(), lambda: NOW, derived_with=derived_with)
        for _path, article in loaded.articles:
            pipeline.process(article, fallback_published_at=NOW)


@pytest.mark.parametrize("reextract_on_change", [False, True])
def test_a_log_derived_with_other_watchlists_is_reported_or_reextracted(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, reextract_on_change: bool) -> None:
    watchlists = load_config(ROOT / "config.toml").load_watchlists()
    now = DerivedWith("x-1", watchlists_fingerprint(watchlists))
    db = tmp_path / "log.duckdb"
    _log(db, DerivedWith("x-1", "older-watchlists"))
    store = EventStore(db)
    with caplog.at_level("INFO", logger="monitor.reextract"):
        stale = check_derivations(store, watchlists, now, lambda: NOW, reextract_on_change=reextract_on_change,
                                  config_path=Path("config.toml"))
    assert stale == 5
    with store.session(read_only=True) as session:
        in_use = {(d.extractor, d.watchlists_fingerprint): d.articles for d in derivations_in_use(session)}
    messages = " ".join(r.getMessage() for r in caplog.records)
    if reextract_on_change:
        assert in_use == {("x-1", now.watchlists_fingerprint): 5} and "re-extracted 5 of 5" in messages
    else:
        assert in_use == {("x-1", "older-watchlists"): 5}
        assert "5 of 5 articles" in messages and "monitor reextract --config config.toml" in messages
    assert check_derivations(store, watchlists, DerivedWith(*next(iter(in_use))), lambda: NOW,
                             reextract_on_change=False, config_path=Path("config.toml")) == 0
