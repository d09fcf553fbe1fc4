"""Metrics that say what and whose, end to end on short texts: the extractor picks the metric by the
figure's unit (what) and side (whose), and the rules then raise what a careful reader expects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.rules import ArticleFacts, RuleState, evaluate
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)


def metrics_of(text: str, lang: str = "en") -> list[tuple[float, str | None]]:
    return [(f.value, f.metric) for f in extract(text, WATCHLISTS, GAZETTEER, lang=lang).figures]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The NIS said 11,000 North Korean troops were deployed to Russia, and 3,000 North Korean soldiers "
           "were killed or wounded.",
     [(11000, "nk-troops-in-russia"), (3000, "nk-casualties")]),  # casualties beside a troop count
    ("en", "The Pentagon said 10,000 North Korean troops are in Russia.", [(10000, "nk-troops-in-russia")]),
    ("en", "The Ukrainian General Staff said 1,200 Russian soldiers were killed in the past day.",
     [(1200, "russia-losses")]),
    ("en", "Ukraine captured 2 North Korean soldiers in Kursk, Zelensky said.", [(2, "nk-captured")]),
    ("ru", "Северная Корея перебросила в Россию около 13 тысяч военных, сообщила разведка.",
     [(13000, "nk-troops-in-russia")]),  # "to Russia" is where they went, not whose they are
])
def test_a_figure_goes_to_the_metric_of_its_quantity_and_side(lang: str, text: str,
                                                             expected: list[tuple[float, str]]) -> None:
    assert metrics_of(text, lang) == expected


def test_casualties_beside_a_troop_count_raise_two_new_figures_and_no_revision() -> None:
    text = ("The NIS said 11,000 North Korean troops were deployed to Russia, and 3,000 North Korean soldiers "
            "were killed or wounded.")
    extraction = extract(text, WATCHLISTS, GAZETTEER, lang="en")
    facts = ArticleFacts("a1", "https://news.example/a1", "A story", "Outlet", datetime(2025, 1, 1, tzinfo=UTC),
                         extraction.watchlists, extraction.figures, ())
    titles = [e.payload["title"] for e in evaluate(facts, RuleState(), WATCHLISTS)]
    assert titles == ["North Korean troops sent to Russia: 11,000 (National Intelligence Service), new figure",
                      "North Korean soldiers killed or wounded: 3,000 (National Intelligence Service), new figure"]
