"""Figure rules: which figures of an article are news for a metric, and how each is told. Pure.

What a figure is decides what it may raise (its modality, monitor/extract/figure_facets.py):
- a current estimate or running total (modality current or total) raises `revised-figure` when its
  source gave another current estimate of the metric before ("Pentagon 3,000 -> 10,000": the prior is
  that source's latest current estimate, or the earlier value the sentence itself gives, "up from
  3,000"), else `new-figure` when no source gave that value before, or `confirmed-figure` when
  another source did (an independent source giving the same value is news; the same source again,
  in any outlet, is corroboration and raises nothing, and so is an article that credits the value to
  one who gave it before as well as to another; rules.confirmed_figure, default on);
- a projection or plan ("expected to reach 10,000 by December") raises `projected-figure`, never a
  revision (watchlist setting rules.projected_figure, default on); a current value its source gives
  in the same article, or gave before, as a plan is no revision either ("sends 6,000" in a headline
  over "plans to send 6,000"), nor is a value whose sentence gives a larger one from the same source
  ("6,000 personnel, 1,000 of them engineers");
- the count of one incident ("a strike killed 20") raises `incident-figure` and never revises or
  replaces a running total (rules.incident_figure, default off);
- an earlier estimate cited in a later text (is_previous, modality earlier) and a hypothetical
  ("could send 30,000") raise nothing;
- a figure no source is credited with raises nothing and counts as no one's value: it is held until
  a source gives it, which then raises new-figure (rules.unattributed_figure, default off);
- a credit carried from the paragraph's last attribution (not given in the figure's sentence) may
  tell a new value, but never makes a revision ("Zelensky 20,000 -> 15,000") or a second source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monitor.extract.model import Figure
from monitor.watchlist import Metric, RuleSettings

NEW_FIGURE = "new-figure"
REVISED_FIGURE = "revised-figure"
CONFIRMED_FIGURE = "confirmed-figure"
PROJECTED_FIGURE = "projected-figure"
INCIDENT_FIGURE = "incident-figure"
FIGURE_RULES = (NEW_FIGURE, REVISED_FIGURE, CONFIRMED_FIGURE, PROJECTED_FIGURE, INCIDENT_FIGURE)
# A value this many times larger or smaller than the source's last counts something else (a misread
# noun, a subset), not a revision of it: "11,000 -> 2" is no revision.
REVISION_FACTOR = 20

ESTIMATE, PROJECTION, INCIDENT, CONTEXT = "estimate", "projection", "incident", "context"
_KIND = {"current": ESTIMATE, "total": ESTIMATE, "projection": PROJECTION, "incident": INCIDENT}


@dataclass(frozen=True, slots=True)
class PriorFigure:
    metric: str
    value: float
    credited_to: str | None
    outlet: str | None
    article_id: str
    seq: int
    is_previous: bool = False
    modality: str = "current"
    quote: str | None = None  # its sentence, and where in the article it stands (rules_readings)
    start: int = 0


@dataclass(frozen=True, slots=True)
class Here:
    """The article being evaluated, as the figure rules need it."""

    article_id: str
    outlet: str | None
    figures: tuple[Figure, ...]  # every figure of the article, in text order


@dataclass(frozen=True, slots=True)
class FigureAlert:
    rule: str
    subject: str  # the metric id
    body: dict[str, Any]
    value_key: tuple[str, ...]  # with rule, watchlist and subject: the alert's identity


def kind_of(modality: str | None, is_previous: bool) -> str:
    """estimate (current or total), projection, incident, or context (earlier, hypothetical)."""
    return CONTEXT if is_previous else _KIND.get(modality or "current", CONTEXT)


def same_value(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def format_value(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def figure_alerts(figure: Figure, metric: Metric, rules: RuleSettings, priors: Sequence[PriorFigure],
                  here: Here) -> list[FigureAlert]:
    """What this figure of the metric raises, given the metric's figures in the log before (by seq)."""
    kind = kind_of(figure.modality, figure.is_previous)
    if not rules.unattributed_figure:  # a figure no one stands behind is held until a source gives it
        if figure.credited_to is None:
            return []
        priors = [p for p in priors if p.credited_to is not None]
    if kind == ESTIMATE:
        return _estimate_alerts(figure, metric, rules, priors, here)
    if kind == PROJECTION and rules.projected_figure:
        known = [p.value for p in priors if kind_of(p.modality, p.is_previous) in (ESTIMATE, PROJECTION)]
        known += [f.value for f in _of(here, metric) if kind_of(f.modality, f.is_previous) == ESTIMATE]
        return _if_new(PROJECTED_FIGURE, figure, metric, priors, here, known)
    if kind == INCIDENT and rules.incident_figure:
        known = [p.value for p in priors if kind_of(p.modality, p.is_previous) == INCIDENT]
        return _if_new(INCIDENT_FIGURE, figure, metric, priors, here, known)
    return []


def _of(here: Here, metric: Metric) -> list[Figure]:
    return [f for f in here.figures if f.metric == metric.id]


def _estimate_alerts(figure: Figure, metric: Metric, rules: RuleSettings, priors: Sequence[PriorFigure],
                     here: Here) -> list[FigureAlert]:
    estimates_before = [p for p in priors if kind_of(p.modality, p.is_previous) == ESTIMATE]
    no_revision = _planned(figure, metric, priors, here) or _part(figure, metric, here)
    earlier = None if no_revision else revision_base(figure, estimates_before, metric)
    if (rules.revised_figure and earlier is not None and figure.credited_to is not None
            and not figure.credit_carried and not same_value(earlier, figure.value, metric.tolerance)):
        body = _body(REVISED_FIGURE, figure, metric, priors, here, earlier)
        return [FigureAlert(REVISED_FIGURE, metric.id, body,
                            (figure.credited_to, format_value(earlier), format_value(figure.value)))]
    if not rules.new_figure:
        return []
    cited = [f.value for f in _of(here, metric) if f.is_previous]  # "up from 3,000": given here as earlier
    givers = sorted({p.credited_to or "unattributed" for p in estimates_before
                     if same_value(p.value, figure.value, metric.tolerance)})
    if figure.credited_to is None or not givers:
        return _if_new(NEW_FIGURE, figure, metric, priors, here, [p.value for p in estimates_before] + cited)
    if figure.credited_to in givers or not rules.confirmed_figure or figure.credit_carried \
            or _relayed(figure, metric, here, givers):
        return []
    body = _body(CONFIRMED_FIGURE, figure, metric, priors, here, None)
    body["title"] = f"{_title(NEW_FIGURE, figure, metric, None).removesuffix(', new figure')}, " \
                    f"as {', '.join(givers)} said before"
    body["confirms"] = givers
    return [FigureAlert(CONFIRMED_FIGURE, metric.id, body, (format_value(figure.value), figure.credited_to))]


def _relayed(figure: Figure, metric: Metric, here: Here, givers: Sequence[str]) -> bool:
    """Whether this article credits the value to one of the sources that gave it before, too: then
    it repeats that source's figure, and the other credit it gives is no second source."""
    return any(f.credited_to in givers and same_value(f.value, figure.value, metric.tolerance)
               for f in _of(here, metric))


def _part(figure: Figure, metric: Metric, here: Here) -> bool:
    """Whether the figure's sentence gives a larger value of the metric from the same source: then it
    is a part of that one ("6,000 personnel, 1,000 of them engineers"; "4,700 casualties, 600 of them
    deaths") or another estimate beside it ("13,000, other estimates up to 15,000"), no revision."""
    return figure.previous_value is None and any(
        f.quote == figure.quote and f.credited_to == figure.credited_to and f.value > figure.value
        and not same_value(f.value, figure.value, metric.tolerance)
        and kind_of(f.modality, f.is_previous) in (ESTIMATE, PROJECTION) for f in _of(here, metric))


def _planned(figure: Figure, metric: Metric, priors: Sequence[PriorFigure], here: Here) -> bool:
    """Whether the figure's source gives (here) or gave (before) this value as a projection or plan: a
    headline's "North Korea sends 6,000" over "plans to send 6,000", or the plan carried out, is no
    revision of the source's count."""
    plans = [p.value for p in priors if p.credited_to == figure.credited_to
             and kind_of(p.modality, p.is_previous) == PROJECTION]
    plans += [f.value for f in _of(here, metric) if f.credited_to == figure.credited_to
              and kind_of(f.modality, f.is_previous) == PROJECTION]
    return figure.credited_to is not None and figure.previous_value is None \
        and any(same_value(value, figure.value, metric.tolerance) for value in plans)


def revision_base(figure: Figure, estimates_before: Sequence[PriorFigure], metric: Metric) -> float | None:
    """The value this figure revises: the earlier value its sentence gives ("up from 3,000"), else its
    source's latest current estimate when this value is none the source gave before and is within
    REVISION_FACTOR of it.

    A source may give several figures at once (1,500 sent so far, 12,000 in total); repeating one
    of them is corroboration, not a revision.
    """
    if figure.previous_value is not None:
        return figure.previous_value
    if figure.credited_to is None:
        return None
    own = [p.value for p in estimates_before if p.credited_to == figure.credited_to]
    if not own or any(same_value(value, figure.value, metric.tolerance) for value in own):
        return None
    latest = own[-1]
    if min(abs(latest), abs(figure.value)) * REVISION_FACTOR < max(abs(latest), abs(figure.value)):
        return None
    return latest


def _if_new(rule: str, figure: Figure, metric: Metric, priors: Sequence[PriorFigure], here: Here,
            known: Sequence[float]) -> list[FigureAlert]:
    if any(same_value(value, figure.value, metric.tolerance) for value in known):
        return []
    body = _body(rule, figure, metric, priors, here, None)
    return [FigureAlert(rule, metric.id, body, (format_value(figure.value),))]


def _title(rule: str, figure: Figure, metric: Metric, earlier: float | None) -> str:
    source = figure.credited_to or "unattributed"
    value = format_value(figure.value) + ("" if figure.value_max is None else f"-{format_value(figure.value_max)}")
    approx = "about " if figure.approx and figure.qualifier == "about" else ""
    if rule == REVISED_FIGURE and earlier is not None:
        return f"{metric.label}: {source} {format_value(earlier)} -> {value}"
    if rule == PROJECTED_FIGURE:
        return f"{metric.label}: {approx}{value} expected ({source}), projection"
    if rule == INCIDENT_FIGURE:
        return f"{metric.label}: {approx}{value} in one incident ({source})"
    return f"{metric.label}: {approx}{value} ({source}), new figure"


def _body(rule: str, figure: Figure, metric: Metric, priors: Sequence[PriorFigure], here: Here,
          earlier: float | None) -> dict[str, Any]:
    by_source = estimates(priors, _of(here, metric))
    values = [e["value"] for e in by_source]
    return {"title": _title(rule, figure, metric, earlier), "metric": metric.id, "metric_label": metric.label,
            "quantity": metric.quantity, "side": metric.side, "modality": figure.modality,
            "value": figure.value, "value_max": figure.value_max, "unit": figure.unit, "approx": figure.approx,
            "qualifier": figure.qualifier, "previous_value": earlier, "credited_to": figure.credited_to,
            "quote": figure.quote, "estimates": by_source,
            "spread": [min(values), max(values)] if len(set(values)) > 1 else None,
            "corroborating_outlets": corroboration(priors, figure, metric, here)}


def estimates(priors: Sequence[PriorFigure], figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """Each source's latest current estimate of the metric (projections, incidents, earlier and
    unattributed values left out), this article's after the log's."""
    latest: dict[str, float] = {}
    rows = [(p.credited_to, p.value, p.modality, p.is_previous) for p in priors]
    rows += [(f.credited_to, f.value, f.modality, f.is_previous) for f in figures]
    for source, value, modality, is_previous in rows:
        if source is not None and kind_of(modality, is_previous) == ESTIMATE:
            latest.pop(source, None)
            latest[source] = value
    return [{"source": source, "value": value} for source, value in sorted(latest.items())]


def corroboration(priors: Sequence[PriorFigure], figure: Figure, metric: Metric, here: Here) -> int:
    """How many outlets have reported this value (this one included)."""
    kind = kind_of(figure.modality, figure.is_previous)
    outlets = {p.outlet or p.article_id for p in priors
               if kind_of(p.modality, p.is_previous) == kind and same_value(p.value, figure.value, metric.tolerance)}
    return len(outlets | {here.outlet or "this article"})
