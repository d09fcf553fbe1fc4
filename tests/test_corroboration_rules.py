"""Corroboration in the figure rules: a syndicated copy raises nothing new and brings the alert it
carries up to date (alert.updated), so the message says "reported by 1 source via 3 outlets". Pure."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.corroboration import fingerprint
from monitor.events import ALERT_RAISED, ALERT_UPDATED
from monitor.extract.model import Figure
from monitor.rules import ArticleFacts, PriorFigure, RuleState, evaluate
from monitor.rules_sources import PriorAlert
from monitor.watchlist import Metric, RuleSettings, Watchlist

from .test_corroboration import WIRE, carrier, chrome

TROOPS = Metric("troops", "Troops sent", ("troops",), (), 0.05, "nk")
NK = Watchlist("nk", "NK", ("nk",), (), (), (TROOPS,), RuleSettings(), "nk.toml")


def fig(value: float) -> Figure:
    return Figure(value=value, value_max=None, unit="troops", counted="troops", approx=True, qualifier="about",
                  credited_to="National Intelligence Service", credit_carried=False, metric="troops",
                  quote="about 1,500 special forces troops", start=0, end=5)


def facts(article: str, outlet: str, text: str, value: float = 1500) -> ArticleFacts:
    return ArticleFacts(article, f"https://{article}.example/a", "NK troops", outlet,
                        datetime(2024, 10, 18, tzinfo=UTC), ("nk",), (fig(value),), (), fingerprint(text))


def test_a_syndicated_copy_raises_no_second_alert() -> None:
    priors = tuple(PriorFigure("troops", 1500, "National Intelligence Service", o, a, i, False, "current")
                   for i, (a, o) in enumerate([("a1", "Wire Daily"), ("a2", "Planet")]))
    known = (carrier("a1", "Wire Daily", WIRE), carrier("a2", "Planet", chrome(WIRE, "Planet")))
    state = RuleState(figures=priors, carriers=known)
    events = evaluate(facts("a3", "Courier", chrome(WIRE, "Courier"), 1501), state, (NK,))
    raised = [e.payload for e in events if e.type == ALERT_RAISED]
    assert raised == []  # the value is known: the copy raises nothing


def test_a_copy_updates_the_corroboration_of_the_alert_it_carries() -> None:
    first = evaluate(facts("a1", "Wire Daily", WIRE), RuleState(), (NK,))
    (alert,) = [e.payload for e in first if e.type == ALERT_RAISED]
    assert alert["corroboration"] == "reported by 1 outlet" and "reported by 1 outlet" in alert["body"]
    priors, known = [], [carrier("a1", "Wire Daily", WIRE)]
    for index, (article, outlet) in enumerate([("a2", "Planet"), ("a3", "Courier")], start=1):
        priors.append(PriorFigure("troops", 1500, "National Intelligence Service", known[-1].outlet,
                                  known[-1].article_id, index, False, "current"))
        state = RuleState(figures=tuple(priors), carriers=tuple(known),
                          figure_alerts=(PriorAlert(alert["alert_id"], alert),))
        events = evaluate(facts(article, outlet, chrome(WIRE, outlet)), state, (NK,))
        assert [e.type for e in events] == [ALERT_UPDATED]
        patch = events[0].payload["patch"]
        alert = {**alert, **patch}
        known.append(carrier(article, outlet, chrome(WIRE, outlet)))
    assert alert["corroboration"] == "reported by 1 source via 3 outlets"
    assert (alert["corroborating_sources"], alert["corroborating_outlets"]) == (1, 3)
    assert "reported by 1 source via 3 outlets" in alert["body"]
    again = RuleState(figures=tuple(priors), carriers=tuple(known[:-1]), figure_alerts=(PriorAlert(alert["alert_id"],
                                                                                                  alert),))
    assert evaluate(facts("a3", "Courier", chrome(WIRE, "Courier")), again, (NK,)) == []  # counted already
