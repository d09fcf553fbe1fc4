"""Alert rules: pure functions from an article's facts and the prior state to alert.raised events."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.events import ALERT_RAISED, Event, iso, make_event, stable_id
from monitor.extract.model import ActorMention, Figure
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
from monitor.watchlist import Watchlist

__all__ = ["CONFIRMED_FIGURE", "FIGURE_RULES", "INCIDENT_FIGURE", "NEW_ACTOR", "NEW_FIGURE", "PROJECTED_FIGURE",
           "REVISED_FIGURE", "ArticleFacts", "PriorFigure", "RuleState", "actor_id", "estimates", "estimates_line",
           "evaluate", "format_value", "render_body", "same_value"]

NEW_ACTOR = "new-actor"


@dataclass(frozen=True, slots=True)
class RuleState:
    """What the log knew before this article: figures of the metrics in question, actors seen."""

    figures: tuple[PriorFigure, ...] = ()
    seen_actors: frozenset[tuple[str, str]] = frozenset()  # (watchlist id, actor id)


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


def actor_id(name: str) -> str:
    """A readable, stable id for a canonical actor name: 'Choe Son Hui' -> 'choe-son-hui'."""
    slug = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return slug or stable_id("actor", name, length=12)


def evaluate(facts: ArticleFacts, state: RuleState, watchlists: Sequence[Watchlist]) -> list[Event]:
    """Every alert this article raises, in a stable order; ids make re-raising a no-op."""
    by_id = {w.id: w for w in watchlists if w.id in facts.watchlists}
    metrics = {m.id: m for w in by_id.values() for m in w.metrics}
    alerts: list[Event] = []
    here = Here(facts.article_id, facts.outlet, facts.figures)
    for figure in facts.figures:
        metric = metrics.get(figure.metric or "")
        if metric is not None:
            watchlist = by_id[metric.watchlist]
            priors = [p for p in state.figures if p.metric == metric.id]
            found = figure_alerts(figure, metric, watchlist.rules, priors, here)
            alerts.extend(_figure_event(facts, watchlist, alert) for alert in found)
    for actor in facts.actors:
        alerts.extend(_actor_alerts(facts, actor, state, by_id))
    return _unique(alerts)


def _unique(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    return [e for e in events if not (e.event_id in seen or seen.add(e.event_id))]  # type: ignore[func-returns-value]


def _figure_event(facts: ArticleFacts, watchlist: Watchlist, alert: FigureAlert) -> Event:
    return _alert(alert.rule, facts, watchlist, alert.subject, alert.body, alert.value_key)


def _actor_alerts(facts: ArticleFacts, actor: ActorMention, state: RuleState,
                  watchlists: Mapping[str, Watchlist]) -> list[Event]:
    identity = actor_id(actor.name)
    alerts = []
    for watchlist in watchlists.values():
        rules = watchlist.rules
        if not rules.new_actor or (actor.known and not rules.known_actors_fire):
            continue
        if (watchlist.id, identity) in state.seen_actors:
            continue
        role = f", {actor.role}" if actor.role else ""
        body = {"title": f"First mention: {actor.name}{role}", "actor_id": identity, "name": actor.name,
                "kind": actor.kind, "role": actor.role, "variants": list(actor.variants), "known": actor.known}
        alerts.append(_alert(NEW_ACTOR, facts, watchlist, identity, body, ()))
    return alerts


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
    else:
        lines.append(f"Source: {alert['credited_to'] or 'unattributed'}; "
                     f"reported by {alert['corroborating_outlets']} outlet(s)")
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
