"""The dashboard's HTML helpers and pages: pure, escaped by construction."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.store.web_reads import ArticleRow, ArticleText, Estimate, MarkedFigure, Window
from monitor.timeline import FigureRow as TimelineFigure
from monitor.timeline import build_timelines
from monitor.watchlist import load_watchlists
from monitor.web.html import Markup, Span, esc, highlight, link, page, path, table, tag
from monitor.web.pages import article_page, watchlist_page
from tests.conftest import WATCHLISTS

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_markup_escapes_whatever_is_added_to_it() -> None:
    assert Markup("<b>") + "<i>" == "<b>&lt;i&gt;"
    assert "<i>" + Markup("<b>") == "&lt;i&gt;<b>"
    assert isinstance(Markup("a") + "b", Markup)
    assert esc(EVIL) == "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    assert esc(None) == ""
    assert tag("td", EVIL, title='"><script>') == (
        '<td title="&quot;&gt;&lt;script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x '
        'onerror=alert(2)&gt;</td>')


@pytest.mark.parametrize(("href", "linked"), [
    ("/articles/x", True), ("https://example.org/a?b=<c>", True), ("http://example.org", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), ("data:text/html,<script>", False),
    ("//evil.example/x", False), ("file:101.txt", False), ("vbscript:x", False)])
def test_links_only_to_dashboard_paths_and_http_pages(href: str, linked: bool) -> None:
    html = link(href, "text<")
    assert ("<a " in html) is linked
    assert "text&lt;" in html
    assert "<script" not in html


def test_paths_are_percent_encoded() -> None:
    assert path("articles", "../x?y=<z>") == "/articles/..%2Fx%3Fy%3D%3Cz%3E"


def test_highlight_marks_spans_and_escapes_the_rest() -> None:
    text = "<b>1,500</b> troops, then 12,000"
    marked = highlight(text, [Span(3, 8, 'a "note" <x>'), Span(26, 32, "later")])
    assert marked == ('&lt;b&gt;<mark title="a &quot;note&quot; &lt;x&gt;">1,500</mark>&lt;/b&gt; troops, then '
                      '<mark title="later">12,000</mark>')


@pytest.mark.parametrize("spans", [
    [Span(-3, 2, "before")], [Span(5, 999, "past the end")], [Span(4, 4, "empty")], [Span(6, 2, "reversed")]])
def test_highlight_skips_offsets_that_do_not_fit_the_text(spans: list[Span]) -> None:
    text = "<script>x</script>"
    assert highlight(text, spans) == esc(text)


def test_highlight_skips_a_span_overlapping_an_earlier_one() -> None:
    assert highlight("abcdef", [Span(0, 4, "one"), Span(2, 6, "two")]) == '<mark title="one">abcd</mark>ef'


def test_table_escapes_cells_and_says_when_empty() -> None:
    assert "&lt;script&gt;" in table(("a",), [(EVIL,)])
    assert "<script" not in table(("a",), [(EVIL,)])
    assert table(("a",), [], empty="None <here>") == '<p class="empty">None &lt;here&gt;</p>'


def test_a_page_has_no_script_and_one_local_stylesheet() -> None:
    html = page(EVIL, tag("p", EVIL))
    assert html.startswith("<!doctype html>\n<html lang=\"en\">")
    assert "<script" not in html and "<img" not in html
    assert '<link rel="stylesheet" href="/static/style.css">' in html


def _article(text: str, figures: tuple[MarkedFigure, ...]) -> ArticleText:
    row = ArticleRow("a1", "javascript:alert(1)", EVIL, "<b>Outlet</b>", "en", datetime(2024, 11, 5, 9), ("nk",))
    return ArticleText(row, text, figures)


def test_article_page_marks_figures_and_keeps_injected_markup_as_text() -> None:
    text = f"{EVIL} North Korea has sent 11,000 troops."
    start = text.index("11,000")
    figure = MarkedFigure(start, start + 6, 11000.0, None, "troops", "nk-troops-in-russia", "<NIS>", "current")
    html = article_page(_article(text, (figure,)))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert '<mark title="11,000 troops; nk-troops-in-russia; credited to &lt;NIS&gt;">11,000</mark>' in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # the title (twice) and the text


def test_watchlist_page_draws_each_metric_and_the_latest_estimate_per_source() -> None:
    watchlist = next(w for w in load_watchlists(WATCHLISTS) if w.id == "north-korea")
    metric = watchlist.metrics[0].id
    rows = [TimelineFigure("north-korea", metric, datetime(2024, 10, day), value, None, "troops", source, "Outlet",
                           "current", f"{EVIL} said {value}", url=f"https://example.org/{day}")
            for day, value, source in ((10, 1500.0, "NIS"), (20, 3000.0, "NIS"), (25, 12000.0, "<Pentagon>"))]
    estimates = {metric: [Estimate(metric, "<Pentagon>", 12000.0, None, False, datetime(2024, 10, 25), "Outlet",
                                   "a3", EVIL),
                          Estimate(metric, "NIS", 3000.0, None, True, datetime(2024, 10, 20), "Outlet", "a2", None)]}
    html = watchlist_page(watchlist, build_timelines(rows, labels={metric: "troops"}), estimates,
                          {metric: Window(3, None)})
    assert "<script" not in html and "<img" not in html
    section = html[html.index(f'data-metric="{metric}"'):]
    assert all(f'data-value="{v:g}"' in section for v in (1500, 3000, 12000))
    estimates_html = section[section.index('class="estimates"'):]
    assert estimates_html.index("&lt;Pentagon&gt;") < estimates_html.index("NIS")
    assert "about 3,000 troops" in estimates_html and '<a href="/articles/a2">read</a>' in estimates_html
    assert html.count("No figures yet.") == len(watchlist.metrics) - 1
    assert "Drawn: the latest" not in html


def test_a_long_timeline_says_it_draws_the_latest_figures() -> None:
    watchlist = next(w for w in load_watchlists(WATCHLISTS) if w.id == "north-korea")
    metric = watchlist.metrics[0].id
    rows = [TimelineFigure("north-korea", metric, datetime(2024, 10, 20), 3000.0, None, "troops", "NIS", "Outlet",
                           "current", "q")]
    html = watchlist_page(watchlist, build_timelines(rows), {}, {metric: Window(12000, datetime(2024, 10, 20))})
    assert "Drawn: the latest 1 of 12,000 figures, published since 2024-10-20 00:00." in html


def test_a_figure_whose_offsets_miss_the_text_is_marked_by_its_evidence_sentence() -> None:
    text = "Intro. Seoul says 1,500 troops went. <script>x</script>"
    quote = "Seoul says 1,500 troops went."
    shifted = MarkedFigure(0, 5, 1500.0, None, "troops", "m", "NIS", "current", quote)  # "Intro": no digit
    lost = MarkedFigure(None, None, 9.0, None, None, "m", None, "current", "not in the text")
    html = article_page(_article(text, (shifted, lost)))
    assert '<mark title="1,500 troops; m; credited to NIS">Seoul says 1,500 troops went.</mark>' in html
    assert html.count("<mark") == 1 and "<script>" not in html
