"""The HTML report (`monitor report`): one self-contained page that opens offline. Pure: values in, a string out.

Inline CSS (allowed by its hash in a restrictive Content-Security-Policy: no script, no font, no frame,
no request to any host), the timelines as inline SVG (`monitor.timeline.timeline_svg`) with each one's
figures in a table beside it, the new actors in order of appearance, the alerts raised and the articles
per outlet per day. Every text that comes from an article or a feed is HTML-escaped; links to articles
are made only for http and https addresses and open nothing on this page's behalf (no referrer).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from monitor.atom import safe_link
from monitor.report_rows import ActorRow, AlertRow, VolumeRow
from monitor.timeline import MetricTimeline, TimelinePoint, format_value, timeline_svg

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; } h3 { margin-bottom: .2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1.2em; font-size: 13px; }
th, td { border-bottom: 1px solid #e4e4e4; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; white-space: nowrap; }
.meta, .empty { color: #666; } .disputed { color: #c00000; font-weight: bold; }
figure { margin: .4em 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
blockquote { margin: 0; color: #444; } nav a { margin-right: 1em; }
""".strip()
TABLE_ROWS_PER_SOURCE = 50
CSP = (f"default-src 'none'; style-src 'sha256-{base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()}'; "
       "base-uri 'none'; form-action 'none'")


@dataclass(frozen=True, slots=True)
class ReportData:
    generated_at: datetime
    timelines: tuple[MetricTimeline, ...]
    actors: tuple[ActorRow, ...]
    alerts: tuple[AlertRow, ...]
    volume: tuple[VolumeRow, ...]
    watchlist: str | None = None
    since: datetime | None = None
    images: Mapping[tuple[str, str], str] | None = None  # (watchlist, metric) -> PNG file name beside the page


def render_report(data: ReportData) -> str:
    """The whole page."""
    scope = f"watchlist {data.watchlist}" if data.watchlist else "all watchlists"
    since = f", published since {data.since:%Y-%m-%d %H:%M} UTC" if data.since else ""
    figures = sum(len(t.points) for t in data.timelines)
    summary = (f"{scope}{since}; {figures} figures in {len(data.timelines)} metrics, {len(data.actors)} new actors, "
               f"{len(data.alerts)} alerts, {sum(v.articles for v in data.volume)} articles. "
               f"Generated {data.generated_at:%Y-%m-%d %H:%M} UTC.")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>monitor report: {_e(scope)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        "<h1>monitor report</h1>", f'<p class="meta">{_e(summary)}</p>',
        '<nav><a href="#timelines">Figure timelines</a><a href="#actors">New actors</a>'
        '<a href="#alerts">Alerts</a><a href="#articles">Articles per outlet per day</a></nav>',
        _timelines(data), _actors(data.actors), _alerts(data.alerts), _volume(data.volume),
        "</body>", "</html>", ""])


def metric_anchor(timeline: MetricTimeline) -> str:
    name = f"{timeline.watchlist}-{timeline.metric}"
    return "metric-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def _timelines(data: ReportData) -> str:
    parts = ['<section id="timelines">', "<h2>Figure timelines</h2>"]
    if not data.timelines:
        parts.append('<p class="empty">No figures of any metric yet.</p>')
    for timeline in data.timelines:
        image = (data.images or {}).get((timeline.watchlist, timeline.metric))
        png = f' &middot; <a href="{_e(image)}">PNG</a>' if image else ""
        sources = ", ".join(s.source for s in timeline.series)
        parts += [f'<section class="metric" id="{metric_anchor(timeline)}" data-metric="{_e(timeline.metric)}">',
                  f"<h3>{_e(timeline.label)}</h3>",
                  f'<p class="meta">{_e(timeline.metric)} in {_e(timeline.watchlist)} &middot; {_e(timeline.unit)} '
                  f"&middot; {len(timeline.points)} figures from {len(timeline.series)} sources: "
                  f"{_e(sources)}{png}</p>",
                  f"<figure>{timeline_svg(timeline, width=1040, height=360)}</figure>",
                  _figure_table(timeline), "</section>"]
    parts.append("</section>")
    return "\n".join(parts)


def _figure_table(timeline: MetricTimeline) -> str:
    """Each source's figures (its latest TABLE_ROWS_PER_SOURCE), by source in order of appearance."""
    rows, left_out = [], 0
    for series in timeline.series:
        ordered = sorted(series.points, key=lambda p: (p.published_at, p.value))
        left_out += max(len(ordered) - TABLE_ROWS_PER_SOURCE, 0)
        rows += [_row(_e(p.source), _when(p.published_at), _value(p, timeline.unit), _e(p.modality),
                      _e(p.outlet or ""), _article(p.url, p.title), f"<blockquote>{_e(p.evidence)}</blockquote>",
                      classes=("", "", "num", "", "", "", "")) for p in ordered[-TABLE_ROWS_PER_SOURCE:]]
    note = (f'<p class="meta">{left_out} earlier figures are drawn above but not listed (at most '
            f"{TABLE_ROWS_PER_SOURCE} per source); <code>monitor sql</code> on the figures view has them all.</p>"
            if left_out else "")
    return _table(("source", "published (UTC)", "value", "kind", "outlet", "article", "evidence"), rows,
                  "figures by source") + note


def _value(point: TimelinePoint, unit: str) -> str:
    text = format_value(point.value) + (f"&ndash;{format_value(point.high)}" if point.is_range else "")
    if point.qualifier and point.qualifier != "exact":
        text = f"{_e(point.qualifier)} {text}"
    if point.disputed:
        text += f' <span class="disputed" title="{_e("disputed by " + ", ".join(point.disputed_by))}">disputed</span>'
    if point.alert_id:
        text += ' <span class="meta">(alerted)</span>'
    return f"{text} {_e(unit)}"


def _actors(actors: Sequence[ActorRow]) -> str:
    rows = [_row(_when(a.first_seen_at), _e(a.name), _e(a.kind or ""), _e(a.role or ""), _e(", ".join(a.variants)),
                 str(a.mentions), _e(", ".join(a.watchlists)), _article(a.url, a.title, a.outlet),
                 classes=("", "", "", "", "", "num", "", "")) for a in actors]
    return ('<section id="actors"><h2>New actors, in order of appearance</h2>'
            + _table(("first seen (UTC)", "name", "kind", "role", "written as", "mentions", "watchlists",
                      "first article"), rows, "new actors") + "</section>")


def _alerts(alerts: Sequence[AlertRow]) -> str:
    rows = [_row(_when(a.raised_at), _e(a.rule), _e(", ".join(a.watchlists or (a.watchlist,))), _e(a.title),
                 _e(a.status), _article(a.url, a.article_title, a.outlet)) for a in alerts]
    return ('<section id="alerts"><h2>Alerts raised</h2>'
            + _table(("raised (UTC)", "rule", "watchlists", "alert", "delivery", "article"), rows, "alerts")
            + "</section>")


def _volume(volume: Sequence[VolumeRow]) -> str:
    outlets = sorted({v.outlet for v in volume}, key=str.casefold)
    days = sorted({v.day for v in volume})
    counts: dict[tuple[date, str], int] = {(v.day, v.outlet): v.articles for v in volume}
    rows = [_row(f"{day:%Y-%m-%d}", *(str(counts.get((day, o), "")) for o in outlets),
                 str(sum(counts.get((day, o), 0) for o in outlets)), classes=("", *("num",) * (len(outlets) + 1)))
            for day in days]
    return ('<section id="articles"><h2>Articles per outlet per day</h2>'
            + _table(("day (UTC)", *outlets, "all"), rows, "articles") + "</section>")


def _table(headers: Sequence[str], rows: Sequence[str], what: str) -> str:
    if not rows:
        return f'<p class="empty">No {_e(what)}.</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _row(*cells: str, classes: Sequence[str] = ()) -> str:
    """A table row of cells that are already HTML."""
    tds = (f'<td class="{classes[i]}">' if i < len(classes) and classes[i] else "<td>" for i in range(len(cells)))
    return "<tr>" + "".join(f"{td}{cell}</td>" for td, cell in zip(tds, cells, strict=True)) + "</tr>"


def _article(url: str | None, title: str | None, outlet: str | None = None) -> str:
    text = _e(title or url or "")
    link = safe_link(url)
    shown = f'<a href="{_e(link)}" rel="noopener noreferrer">{text}</a>' if link else text
    return f"{shown} <span class=\"meta\">{_e(outlet)}</span>" if outlet else shown


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _e(text: str) -> str:
    return escape(text, quote=True)
