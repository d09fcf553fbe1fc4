"""The dashboard's pages: pure functions from values (read by monitor.store.web_reads) to HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from monitor.store.web_reads import (
    ActorRow,
    AlertRow,
    ArticleRow,
    ArticleText,
    Counts,
    Estimate,
    FeedRow,
    MarkedFigure,
    Window,
)
from monitor.timeline import MetricTimeline, timeline_svg
from monitor.watchlist import Watchlist
from monitor.web.html import Markup, Span, highlight, join, link, number, page, path, table, tag, when


def value_text(value: float, value_max: float | None, unit: str | None, approx: bool = False) -> str:
    shown = number(value) if value_max is None or value_max <= value else f"{number(value)}–{number(value_max)}"
    return ("about " if approx else "") + shown + (f" {unit}" if unit and unit not in ("people", "count") else "")


def _estimates(estimates: Sequence[Estimate], unit: str) -> Markup:
    rows = [(e.source, value_text(e.value, e.value_max, unit, e.approx), e.published_at, e.outlet,
             link(path("articles", e.article_id), e.title or "read")) for e in estimates]
    return table(("source", "latest estimate", "published", "outlet", "article"), rows,
                 empty="Only projections or earlier values so far.", class_="estimates")


def overview_page(watchlists: Sequence[Watchlist], counts: Mapping[str, Counts]) -> Markup:
    rows = []
    for watchlist in watchlists:
        found = counts.get(watchlist.id, Counts(0, 0, 0))
        rows.append((link(path("watchlists", watchlist.id), watchlist.name), watchlist.id, len(watchlist.metrics),
                     found.articles, found.figures, found.alerts))
    body = tag("p", "Each watchlist's metrics over time by source, its actors, alerts and articles.")
    return page("Watchlists", body + table(("watchlist", "id", "metrics", "articles", "figures", "alerts"), rows,
                                           empty="No watchlists in the configuration."), current="/")


def _svg(timeline: MetricTimeline) -> Markup:
    """The timeline's SVG (monitor.timeline escapes every text in it), tall enough for its legend."""
    return Markup(timeline_svg(timeline, width=900, height=300 + 16 * (len(timeline.series) + 1)))


def watchlist_page(watchlist: Watchlist, timelines: Sequence[MetricTimeline],
                   estimates: Mapping[str, Sequence[Estimate]], windows: Mapping[str, Window]) -> Markup:
    """Each metric of the watchlist: its timeline by source (inline SVG, the latest figures of a long
    one) and each source's latest estimate."""
    by_metric = {t.metric: t for t in timelines}
    sections = []
    for metric in watchlist.metrics:
        heading = tag("h2", metric.label, id=f"metric-{metric.id}")
        found = by_metric.get(metric.id)
        if found is None:
            sections.append(tag("section", heading + tag("p", "No figures yet.", class_="empty"), class_="metric"))
            continue
        window = windows.get(metric.id)
        note = (tag("p", f"Drawn: the latest {len(found.points):,} of {window.total:,} figures, published since "
                         f"{when(window.since)}.", class_="window")
                if window is not None and window.since is not None else Markup(""))
        sections.append(tag("section", heading + note + tag("figure", _svg(found), class_="timeline")
                            + tag("h3", "Latest estimate per source")
                            + _estimates(estimates.get(metric.id, ()), found.unit),
                            class_="metric", data_metric=metric.id))
    figures = sum(w.total for w in windows.values())
    intro = tag("p", f"{len(watchlist.metrics)} metrics, {figures:,} figures. Hover a point for its source, "
                     "outlet, date and evidence sentence.")
    return page(watchlist.name, intro + join(sections), current="/")


def actors_page(rows: Sequence[ActorRow]) -> Markup:
    body = table(("actor", "kind", "role", "variants", "first seen", "in article", "mentions", "articles"),
                 [(a.name, a.kind, a.role, ", ".join(a.variants), a.first_seen_at,
                   link(path("articles", a.first_article_id), a.first_title or a.first_article_id)
                   if a.first_article_id else "", a.mentions, a.articles) for a in rows],
                 empty="No actors yet.")
    return page("Actors", tag("p", "In order of first appearance.") + body, current="/actors")


def alerts_page(rows: Sequence[AlertRow]) -> Markup:
    def deliveries(alert: AlertRow) -> Markup:
        return join((tag("span", f"{d.target}: {d.status}" + (f" ({d.attempts} tries)" if d.attempts > 1 else ""),
                         class_=f"state {d.status}", title=d.last_error) for d in alert.deliveries), " ")

    body = table(("raised", "rule", "watchlist", "alert", "state", "deliveries", "article"),
                 [(a.raised_at, a.rule, a.watchlist, tag("details", tag("summary", a.title) + tag("pre", a.body)),
                   tag("span", a.status, class_=f"state {a.status}"), deliveries(a),
                   link(path("articles", a.article_id), "read") if a.article_id else "") for a in rows],
                 empty="No alerts yet.")
    feed = tag("p", link("/alerts.atom", "Atom feed of these alerts"), class_="feedlink")
    return page("Alerts", feed + body, current="/alerts")


def feeds_page(rows: Sequence[FeedRow]) -> Markup:
    body = table(("feed", "last poll", "outcome", "next poll", "failures in a row"),
                 [(f.url, f.last_polled_at, tag("span", f.last_status, class_=f"state {f.last_status}"),
                   f.next_poll_at, f.failures) for f in rows],
                 empty="No feed polled yet (replayed files have no feed).")
    return page("Feeds", body, current="/feeds")


def articles_page(rows: Sequence[ArticleRow]) -> Markup:
    body = table(("published", "title", "outlet", "language", "watchlists"),
                 [(a.published_at, link(path("articles", a.article_id), a.title or a.url or a.article_id),
                   a.outlet, a.lang, ", ".join(a.watchlists)) for a in rows], empty="No articles yet.")
    return page("Articles", body, current="/articles")


def figure_span(text: str, figure: MarkedFigure) -> Span | None:
    """Where to mark a figure: its offsets when they hold a digit of the text, else its evidence
    sentence where the text has it (a figure read from an earlier cut of the text), else nowhere."""
    start, end = figure.start, figure.end
    if start is not None and end is not None and 0 <= start < end <= len(text) \
            and any(char.isdigit() for char in text[start:end]):
        return Span(start, end, figure_note(figure))
    at = text.find(figure.quote) if figure.quote else -1
    return Span(at, at + len(figure.quote or ""), figure_note(figure)) if at >= 0 else None


def figure_note(figure: MarkedFigure) -> str:
    parts = [value_text(figure.value, figure.value_max, figure.unit), figure.metric or "no metric",
             f"credited to {figure.credited_to}" if figure.credited_to else "unattributed"]
    if figure.modality and figure.modality != "current":
        parts.append(figure.modality)
    return "; ".join(parts)


def article_page(found: ArticleText) -> Markup:
    article = found.article
    facts = table(("", ""), [("outlet", article.outlet), ("published", article.published_at),
                             ("language", article.lang), ("watchlists", ", ".join(article.watchlists)),
                             ("address", link(article.url, article.url) if article.url else "")], class_="facts")
    spans = [span for f in found.figures if (span := figure_span(found.text, f)) is not None]
    figures = table(("figure", "metric", "credited to", "kind"),
                    [(value_text(f.value, f.value_max, f.unit), f.metric, f.credited_to, f.modality)
                     for f in found.figures], empty="No figures read from this article.")
    text = tag("div", highlight(found.text, spans), class_="text")
    return page(article.title or article.url or article.article_id,
                facts + tag("h2", "Figures") + figures + tag("h2", "Text") + text, current="/articles")


def error_page(status: int, title: str, message: str) -> Markup:
    return page(title, tag("p", message, class_="error") + tag("p", link("/", "Back to the watchlists")) +
                tag("p", f"HTTP {status}", class_="status"))

