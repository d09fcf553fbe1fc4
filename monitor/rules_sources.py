"""Corroboration of figure alerts by source (monitor/corroboration.py applied to the rules). Pure.

A figure alert says how many independent sources and outlets carried its value so far ("reported by
1 source via 3 outlets"). When a later article carries the value of an alert raised before (a
syndicated copy, or another outlet), the alert is not raised again: an `alert.updated` event brings
its corroboration up to date, so a message still owed goes out with the new count and the `alerts`
view shows it; a message already delivered is not sent again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.corroboration import Carrier, Corroboration, corroborate
from monitor.extract.model import Figure
from monitor.rules_figures import PriorFigure, kind_of, same_value


@dataclass(frozen=True, slots=True)
class PriorAlert:
    """A figure alert the log holds, with its payload as it stands (updates applied)."""

    alert_id: str
    payload: Mapping[str, Any]

    @property
    def metric(self) -> str | None:
        return self.payload.get("metric")

    @property
    def value(self) -> float | None:
        value = self.payload.get("value")
        return float(value) if isinstance(value, (int, float)) else None


def carriers_of(value: float, modality: str | None, tolerance: float, priors: Sequence[PriorFigure],
                known: Mapping[str, Carrier], here: Carrier | None) -> list[Carrier]:
    """The articles that carried this value as the same kind of figure (estimate, projection, ...)."""
    kind = kind_of(modality, False)
    found = [known.get(p.article_id) or Carrier(p.article_id, p.outlet) for p in priors
             if kind_of(p.modality, p.is_previous) == kind and same_value(p.value, value, tolerance)]
    return found + ([here] if here is not None else [])


def fields(corroboration: Corroboration) -> dict[str, Any]:
    return {"corroborating_outlets": corroboration.outlets, "corroborating_sources": corroboration.sources,
            "corroboration": corroboration.wording}


def sourced(body: Mapping[str, Any], tolerance: float, priors: Sequence[PriorFigure],
            known: Mapping[str, Carrier], here: Carrier) -> dict[str, Any]:
    """A figure alert's body with its corroboration counted by source."""
    value = body.get("value")
    if not isinstance(value, (int, float)):
        return dict(body)
    found = carriers_of(float(value), body.get("modality"), tolerance, priors, known, here)
    return {**body, **fields(corroborate(found))}


def updates(alerts: Sequence[PriorAlert], figures: Sequence[Figure], tolerances: Mapping[str, float],
            priors: Sequence[PriorFigure], known: Mapping[str, Carrier], here: Carrier,
            raised: frozenset[str]) -> list[tuple[PriorAlert, dict[str, Any]]]:
    """(alert, new corroboration fields) for each earlier figure alert whose value this article carries
    and whose count of sources or outlets that changes."""
    found = []
    for alert in alerts:
        metric, value, modality = alert.metric, alert.value, alert.payload.get("modality")
        if metric is None or metric not in tolerances or value is None or alert.alert_id in raised:
            continue
        tolerance = tolerances[metric]
        if not any(f.metric == metric and kind_of(f.modality, f.is_previous) == kind_of(modality, False)
                   and same_value(f.value, value, tolerance) for f in figures):
            continue
        own = [p for p in priors if p.metric == metric]
        now = corroborate(carriers_of(value, modality, tolerance, own, known, here))
        before = (alert.payload.get("corroborating_sources"), alert.payload.get("corroborating_outlets"))
        if before != (now.sources, now.outlets):
            found.append((alert, fields(now)))
    return found
