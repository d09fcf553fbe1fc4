"""One number, one figure (monitor/rules_readings.py) and the revision guards of monitor/rules_figures.py,
table-driven: pure values in, alert titles out. Each case is a phenomenon of real reports (the corpus's
texts show each one), written here with made-up names and numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from monitor.extract.model import Figure
from monitor.rules import (
    CONFIRMED_FIGURE,
    NEW_FIGURE,
    PROJECTED_FIGURE,
    REVISED_FIGURE,
    ArticleFacts,
    PriorFigure,
    RuleState,
    evaluate,
    format_value,
)
from monitor.rules_readings import Mention, Readings, read_article, related_metrics
from monitor.watchlist import KnownActor, Metric, RuleSettings, Watchlist


def metric(mid: str, label: str, quantity: str, units: tuple[str, ...], side: str = "nk") -> Metric:
    return Metric(mid, label, units, (), 0.05, side, quantity=quantity, side=side)


NK_METRICS = (metric("nk-troops", "NK troops sent", "troops", ("troops", "people")),
              metric("nk-casualties", "NK soldiers killed or wounded", "casualties",
                     ("casualties", "killed", "wounded")),
              metric("nk-killed", "NK soldiers killed", "killed", ("killed",)),
              metric("nk-wounded", "NK soldiers wounded", "wounded", ("wounded",)),
              metric("nk-captured", "NK soldiers captured", "captured", ("captured",)))
COUNTRIES = (KnownActor("Northland", "country", None, ("NK",), "nk"),
             KnownActor("Southland", "country", None, (), "nk"))
NK = Watchlist(id="nk", name="Northland", aliases=("Northland", "NK"), patterns=(), actors=COUNTRIES,
               metrics=NK_METRICS, rules=RuleSettings(unattributed_figure=True), path="nk.toml")
LISTS = (NK,)
UNITS = {"nk-troops": "troops", "nk-casualties": "casualties", "nk-killed": "killed", "nk-wounded": "wounded",
         "nk-captured": "captured"}


def fig(value: float, source: str | None, mid: str | None, *, start: int = 0, quote: str | None = None,
        modality: str = "current", unit: str | None = None) -> Figure:
    return Figure(value=value, value_max=None, unit=unit or UNITS.get(mid or "", "count"), counted="soldiers",
                  approx=False, qualifier="exact", credited_to=source, credit_carried=False, metric=mid,
                  quote=quote or f"{source} said {format_value(value)} at {start}.", start=start, end=start + 5,
                  modality=modality)


def prior(value: float, source: str | None, mid: str, article: str = "a1", seq: int = 1,
          modality: str = "current") -> PriorFigure:
    return PriorFigure(mid, value, source, "Outlet A", article, seq, False, modality)


def titles(figures: tuple[Figure, ...], priors: tuple[PriorFigure, ...] = ()) -> list[tuple[str, str]]:
    article = ArticleFacts(article_id="a9", url="https://news.example/a9", title="A story", outlet="Outlet Z",
                           published_at=datetime(2025, 4, 30, tzinfo=UTC), watchlists=("nk",), figures=figures,
                           actors=())
    return [(e.payload["rule"], e.payload["title"]) for e in evaluate(article, RuleState(figures=priors), LISTS)]


PARTS = "Northland will send 6,000 personnel, 1,000 of them engineers, said Shoygin."
BESIDE = "The agency puts the troops sent at 13,000; other estimates go up to 15,000."
GUNS = "Northland plans to send 6,000 more troops and 50 artillery pieces, Budko said."
CASES: list[tuple[str, tuple[PriorFigure, ...], tuple[Figure, ...], list[tuple[str, str]]]] = [
    ("a casualty count never feeds troops sent: '6 soldiers' in the lead, '6 killed' in the headline",
     (), (fig(6, None, "nk-killed", start=0), fig(6, None, "nk-troops", start=80),
          fig(6, None, "nk-troops", start=300)),
     [(NEW_FIGURE, "NK soldiers killed: 6 (unattributed), new figure")]),
    ("'two soldiers captured' in the headline and 'captured two soldiers' read as troops are one capture",
     (), (fig(2, "Kovalenko", "nk-captured", start=0), fig(2, "Kovalenko", "nk-troops", start=90)),
     [(NEW_FIGURE, "NK soldiers captured: 2 (Kovalenko), new figure")]),
    ("one value read as killed in one sentence and wounded in the next is killed or wounded",
     (), (fig(1000, "Agency", "nk-killed", start=0), fig(1000, "Agency", "nk-wounded", start=200)),
     [(NEW_FIGURE, "NK soldiers killed or wounded: 1,000 (Agency), new figure")]),
    ("casualties beside a troop count in one sentence: the troop reading of the same value yields",
     (prior(11000, "Agency", "nk-troops"),),
     (fig(4700, "Agency", "nk-troops", start=0), fig(4700, "Agency", "nk-casualties", start=400)),
     [(NEW_FIGURE, "NK soldiers killed or wounded: 4,700 (Agency), new figure")]),
    ("a source's casualty count repeated later as 'soldiers' is that count, no troops revision",
     (prior(11000, "Agency", "nk-troops", "a1", 1), prior(4700, "Agency", "nk-casualties", "a2", 2)),
     (fig(4700, "Agency", "nk-troops"),), []),
    ("an uncredited 'soldiers' count equal to the log's casualty count is that count",
     (prior(4700, "Agency", "nk-casualties", "a2", 2),), (fig(4700, None, "nk-troops"),), []),
    ("a reading borrowed from the number before it in the sentence yields to the value's own reading",
     (), (fig(3000, "Southland", "nk-troops", start=0),
          fig(4000, "Staff", "nk-casualties", start=100, quote="Staff: 4,000 casualties, and 3,000 more followed."),
          fig(3000, "Staff", "nk-casualties", start=130, quote="Staff: 4,000 casualties, and 3,000 more followed.")),
     [(NEW_FIGURE, "NK troops sent: 3,000 (Staff), new figure"),
      (NEW_FIGURE, "NK soldiers killed or wounded: 4,000 (Staff), new figure")]),
    ("a number borrowing its noun from one 20 times its size counts something else: '6,000 troops and 50 guns'",
     (), (fig(6000, "Budko", "nk-troops", start=10, quote=GUNS, modality="projection"),
          fig(50, "Budko", "nk-troops", start=40, quote=GUNS, modality="projection")),
     [(PROJECTED_FIGURE, "NK troops sent: 6,000 expected (Budko), projection")]),
    ("a smaller number after a larger one of its sentence is a part of it: '6,000, 1,000 of them engineers'",
     (), (fig(6000, "Budko", "nk-troops", start=10, quote=PARTS),
          fig(1000, "Budko", "nk-troops", start=40, quote=PARTS)),
     [(NEW_FIGURE, "NK troops sent: 6,000 (Budko), new figure")]),
    ("a part with a reading of its own elsewhere in the article keeps it",
     (), (fig(6000, "Budko", "nk-troops", start=10, quote=PARTS),
          fig(1000, "Budko", "nk-troops", start=40, quote=PARTS), fig(1000, "Budko", "nk-troops", start=300)),
     [(NEW_FIGURE, "NK troops sent: 6,000 (Budko), new figure"),
      (NEW_FIGURE, "NK troops sent: 1,000 (Budko), new figure")]),
    ("a larger number after a smaller one keeps its reading; the smaller one is no revision beside it",
     (prior(11000, "Agency", "nk-troops"),),
     (fig(13000, "Agency", "nk-troops", start=10, quote=BESIDE),
      fig(15000, "Agency", "nk-troops", start=40, quote=BESIDE)),
     [(NEW_FIGURE, "NK troops sent: 13,000 (Agency), new figure"),
      (REVISED_FIGURE, "NK troops sent: Agency 11,000 -> 15,000")]),
    ("a headline's country credit yields to the named source of the body",
     (), (fig(6000, "Southland", "nk-troops", start=0), fig(6000, "Budko", "nk-troops", start=90)),
     [(NEW_FIGURE, "NK troops sent: 6,000 (Budko), new figure")]),
    ("an uncredited headline takes the credit the body gives the same value",
     (), (fig(1294, None, "nk-troops", start=0), fig(1294, "Syrko", "nk-troops", start=90)),
     [(NEW_FIGURE, "NK troops sent: 1,294 (Syrko), new figure")]),
    ("the country whose troops are counted is no credit: 'Northland sent 10,000'",
     (), (fig(10000, "Northland", "nk-troops"),), [(NEW_FIGURE, "NK troops sent: 10,000 (unattributed), new figure")]),
    ("another country stays a credit", (), (fig(1500, "Southland", "nk-troops"),),
     [(NEW_FIGURE, "NK troops sent: 1,500 (Southland), new figure")]),
    ("an uncredited figure takes the credit of the same value given with a noun no metric counts",
     (), (fig(12_000_000, None, "nk-troops", start=0), fig(12_000_000, "Agency", None, start=500)),
     [(NEW_FIGURE, "NK troops sent: 12,000,000 (Agency), new figure")]),
    ("plan after a count: the headline's 'sends 6,000' over 'plans to send 6,000' is no revision",
     (prior(11000, "Budko", "nk-troops"),),
     (fig(6000, "Budko", "nk-troops", start=0), fig(6000, "Budko", "nk-troops", start=90, modality="projection")),
     [(NEW_FIGURE, "NK troops sent: 6,000 (Budko), new figure")]),
    ("a plan carried out (the source's projection before) is no revision of its count",
     (prior(15000, "Agency", "nk-troops", "a1", 1), prior(6000, "Agency", "nk-troops", "a2", 2, "projection")),
     (fig(6000, "Agency", "nk-troops"),), [(NEW_FIGURE, "NK troops sent: 6,000 (Agency), new figure")]),
    ("a part of a planned value is no revision of the source's count: '6,000 personnel, 1,000 of them'",
     (prior(5000, "Shoygin", "nk-troops"),),
     (fig(6000, "Shoygin", "nk-troops", start=10, quote=PARTS, modality="projection"),
      fig(1000, "Shoygin", "nk-troops", start=30, quote=PARTS)),
     [(PROJECTED_FIGURE, "NK troops sent: 6,000 expected (Shoygin), projection")]),
    ("a real revision still is one", (prior(11000, "Agency", "nk-troops"),), (fig(15000, "Agency", "nk-troops"),),
     [(REVISED_FIGURE, "NK troops sent: Agency 11,000 -> 15,000")]),
    ("an article crediting the value to its earlier giver too raises no confirmation by another",
     (prior(4700, "Agency", "nk-casualties"),),
     (fig(4700, "Agency", "nk-casualties", start=0), fig(4700, "Kovalenko", "nk-casualties", start=200)), []),
    ("a second source alone is still a confirmation", (prior(4700, "Agency", "nk-casualties"),),
     (fig(4700, "Kovalenko", "nk-casualties"),),
     [(CONFIRMED_FIGURE, "NK soldiers killed or wounded: 4,700 (Kovalenko), as Agency said before")]),
    ("a killed count after a source's killed-or-wounded count of that value stays killed",
     (prior(600, "Agency", "nk-casualties"),), (fig(600, "Agency", "nk-killed"),),
     [(NEW_FIGURE, "NK soldiers killed: 600 (Agency), new figure")]),
]


@pytest.mark.parametrize(("name", "priors", "figures", "expected"), CASES, ids=[c[0] for c in CASES])
def test_readings(name: str, priors: tuple[PriorFigure, ...], figures: tuple[Figure, ...],
                  expected: list[tuple[str, str]]) -> None:
    assert titles(figures, priors) == expected


def test_a_figure_without_a_source_is_held_until_one_gives_it() -> None:
    held = (replace(NK, rules=RuleSettings()),)
    article = ArticleFacts(article_id="a9", url="https://news.example/a9", title="A story", outlet="Outlet Z",
                           published_at=datetime(2025, 4, 30, tzinfo=UTC), watchlists=("nk",),
                           figures=(fig(1000, None, "nk-troops"), fig(6, None, "nk-killed")), actors=())
    assert evaluate(article, RuleState(), held) == []
    later = replace(article, figures=(fig(1000, "Agency", "nk-troops"),))
    state = RuleState(figures=(prior(1000, None, "nk-troops"),))
    assert [e.payload["title"] for e in evaluate(later, state, held)] == ["NK troops sent: 1,000 (Agency), new figure"]
    assert [e.payload["title"] for e in evaluate(article, RuleState(), LISTS)] == [
        "NK troops sent: 1,000 (unattributed), new figure", "NK soldiers killed: 6 (unattributed), new figure"]


def test_a_sentence_standing_twice_has_the_credit_it_gives_itself() -> None:
    # A standfirst repeated in the body: carried a credit from the paragraph in one place, none in the other.
    quote = "Three more officers were wounded, a channel said."
    figures = (fig(3, None, "nk-wounded", start=0, quote=quote),
               replace(fig(3, "Southland", "nk-wounded", start=500, quote=quote), credit_carried=True))
    assert titles(figures) == [(NEW_FIGURE, "NK soldiers wounded: 3 (unattributed), new figure")]
    given = (fig(3, None, "nk-wounded", start=0, quote=quote),
             fig(3, "Southland", "nk-wounded", start=500, quote=quote))
    assert titles(given) == [(NEW_FIGURE, "NK soldiers wounded: 3 (Southland), new figure")]


def test_a_value_is_told_once_per_article() -> None:
    # The headline's 15,000 carries the paragraph's credit (no revision from it), the body's gives it:
    # one revision, no new-figure beside it.
    figures = (replace(fig(15000, "Agency", "nk-troops", start=0), credit_carried=True),
               fig(15000, "Agency", "nk-troops", start=400))
    expected = [(REVISED_FIGURE, "NK troops sent: Agency 11,000 -> 15,000")]
    assert titles(figures, (prior(11000, "Agency", "nk-troops"),)) == expected
    assert titles((replace(fig(15000, "Kovalenko", "nk-troops", start=0), credit_carried=True),
                   fig(15000, "Agency", "nk-troops", start=400)), (prior(11000, "Agency", "nk-troops"),)) == expected


def test_a_carried_credit_makes_no_revision_and_no_second_source() -> None:
    carried = replace(fig(15000, "Kovalenko", "nk-troops"), credit_carried=True)
    assert titles((carried,), (prior(20000, "Kovalenko", "nk-troops", "a1", 1),
                               prior(15000, "Agency", "nk-troops", "a2", 2))) == []
    assert titles((carried,), (prior(20000, "Kovalenko", "nk-troops"),)) == [
        (NEW_FIGURE, "NK troops sent: 15,000 (Kovalenko), new figure")]


def test_the_log_is_read_like_the_article() -> None:
    # 4,700 read as troops and as casualties in one earlier article is its casualty count there too: the
    # source's later 15,000 troops revises 11,000, not 4,700.
    priors = (prior(11000, "Agency", "nk-troops", "a1", 1), prior(4700, "Agency", "nk-troops", "a2", 2),
              prior(4700, "Agency", "nk-casualties", "a2", 3))
    assert titles((fig(15000, "Agency", "nk-troops"),), priors) == [
        (REVISED_FIGURE, "NK troops sent: Agency 11,000 -> 15,000")]


def test_unrelated_metrics_and_values_are_left_alone() -> None:
    readings = Readings.of(LISTS)
    mentions = [Mention("nk-troops", 100, "A"), Mention("nk-killed", 200, "A"), Mention("nk-troops", 200, "B")]
    assert [m.metric for m in read_article(mentions, {}, readings)] == ["nk-troops", "nk-killed", "nk-killed"]
    other = Watchlist(id="nato", name="NATO", aliases=("NATO",), patterns=(), actors=(),
                      metrics=(metric("nato-share", "NATO spending (share of GDP)", "share", ("percent",), "any"),),
                      rules=RuleSettings(), path="nato.toml")
    readings = Readings.of((NK, other))
    mentions = [Mention("nato-share", 5, None), Mention("nk-troops", 5, None)]
    assert read_article(mentions, {}, readings) == mentions


def test_the_pipeline_loads_every_metric_of_the_side() -> None:
    assert related_metrics(["nk-troops"], LISTS) == sorted(UNITS)
    assert related_metrics([], LISTS) == []
