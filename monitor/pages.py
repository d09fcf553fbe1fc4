"""HTML pages -> article text and metadata, through trafilatura. Pure: bytes or str in, values out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import trafilatura
from htmldate import find_date
from trafilatura.metadata import META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title
from trafilatura.settings import Document
from trafilatura.utils import load_html

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
DATE_PARAMS: dict[str, Any] = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    published_at: datetime | None
    lang: str | None
    outlet: str | None


def extract_page(html: str, url: str | None = None) -> PageContent | None:
    """Main text, title, date, language and site name of a page; None when no article text is found.

    The page is parsed once. The precise pass (favor_precision, fast: no comparison with the
    backup extractors) drops more page furniture but empties some real pages (text only in JSON-LD,
    in a table cell, in a block trafilatura prunes as chrome); when it yields under MIN_PRECISE_CHARS
    the default pass (with its backups) is tried, and its text is taken when it is longer and at
    least MIN_FALLBACK_CHARS. Only the metadata monitor uses is read (title, date, site name: no
    author, categories, tags or licence), and only for a page with text.
    The language is left to the extractor, which detects it once per article.
    No deduplication here: trafilatura's cache is process-wide, so a story syndicated by
    several outlets would lose its text after a few reads; the poller deduplicates articles.
    """
    tree = load_html(html)
    if tree is None:
        return None
    document = _extract(tree, url, precise=True)
    if len(_text(document)) < MIN_PRECISE_CHARS:
        fallback = _extract(tree, url, precise=False)
        if len(_text(fallback)) > max(len(_text(document)), MIN_FALLBACK_CHARS - 1):
            log.debug("precise extraction of %s gave %d characters; using the default pass (%d)",
                      redact(url) if url else "page", len(_text(document)), len(_text(fallback)))
            document = fallback
    text = _text(document)
    if document is None or not text:
        return None
    title, outlet, published = _metadata(tree, url)
    return PageContent(text=text, title=title, published_at=published, lang=None, outlet=outlet)


def _extract(tree: Any, url: str | None, *, precise: bool) -> Document | None:
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=False, with_metadata=False,
        favor_precision=precise, fast=precise)
    return document if isinstance(document, Document) else None


def _metadata(tree: Any, url: str | None) -> tuple[str | None, str | None, datetime | None]:
    """(title, site name, publication date) as trafilatura's extract_metadata finds them."""
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # trafilatura's own guard: its JSON-LD reader has bugs
        log.debug("JSON-LD metadata of %s unreadable: %s", redact(url) if url else "page", exc)
    title = meta.title or extract_title(tree)
    sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    if not sitename:
        found = META_URL.match(meta.url or url or "")
        sitename = found[1] if found else ""
    date = find_date(tree, url=meta.url or url, **DATE_PARAMS)
    return title or None, sitename or None, _date(date)


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
