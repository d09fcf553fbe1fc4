"""One pipeline for replay and live polling: an article is observed, then derived (extraction, rules).

The observation (`article.observed`) is the fact; the extraction consumer reads observations after its own
position, in log order, and appends their derivations (figures, actors, disputes, alerts), each naming the
extractor and watchlists it was made with. `article_events` is the pure core; `Pipeline` wires it to a store
session and a clock. Both steps of one article share one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from monitor.corroboration import fingerprint
from monitor.derivation import DerivedWith, extractor_version, watchlists_fingerprint
from monitor.errors import StoreError
from monitor.event_schema import ArticleObserved, encode
from monitor.events import (
    ACTOR_MENTIONED,
    ALERT_RAISED,
    ALERT_UPDATED,
    ARTICLE_EXTRACTED,
    ARTICLE_OBSERVED,
    FIGURE_REPORTED,
    Event,
    iso,
    make_event,
    stable_id,
    typed,
)
from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import Extraction, extract
from monitor.extract.figures import MAX_FIGURES_PER_ARTICLE
from monitor.extract.text import find_publication_date
from monitor.rules import ArticleFacts, PriorFigure, RuleState, actor_id, evaluate
from monitor.rules_disputes import dispute_alerts, dispute_events
from monitor.rules_readings import related_metrics
from monitor.sources import ArticleInput, limit_article
from monitor.store import Session
from monitor.store.derivations import (
    EXTRACTION,
    consumer_position,
    has_event,
    latest_observation,
    move_consumer,
    observations_after,
    prior_figures,
)
from monitor.store.rule_state import actor_state, carriers, figure_alerts
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


def observation(article: ArticleInput, fetched_at: datetime, supersedes: str | None = None) -> Event:
    """The article.observed event of one article version: what was fetched or replayed, as it was. Pure."""
    article_id = article_id_for(article.url)
    digest = content_hash(article.text)
    observed = ArticleObserved(
        article_id=article_id, url=article.url, canonical_url=canonical_url(article.url), outlet=article.outlet,
        feed_url=article.feed_url, source=article.source, title=article.title, text=article.text, lang=article.lang,
        published_at=iso(article.published_at), fetched_at=iso(fetched_at) or "", content_hash=digest,
        supersedes=supersedes, from_summary=article.from_summary, guid=article.guid, entry_hash=article.entry_hash)
    return make_event(ARTICLE_OBSERVED, f"article:{article_id}", article.published_at or fetched_at, observed, digest)


def observed_article(observed: ArticleObserved) -> ArticleInput:
    """The article an observation holds, as the extractor reads it."""
    published = datetime.fromisoformat(observed.published_at) if observed.published_at else None
    return ArticleInput(observed.url, observed.text, observed.title, observed.outlet, observed.lang, published,
                        observed.source, observed.feed_url, observed.from_summary, observed.guid, observed.entry_hash)


def article_events(article: ArticleInput, extraction: Extraction, published_at: datetime,
                   state: RuleState, watchlists: Sequence[Watchlist], observation_id: str,
                   derived: DerivedWith) -> list[Event]:
    """The derived events of one article version: extracted, figures, actors, disputes, and the alerts they
    raise, each naming this derivation. Pure."""
    article_id = article_id_for(article.url)
    digest = content_hash(article.text)
    derivation = derived.derivation(observation_id)
    stamp: dict[str, Any] = {"derivation": derivation, "extractor": derived.extractor,
                             "watchlists_fingerprint": derived.watchlists_fingerprint}
    stream = f"article:{article_id}"
    doc = extraction.document
    # the body's sentences, page furniture left out: syndicated copies differ in their chrome
    print_ = fingerprint(" ".join(s.text for s in doc.sentences if not s.boilerplate) or doc.text)
    meta: dict[str, Any] = {"article_id": article_id, "outlet": article.outlet, "published_at": iso(published_at)}
    events = [make_event(ARTICLE_EXTRACTED, stream, published_at, {
        **meta, **stamp, "observation": observation_id, "url": article.url, "title": doc.title, "lang": doc.lang,
        "supported": extraction.supported, "watchlists": list(extraction.watchlists),
        "content_hash": digest, "source": article.source, "feed_url": article.feed_url,
        "from_summary": article.from_summary, "guid": article.guid, "entry_hash": article.entry_hash,
        "fingerprint": print_.to_json()}, derivation)]
    metric_watchlist = {m.id: w.id for w in watchlists for m in w.metrics}
    for figure in extraction.figures:
        payload = {**meta, **stamp, "metric": figure.metric, "watchlist": metric_watchlist.get(figure.metric or ""),
                   "value": figure.value, "value_max": figure.value_max, "unit": figure.unit,
                   "counted": figure.counted, "approx": figure.approx, "qualifier": figure.qualifier,
                   "credited_to": figure.credited_to, "credit_carried": figure.credit_carried,
                   "quote": figure.quote, "start": figure.start, "end": figure.end,
                   "previous_value": figure.previous_value, "is_previous": figure.is_previous,
                   "modality": figure.modality, "side": figure.side, "via": figure.via}
        events.append(make_event(FIGURE_REPORTED, stream, published_at, payload, derivation, figure.start,
                                 figure.end))
    for actor in extraction.actors:
        payload = {**meta, **stamp, "actor_id": actor_id(actor.name), "name": actor.name, "kind": actor.kind,
                   "role": actor.role, "known": actor.known, "variants": list(actor.variants),
                   "listed_in": list(actor.watchlists), "article_watchlists": list(extraction.watchlists),
                   "mentions": len(actor.spans)}
        events.append(make_event(ACTOR_MENTIONED, stream, published_at, payload, derivation, actor_id(actor.name)))
    facts = ArticleFacts(article_id, article.url, doc.title, article.outlet, published_at, extraction.watchlists,
                         extraction.figures, extraction.actors, fingerprint=print_, guid=article.guid)
    disputes = dispute_events(facts, extraction.disputes, stream, stamp)
    alerts = evaluate(facts, state, watchlists) + dispute_alerts(facts, extraction.disputes, watchlists)
    return events + disputes + [stamped(e, stamp) for e in alerts]


def stamped(event: Event, stamp: dict[str, Any]) -> Event:
    """The event with the derivation's fields in its payload (its id unchanged: an alert is the same alert
    whichever derivation raised it)."""
    return replace(event, payload=encode(event.type, {**event.payload, **stamp}))


class Pipeline:
    """Observes articles and runs the extraction consumer; each article is one transaction."""

    def __init__(self, session: Session, watchlists: Sequence[Watchlist], clock: Callable[[], datetime],
                 max_article_chars: int | None = None, max_figures: int = MAX_FIGURES_PER_ARTICLE,
                 derived_with: DerivedWith | None = None):
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
        self.derived_with = derived_with or DerivedWith(extractor_version(), watchlists_fingerprint(self.watchlists))

    def process(self, article: ArticleInput, fallback_published_at: datetime | None = None) -> ArticleOutcome:
        """Observe one article version (a version already in the log is a duplicate) and derive it."""
        if self.max_article_chars is not None:
            article = limit_article(article, self.max_article_chars, article.url)
        article_id = article_id_for(article.url)
        observed = observation(article, fallback_published_at or self.clock(),
                               latest_observation(self.session, article_id))
        if has_event(self.session, observed.event_id):
            return ArticleOutcome(article_id, article.url, True, (), 0, ())
        return self._observe(observed)

    def observe(self, event: Event) -> ArticleOutcome | None:
        """Append a stored observation (monitor reextract's scratch log) and derive it; None if known."""
        if has_event(self.session, event.event_id):
            return None
        return self._observe(event)

    def _observe(self, observed: Event) -> ArticleOutcome:
        """A new observation and its derivation, appended together (one insert, one fold) when no earlier
        observation waits underived; else after those, in log order (an earlier run was cut short)."""
        with self.session.transaction():
            position = consumer_position(self.session, EXTRACTION)
            if observations_after(self.session, position, limit=1):
                self.consume()
            head = self.session.head()
            outcome = self._derive(observed, with_observation=True)
            move_consumer(self.session, EXTRACTION, head + 1)  # the observation is the first event appended
        return outcome

    def consume(self) -> list[ArticleOutcome]:
        """Derive every observation after the consumer's position, in log order, moving the position."""
        outcomes = []
        with self.session.transaction():
            while batch := observations_after(self.session, consumer_position(self.session, EXTRACTION)):
                for seq, event in batch:
                    outcomes.append(self._derive(event))
                    move_consumer(self.session, EXTRACTION, seq)
        return outcomes

    def _derive(self, event: Event, *, with_observation: bool = False) -> ArticleOutcome:
        """Extract an observation and append what it yields (`with_observation`: after the observation itself,
        in the same append)."""
        observed = typed(event)
        assert isinstance(observed, ArticleObserved)
        article = observed_article(observed)
        extraction = extract(article.text, self.watchlists, self.gazetteer, lang=article.lang, title=article.title,
                             max_figures=self.max_figures)
        if len(extraction.figures) >= self.max_figures:
            log.warning("%s: only the first %d figures of the article were kept (the extractor's cap)",
                        article.url, self.max_figures)
        published = (article.published_at or find_publication_date(extraction.document.text, extraction.document.lang)
                     or datetime.fromisoformat(observed.fetched_at))
        events = article_events(article, extraction, published, self._state(extraction, observed.article_id),
                                self.watchlists, event.event_id, self.derived_with)
        # an alert's id is the alert's, whichever article raises it: one the log holds is not raised again
        known = self.session.known_ids([e.event_id for e in events if e.type in (ALERT_RAISED, ALERT_UPDATED)])
        events = [e for e in events if e.event_id not in known]
        appended = set(self.session.append([event, *events] if with_observation else events, self.clock()))
        if with_observation and event.event_id not in appended:
            raise StoreError(f"{article.url}: its observation {event.event_id} was not appended (already in the log)")
        alerts = tuple(dict(e.payload) for e in events if e.type == ALERT_RAISED and e.event_id in appended)
        return ArticleOutcome(observed.article_id, article.url, False, extraction.watchlists, len(appended), alerts)

    def _state(self, extraction: Extraction, article_id: str) -> RuleState:
        # the log's figures of these metrics, and of every metric counting the same side's people
        metrics = related_metrics({f.metric for f in extraction.figures if f.metric}, self.watchlists)
        priors = tuple(PriorFigure(*row) for row in prior_figures(self.session, metrics))
        return RuleState(figures=priors, actors=actor_state(self.session, article_id),
                         carriers=carriers(self.session, [p.article_id for p in priors]),
                         figure_alerts=figure_alerts(self.session, metrics))
