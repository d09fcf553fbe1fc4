"""An Atom 1.0 feed of alerts (RFC 4287), so any feed reader can follow the monitor. Pure: values in, bytes out.

`alerts_atom(alerts, *, feed_id, title, self_url, now)` builds the document: the feed's `id`, `title`,
`updated` (the newest entry's, else `now`), a `self` link (unless None: a file has no address) and an
author; one entry per alert, newest first, whose `id` is `alert_entry_id(alert_id)` (a `urn:` URI of the
stable alert id, so a reader never shows the same alert twice), `updated` (when it was raised or last
updated), `published` (the article's time), the alert's title, a category per rule and watchlist, the
alerted article as `alternate` link (http and https only: a feed from strangers may name any scheme), and
an HTML `content` with the source, the evidence sentence, the outlet and the link. Every text is escaped
by the XML serialiser; the HTML inside `content` is escaped first, so a `<script>` in an article is text
twice over.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote

from monitor.report_rows import AlertRow

ATOM_NS = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def alert_entry_id(alert_id: str) -> str:
    """The entry id of an alert: the same alert id always gives the same URI."""
    return f"urn:monitor:alert:{quote(alert_id, safe='')}"


def alerts_atom(alerts: Sequence[AlertRow], *, feed_id: str, title: str, self_url: str | None,
                now: datetime) -> bytes:
    """The Atom document of these alerts (see the module docstring), UTF-8 with an XML declaration."""
    ordered = sorted(alerts, key=lambda a: (a.raised_at, a.alert_id), reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", _stamp(max((a.last_changed for a in ordered), default=now)))
    if self_url:
        ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    author = ET.SubElement(feed, "author")
    _text(author, "name", "monitor")
    _text(feed, "generator", "monitor")
    for alert in ordered:
        feed.append(_entry(alert))
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _entry(alert: AlertRow) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", alert_entry_id(alert.alert_id))
    _text(entry, "title", alert.title or alert.rule)
    _text(entry, "updated", _stamp(alert.last_changed))
    if alert.published_at is not None:
        _text(entry, "published", _stamp(alert.published_at))
    for term in dict.fromkeys((alert.rule, *(alert.watchlists or (alert.watchlist,)))):
        if term:
            ET.SubElement(entry, "category", {"term": _clean(term)})
    link = safe_link(alert.url)
    if link:
        attributes = {"rel": "alternate", "type": "text/html", "href": link}
        if alert.article_title:
            attributes["title"] = _clean(alert.article_title)
        ET.SubElement(entry, "link", attributes)
    _text(entry, "content", content_html(alert)).set("type", "html")
    return entry


def content_html(alert: AlertRow) -> str:
    """The entry's content as HTML, every article-derived text escaped."""
    rows = [f"<p>{_html(alert.title)}</p>"]
    if alert.credited_to:
        rows.append(f"<p>Source: {_html(alert.credited_to)}</p>")
    if alert.quote:
        rows.append(f"<blockquote>{_html(alert.quote)}</blockquote>")
    where = ", ".join(part for part in (alert.outlet, alert.published_at and f"{alert.published_at:%Y-%m-%d}")
                      if part)
    link = safe_link(alert.url)
    article = _html(alert.article_title or alert.url or "")
    if link:
        article = f'<a href="{_html(link)}">{article}</a>'
    if where or article:
        rows.append(f"<p>{_html(where)}{': ' if where and article else ''}{article}</p>")
    rows.append(f"<pre>{_html(alert.body)}</pre>")
    return "\n".join(rows)


def safe_link(url: str | None) -> str | None:
    """The URL if it is http(s), else None (javascript:, data:, file: ... are never linked)."""
    if url and url.lower().startswith(("http://", "https://")) and not _NOT_XML.search(url):
        return url
    return None


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element


def _html(text: str) -> str:
    return escape(_clean(text), quote=True)


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot hold are dropped (an article may carry them)."""
    return _NOT_XML.sub("", text)


def _stamp(moment: datetime) -> str:
    """RFC 3339 in UTC; a naive time (as the views give) is UTC."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return aware.isoformat(timespec="seconds").replace("+00:00", "Z")
