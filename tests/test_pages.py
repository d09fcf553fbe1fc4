"""HTML pages -> article text (monitor.pages): repeat reads, the precise pass and its fallback."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from monitor.pages import MIN_PRECISE_CHARS, extract_page

BODY = ("Seoul's spy agency said on Tuesday that about 3,000 more North Korean soldiers had been sent to "
        "Russia this month. The National Intelligence Service put the total at 11,000 troops, most of them "
        "in the Kursk region, and said more could follow before the end of the year.")


def _article_page(marker: str) -> str:
    paragraphs = "".join(
        f"<p>{marker} paragraph {i}: {BODY}</p>" for i in range(4))
    return (f"<html><head><title>North Korea sends 3,000 more troops {marker}</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>North Korea sends 3,000 more troops</h1>{paragraphs}</article>"
            "<footer>Contact us</footer></body></html>")


def _json_ld_page(marker: str, body_html: str) -> str:
    """A script-rendered page: the article body is only in the JSON-LD, the HTML body is a shell."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "North Korea sends 3,000 more troops", "articleBody": f"{marker} {BODY}"}
    return (f"<html><head><title>North Korea sends 3,000 more troops</title>"
            f"<script type='application/ld+json'>{json.dumps(data)}</script></head>"
            f"<body>{body_html}</body></html>")


def test_the_same_page_read_five_times_gives_the_same_text_each_time() -> None:
    # A wire story syndicated by several outlets is the same HTML read again and again.
    html = _article_page("syndicated-f3a9")
    texts = [extract_page(html, f"https://outlet{i}.example/story") for i in range(5)]
    assert all(page is not None for page in texts)
    first = texts[0].text if texts[0] else ""
    assert "11,000 troops" in first
    assert [page.text if page else "" for page in texts] == [first] * 5


def test_a_page_the_precise_pass_empties_is_read_with_the_default_pass() -> None:
    html = _json_ld_page("jsonld-empty-7c1e", "<div id='app'></div>")
    page = extract_page(html, "https://news.example/a/1")
    assert page is not None
    assert "11,000 troops" in page.text and "jsonld-empty-7c1e" in page.text


def test_a_page_the_precise_pass_cuts_short_is_read_with_the_default_pass() -> None:
    # The precise pass keeps only the shell's "Loading…" placeholder.
    html = _json_ld_page("jsonld-short-51d0", "<nav><a href='/'>Home</a></nav><div id='app'>Loading…</div>")
    page = extract_page(html, "https://news.example/a/2")
    assert page is not None
    assert len(page.text) >= MIN_PRECISE_CHARS - 50
    assert "11,000 troops" in page.text


def test_a_page_the_precise_pass_reads_keeps_the_precise_text() -> None:
    page = extract_page(_article_page("precise-0b77"), "https://news.example/a/3")
    assert page is not None
    assert len(page.text) >= MIN_PRECISE_CHARS
    assert "Contact us" not in page.text and "Home" not in page.text.split("\n")


def test_a_page_without_text_gives_none() -> None:
    assert extract_page("<html><head><title>t</title></head><body><div id='app'></div></body></html>") is None


def test_only_the_metadata_monitor_uses_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # author, categories, tags and licence cost a third of trafilatura's metadata time and monitor never
    # shows them; the backup extractors run only when the precise pass comes up short
    import trafilatura.core
    import trafilatura.metadata

    def unused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read although monitor does not use it")

    for name in ("extract_author", "extract_catstags", "extract_license"):
        monkeypatch.setattr(trafilatura.metadata, name, unused)
    monkeypatch.setattr(trafilatura.core, "compare_extraction", unused)
    html = _article_page("meta-9d2e").replace(
        "<head>", "<head><meta property='og:site_name' content='Yonhap'>"
                  "<meta property='article:published_time' content='2024-10-29T08:15:00+09:00'>")
    page = extract_page(html, "https://news.example/a/4")
    assert page is not None and "11,000 troops" in page.text
    assert page.title is not None and page.title.startswith("North Korea sends 3,000 more troops")
    assert page.outlet == "Yonhap"
    assert page.published_at == datetime(2024, 10, 28, 23, 15, tzinfo=UTC)
