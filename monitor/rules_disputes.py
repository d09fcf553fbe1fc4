"""The dispute rule: an alert naming who disputes what ("North Korea denies sending troops", "the Kremlin
calls the figures fake"), linked to the figures it answers. Pure: facts and disputes in, events out.

Each dispute of an article raises one `claim-disputed` alert naming the article's watchlists whose
`[rules] disputes` is on; its identity is who disputes, the kind and the figures (or the claim's words
when it answers no figure), so the same denial carried by ten outlets alerts once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from monitor.events import ALERT_RAISED, CLAIM_DISPUTED, Event, iso, make_event, stable_id
from monitor.extract.disputes import Dispute
from monitor.rules import ArticleFacts, actor_id, format_value
from monitor.watchlist import Watchlist

DISPUTED = "claim-disputed"
_VERBS = {"denial": "denies", "falsehood": "calls false", "unconfirmed": "does not confirm"}
_WORDS = re.compile(r"[^\W_]+")


def dispute_events(facts: ArticleFacts, disputes: Sequence[Dispute], stream: str, derivation: Mapping[str, Any]
                   ) -> list[Event]:
    """The claim.disputed facts of an article (one per dispute, in text order), each naming the derivation
    (its `derivation`, `extractor` and `watchlists_fingerprint`) that found it."""
    meta = {"article_id": facts.article_id, "outlet": facts.outlet, "published_at": iso(facts.published_at)}
    return [make_event(CLAIM_DISPUTED, stream, facts.published_at, {**meta, **_fields(dispute), **derivation},
                       derivation["derivation"], dispute.start, dispute.end) for dispute in disputes]


def dispute_alerts(facts: ArticleFacts, disputes: Sequence[Dispute], watchlists: Sequence[Watchlist]) -> list[Event]:
    """One alert per dispute, naming every matched watchlist that alerts on disputes (a target subscribed to
    several gets it once)."""
    listening = tuple(w.id for w in watchlists if w.id in facts.watchlists and w.rules.disputes)
    if not listening:
        return []
    alerts = [_alert(facts, listening, dispute) for dispute in disputes]
    return list({event.event_id: event for event in alerts}.values())


def _fields(dispute: Dispute) -> dict[str, Any]:
    return {"kind": dispute.kind, "disputer": dispute.disputer, "cue": dispute.cue, "claim": dispute.claim,
            "quote": dispute.quote, "values": list(dispute.values)}


def _alert(facts: ArticleFacts, watchlists: tuple[str, ...], dispute: Dispute) -> Event:
    who = dispute.disputer or "unnamed"
    what = ", ".join(format_value(v) for v in dispute.values) or " ".join(_WORDS.findall(dispute.claim.casefold()))
    alert_id = stable_id(DISPUTED, actor_id(who), dispute.kind, what)
    figures = f" ({', '.join(format_value(v) for v in dispute.values)})" if dispute.values else ""
    title = f"Disputed: {who} {_VERBS[dispute.kind]}{figures}: {dispute.claim}".rstrip(": ")
    payload: dict[str, Any] = {
        **_fields(dispute), "title": title, "alert_id": alert_id, "rule": DISPUTED, "watchlist": watchlists[0],
        "watchlists": list(watchlists),
        "subject": actor_id(who), "credited_to": dispute.disputer,
        "value": dispute.values[0] if dispute.values else None, "corroborating_outlets": 1,
        "article_id": facts.article_id, "url": facts.url, "article_title": facts.title, "outlet": facts.outlet,
        "published_at": iso(facts.published_at)}
    payload["body"] = render_dispute(payload)
    return make_event(ALERT_RAISED, f"alert:{alert_id}", facts.published_at, payload, alert_id)


def render_dispute(alert: dict[str, Any]) -> str:
    """Plain text: who disputes what, the evidence, the link."""
    disputed = ", ".join(format_value(v) for v in alert["values"]) or "the claim"
    published = (alert.get("published_at") or "")[:10]
    return "\n".join([
        f"{alert.get('disputer') or 'An unnamed party'} {_VERBS[alert['kind']]} {disputed}",
        f"Evidence: \u201c{alert['quote']}\u201d",
        f"{alert.get('outlet') or 'unknown outlet'}, {published}: {alert.get('url')}"])
