"""The Atom feed of alerts: valid Atom 1.0 that feedparser reads back, stable ids, everything escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import feedparser

from monitor.atom import ATOM_NS, alert_entry_id, alerts_atom, safe_link
from monitor.report_rows import AlertRow

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
EVIL = 'Troops <script>alert("x")</script> & more'


def alert(alert_id: str, minute: int, **extra: object) -> AlertRow:
    fields: dict[str, object] = {
        "alert_id": alert_id, "rule": "new-figure", "watchlist": "north-korea",
        "title": f"North Korean troops: {minute},000 (NIS), new figure",
        "body": f"Source: NIS\nEvidence: \u201cabout {minute},000 troops\u201d",
        "raised_at": datetime(2024, 10, 21, 8, minute), "status": "delivered", "delivered_at": None,
        "url": f"https://news.test/{alert_id}", "article_title": "NIS briefing", "outlet": "Kontan",
        "published_at": datetime(2024, 10, 21, 7, 0), "quote": f"about {minute},000 troops",
        "credited_to": "National Intelligence Service", "metric": "nk-troops", "watchlists": ("north-korea",)}
    fields.update(extra)
    return AlertRow(**fields)  # type: ignore[arg-type]


def build(alerts: list[AlertRow]) -> bytes:
    return alerts_atom(alerts, feed_id="urn:monitor:feed:alerts", title="monitor alerts",
                       self_url="http://127.0.0.1:8000/alerts.atom", now=NOW)


def test_feedparser_reads_it_back_with_no_bozo_and_the_right_entries() -> None:
    document = build([alert("a1", 1), alert("b2", 5, rule="revised-figure", credited_to=None)])
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "urn:monitor:feed:alerts" and parsed.feed.title == "monitor alerts"
    assert parsed.feed.updated == "2024-10-21T08:05:00Z"  # the newest entry's
    assert [e.id for e in parsed.entries] == [alert_entry_id("b2"), alert_entry_id("a1")]  # newest first
    first = parsed.entries[1]
    assert first.title == "North Korean troops: 1,000 (NIS), new figure"
    assert first.updated == "2024-10-21T08:01:00Z" and first.published == "2024-10-21T07:00:00Z"
    assert first.link == "https://news.test/a1"
    assert {t.term for t in first.tags} == {"new-figure", "north-korea"}
    content = first.content[0].value
    assert "Source: National Intelligence Service" in content and "about 1,000 troops" in content
    assert "Kontan, 2024-10-21" in content
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == ["http://127.0.0.1:8000/alerts.atom"]


def test_the_document_is_atom_by_its_schema_essentials() -> None:
    root = ET.fromstring(build([alert("a1", 1)]))
    ns = {"a": ATOM_NS}
    assert root.tag == f"{{{ATOM_NS}}}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert root.find(required, ns) is not None, required
    (entry,) = root.findall("a:entry", ns)
    for required in ("a:id", "a:title", "a:updated", "a:content"):
        assert entry.find(required, ns) is not None, required


def test_ids_are_stable_across_two_runs_and_an_empty_feed_is_dated_now() -> None:
    alerts = [alert("a1", 1), alert("b2", 5)]
    assert build(alerts) == build(list(reversed(alerts)))
    assert alert_entry_id("9e7c2bf60cc42c3f") == "urn:monitor:alert:9e7c2bf60cc42c3f"
    empty = feedparser.parse(build([]))
    assert empty.bozo == 0 and empty.entries == [] and empty.feed.updated == "2026-12-02T06:00:00Z"


def test_an_article_title_with_script_and_ampersand_round_trips_escaped() -> None:
    document = build([alert("a1", 1, title=EVIL, article_title=EVIL, quote=EVIL, credited_to=EVIL,
                           body=EVIL + "\x00\x0b")])
    assert b"<script" not in document
    assert b"&lt;script&gt;" in document and b"&amp;" in document
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0
    (entry,) = parsed.entries
    assert entry.title == EVIL  # text, shown as text: the reader displays the characters
    content = entry.content[0].value
    assert "<script" not in content  # escaped inside the HTML too: "&lt;script&gt;" in the markup
    assert "&lt;script&gt;" in content
    root = ET.fromstring(document)
    html = root.find(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}content")
    assert html is not None and html.get("type") == "html"
    assert "<blockquote>Troops &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</blockquote>" in (
        html.text or "")


def test_only_http_links_are_linked() -> None:
    assert safe_link("https://a.test/x") == "https://a.test/x"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "file:001.txt", None, ""):
        assert safe_link(bad) is None
    parsed = feedparser.parse(build([alert("a1", 1, url="javascript:alert(1)")]))
    assert parsed.bozo == 0
    assert [link for link in parsed.entries[0].get("links", []) if link.get("rel") == "alternate"] == []
    assert b"javascript" not in build([alert("a1", 1, url="javascript:alert(1)", body="", quote=None)])


def test_an_updated_alert_is_updated_in_the_feed() -> None:
    later = datetime(2024, 10, 22, 9, 30)
    parsed = feedparser.parse(build([alert("a1", 1, updated_at=later), alert("b2", 5)]))
    assert parsed.feed.updated == "2024-10-22T09:30:00Z"
    (entry,) = [e for e in parsed.entries if e.id == alert_entry_id("a1")]
    assert entry.updated == "2024-10-22T09:30:00Z" and entry.published == "2024-10-21T07:00:00Z"
