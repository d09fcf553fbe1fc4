"""HTML pages -> article text and metadata, through trafilatura. Pure: bytes or str in, values out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    published_at: datetime | None
    lang: str | None
    outlet: str | None


def extract_page(html: str, url: str | None = None) -> PageContent | None:
    """Main text, title, date, language and site name of a page; None when no article text is found."""
    document = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True,
        favor_precision=True, deduplicate=True)
    if document is None or isinstance(document, dict):
        return None
    text = (document.text or "").strip()
    if not text:
        return None
    return PageContent(text=text, title=document.title or None, published_at=_date(document.date),
                       lang=document.language or None, outlet=document.sitename or None)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        log.debug("unreadable page date %r", value)
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
