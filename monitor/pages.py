"""HTML pages -> article text and metadata, through trafilatura. Pure: bytes or str in, values out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from trafilatura.settings import Document

from monitor.urls import redact

log = logging.getLogger(__name__)

# Below this many characters the precise pass is taken to have under-read the page and the
# page is read again with trafilatura's default (balanced) focus. 250 is trafilatura's own
# MIN_EXTRACTED_SIZE, the length under which its balanced mode already treats an extraction
# as short and rescues it from the whole page (favor_precision skips exactly that rescue);
# a real news article is longer than a headline plus one sentence (~150-250 characters).
MIN_PRECISE_CHARS = 250
# The default pass's text replaces the precise one only when longer and at least this long
# (about one news sentence): on a page with no article, the default pass dumps the page's menu
# or a "Loading…" placeholder, and None is the better answer (the poller then uses the feed's summary).
MIN_FALLBACK_CHARS = 100


# The page's publication date (not its last change) with its time and offset when the page gives them,
# found in the markup only (no guessing from the text): the poller prefers it to the feed's date.
DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    published_at: datetime | None
    lang: str | None
    outlet: str | None


def extract_page(html: str, url: str | None = None) -> PageContent | None:
    """Main text, title, date, language and site name of a page; None when no article text is found.

    The precise pass (favor_precision) drops more page furniture but empties some real pages
    (text only in JSON-LD, in a table cell, in a block trafilatura prunes as chrome); when it
    yields under MIN_PRECISE_CHARS the default pass is tried, and its text is taken when it is
    longer and at least MIN_FALLBACK_CHARS.
    No deduplication here: trafilatura's cache is process-wide, so a story syndicated by
    several outlets would lose its text after a few reads; the poller deduplicates articles.
    """
    document = _extract(html, url, precise=True)
    if len(_text(document)) < MIN_PRECISE_CHARS:
        fallback = _extract(html, url, precise=False)
        if len(_text(fallback)) > max(len(_text(document)), MIN_FALLBACK_CHARS - 1):
            log.debug("precise extraction of %s gave %d characters; using the default pass (%d)",
                      redact(url) if url else "page", len(_text(document)), len(_text(fallback)))
            document = fallback
    text = _text(document)
    if document is None or not text:
        return None
    return PageContent(text=text, title=document.title or None, published_at=_date(document.date),
                       lang=document.language or None, outlet=document.sitename or None)


def _extract(html: str, url: str | None, *, precise: bool) -> Document | None:
    document = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True,
        favor_precision=precise, date_extraction_params=DATE_PARAMS)
    return document if isinstance(document, Document) else None


def _text(document: Document | None) -> str:
    return (document.text or "").strip() if document is not None else ""


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        log.debug("unreadable page date %r", value)
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
