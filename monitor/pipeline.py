"""One pipeline for replay and live polling: article -> extraction -> events -> rules -> one append.

`article_events` is the pure core; `Pipeline` wires it to a store session and a clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from monitor.corroboration import fingerprint
from monitor.events import (
    ACTOR_MENTIONED,
    ALERT_RAISED,
    ARTICLE_EXTRACTED,
    FIGURE_REPORTED,
    Event,
    iso,
    make_event,
    stable_id,
)
from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import Extraction, extract
from monitor.extract.figures import MAX_FIGURES_PER_ARTICLE
from monitor.extract.text import find_publication_date
from monitor.rule_state import actor_state, carriers, figure_alerts
from monitor.rules import ArticleFacts, PriorFigure, RuleState, actor_id, evaluate
from monitor.rules_disputes import dispute_alerts, dispute_events
from monitor.rules_readings import related_metrics
from monitor.sources import ArticleInput, limit_article
from monitor.store import Session
from monitor.urls import canonical_url, content_hash
from monitor.watchlist import Watchlist

log = logging.getLogger(__name__)

def article_id_for(url: str) -> str:
    return stable_id("article", canonical_url(url), length=16)


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    article_id: str
    url: str
    duplicate: bool
    watchlists: tuple[str, ...]
    appended: int
    alerts: tuple[dict[str, Any], ...]


def article_events(article: ArticleInput, extraction: Extraction, published_at: datetime,
                   state: RuleState, watchlists: Sequence[Watchlist]) -> list[Event]:
    """The events of one article version: extracted, figures, actors, and the alerts they raise."""
    article_id = article_id_for(article.url)
    digest = content_hash(article.text)
    stream = f"article:{article_id}"
    doc = extraction.document
    # the body's sentences, page furniture left out: syndicated copies differ in their chrome
    print_ = fingerprint(" ".join(s.text for s in doc.sentences if not s.boilerplate) or doc.text)
    meta: dict[str, Any] = {"article_id": article_id, "outlet": article.outlet, "published_at": iso(published_at)}
    events = [make_event(ARTICLE_EXTRACTED, stream, published_at, {
        **meta, "url": article.url, "title": doc.title, "lang": doc.lang, "supported": extraction.supported,
        "watchlists": list(extraction.watchlists),
        "content_hash": digest, "source": article.source, "feed_url": article.feed_url,
        "from_summary": article.from_summary, "guid": article.guid, "entry_hash": article.entry_hash,
        "text": doc.text, "fingerprint": print_.to_json()}, digest)]
    metric_watchlist = {m.id: w.id for w in watchlists for m in w.metrics}
    for figure in extraction.figures:
        payload = {**meta, "metric": figure.metric, "watchlist": metric_watchlist.get(figure.metric or ""),
                   "value": figure.value, "value_max": figure.value_max, "unit": figure.unit,
                   "counted": figure.counted, "approx": figure.approx, "qualifier": figure.qualifier,
                   "credited_to": figure.credited_to, "credit_carried": figure.credit_carried,
                   "quote": figure.quote, "start": figure.start, "end": figure.end,
                   "previous_value": figure.previous_value, "is_previous": figure.is_previous,
                   "modality": figure.modality, "side": figure.side, "via": figure.via}
        events.append(make_event(FIGURE_REPORTED, stream, published_at, payload, digest, figure.start, figure.end))
    for actor in extraction.actors:
        payload = {**meta, "actor_id": actor_id(actor.name), "name": actor.name, "kind": actor.kind,
                   "role": actor.role, "known": actor.known, "variants": list(actor.variants),
                   "listed_in": list(actor.watchlists), "article_watchlists": list(extraction.watchlists),
                   "mentions": len(actor.spans)}
        events.append(make_event(ACTOR_MENTIONED, stream, published_at, payload, digest, actor_id(actor.name)))
    facts = ArticleFacts(article_id, article.url, doc.title, article.outlet, published_at, extraction.watchlists,
                         extraction.figures, extraction.actors, fingerprint=print_, guid=article.guid)
    disputes = dispute_events(facts, extraction.disputes, stream, digest)
    return events + disputes + evaluate(facts, state, watchlists) + dispute_alerts(facts, extraction.disputes,
                                                                                    watchlists)


class Pipeline:
    """Runs articles through extraction and rules and appends each one in one transaction."""

    def __init__(self, session: Session, watchlists: Sequence[Watchlist], clock: Callable[[], datetime],
                 max_article_chars: int | None = None, max_figures: int = MAX_FIGURES_PER_ARTICLE):
        self.session = session
        self.watchlists = tuple(watchlists)
        self.clock = clock
        # The sources cut overlong text to limits.max_article_chars (files, pages, feed summaries); a caller
        # may pass it here too (a backstop for spooled text); the extractor bounds the rest (sentences,
        # quotes, figures: extract(max_figures=...)).
        self.max_article_chars = max_article_chars
        self.max_figures = max_figures
        # The watchlists' actors only: what the log saw before never changes what a text yields, so
        # the same text gives the same figures, credits and actors in any order and any process.
        self.gazetteer = build_gazetteer(self.watchlists)

    def process(self, article: ArticleInput, fallback_published_at: datetime | None = None) -> ArticleOutcome:
        if self.max_article_chars is not None:
            article = limit_article(article, self.max_article_chars, article.url)
        article_id = article_id_for(article.url)
        first_id = make_event(ARTICLE_EXTRACTED, f"article:{article_id}", datetime.now(UTC), {},
                              content_hash(article.text)).event_id
        if self.session.scalar("SELECT count(*) FROM events WHERE event_id = $id", {"id": first_id}):
            return ArticleOutcome(article_id, article.url, True, (), 0, ())
        extraction = extract(article.text, self.watchlists, self.gazetteer, lang=article.lang, title=article.title,
                             max_figures=self.max_figures)
        if len(extraction.figures) >= self.max_figures:
            log.warning("%s: only the first %d figures of the article were kept (the extractor's cap)",
                        article.url, self.max_figures)
        published = (article.published_at or find_publication_date(extraction.document.text, extraction.document.lang)
                     or fallback_published_at or self.clock())
        events = article_events(article, extraction, published, self._state(extraction, article_id), self.watchlists)
        appended = set(self.session.append(events, self.clock()))
        alerts = tuple(dict(e.payload) for e in events if e.type == ALERT_RAISED and e.event_id in appended)
        return ArticleOutcome(article_id, article.url, False, extraction.watchlists, len(appended), alerts)

    def _state(self, extraction: Extraction, article_id: str) -> RuleState:
        # the log's figures of these metrics, and of every metric counting the same side's people
        metrics = related_metrics({f.metric for f in extraction.figures if f.metric}, self.watchlists)
        figures = self.session.query(
            "SELECT f.metric, f.value, f.credited_to, f.outlet, f.article_id, f.seq, f.is_previous, "
            "coalesce(f.modality, 'current'), f.quote, coalesce(TRY_CAST(e.payload->>'start' AS INTEGER), 0) "
            "FROM p_figures f JOIN events e ON e.event_id = f.event_id "
            "WHERE list_contains($metrics, f.metric) ORDER BY f.seq", {"metrics": metrics})
        priors = tuple(PriorFigure(*row) for row in figures.rows)
        return RuleState(figures=priors, actors=actor_state(self.session, article_id),
                         carriers=carriers(self.session, [p.article_id for p in priors]),
                         figure_alerts=figure_alerts(self.session, metrics))
