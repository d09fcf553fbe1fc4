"""Alert rules: pure functions from an article's facts and the prior state to alert.raised events."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from monitor.events import ALERT_RAISED, Event, iso, make_event, stable_id
from monitor.extract.model import ActorMention, Figure
from monitor.watchlist import Metric, Watchlist

NEW_FIGURE = "new-figure"
REVISED_FIGURE = "revised-figure"
NEW_ACTOR = "new-actor"


@dataclass(frozen=True, slots=True)
class PriorFigure:
    metric: str
    value: float
    credited_to: str | None
    outlet: str | None
    article_id: str
    seq: int
    is_previous: bool = False


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


def same_value(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def format_value(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def evaluate(facts: ArticleFacts, state: RuleState, watchlists: Sequence[Watchlist]) -> list[Event]:
    """Every alert this article raises, in a stable order; ids make re-raising a no-op."""
    by_id = {w.id: w for w in watchlists if w.id in facts.watchlists}
    metrics = {m.id: m for w in by_id.values() for m in w.metrics}
    alerts: list[Event] = []
    for figure in facts.figures:
        metric = metrics.get(figure.metric or "")
        if metric is not None and not figure.is_previous:
            alerts.extend(_figure_alerts(facts, figure, metric, state, by_id[metric.watchlist]))
    for actor in facts.actors:
        alerts.extend(_actor_alerts(facts, actor, state, by_id))
    return _unique(alerts)


def _unique(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    return [e for e in events if not (e.event_id in seen or seen.add(e.event_id))]  # type: ignore[func-returns-value]


def _figure_alerts(facts: ArticleFacts, figure: Figure, metric: Metric, state: RuleState,
                   watchlist: Watchlist) -> list[Event]:
    # Earlier versions of this same article count as priors: a correction is a revision.
    priors = [p for p in state.figures if p.metric == metric.id]
    earlier = figure.previous_value if figure.previous_value is not None else _own_earlier(priors, figure, metric)
    if (watchlist.rules.revised_figure and earlier is not None and figure.credited_to is not None
            and not same_value(earlier, figure.value, metric.tolerance)):
        body = _figure_body(facts, figure, metric, priors, earlier)
        return [_alert(REVISED_FIGURE, facts, watchlist, metric.id, body,
                       (figure.credited_to, format_value(earlier), format_value(figure.value)))]
    known = [p.value for p in priors] + [f.value for f in facts.figures if f.is_previous and f.metric == metric.id]
    if watchlist.rules.new_figure and not any(same_value(v, figure.value, metric.tolerance) for v in known):
        return [_alert(NEW_FIGURE, facts, watchlist, metric.id, _figure_body(facts, figure, metric, priors, None),
                       (format_value(figure.value),))]
    return []


def _own_earlier(priors: Sequence[PriorFigure], figure: Figure, metric: Metric) -> float | None:
    """The source's latest earlier value, when this value is none of the values it gave before.

    A source may give several figures at once (1,500 sent so far, 12,000 in total); repeating one
    of them is corroboration, not a revision. Values an article gave as superseded ("up from 3,000")
    are not the source's latest.
    """
    own = [p.value for p in priors
           if p.credited_to is not None and p.credited_to == figure.credited_to and not p.is_previous]
    if not own or any(same_value(value, figure.value, metric.tolerance) for value in own):
        return None
    return own[-1]


def _figure_body(facts: ArticleFacts, figure: Figure, metric: Metric, priors: list[PriorFigure],
                 earlier: float | None) -> dict[str, Any]:
    source = figure.credited_to or "unattributed"
    value = format_value(figure.value) + ("" if figure.value_max is None else f"-{format_value(figure.value_max)}")
    approx = "about " if figure.approx and figure.qualifier == "about" else ""
    if earlier is None:
        title = f"{metric.label}: {approx}{value} ({source}), new figure"
    else:
        title = f"{metric.label}: {source} {format_value(earlier)} -> {value}"
    return {"title": title, "metric": metric.id, "metric_label": metric.label, "value": figure.value,
            "value_max": figure.value_max, "unit": figure.unit, "approx": figure.approx,
            "qualifier": figure.qualifier, "previous_value": earlier, "credited_to": figure.credited_to,
            "quote": figure.quote, "estimates": estimates(priors, facts, metric),
            "corroborating_outlets": corroboration(priors, figure, metric, facts.outlet)}


def estimates(priors: Sequence[PriorFigure], facts: ArticleFacts, metric: Metric) -> list[dict[str, Any]]:
    """Each source's current values for the metric: what it said, minus the values it revised.

    Read the way the revised-figure rule reads them: a value given as superseded ("up from 3,000")
    is dropped, and a new value from the same source in a later article replaces its latest one.
    """
    rows = [(p.article_id, p.credited_to, p.value, p.is_previous) for p in priors]
    rows += [(facts.article_id, f.credited_to, f.value, f.is_previous) for f in facts.figures if f.metric == metric.id]
    current: dict[str | None, list[float]] = {}
    for _, article_rows in groupby(rows, key=lambda row: row[0]):
        before = {source: list(values) for source, values in current.items()}
        for _, source, value, is_previous in article_rows:
            values = current.setdefault(source, [])
            if is_previous:
                values[:] = [v for v in values if not same_value(v, value, metric.tolerance)]
            elif not any(same_value(v, value, metric.tolerance) for v in values):
                earlier = before.get(source) if source is not None else None
                if earlier and earlier[-1] in values:
                    values.remove(earlier[-1])
                values.append(value)
    return [{"source": source or "unattributed", "values": sorted(values)}
            for source, values in sorted(current.items(), key=lambda item: item[0] or "unattributed") if values]


def corroboration(priors: Sequence[PriorFigure], figure: Figure, metric: Metric, outlet: str | None) -> int:
    """How many outlets have reported this value (this one included)."""
    outlets = {p.outlet or p.article_id for p in priors if same_value(p.value, figure.value, metric.tolerance)}
    return len(outlets | {outlet or "this article"})


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
        lines.append("Estimates by source: " + "; ".join(
            f"{e['source']}: {', '.join(format_value(v) for v in e['values'])}" for e in alert["estimates"]))
        lines.append(f"Evidence: \u201c{alert['quote']}\u201d")
    published = (alert.get("published_at") or "")[:10]
    lines.append(f"{alert.get('outlet') or 'unknown outlet'}, {published}: {alert.get('url')}")
    return "\n".join(lines)
