"""Figure timelines: the figures of each metric over publication time, by source, as values and as SVG.

Pure: rows in, frozen values and strings out; nothing here reads the database, the clock or the disk
(`monitor.store.report_data.read_timelines` reads the rows from the log, the way `monitor sql` does).

The API, for the report, the dashboard and alert attachments:

- `FigureRow`: one row of the `figures` view with its article's url and title and the id of the alert
  it raised, if any. `DisputeRow`: one `claim.disputed` fact (who disputes which values, the quote).
- `build_timelines(figures, disputes=(), labels={}) -> tuple[MetricTimeline, ...]`: one
  `MetricTimeline` per (watchlist, metric), in watchlist then metric order. Each holds one
  `SourceSeries` per source (the credited speaker; an uncredited figure is its outlet's), and each
  series splits its `TimelinePoint`s into
    * `estimates`: current estimates and running totals, drawn as a step line (a source's estimate
      holds until the same source gives another);
    * `projections`: projections and hypotheticals ("expected to reach", "could send"), drawn apart
      as hollow diamonds on a dashed line;
    * `others`: earlier estimates quoted later ("up from 3,000") and counts of one incident, drawn as
      hollow circles off the line.
  A range ("10,000 to 12,000") is a point with `low < high`, drawn as a band; a point whose value (or
  range) a dispute names is `disputed` (with who disputes it in `disputed_by`), drawn with a red ring;
  a dispute answers the figures of the watchlists its article matched.
- `timeline_svg(timeline, *, width=720, height=320) -> str`: a self-contained inline `<svg>` (no
  script, no external reference) in which every text that comes from an article is XML-escaped, and
  every point carries a native `<title>` (source, value, outlet, date, the evidence sentence) that a
  browser shows on hover. Points carry `data-source`, `data-value` and `data-modality` attributes.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

ESTIMATE_MODALITIES = frozenset({"current", "total"})
PROJECTED_MODALITIES = frozenset({"projection", "hypothetical"})
# Okabe-Ito: told apart by colour-blind readers too; the ninth source on reuses them, dashed
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DISPUTED_COLOUR = "#C00000"


@dataclass(frozen=True, slots=True)
class FigureRow:
    watchlist: str
    metric: str
    published_at: datetime
    value: float
    value_max: float | None
    unit: str
    credited_to: str | None
    outlet: str | None
    modality: str
    quote: str
    approx: bool = False
    qualifier: str | None = None
    is_previous: bool = False
    url: str | None = None
    title: str | None = None
    alert_id: str | None = None


@dataclass(frozen=True, slots=True)
class DisputeRow:
    published_at: datetime
    values: tuple[float, ...]
    disputer: str | None
    quote: str
    watchlists: tuple[str, ...] = ()  # the disputing article's; empty: it may answer any watchlist's figures


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    published_at: datetime
    value: float
    low: float
    high: float
    source: str
    outlet: str | None
    modality: str
    evidence: str
    url: str | None = None
    title: str | None = None
    alert_id: str | None = None
    approx: bool = False
    qualifier: str | None = None
    disputed: bool = False
    disputed_by: tuple[str, ...] = ()

    @property
    def is_range(self) -> bool:
        return self.low < self.high


@dataclass(frozen=True, slots=True)
class SourceSeries:
    source: str
    estimates: tuple[TimelinePoint, ...]
    projections: tuple[TimelinePoint, ...] = ()
    others: tuple[TimelinePoint, ...] = ()

    @property
    def points(self) -> tuple[TimelinePoint, ...]:
        return self.estimates + self.projections + self.others

    @property
    def latest(self) -> TimelinePoint | None:
        """The source's latest current estimate (None if it only projected)."""
        return self.estimates[-1] if self.estimates else None


@dataclass(frozen=True, slots=True)
class MetricTimeline:
    watchlist: str
    metric: str
    label: str
    unit: str
    series: tuple[SourceSeries, ...]

    @property
    def points(self) -> tuple[TimelinePoint, ...]:
        return tuple(sorted((p for s in self.series for p in s.points), key=lambda p: (p.published_at, p.source)))


def source_of(row: FigureRow) -> str:
    """Who a figure is credited to; an uncredited figure is its outlet's."""
    if row.credited_to:
        return row.credited_to
    return f"{row.outlet} (uncredited)" if row.outlet else "uncredited"


def build_timelines(figures: Iterable[FigureRow], disputes: Sequence[DisputeRow] = (),
                    labels: Mapping[str, str] | None = None) -> tuple[MetricTimeline, ...]:
    """One timeline per (watchlist, metric); see the module docstring."""
    grouped: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for row in figures:
        grouped[(row.watchlist, row.metric)].append(row)
    names = labels or {}
    return tuple(_timeline(watchlist, metric, names.get(metric, metric), rows,
                           _Disputed([d for d in disputes if not d.watchlists or watchlist in d.watchlists]))
                 for (watchlist, metric), rows in sorted(grouped.items()))


class _Disputed:
    """Who disputes which values: looked up by range with a binary search."""

    def __init__(self, disputes: Sequence[DisputeRow]) -> None:
        by_value: dict[float, list[str]] = defaultdict(list)
        for dispute in disputes:
            for value in dispute.values:
                by_value[value].append(dispute.disputer or "unnamed")
        self.values = sorted(by_value)
        self.by_value = by_value

    def within(self, low: float, high: float) -> tuple[str, ...]:
        start = bisect_left(self.values, low)
        end = bisect_right(self.values, high, lo=start)
        return tuple(dict.fromkeys(who for value in self.values[start:end] for who in self.by_value[value]))


def _timeline(watchlist: str, metric: str, label: str, rows: Sequence[FigureRow],
              disputed: _Disputed) -> MetricTimeline:
    by_source: dict[str, list[TimelinePoint]] = defaultdict(list)
    for row in rows:
        by_source[source_of(row)].append(_point(row, disputed))
    first_seen = {source: min(p.published_at for p in points) for source, points in by_source.items()}
    series = tuple(_series(source, by_source[source])
                   for source in sorted(by_source, key=lambda s: (first_seen[s], s)))
    units = [row.unit for row in rows]
    return MetricTimeline(watchlist, metric, label, max(sorted(set(units)), key=units.count), series)


def _point(row: FigureRow, disputed: _Disputed) -> TimelinePoint:
    high = row.value_max if row.value_max is not None and row.value_max > row.value else row.value
    by = disputed.within(row.value, high)
    modality = "earlier" if row.is_previous and row.modality in ESTIMATE_MODALITIES else row.modality
    return TimelinePoint(row.published_at, row.value, row.value, high, source_of(row), row.outlet, modality,
                         row.quote, row.url, row.title, row.alert_id, row.approx, row.qualifier, bool(by), by)


def _series(source: str, points: Sequence[TimelinePoint]) -> SourceSeries:
    ordered = sorted(points, key=lambda p: (p.published_at, p.value))
    return SourceSeries(source,
                        tuple(p for p in ordered if p.modality in ESTIMATE_MODALITIES),
                        tuple(p for p in ordered if p.modality in PROJECTED_MODALITIES),
                        tuple(p for p in ordered
                              if p.modality not in ESTIMATE_MODALITIES | PROJECTED_MODALITIES))


def format_value(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def describe(point: TimelinePoint, unit: str) -> str:
    """One point in words: the hover text of the SVG and the alt text elsewhere (plain, unescaped)."""
    value = format_value(point.value) + (f" to {format_value(point.high)}" if point.is_range else "")
    qualifier = f"{point.qualifier} " if point.qualifier and point.qualifier != "exact" else ""
    kind = "" if point.modality == "current" else f" ({point.modality})"
    lines = [f"{point.source}: {qualifier}{value} {unit}{kind}",
             f"{point.outlet or 'unknown outlet'}, {point.published_at:%Y-%m-%d %H:%M} UTC"]
    if point.disputed:
        lines.append(f"DISPUTED by {', '.join(point.disputed_by)}")
    lines.append(f"\u201c{point.evidence}\u201d")
    return "\n".join(lines)


# --- SVG -------------------------------------------------------------------------------------------

_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _LEGEND_LINE = 64, 16, 28, 16
_LEGEND_COLUMN = 230  # pixels per legend entry across
_DASHES = ("", "7 3", "2 2", "9 3 2 3")
_CELL = 6.0  # pixels: a source's points closer than this on both axes are one marker (a marker is 9 across)


@dataclass(frozen=True, slots=True)
class _Frame:
    """Maps time and value to pixels."""
    start: datetime
    end: datetime
    top: float
    left: float
    right: float
    plot_top: float
    plot_bottom: float

    def x(self, moment: datetime) -> float:
        span = (self.end - self.start).total_seconds()
        return self.left + (self.right - self.left) * (moment - self.start).total_seconds() / span

    def y(self, value: float) -> float:
        return self.plot_bottom - (self.plot_bottom - self.plot_top) * value / self.top


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above value (an axis top)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(float(step * power) for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def time_ticks(start: datetime, end: datetime, count: int = 6) -> list[datetime]:
    step = (end - start) / max(count - 1, 1)
    return [start + step * index for index in range(count)]


def timeline_svg(timeline: MetricTimeline, *, width: int = 720, height: int = 320) -> str:
    """A self-contained SVG of the timeline (see the module docstring)."""
    points = timeline.points
    columns = max(1, (width - _MARGIN_LEFT - _MARGIN_RIGHT) // _LEGEND_COLUMN)
    legend_height = _LEGEND_LINE * (-(-len(timeline.series) // columns) + 1) + 8
    frame = _frame(points, width, height, legend_height)
    height = max(height, round(frame.plot_bottom) + 30 + legend_height)  # many sources: the legend grows it
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" class="timeline" '
             f'data-metric="{_e(timeline.metric)}" font-family="sans-serif" font-size="11">',
             f"<title>{_e(timeline.label)} ({_e(timeline.watchlist)})</title>",
             f'<text x="{_MARGIN_LEFT}" y="16" font-size="13" font-weight="bold">{_e(timeline.label)}</text>',
             *_axes(frame, timeline.unit)]
    if not points:
        parts.append(f'<text x="{width / 2:.1f}" y="{height / 2:.1f}" text-anchor="middle">no figures</text>')
    for index, series in enumerate(timeline.series):
        parts.extend(_draw_series(series, index, frame, timeline.unit))
    parts.extend(_legend(timeline, frame.plot_bottom + 30, columns))
    parts.append("</svg>")
    return "\n".join(parts)


def _frame(points: Sequence[TimelinePoint], width: int, height: int, legend_height: int) -> _Frame:
    if points:
        start, end = points[0].published_at, max(p.published_at for p in points)
    else:
        start = end = datetime(1970, 1, 1)
    pad = max((end - start) / 20, timedelta(hours=12))
    top = nice_top(max((p.high for p in points), default=1.0) * 1.08)
    return _Frame(start - pad, end + pad, top, _MARGIN_LEFT, width - _MARGIN_RIGHT, _MARGIN_TOP,
                  max(height - legend_height - 30, _MARGIN_TOP + 160))


def _axes(frame: _Frame, unit: str) -> list[str]:
    parts = [f'<g class="axes" stroke="#999" stroke-width="1">'
             f'<line x1="{frame.left}" y1="{frame.plot_bottom:.1f}" x2="{frame.right}" y2="{frame.plot_bottom:.1f}"/>'
             f'<line x1="{frame.left}" y1="{frame.plot_top:.1f}" x2="{frame.left}" y2="{frame.plot_bottom:.1f}"/></g>']
    for step in range(5):
        value = frame.top * step / 4
        y = frame.y(value)
        parts.append(f'<line x1="{frame.left}" y1="{y:.1f}" x2="{frame.right}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<text x="{frame.left - 4}" y="{y + 4:.1f}" text-anchor="end">{format_value(value)}</text>')
    parts.append(f'<text x="12" y="{(frame.plot_top + frame.plot_bottom) / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {(frame.plot_top + frame.plot_bottom) / 2:.1f})">{_e(unit)}</text>')
    short = frame.end - frame.start < timedelta(days=3)
    ticks = time_ticks(frame.start, frame.end)
    for index, tick in enumerate(ticks):
        label = f"{tick:%m-%d %H:%M}" if short else f"{tick:%Y-%m-%d}"
        anchor = "start" if index == 0 else "end" if index == len(ticks) - 1 else "middle"
        parts.append(f'<text x="{frame.x(tick):.1f}" y="{frame.plot_bottom + 14:.1f}" '
                     f'text-anchor="{anchor}">{label}</text>')
    return parts


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _dash(index: int) -> str:
    """The ninth source on reuses the colours with a dashed line."""
    pattern = _DASHES[(index // len(PALETTE)) % len(_DASHES)]
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def _draw_series(series: SourceSeries, index: int, frame: _Frame, unit: str) -> list[str]:
    colour = _colour(index)
    parts = [f'<g class="series" data-source="{_e(series.source)}">']
    estimates = series.estimates
    for at, point in enumerate(estimates):
        if point.is_range:
            until = estimates[at + 1].published_at if at + 1 < len(estimates) else frame.end
            x0, x1 = frame.x(point.published_at), frame.x(until)
            parts.append(f'<rect class="band" x="{x0:.1f}" y="{frame.y(point.high):.1f}" width="{max(x1 - x0, 2):.1f}" '
                         f'height="{frame.y(point.low) - frame.y(point.high):.1f}" fill="{colour}" '
                         'fill-opacity="0.18"/>')
    if estimates:
        path = [f"M{frame.x(estimates[0].published_at):.1f},{frame.y(estimates[0].value):.1f}"]
        for point in estimates[1:]:
            path.append(f"H{frame.x(point.published_at):.1f}V{frame.y(point.value):.1f}")
        path.append(f"H{frame.right:.1f}")
        parts.append(f'<path class="step" d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2"'
                     f"{_dash(index)}/>")
    if len(series.projections) > 1:
        line = " ".join(f"{frame.x(p.published_at):.1f},{frame.y(p.value):.1f}" for p in series.projections)
        parts.append(f'<polyline class="projection" points="{line}" fill="none" stroke="{colour}" '
                     'stroke-dasharray="4 3"/>')
    parts.extend(_marker(cell, colour, frame, unit) for cell in _cells(series.points, frame))
    parts.append("</g>")
    return parts


def _cells(points: Sequence[TimelinePoint], frame: _Frame) -> list[list[TimelinePoint]]:
    """A source's points that would be drawn on the same few pixels, as one marker (a long log has thousands)."""
    cells: dict[tuple[object, ...], list[TimelinePoint]] = {}
    for point in points:
        key = (_kind(point), round(frame.x(point.published_at) / _CELL), round(frame.y(point.value) / _CELL),
               point.disputed, point.is_range)
        cells.setdefault(key, []).append(point)
    return list(cells.values())


def _kind(point: TimelinePoint) -> str:
    if point.modality in ESTIMATE_MODALITIES:
        return "estimate"
    return "projection" if point.modality in PROJECTED_MODALITIES else "other"


def _marker(cell: Sequence[TimelinePoint], colour: str, frame: _Frame, unit: str) -> str:
    point = cell[0]
    x, y = frame.x(point.published_at), frame.y(point.value)
    if _kind(point) == "estimate":
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    elif _kind(point) == "projection":
        shape = (f'<path d="M{x:.1f},{y - 6:.1f}L{x + 6:.1f},{y:.1f}L{x:.1f},{y + 6:.1f}L{x - 6:.1f},{y:.1f}Z" '
                 f'fill="white" stroke="{colour}" stroke-width="2"/>')
    else:
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="white" stroke="{colour}" stroke-width="1.5"/>'
    ring = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="none" stroke="{DISPUTED_COLOUR}" '
            'stroke-width="2" class="disputed"/>' if point.disputed else "")
    whisker = (f'<line x1="{x:.1f}" y1="{frame.y(point.high):.1f}" x2="{x:.1f}" y2="{frame.y(point.low):.1f}" '
               f'stroke="{colour}" stroke-width="2"/>' if point.is_range else "")
    flag = ' data-disputed="true"' if point.disputed else ""
    title = describe(point, unit)
    if len(cell) > 1:
        last = cell[-1]
        values = sorted({format_value(p.value) for p in cell})
        title += (f"\n+{len(cell) - 1} more figures of this source here ({', '.join(values[:6])}"
                  f"{' ...' if len(values) > 6 else ''}); the latest: {last.outlet or 'unknown outlet'}, "
                  f"{last.published_at:%Y-%m-%d %H:%M} UTC")
        flag += f' data-count="{len(cell)}"'
    return (f'<g class="point" data-source="{_e(point.source)}" data-value="{point.value:g}" '
            f'data-modality="{_e(point.modality)}"{flag}>'
            f"<title>{_e(title)}</title>{whisker}{shape}{ring}</g>")


def _legend(timeline: MetricTimeline, top: float, columns: int) -> list[str]:
    parts = ['<g class="legend">']
    for index, series in enumerate(timeline.series):
        x = _MARGIN_LEFT + (index % columns) * _LEGEND_COLUMN
        y = top + (index // columns) * _LEGEND_LINE
        latest = series.latest
        now = f": {format_value(latest.value)}" if latest else ""
        name = series.source if len(series.source) <= 30 else series.source[:29] + "\u2026"
        parts.append(f'<line x1="{x}" y1="{y - 4:.1f}" x2="{x + 12}" y2="{y - 4:.1f}" stroke="{_colour(index)}" '
                     f'stroke-width="3"{_dash(index)}/><text x="{x + 16}" y="{y:.1f}"><title>{_e(series.source)}'
                     f"</title>{_e(name)}{now}</text>")
    key = "● current estimate \u00b7 ◇ projection \u00b7 ○ earlier or one incident \u00b7 band: a range \u00b7 "
    y = top + -(-len(timeline.series) // columns) * _LEGEND_LINE
    parts.append(f'<text x="{_MARGIN_LEFT}" y="{y:.1f}" fill="#555">{key}'
                 f'<tspan fill="{DISPUTED_COLOUR}">◯ disputed</tspan></text></g>')
    return parts


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _e(text: str) -> str:
    """XML-escape text for an element or a double-quoted attribute (characters XML cannot hold dropped)."""
    return escape(_NOT_XML.sub("", text), quote=True)
