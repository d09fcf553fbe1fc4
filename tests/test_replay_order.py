"""The corpus replayed in two orders gives the same figures, credits and actors per article (issue 10).

What a text yields must not depend on what the log saw before it: the extraction reads the watchlists'
gazetteer only. Alerts do depend on order by design (a figure is new, confirmed or revised against what came
before), so they are not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.pipeline import Pipeline
from monitor.replay_dates import Dated, date_articles, replay_order
from monitor.sources import load_folder_articles
from monitor.store import EventStore

from .conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
FIGURES = ("SELECT article_id, metric, value, value_max, unit, credited_to, via, modality, side, quote "
           "FROM figures ORDER BY ALL")
ACTORS = "SELECT name, variants FROM actors ORDER BY ALL"
PER_ARTICLE_ACTORS = ("SELECT payload->>'article_id', payload->>'name', payload->>'variants' FROM events "
                      "WHERE type = 'actor.mentioned' ORDER BY ALL")


@pytest.fixture(scope="module")
def corpus() -> list[Dated]:
    config = load_config(ROOT / "config.toml")
    loaded = load_folder_articles([CORPUS], config.limits.max_seed_bytes, config.limits.max_article_chars)
    assert not loaded.skipped
    dated = replay_order(date_articles(loaded.articles, loaded.manifest_dated, NOW))
    assert len(dated) == 37
    return dated


def _replay(ordered: Sequence[Dated], db: Path) -> dict[str, list[tuple[object, ...]]]:
    config = load_config(ROOT / "config.toml")
    store = EventStore(db)
    with store.session() as session:
        pipeline = Pipeline(session, config.load_watchlists(), lambda: NOW)
        for item in ordered:
            pipeline.process(item.article, fallback_published_at=NOW)
        return {name: session.query(sql).rows
                for name, sql in (("figures", FIGURES), ("actors", ACTORS), ("mentions", PER_ARTICLE_ACTORS))}


@pytest.fixture(scope="module")
def both_orders(corpus: list[Dated], tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, list[tuple[object, ...]]]]:
    folder = tmp_path_factory.mktemp("order")
    return (_replay(corpus, folder / "forward.duckdb"), _replay(corpus[::-1], folder / "reversed.duckdb"))


def _differences(forward: list[tuple[object, ...]], backward: list[tuple[object, ...]]) -> str:
    seen_forward, seen_backward = {repr(row) for row in forward}, {repr(row) for row in backward}
    only_forward = sorted(seen_forward - seen_backward)
    only_backward = sorted(seen_backward - seen_forward)
    return "\n".join([f"forward only: {row}" for row in only_forward] +
                     [f"reversed only: {row}" for row in only_backward])


@pytest.mark.parametrize("view", ["figures", "actors", "mentions"])
def test_two_orders_give_the_same_derivations(
        both_orders: tuple[dict[str, list[tuple[object, ...]]], dict[str, list[tuple[object, ...]]]],
        view: str) -> None:
    forward, backward = both_orders
    assert forward[view], f"no {view} at all: the corpus did not replay"
    assert forward[view] == backward[view], _differences(forward[view], backward[view])


def test_the_reversed_order_replays(corpus: list[Dated], tmp_path: Path) -> None:
    """An alert a later-published article raised first is not raised again, and is no error (it was)."""
    assert _replay(corpus[::-1], tmp_path / "reversed.duckdb")["figures"]
