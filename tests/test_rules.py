"""The alert rules, table-driven: pure values in, alert.raised events out. No database, no clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.events import ALERT_RAISED
from monitor.extract.model import ActorMention, Figure
from monitor.rules import (
    CONFIRMED_FIGURE,
    INCIDENT_FIGURE,
    NEW_ACTOR,
    NEW_FIGURE,
    PROJECTED_FIGURE,
    REVISED_FIGURE,
    ArticleFacts,
    PriorFigure,
    RuleState,
    actor_id,
    evaluate,
    format_value,
    same_value,
)
from monitor.rules_actors import ActorState, PriorActor
from monitor.watchlist import Metric, RuleSettings, Watchlist

TROOPS = Metric("troops", "Troops sent", ("troops",), (), 0.05, "nk")
SHELLS = Metric("shells", "Shells sent", ("shells",), (), 0.20, "nk")
LOSSES = Metric("losses", "Russian losses", ("casualties",), (), 0.05, "ru")


def watchlist(wid: str, metrics: tuple[Metric, ...] = (), **rules: Any) -> Watchlist:
    return Watchlist(id=wid, name=wid.upper(), aliases=(wid,), patterns=(), actors=(), metrics=metrics,
                     rules=RuleSettings(**rules), path=f"{wid}.toml")


NK = watchlist("nk", (TROOPS, SHELLS))
RU = watchlist("ru", (LOSSES,))
NATO = watchlist("nato")
ALL = (NK, RU, NATO)


def fig(value: float, source: str | None = "Pentagon", *, metric: str | None = "troops",
        previous: float | None = None, is_previous: bool = False, approx: bool = False,
        modality: str = "current") -> Figure:
    return Figure(value=value, value_max=None, unit="troops", counted="troops", approx=approx,
                  qualifier="about" if approx else "exact", credited_to=source, credit_carried=False, metric=metric,
                  quote=f"{source} said {format_value(value)} troops.", start=0, end=5, previous_value=previous,
                  is_previous=is_previous, modality=modality)


def prior(value: float, source: str | None, article: str = "a1", outlet: str | None = "Outlet A", seq: int = 1,
          is_previous: bool = False, metric: str = "troops", modality: str = "current") -> PriorFigure:
    return PriorFigure(metric, value, source, outlet, article, seq, is_previous, modality)


def actor(name: str, *variants: str, known: bool = False, role: str | None = None) -> ActorMention:
    return ActorMention(name=name, kind="person", variants=tuple(sorted({name, *variants})), role=role, known=known,
                        watchlists=(), spans=((0, len(name)),))


def facts(figures: tuple[Figure, ...] = (), actors: tuple[ActorMention, ...] = (),
          watchlists: tuple[str, ...] = ("nk",), article: str = "a9", outlet: str | None = "Outlet Z") -> ArticleFacts:
    return ArticleFacts(article_id=article, url=f"https://news.example/{article}", title="A story", outlet=outlet,
                        published_at=datetime(2024, 10, 29, tzinfo=UTC), watchlists=watchlists, figures=figures,
                        actors=actors)


def raised(article: ArticleFacts, state: RuleState | None = None, lists: tuple[Watchlist, ...] = ALL
           ) -> list[dict[str, Any]]:
    events = evaluate(article, state or RuleState(), lists)
    assert all(e.type == ALERT_RAISED for e in events)
    return [dict(e.payload) for e in events]


def summary(alerts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["rule"], a["title"]) for a in alerts]


FIGURE_CASES: list[tuple[str, tuple[PriorFigure, ...], tuple[Figure, ...], list[tuple[str, str]]]] = [
    ("first value ever is a new figure", (), (fig(1500, "NIS", approx=True),),
     [(NEW_FIGURE, "Troops sent: about 1,500 (NIS), new figure")]),
    ("two new values in one article are two new figures", (), (fig(1500, "NIS"), fig(12000, "NIS")),
     [(NEW_FIGURE, "Troops sent: 1,500 (NIS), new figure"), (NEW_FIGURE, "Troops sent: 12,000 (NIS), new figure")]),
    ("the same source's value from another outlet is corroboration", (prior(10000, "Seoul", outlet="B"),),
     (fig(10000, "Seoul"),), []),
    ("a value another source gave before is a confirmation", (prior(10000, "Zelensky"),), (fig(10000, "Seoul"),),
     [(CONFIRMED_FIGURE, "Troops sent: 10,000 (Seoul), as Zelensky said before")]),
    ("an unattributed repeat of a value is nothing", (prior(10000, "Zelensky"),), (fig(10000, None),), []),
    ("within 5 % is the same figure", (prior(1500, "NIS"),), (fig(1578, "NIS"),), []),
    ("just outside 5 % is a new figure", (prior(1500, "NIS"),), (fig(1580, "Seoul"),),
     [(NEW_FIGURE, "Troops sent: 1,580 (Seoul), new figure")]),
    ("a source changing its own figure is a revision", (prior(3000, "Pentagon"),), (fig(10000),),
     [(REVISED_FIGURE, "Troops sent: Pentagon 3,000 -> 10,000")]),
    ("a revision to a value others gave is still a revision", (prior(3000, "Pentagon"), prior(10000, "Kyiv", "a2")),
     (fig(10000),), [(REVISED_FIGURE, "Troops sent: Pentagon 3,000 -> 10,000")]),
    ("the article gives the earlier value: one revision, not two new figures", (),
     (fig(10000, previous=3000), fig(3000, is_previous=True)),
     [(REVISED_FIGURE, "Troops sent: Pentagon 3,000 -> 10,000")]),
    ("an unattributed 'up from' is held until a source gives it (rules.unattributed_figure off)", (),
     (fig(10000, None, previous=3000), fig(3000, None, is_previous=True)), []),
    ("a source giving a value held unattributed before is a new figure", (prior(10000, None),),
     (fig(10000, "Pentagon"),), [(NEW_FIGURE, "Troops sent: 10,000 (Pentagon), new figure")]),
    ("repeating one of its earlier values is no revision", (prior(1500, "NIS"), prior(12000, "NIS", seq=2)),
     (fig(1500, "NIS"),), []),
    ("a revision is measured from the source's latest value, not its 'up from' value",
     (prior(10000, "Pentagon", "a2", seq=8), prior(3000, "Pentagon", "a2", seq=9, is_previous=True)),
     (fig(12000),), [(REVISED_FIGURE, "Troops sent: Pentagon 10,000 -> 12,000")]),
    ("a small change within tolerance is no revision", (prior(10000, "Pentagon"),), (fig(10400),), []),
    ("the metric's own tolerance applies", (prior(1000, "NIS", metric="shells"),),
     (fig(1150, "NIS", metric="shells"),), []),
    ("a figure of no metric raises nothing", (), (fig(500, metric=None),), []),
    ("a metric of a watchlist the article does not match raises nothing", (), (fig(500, metric="losses"),), []),
    ("an earlier version of the same article is 'before'", (prior(1500, "NIS", article="a9"),),
     (fig(1500, "NIS"),), []),
    ("a corrected version of the same article is a revision", (prior(10000, "Pentagon", article="a9"),),
     (fig(12000, "Pentagon"),), [(REVISED_FIGURE, "Troops sent: Pentagon 10,000 -> 12,000")]),
    # What a figure is decides what it raises (modality, monitor/rules_figures.py).
    ("a plan after a count is a projection, not a revision", (prior(3000, "Pentagon"),),
     (fig(10000, modality="projection"),), [(PROJECTED_FIGURE, "Troops sent: 10,000 expected (Pentagon), projection")]),
    ("a projection of a value already counted is nothing", (prior(10000, "NIS"),),
     (fig(10000, modality="projection"),), []),
    ("a count after a plan is a new figure, not a revision", (prior(10000, "Pentagon", modality="projection"),),
     (fig(3000),), [(NEW_FIGURE, "Troops sent: 3,000 (Pentagon), new figure")]),
    ("an earlier estimate cited later is context", (prior(12000, "NIS"),), (fig(3000, "NIS", modality="earlier"),),
     []),
    ("an earlier estimate is never the base of a revision", (prior(3000, "Pentagon", modality="earlier"),),
     (fig(10000),), [(NEW_FIGURE, "Troops sent: 10,000 (Pentagon), new figure")]),
    ("the count of one incident raises nothing by default", (prior(651810, "General Staff", modality="total"),),
     (fig(1170, "General Staff", modality="incident"),), []),
    ("an incident never becomes the base of a total's revision",
     (prior(651810, "General Staff", modality="total"), prior(1170, "General Staff", seq=2, modality="incident")),
     (fig(689040, "General Staff", modality="total"),),
     [(REVISED_FIGURE, "Troops sent: General Staff 651,810 -> 689,040")]),
    ("a hypothetical never alerts", (prior(3000, "Pentagon"),), (fig(30000, "Pentagon", modality="hypothetical"),),
     []),
    ("a different source's new value is a new figure", (prior(12000, "NIS"),), (fig(10000),),
     [(NEW_FIGURE, "Troops sent: 10,000 (Pentagon), new figure")]),
    ("a value 20 times the source's last counts something else, not a revision", (prior(11000, "Zelensky"),),
     (fig(2, "Zelensky"),), [(NEW_FIGURE, "Troops sent: 2 (Zelensky), new figure")]),
]


@pytest.mark.parametrize(("priors", "figures", "expected"), [c[1:] for c in FIGURE_CASES],
                         ids=[c[0] for c in FIGURE_CASES])
def test_figure_rules(priors: tuple[PriorFigure, ...], figures: tuple[Figure, ...],
                     expected: list[tuple[str, str]]) -> None:
    assert summary(raised(facts(figures), RuleState(figures=priors))) == expected


@pytest.mark.parametrize(("rules", "expected"), [
    ({"new_figure": False}, [(REVISED_FIGURE, "Troops sent: Pentagon 3,000 -> 10,000")]),
    ({"revised_figure": False}, [(NEW_FIGURE, "Troops sent: 10,000 (Pentagon), new figure")]),
    ({"new_figure": False, "revised_figure": False}, []),
], ids=["new off", "revised off", "both off"])
def test_figure_rules_can_be_switched_off(rules: dict[str, bool], expected: list[tuple[str, str]]) -> None:
    lists = (watchlist("nk", (TROOPS,), **rules),)
    assert summary(raised(facts((fig(10000),)), RuleState(figures=(prior(3000, "Pentagon"),)), lists)) == expected


@pytest.mark.parametrize(("rules", "figure", "expected"), [
    ({}, fig(12000, modality="projection"),
     [(PROJECTED_FIGURE, "Troops sent: 12,000 expected (Pentagon), projection")]),
    ({"projected_figure": False}, fig(12000, modality="projection"), []),
    ({"incident_figure": True}, fig(1170, modality="incident"),
     [(INCIDENT_FIGURE, "Troops sent: 1,170 in one incident (Pentagon)")]),
    ({"confirmed_figure": False}, fig(3000, "Seoul"), []),
], ids=["projections on", "projections off", "incidents on", "confirmations off"])
def test_figure_kinds_follow_the_watchlist_settings(rules: dict[str, bool], figure: Figure,
                                                    expected: list[tuple[str, str]]) -> None:
    lists = (watchlist("nk", (TROOPS,), **rules),)
    assert summary(raised(facts((figure,)), RuleState(figures=(prior(3000, "Pentagon"),)), lists)) == expected


def test_a_new_figure_shows_the_spread_of_current_estimates() -> None:
    state = RuleState(figures=(prior(12000, "NIS"), prior(11000, "Zelensky", "a2", seq=2),
                               prior(13000, "NIS", "a3", seq=3, modality="projection")))
    (alert,) = raised(facts((fig(10000),)), state)
    assert alert["estimates"] == [{"source": "NIS", "value": 12000}, {"source": "Pentagon", "value": 10000},
                                  {"source": "Zelensky", "value": 11000}]
    assert alert["spread"] == [10000, 12000]
    assert "Estimates by source (10,000 to 12,000): NIS: 12,000; Pentagon: 10,000; Zelensky: 11,000" in alert["body"]


def test_new_figure_payload_has_value_credit_outlet_date_evidence_and_estimates() -> None:
    state = RuleState(figures=(prior(1500, "NIS"), prior(12000, "NIS", seq=2), prior(1500, "Seoul", "a2", "B", 3)))
    (alert,) = raised(facts((fig(10000, "Zelensky"),)), state)
    assert alert["value"] == 10000 and alert["credited_to"] == "Zelensky"
    assert alert["outlet"] == "Outlet Z" and alert["published_at"].startswith("2024-10-29")
    assert alert["quote"] == "Zelensky said 10,000 troops."
    assert alert["url"] == "https://news.example/a9"
    assert alert["estimates"] == [{"source": "NIS", "value": 12000}, {"source": "Seoul", "value": 1500},
                                  {"source": "Zelensky", "value": 10000}]  # each source's latest current estimate


@pytest.mark.parametrize(("priors", "figures", "expected"), [
    ((prior(3000, "Pentagon"),), (fig(10000),), [{"source": "Pentagon", "value": 10000}]),
    ((), (fig(10000, previous=3000), fig(3000, is_previous=True)), [{"source": "Pentagon", "value": 10000}]),
    ((prior(1500, "NIS"), prior(12000, "NIS", seq=2)), (fig(15000, "NIS"),), [{"source": "NIS", "value": 15000}]),
    ((prior(10000, "Pentagon", "a2", seq=8), prior(3000, "Pentagon", "a2", seq=9, is_previous=True)),
     (fig(12000),), [{"source": "Pentagon", "value": 12000}]),
    ((prior(10000, "Pentagon"), prior(20000, "Pentagon", seq=2, modality="projection"),
      prior(500, "Pentagon", seq=3, modality="incident"), prior(4000, None, seq=4)),
     (fig(12000),), [{"source": "Pentagon", "value": 12000}]),
], ids=["revised across articles", "revised in the article", "latest of several", "after an 'up from'",
        "projections, incidents and unattributed values are no estimates"])
def test_estimates_are_current_values_without_the_revised_ones(priors: tuple[PriorFigure, ...],
                                                               figures: tuple[Figure, ...],
                                                               expected: list[dict[str, Any]]) -> None:
    (alert,) = raised(facts(figures), RuleState(figures=priors))
    assert alert["estimates"] == expected


def test_corroboration_counts_outlets_that_gave_the_value() -> None:
    state = RuleState(figures=(prior(3000, "Pentagon", "a0", "Outlet 0", 1),
                               prior(10000, "Zelensky", "a1", "Outlet A", 2),
                               prior(10000, "Zelensky", "a2", "Outlet B", 3),
                               prior(10100, "Kyiv", "a3", "Outlet C", 4),
                               prior(10000, "Zelensky", "a4", "Outlet A", 5)))
    (alert,) = raised(facts((fig(10000),), outlet="Outlet D"), state)
    assert alert["rule"] == REVISED_FIGURE
    assert alert["corroborating_outlets"] == 4
    assert "reported by 4 outlet" in alert["body"]


def test_alert_identity_is_rule_watchlist_metric_and_value_not_the_outlet() -> None:
    one = raised(facts((fig(10000, "Zelensky"),), article="a1", outlet="A"))
    other = raised(facts((fig(10000, "Kyiv"),), article="a2", outlet="B"))
    different = raised(facts((fig(11000, "Zelensky"),), article="a1", outlet="A"))
    assert one[0]["alert_id"] == other[0]["alert_id"] != different[0]["alert_id"]
    assert evaluate(facts((fig(10000, "Zelensky"),)), RuleState(), ALL)[0].event_id == \
        evaluate(facts((fig(10000, "Kyiv"),), article="a7"), RuleState(), ALL)[0].event_id
    revised_a = raised(facts((fig(10000),), article="a1"), RuleState(figures=(prior(3000, "Pentagon", "a0"),)))
    revised_b = raised(facts((fig(10000, previous=3000), fig(3000, is_previous=True)), article="a5"))
    assert revised_a[0]["alert_id"] == revised_b[0]["alert_id"]


# The new-actor rule in full: tests/test_rules_actors.py. Here: one alert per actor (not per
# watchlist, as before), naming the watchlists it is new in; an actor alerted before raises nothing.
ACTOR_CASES: list[tuple[str, tuple[str, ...], tuple[str, ...], ActorMention, dict[str, Any], list[str]]] = [
    ("first mention in a watchlist", ("nk",), (), actor("Choe Son Hui", role="minister"), {}, ["nk"]),
    ("one alert naming every watchlist the article matches", ("nk", "nato", "ru"), (),
     actor("Choe Son Hui", role="minister"), {}, ["nato", "nk", "ru"]),
    ("alerted before: nothing, in another watchlist too", ("nk", "nato"), ("choe-son-hui",),
     actor("Choe Son Hui", "Choe Sun Hui", role="minister"), {}, []),
    ("a known actor does not fire", ("nk",), (), actor("Kim Jong Un", known=True, role="leader"), {}, []),
    ("known actors fire when configured", ("nk",), (), actor("Kim Jong Un", known=True, role="leader"),
     {"known_actors_fire": True}, ["nk"]),
    ("new_actor off", ("nk",), (), actor("Choe Son Hui", role="minister"), {"new_actor": False}, []),
]


@pytest.mark.parametrize(("matched", "alerted", "mention", "rules", "expected"), [c[1:] for c in ACTOR_CASES],
                         ids=[c[0] for c in ACTOR_CASES])
def test_actor_rules(matched: tuple[str, ...], alerted: tuple[str, ...], mention: ActorMention,
                     rules: dict[str, Any], expected: list[str]) -> None:
    lists = tuple(watchlist(w.id, w.metrics, **rules) for w in ALL)
    state = RuleState(actors=ActorState(alerted=tuple(PriorActor(a, a) for a in alerted)))
    alerts = raised(facts(actors=(mention,), watchlists=matched), state, lists)
    assert [a["watchlists"] for a in alerts] == ([expected] if expected else [])
    assert all(a["rule"] == NEW_ACTOR and a["subject"] == actor_id(mention.name) for a in alerts)


def test_new_actor_payload_lists_every_spelling_and_the_role() -> None:
    mention = actor("Choe Son Hui", "Choe Sun Hui", "Choe", role="Foreign Minister of North Korea")
    (alert,) = raised(facts(actors=(mention,)))
    assert alert["title"] == "First mention: Choe Son Hui, Foreign Minister of North Korea"
    assert alert["variants"] == ["Choe", "Choe Son Hui", "Choe Sun Hui"]
    assert alert["subject"] == "choe-son-hui"


def test_new_actor_identity_is_the_actor_and_stable() -> None:
    first = raised(facts(actors=(actor("Robert Wood", role="ambassador"),), watchlists=("nk", "nato"), article="a1"))
    again = raised(facts(actors=(actor("Robert Wood", "Wood", role="ambassador"),), watchlists=("nk",), article="a2"))
    assert [a["alert_id"] for a in first] == [a["alert_id"] for a in again]
    assert len(first) == 1


@pytest.mark.parametrize(("name", "expected"), [("Choe Son Hui", "choe-son-hui"), ("Hong Jang-won", "hong-jang-won"),
                                                ("  Kim  Hong_Kyun ", "kim-hong-kyun"), ("최선희", "최선희")])
def test_actor_id(name: str, expected: str) -> None:
    assert actor_id(name) == expected


@given(st.floats(min_value=1, max_value=1e7), st.floats(min_value=-0.049, max_value=0.049))
def test_a_value_within_tolerance_of_any_earlier_one_never_raises_a_new_figure(value: float, shift: float) -> None:
    state = RuleState(figures=(prior(value, "Somebody"),))
    assert raised(facts((fig(value * (1 + shift), "Somebody"),)), state) == []
    assert [a["rule"] for a in raised(facts((fig(value * (1 + shift), "Other"),)), state)] == [CONFIRMED_FIGURE]


@given(st.lists(st.sampled_from([1500.0, 3000.0, 10000.0, 12000.0]), min_size=1, max_size=6))
def test_evaluate_is_deterministic_and_raises_each_identity_once(values: list[float]) -> None:
    article = facts(tuple(fig(v, "NIS") for v in values))
    first, second = evaluate(article, RuleState(), ALL), evaluate(replace(article), RuleState(), ALL)
    assert first == second
    assert len({e.event_id for e in first}) == len(first)


def test_same_value_is_symmetric_and_relative() -> None:
    assert same_value(100, 105, 0.05) and same_value(105, 100, 0.05)
    assert not same_value(100, 106, 0.05)
    assert same_value(0, 0, 0.05)
