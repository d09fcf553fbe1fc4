"""The projections the rules read, as the open transaction's appends leave them. Pure.

Within one write transaction the projections of derived facts (p_articles, p_figures, p_actors, p_alerts)
are folded once, before the commit, not after each article (monitor/store/session.py): each fold costs
DuckDB 3-9 ms whatever its range. An article's rules read those projections as last folded, with the events
appended since laid over them here, merged the way the folds in monitor/store/projections.py merge them.
tests/test_overlay.py checks the two against each other on the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from monitor.events import (
    ACTOR_MENTIONED,
    ALERT_RAISED,
    ALERT_UPDATED,
    ARTICLE_EXTRACTED,
    FIGURE_REPORTED,
    Event,
    naive_utc,
)

Unfolded = Sequence[tuple[int, Event]]  # (seq, event), in log order
Row = tuple[Any, ...]


def _of(unfolded: Unfolded, type_: str) -> list[tuple[int, Mapping[str, Any]]]:
    return [(seq, event.payload) for seq, event in unfolded if event.type == type_]


def latest_articles(unfolded: Unfolded) -> dict[str, Mapping[str, Any]]:
    """article_id -> the payload of its latest article.extracted among the unfolded events."""
    return {str(payload["article_id"]): payload for _, payload in _of(unfolded, ARTICLE_EXTRACTED)}


def latest_observation(stored: str | None, article_id: str, unfolded: Unfolded) -> str | None:
    """p_articles.observation of the article."""
    latest = latest_articles(unfolded).get(article_id)
    return stored if latest is None else str(latest["observation"])


def outlets(stored: Iterable[str], unfolded: Unfolded) -> frozenset[str]:
    """The distinct outlets of p_articles."""
    return frozenset(stored) | {str(p["outlet"]) for p in latest_articles(unfolded).values() if p.get("outlet")}


def figure_rows(stored: Sequence[Row], metrics: Iterable[str], unfolded: Unfolded) -> list[Row]:
    """p_figures rows of these metrics as derivations.prior_figures reads them, in log order."""
    wanted = frozenset(metrics)
    added = [(p.get("metric"), _float(p.get("value")), p.get("credited_to"), p.get("outlet"), p.get("article_id"), seq,
              p.get("is_previous"), p.get("modality") or "current", p.get("quote"), int(p.get("start") or 0))
             for seq, p in _of(unfolded, FIGURE_REPORTED) if p.get("metric") in wanted]
    return [*stored, *added]  # every unfolded event comes after every folded one


def carrier_rows(stored: Sequence[Row], article_ids: Iterable[str], unfolded: Unfolded) -> list[Row]:
    """(article_id, outlet, guid, fingerprint) of these articles' latest versions, as rule_state.carriers reads."""
    wanted = frozenset(article_ids)
    latest = {a: p for a, p in latest_articles(unfolded).items() if a in wanted}
    kept = [row for row in stored if row[0] not in latest]
    return [*kept, *((a, p.get("outlet"), p.get("guid"), p.get("fingerprint")) for a, p in latest.items())]


def mentioned_rows(stored: Sequence[Row], article_id: str, unfolded: Unfolded) -> list[Row]:
    """Unknown actors first named in another article: (actor_id, name, variants, mentions, first_article_id,
    url, outlet, published). `stored` holds p_actors' rows for them and for every actor the unfolded events
    name, each with (known, first_seen_at, first_seq) after those eight; p_actors' fold merges them so."""
    actors = {str(row[0]): _Actor.stored(row) for row in stored}
    for seq, event in unfolded:
        if event.type == ACTOR_MENTIONED:
            actor_id, first = str(event.payload["actor_id"]), (naive_utc(event.occurred_at), seq)
            actors[actor_id] = (actors[actor_id].merged(first, event.payload) if actor_id in actors
                                else _Actor.new(first, event.payload))
    articles = latest_articles(unfolded)
    rows = []
    for actor in actors.values():
        if actor.known or actor.first_article_id == article_id:
            continue
        url, outlet, published = actor.article
        article = articles.get(actor.first_article_id or "")
        if article is not None:
            url, outlet, published = article.get("url"), article.get("outlet"), _timestamp(article.get("published_at"))
        rows.append((actor.actor_id, actor.name, actor.variants, actor.mentions, actor.first_article_id,
                     url, outlet, published))
    return rows


class _Actor:
    """One p_actors row while it is merged (mutable on purpose: it lives inside mentioned_rows only)."""

    __slots__ = ("actor_id", "article", "first", "first_article_id", "known", "mentions", "name", "variants")

    def __init__(self, actor_id: str, name: str, variants: Sequence[str], mentions: int, first_article_id: str | None,
                 article: tuple[Any, Any, Any], known: bool, first: tuple[datetime, int]):
        self.actor_id, self.name, self.variants, self.mentions = actor_id, name, list(variants), mentions
        self.first_article_id, self.article, self.known, self.first = first_article_id, article, known, first

    @classmethod
    def stored(cls, row: Row) -> _Actor:
        actor_id, name, variants, mentions, first_article, url, outlet, published, known, seen_at, first_seq = row
        return cls(actor_id, name, variants or (), int(mentions or 0), first_article, (url, outlet, published),
                   bool(known), (seen_at, int(first_seq)))

    @classmethod
    def new(cls, first: tuple[datetime, int], payload: Mapping[str, Any]) -> _Actor:
        return cls(str(payload["actor_id"]), payload["name"], sorted(set(payload.get("variants") or ())),
                   int(payload.get("mentions") or 0), payload.get("article_id"), (None, None, None),
                   bool(payload.get("known")), first)

    def merged(self, first: tuple[datetime, int], payload: Mapping[str, Any]) -> _Actor:
        """The fold's merge: the latest name, known if ever, variants united, mentions summed, the first
        article the earliest by (occurred_at, seq), a tie keeping the earlier."""
        if payload.get("name") is not None:
            self.name = payload["name"]
        self.known = self.known or bool(payload.get("known"))
        self.variants = sorted({*self.variants, *(payload.get("variants") or ())})
        self.mentions += int(payload.get("mentions") or 0)
        if first[0] < self.first[0]:
            self.first, self.first_article_id, self.article = first, payload.get("article_id"), (None, None, None)
        return self


def alerted_rows(stored: Sequence[Row], unfolded: Unfolded) -> list[Row]:
    """(subject, name, variants) of the new-actor alerts, one per subject, as rule_state reads p_alerts."""
    rows = {str(row[0]): row for row in stored}
    for _, payload in _of(unfolded, ALERT_RAISED):
        subject = str(payload.get("subject"))
        if payload.get("rule") == "new-actor" and subject not in rows:
            rows[subject] = (subject, payload.get("name"), payload.get("variants"))
    return list(rows.values())


def figure_alert_rows(stored: Sequence[tuple[str, Mapping[str, Any], int]], metrics: Iterable[str],
                      unfolded: Unfolded) -> list[tuple[str, dict[str, Any]]]:
    """(alert_id, payload as updated) of the figure alerts of these metrics with a value, in log order.
    `stored`: p_alerts' (alert_id, payload, seq) of those metrics; a raise of a known alert id changes
    nothing (p_alerts keeps the first), an update merges its patch into the payload (json_merge_patch)."""
    alerts = {alert_id: (seq, dict(payload)) for alert_id, payload, seq in stored}
    for seq, event in unfolded:
        alert_id = str(event.payload.get("alert_id"))
        if event.type == ALERT_RAISED and alert_id not in alerts:
            alerts[alert_id] = (seq, dict(event.payload))
        elif event.type == ALERT_UPDATED and alert_id in alerts:
            raised_seq, payload = alerts[alert_id]
            alerts[alert_id] = (raised_seq, merge_patch(payload, event.payload.get("patch")))
    wanted = frozenset(metrics)
    return [(alert_id, payload) for alert_id, (_, payload) in sorted(alerts.items(), key=lambda item: item[1][0])
            if payload.get("metric") in wanted and payload.get("value") is not None]


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch, as DuckDB's json_merge_patch applies it."""
    if not isinstance(patch, Mapping):
        return patch
    merged = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _timestamp(value: Any) -> str | None:
    """strftime(CAST(iso text AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S'): DuckDB drops the offset (always +00:00 here)."""
    return None if value is None else datetime.fromisoformat(str(value)).strftime("%Y-%m-%dT%H:%M:%S")
