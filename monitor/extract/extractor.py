"""The extractor: article text -> watchlists matched, figures and actors. One entry point, pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from monitor.extract.actor_scan import ScanBook
from monitor.extract.actors import Gazetteer, find_actors
from monitor.extract.disputes import Dispute, find_disputes
from monitor.extract.figures import MAX_FIGURES_PER_ARTICLE, extract_figures
from monitor.extract.langdetect import is_supported
from monitor.extract.model import ActorMention, Document, Figure
from monitor.extract.text import prepare_document
from monitor.matching import match_watchlists
from monitor.watchlist import Watchlist


@dataclass(frozen=True, slots=True)
class Extraction:
    document: Document
    watchlists: tuple[str, ...]
    figures: tuple[Figure, ...]
    actors: tuple[ActorMention, ...]
    supported: bool = True  # False: the text's language has no pack, so nothing was extracted from it
    disputes: tuple[Dispute, ...] = ()  # statements that deny or call false what was reported


def body_texts(doc: Document) -> list[str]:
    """The sentences that carry the article (page furniture and related headlines left out)."""
    return [s.text for s in doc.sentences if not s.boilerplate]


def extract(text: str, watchlists: Sequence[Watchlist], gazetteer: Gazetteer, *,
            lang: str | None = None, title: str | None = None, require_match: bool = True,
            max_figures: int = MAX_FIGURES_PER_ARTICLE) -> Extraction:
    """Prepare the text, match watchlists, and extract figures and actors from a matching article.

    An article that matches no watchlist yields no figures or actors unless require_match is False. Text in
    a language with no pack is matched but not read: no other language's pack is forced on it.

    Work is bounded for any text: sentences are at most text.MAX_SENTENCE_CHARS long (longer runs are split
    at clause breaks), a figure's quote at most figures.MAX_QUOTE_CHARS, and only the first `max_figures`
    figures are kept. Cutting overlong articles (limits.max_article_chars) is the caller's: see
    monitor.sources.limit_article.
    """
    doc = prepare_document(text, lang=lang, title=title)
    matched = match_watchlists(body_texts(doc), watchlists)
    if not is_supported(doc.lang):
        return Extraction(doc, matched, (), (), supported=False)
    if require_match and not matched:
        return Extraction(doc, matched, (), ())
    active = [w for w in watchlists if w.id in matched]
    scans = ScanBook(doc.text, gazetteer.index, doc.lang)  # each sentence scanned once, for actors and credits
    actors = tuple(find_actors(doc, gazetteer, scans))
    figures = tuple(extract_figures(doc, active, actors, gazetteer, scans, max_figures))
    return Extraction(doc, matched, figures, actors, disputes=find_disputes(doc, figures, gazetteer, scans))
