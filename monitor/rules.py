"""Alert rules: pure functions from an article's facts and the prior state to alert.raised events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from monitor.corroboration import Carrier, Fingerprint
from monitor.events import ALERT_RAISED, ALERT_UPDATED, Event, iso, make_event, stable_id
from monitor.extract.model import ActorMention, Figure
from monitor.rules_actors import ActorAlert, ActorState, actor_alerts, actor_id
from monitor.rules_figures import (
    CONFIRMED_FIGURE,
    FIGURE_RULES,
    INCIDENT_FIGURE,
    NEW_FIGURE,
    PROJECTED_FIGURE,
    REVISED_FIGURE,
    FigureAlert,
    Here,
    PriorFigure,
    estimates,
    figure_alerts,
    format_value,
    same_value,
)
from monitor.rules_readings import Readings, read_figures, read_log
from monitor.rules_sources import PriorAlert, sourced, updates
from monitor.watchlist import Metric, Watchlist

__all__ = ["CONFIRMED_FIGURE", "FIGURE_RULES", "INCIDENT_FIGURE", "NEW_ACTOR", "NEW_FIGURE", "PROJECTED_FIGURE",
           "REVISED_FIGURE", "ArticleFacts", "PriorFigure", "RuleState", "actor_id", "estimates", "evaluate",
           "format_value", "render_body", "same_value"]

NEW_ACTOR = "new-actor"


@dataclass(frozen=True, slots=True)
class RuleState:
    """What the log knew before this article: figures of the metrics in question, actors seen."""

    figures: tuple[PriorFigure, ...] = ()
    actors: ActorState = field(default_factory=ActorState)  # actors named before and alerted, outlets
    carriers: tuple[Carrier, ...] = ()  # the articles of those figures: outlet, GUID, text fingerprint
    figure_alerts: tuple[PriorAlert, ...] = ()  # figure alerts of those metrics, for their corroboration


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    article_id: str
    url: str
    title: str | None
    outlet: str | None
    published_at: datetime
    watchlists: tuple[str, ...]
    figures: tuple[Figure, ...]
    actors: tuple[ActorMention, ...]
    fingerprint: Fingerprint | None = None  # of the article's text (monitor/corroboration.py)
    guid: str | None = None  # the feed entry's id

    @property
    def carrier(self) -> Carrier:
        return Carrier(self.article_id, self.outlet, self.guid, self.fingerprint)


def evaluate(facts: ArticleFacts, state: RuleState, watchlists: Sequence[Watchlist]) -> list[Event]:
    """Every alert this article raises, in a stable order; ids make re-raising a no-op."""
    by_id = {w.id: w for w in watchlists if w.id in facts.watchlists}
    metrics = {m.id: m for w in by_id.values() for m in w.metrics}
    alerts: list[Event] = []
    readings = Readings.of(watchlists)
    # one number, one figure: the same value read two ways is read once, here and in the log
    state = replace(state, figures=tuple(read_log(state.figures, readings)))
    facts = replace(facts, figures=tuple(read_figures(facts.figures, state.figures, readings)))
    here = Here(facts.article_id, facts.outlet, facts.figures)
    for figure in facts.figures:
        metric = metrics.get(figure.metric or "")
        if metric is not None:
            watchlist = by_id[metric.watchlist]
            priors = [p for p in state.figures if p.metric == metric.id]
            found = figure_alerts(figure, metric, watchlist.rules, priors, here)
            alerts.extend(_figure_event(facts, watchlist, _sourced(facts, state, metric, alert)) for alert in found)
    alerts = _told_once(alerts)
    matched = [by_id[w] for w in facts.watchlists if w in by_id]
    alerts.extend(_actor_event(facts, found) for found in
                  actor_alerts(facts.actors, matched, watchlists, state.actors, facts.outlet))
    alerts.extend(_update_events(facts, state, metrics, alerts))
    return _unique(alerts)


def _told_once(events: list[Event]) -> list[Event]:
    """One value of one metric is told once per article: a revision of it makes its new-figure or
    confirmation (from another mention of the value) redundant."""
    revised = {(e.payload["metric"], e.payload["value"]) for e in events if e.payload["rule"] == REVISED_FIGURE}
    return [e for e in events if e.payload["rule"] not in (NEW_FIGURE, CONFIRMED_FIGURE)
            or (e.payload["metric"], e.payload["value"]) not in revised]


def _unique(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    return [e for e in events if not (e.event_id in seen or seen.add(e.event_id))]  # type: ignore[func-returns-value]


def _figure_event(facts: ArticleFacts, watchlist: Watchlist, alert: FigureAlert) -> Event:
    return _alert(alert.rule, facts, watchlist, alert.subject, alert.body, alert.value_key)


def _sourced(facts: ArticleFacts, state: RuleState, metric: Metric, alert: FigureAlert) -> FigureAlert:
    """The alert with its corroboration counted by source: syndicated copies once (rules_sources)."""
    priors = [p for p in state.figures if p.metric == metric.id]
    known = {c.article_id: c for c in state.carriers}
    return replace(alert, body=sourced(alert.body, metric.tolerance, priors, known, facts.carrier))


def _update_events(facts: ArticleFacts, state: RuleState, metrics: Mapping[str, Metric],
                   raised: Sequence[Event]) -> list[Event]:
    """alert.updated for earlier figure alerts whose value this article carries too."""
    known = {c.article_id: c for c in state.carriers}
    tolerances = {metric_id: metric.tolerance for metric_id, metric in metrics.items()}
    ids = frozenset(str(e.payload["alert_id"]) for e in raised)
    events = []
    for alert, patch in updates(state.figure_alerts, facts.figures, tolerances, state.figures, known,
                                facts.carrier, ids):
        patch["body"] = render_body({**alert.payload, **patch})
        payload = {"alert_id": alert.alert_id, "article_id": facts.article_id, "url": facts.url,
                   "outlet": facts.outlet, "patch": patch}
        events.append(make_event(ALERT_UPDATED, f"alert:{alert.alert_id}", facts.published_at, payload,
                                 facts.article_id, patch["corroborating_sources"], patch["corroborating_outlets"]))
    return events


def _actor_event(facts: ArticleFacts, alert: ActorAlert) -> Event:
    """One alert per actor: its identity is the actor, and it names every watchlist it is new in."""
    alert_id = stable_id(NEW_ACTOR, alert.subject)
    payload = {**alert.body, "alert_id": alert_id, "rule": NEW_ACTOR, "watchlist": alert.watchlists[0],
               "watchlists": list(alert.watchlists), "subject": alert.subject, "article_id": facts.article_id,
               "url": facts.url, "article_title": facts.title, "outlet": facts.outlet,
               "published_at": iso(facts.published_at)}
    payload["body"] = render_body(payload)
    return make_event(ALERT_RAISED, f"alert:{alert_id}", facts.published_at, payload, alert_id)


def _alert(rule: str, facts: ArticleFacts, watchlist: Watchlist, subject: str, body: Mapping[str, Any],
           value_key: tuple[str, ...]) -> Event:
    alert_id = stable_id(rule, watchlist.id, subject, *value_key)
    payload = {**body, "alert_id": alert_id, "rule": rule, "watchlist": watchlist.id, "subject": subject,
               "article_id": facts.article_id, "url": facts.url, "article_title": facts.title,
               "outlet": facts.outlet, "published_at": iso(facts.published_at)}
    payload["body"] = render_body(payload)
    return make_event(ALERT_RAISED, f"alert:{alert_id}", facts.published_at, payload, alert_id)


def render_body(alert: Mapping[str, Any]) -> str:
    """Plain text: old -> new or the new value, source, outlet, date, the evidence, the link."""
    lines = []
    if alert["rule"] == NEW_ACTOR:
        variants = ", ".join(alert["variants"])
        lines.append(f"{alert['name']} ({alert['kind']}) first mentioned; written as: {variants}")
        lines.append("New in: " + ", ".join(alert.get("watchlists") or [alert["watchlist"]]))
        if (earlier := alert.get("earlier_mention")) is not None:
            lines.append(f"Mentioned before: {earlier.get('outlet') or 'unknown outlet'}, "
                         f"{(earlier.get('published_at') or '')[:10]}: {earlier.get('url')}")
    else:
        lines.append(f"Source: {alert['credited_to'] or 'unattributed'}; "
                     f"{alert.get('corroboration') or _outlets(alert)}")
        lines.append(estimates_line(alert))
        lines.append(f"Evidence: \u201c{alert['quote']}\u201d")
    published = (alert.get("published_at") or "")[:10]
    lines.append(f"{alert.get('outlet') or 'unknown outlet'}, {published}: {alert.get('url')}")
    return "\n".join(lines)


def estimates_line(alert: Mapping[str, Any]) -> str:
    """'Estimates by source (10,000 to 12,000): NIS: 12,000; Pentagon: 10,000': each source's latest."""
    shown = "; ".join(f"{e['source']}: {format_value(e['value'])}" for e in alert.get("estimates") or ())
    spread = alert.get("spread")
    span = f" ({format_value(spread[0])} to {format_value(spread[1])})" if spread else ""
    return f"Estimates by source{span}: {shown or 'none yet'}"


def _outlets(alert: Mapping[str, Any]) -> str:
    """The wording of alerts raised before corroboration was counted by source."""
    return f"reported by {alert['corroborating_outlets']} outlet(s)"
