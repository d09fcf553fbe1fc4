"""A metric's timeline as a PNG (for the report's files and alert attachments), drawn by matplotlib's Agg
backend in memory: no display, no pyplot state, nothing written. The same marks as the SVG
(`monitor.timeline`): a step line per source for current estimates, bands for ranges, hollow diamonds
for projections, hollow circles for earlier or one-incident counts, a red ring for a disputed value.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from datetime import datetime, timedelta

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from monitor.timeline import (
    DISPUTED_COLOUR,
    PALETTE,
    MetricTimeline,
    SourceSeries,
    TimelinePoint,
    format_value,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LINESTYLES: tuple[str | tuple[int, tuple[int, ...]], ...] = ("-", (0, (7, 3)), (0, (2, 2)), (0, (9, 3, 2, 3)))


def png_name(timeline: MetricTimeline) -> str:
    """The file name of a timeline's PNG: its watchlist and metric ids (letters, digits, '-', '_') and .png."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"timeline-{timeline.watchlist}--{timeline.metric}") + ".png"


def timeline_png(timeline: MetricTimeline, *, width: int = 960, height: int = 480, dpi: int = 100) -> bytes:
    """The PNG bytes of the timeline, width x height pixels."""
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    points = timeline.points
    end = max((p.published_at for p in points), default=datetime(1970, 1, 1))
    end += max((end - min((p.published_at for p in points), default=end)) / 20, timedelta(hours=12))
    for index, series in enumerate(timeline.series):
        _draw(axes, series, index, end)
    disputed = [p for p in points if p.disputed]
    if disputed:
        axes.scatter(_xs(disputed), [p.value for p in disputed], s=180, facecolors="none",
                     edgecolors=DISPUTED_COLOUR, linewidths=2, label="disputed", zorder=4)
    axes.set_title(_text(f"{timeline.label} ({timeline.watchlist})"), loc="left", fontsize=11)
    axes.set_ylabel(_text(timeline.unit))
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_value(value)))
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.grid(True, color="#eeeeee")
    if not points:
        axes.text(0.5, 0.5, "no figures", transform=axes.transAxes, ha="center")
    else:
        axes.set_ylim(top=max(p.high for p in points) * 1.12)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    with warnings.catch_warnings():  # a name in a script DejaVu has no glyphs for draws as boxes, not an error
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        figure.savefig(out, format="png", dpi=dpi, metadata={"Software": "monitor"})
    return out.getvalue()


def _draw(axes: Axes, series: SourceSeries, number: int, end: datetime) -> None:
    colour = PALETTE[number % len(PALETTE)]
    dashes = _LINESTYLES[(number // len(PALETTE)) % len(_LINESTYLES)]  # the ninth source on: dashed, as in SVG
    label = _text(series.source)
    estimates = series.estimates
    if estimates:
        times = [*_xs(estimates), _x(end)]
        axes.step(times, [p.value for p in estimates] + [estimates[-1].value], where="post", color=colour,
                  linewidth=2, linestyle=dashes, label=label)
        axes.scatter(times[:-1], [p.value for p in estimates], color=colour, s=24, zorder=3)
        for index, point in enumerate(estimates):
            if point.is_range:
                until = estimates[index + 1].published_at if index + 1 < len(estimates) else end
                axes.fill_between([_x(point.published_at), _x(until)], point.low, point.high, color=colour, alpha=0.18,
                                  linewidth=0)
    _hollow(axes, series.projections, colour, "D", "--", None if estimates else label)
    _hollow(axes, series.others, colour, "o", "", None if estimates or series.projections else label)


def _hollow(axes: Axes, points: tuple[TimelinePoint, ...], colour: str, marker: str, line: str,
            label: str | None) -> None:
    if not points:
        return
    axes.plot(_xs(points), [p.value for p in points], linestyle=line or "none",
              marker=marker, markerfacecolor="white", markeredgecolor=colour, color=colour, label=label)


def _x(moment: datetime) -> float:
    return float(date2num(moment))  # type: ignore[no-untyped-call]


def _xs(points: Sequence[TimelinePoint]) -> list[float]:
    return [_x(p.published_at) for p in points]


def _text(text: str) -> str:
    """Article text as matplotlib shows it literally: a '$' would start mathtext."""
    return text.replace("$", r"\$")
