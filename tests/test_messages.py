"""Message rendering: text, Markdown and HTML, hostile article text escaped, alerts grouped. Pure."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.extract.model import ActorMention, Figure
from monitor.messages import (
    TITLE_MAX,
    clean_title,
    escape,
    items,
    probe_message,
    render,
    render_digest,
    safe_url,
)
from monitor.rules import ArticleFacts, PriorFigure, RuleState, evaluate
from monitor.watchlist import Metric, RuleSettings, Watchlist

HOSTILE = '<script>alert("x")</script> *bold* _it_ [click](javascript:alert(1)) # & `code` | > quote'
TROOPS = Metric("troops", "Troops sent", ("troops",), (), 0.05, "nk")
LISTS = tuple(Watchlist(w, w, (w,), (), (), (TROOPS,) if w == "nk" else (), RuleSettings(), f"{w}.toml")
              for w in ("nk", "nato", "ru"))


def figure(value: float, source: str = "Pentagon", quote: str = "Pentagon said 10,000 troops.", **kw: Any) -> Figure:
    return Figure(value=value, value_max=None, unit="troops", counted="troops", approx=False, qualifier="exact",
                  credited_to=source, credit_carried=False, metric="troops", quote=quote, start=0, end=1, **kw)


def alerts_of(*, figures: tuple[Figure, ...] = (), actors: tuple[ActorMention, ...] = (), title: str | None = "Story",
              url: str = "https://news.example/a1", article: str = "a1", outlet: str = "Outlet",
              priors: tuple[PriorFigure, ...] = ()) -> list[dict[str, Any]]:
    facts = ArticleFacts(article, url, title, outlet, datetime(2024, 10, 29, 8, tzinfo=UTC), ("nk", "nato", "ru"),
                         figures, actors)
    return [dict(e.payload) for e in evaluate(facts, RuleState(figures=priors), LISTS)]


def choe(name: str = "Choe Son Hui") -> ActorMention:
    return ActorMention(name, "person", (name, "Choe Sun Hui"), "Foreign Minister", False, (), ((0, 3),))


REVISION = alerts_of(figures=(figure(10000, previous_value=3000.0), figure(3000, is_previous=True)),
                     priors=(PriorFigure("troops", 10000, "Kyiv", "Other", "a0", 1),))
HOSTILE_ALERTS = alerts_of(figures=(figure(500, source="Evil <b>Corp</b> *x*", quote=HOSTILE),),
                           actors=(choe(f"Mr {HOSTILE}"),), title=HOSTILE, url="javascript:alert(1)")


def test_text_message_reads_title_old_new_source_outlet_date_evidence_link_in_order() -> None:
    message = render(REVISION, "text")
    assert message.title == "[nk] Troops sent: Pentagon 3,000 -> 10,000"
    body = message.body
    order = ["Troops sent: Pentagon 3,000 -> 10,000", "Source: Pentagon (Outlet, 2024-10-29)",
             "reported by 2 outlets", "Evidence: \u201cPentagon said 10,000 troops.\u201d",
             "Estimates by source: Kyiv: 10,000; Pentagon: 10,000", "Article: Story", "https://news.example/a1"]
    positions = [body.index(part) for part in order]
    assert positions == sorted(positions)


def test_html_escapes_article_text_and_links_only_http() -> None:
    message = render(HOSTILE_ALERTS, "html")
    assert "<script" not in message.body and "<script" not in message.title
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in message.body
    assert "Evil &lt;b&gt;Corp&lt;/b&gt;" in message.body
    assert "href" not in message.body  # a javascript: URL is shown as text, never linked
    safe = render(REVISION, "html").body
    assert '<a href="https://news.example/a1">https://news.example/a1</a>' in safe
    assert set(re.findall(r"</?(\w+)", message.body)) <= {"p", "br", "b"}


def as_html(markdown_body: str) -> str:
    """What a Markdown target shows: rendered as apprise renders Markdown for e-mail."""
    return markdown.markdown(markdown_body, extensions=["nl2br", "tables"])


def visible(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def test_markdown_escapes_specials_and_links_only_http() -> None:
    body = render(HOSTILE_ALERTS, "markdown").body
    shown = as_html(body)
    assert 'href="javascript' not in shown and "<script" not in shown and "<em>" not in shown
    assert HOSTILE in visible(shown)  # shown literally, every special character intact
    assert "<strong>" in shown  # our own headings stay bold
    linked = as_html(render(REVISION, "markdown").body)
    assert '<a href="https://news.example/a1">https://news.example/a1</a>' in linked
    assert "Troops sent: Pentagon 3,000 -&gt; 10,000" in linked


def test_markdown_link_cannot_be_broken_out_of() -> None:
    alerts = alerts_of(figures=(figure(500),), url="https://news.example/a_(b)")
    body = render(alerts, "markdown").body
    assert "(https://news.example/a_%28b%29)" in body
    assert '<a href="https://news.example/a_%28b%29">' in as_html(body)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_titles_carry_no_markup_in_any_format(fmt: str) -> None:
    title = render(HOSTILE_ALERTS, fmt).title
    assert not set("<>&*_`[]\\|#") & set(title.split("] ", 1)[1])
    assert len(title) <= TITLE_MAX + 20


@pytest.mark.parametrize(("raw", "clean"), [
    ("Troops: Pentagon 3,000 -> 10,000", "Troops: Pentagon 3,000 -> 10,000"),
    ("<b>Big</b> & *bold*", "bBig/b + bold"),
    ("a\nb\tc", "a b c"),
    ("x" * 500, "x" * (TITLE_MAX - 1) + "…"),
])
def test_clean_title(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


@pytest.mark.parametrize(("url", "safe"), [
    ("https://news.example/a?b=1&c=2", True), ("http://x.example/", True), ("javascript:alert(1)", False),
    ("https://x.example/\"onmouseover=x", False), ("file:001_seed.txt", False), ("https://a b", False), (None, False),
])
def test_safe_url(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


def test_one_article_is_one_message_and_a_new_actor_in_three_watchlists_one_block() -> None:
    alerts = alerts_of(figures=(figure(1500, "NIS"), figure(12000, "NIS")), actors=(choe(),))
    assert sorted(a["watchlist"] for a in alerts) == ["nato", "nk", "nk"]  # the actor: one alert, three watchlists
    assert [a["watchlists"] for a in alerts if a["rule"] == "new-actor"] == [["nato", "nk", "ru"]]
    message = render(alerts, "text")
    assert message.title.startswith("[nato, nk, ru] Troops sent: 1,500 (NIS), new figure (+2 more)")
    assert message.body.count("First mention: Choe Son Hui") == 1
    assert "new in: nato, nk, ru" in message.body
    assert message.body.count("https://news.example/a1") == 1
    assert [len(i.watchlists) for i in items(alerts)] == [1, 1, 3]


def test_digest_groups_by_article_under_one_title() -> None:
    first = alerts_of(figures=(figure(1500, "NIS"),), article="a1", url="https://news.example/a1")
    second = alerts_of(actors=(choe(),), article="a2", url="https://news.example/a2", title="Second story")
    message = render_digest(first + second, "text", "2024-10-29 08:00-09:00 UTC")
    assert message.title == "monitor digest, 2024-10-29 08:00-09:00 UTC: 2 alerts"
    body = message.body
    assert body.index("Troops sent: 1,500") < body.index("https://news.example/a1") < \
        body.index("First mention: Choe Son Hui") < body.index("Article: Second story") < \
        body.index("https://news.example/a2")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_probe_message(fmt: str) -> None:
    message = probe_message("risk <desk>", fmt, datetime(2026, 11, 21, 12, 0))
    assert message.format == fmt and "<desk>" not in message.title
    assert "2026-11-21 12:00 UTC" in message.body
    if fmt == "html":
        assert "risk &#x27;" not in message.body and "&lt;desk&gt;" in message.body


_OUR_TAGS = re.compile(r'</?p>|<br>|</?b>|<a href="[^"<>]*">|</a>')


@given(st.text(max_size=200), st.text(max_size=80))
def test_html_never_lets_article_text_open_a_tag(quote: str, title: str) -> None:
    alerts = alerts_of(figures=(figure(700, source=title or "x", quote=quote),), title=title or None)
    body = render(alerts, "html").body
    assert "<" not in _OUR_TAGS.sub("", body)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_markdown_shows_any_article_text_literally(text: str) -> None:
    line = " ".join(text.split())
    assert visible(as_html(f"x {escape(line, 'markdown')} y")) == f"x {line} y"


@given(st.text(max_size=300))
def test_clean_title_is_one_short_line_without_markup(text: str) -> None:
    title = clean_title(text)
    assert "\n" not in title and len(title) <= TITLE_MAX
    assert not set("<&*_`[]\\|#") & set(title)
