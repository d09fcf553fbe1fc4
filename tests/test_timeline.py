"""Figure timelines: rows shaped into series per source, and their SVG (escaped, with hover titles)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from monitor.timeline import (
    DisputeRow,
    FigureRow,
    build_timelines,
    nice_top,
    source_of,
    timeline_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def row(day: int, value: float, source: str | None, *, modality: str = "current", metric: str = "troops",
        value_max: float | None = None, quote: str = "", outlet: str = "Kontan", **extra: object) -> FigureRow:
    return FigureRow("north-korea", metric, datetime(2024, 10, day), value, value_max, "troops", source, outlet,
                     modality, quote or f"{source} said {value:g}.", **extra)  # type: ignore[arg-type]


def test_one_timeline_per_metric_and_one_series_per_source_in_order_of_appearance() -> None:
    rows = [row(22, 10000, "Zelensky"), row(21, 1500, "NIS"), row(26, 12000, "NIS"),
            row(23, 5, "NIS", metric="other")]
    first, second = build_timelines(rows, labels={"troops": "North Korean troops in Russia"})
    assert (first.metric, first.label, second.metric, second.label) == (
        "other", "other", "troops", "North Korean troops in Russia")
    assert [s.source for s in second.series] == ["NIS", "Zelensky"]
    nis = second.series[0]
    assert [p.value for p in nis.estimates] == [1500, 12000]
    assert nis.latest is not None and nis.latest.value == 12000


def test_projections_and_earlier_estimates_are_kept_apart_from_the_step_series() -> None:
    rows = [row(21, 3000, "Pentagon"), row(25, 10000, "Pentagon", modality="projection"),
            row(26, 30000, "Pentagon", modality="hypothetical"), row(27, 2000, "Pentagon", is_previous=True),
            row(28, 500, "Pentagon", modality="incident"), row(29, 11000, "Pentagon", modality="total")]
    (timeline,) = build_timelines(rows)
    (series,) = timeline.series
    assert [p.value for p in series.estimates] == [3000, 11000]
    assert [p.value for p in series.projections] == [10000, 30000]
    assert [(p.value, p.modality) for p in series.others] == [(2000, "earlier"), (500, "incident")]


def test_ranges_become_bands_and_disputed_values_are_marked() -> None:
    rows = [row(21, 10000, "NIS", value_max=12000), row(22, 1500, "NIS")]
    disputes = [DisputeRow(datetime(2024, 10, 23), (11000.0,), "Kremlin", "The Kremlin denied 11,000.",
                           ("russia", "north-korea")),
                DisputeRow(datetime(2024, 10, 23), (1500.0,), "Kyiv", "Kyiv denied 1,500.", ("ukraine",))]
    (timeline,) = build_timelines(rows, disputes)
    ranged, single = timeline.series[0].estimates
    assert (ranged.low, ranged.high, ranged.is_range) == (10000, 12000, True)
    assert ranged.disputed and ranged.disputed_by == ("Kremlin",)
    assert not single.disputed and not single.is_range  # Kyiv's denial answers Ukraine's figures, not these
    svg = timeline_svg(timeline)
    tree = ET.fromstring(svg)
    assert len(tree.findall(f".//{SVG}rect[@class='band']")) == 1
    disputed = [g for g in tree.iter(f"{SVG}g") if g.get("data-disputed") == "true"]
    assert len(disputed) == 1 and "DISPUTED by Kremlin" in (disputed[0].findtext(f"{SVG}title") or "")


def test_an_uncredited_figure_is_its_outlets() -> None:
    assert source_of(row(21, 1, None, outlet="KBS World")) == "KBS World (uncredited)"
    assert source_of(row(21, 1, None, outlet="")) == "uncredited"


def test_every_point_has_a_native_title_with_its_evidence() -> None:
    rows = [row(21, 1500, "NIS", quote="About 1,500 troops were sent, the NIS said.", url="https://x.test/a"),
            row(29, 12000, "NIS", quote="Now 12,000.")]
    (timeline,) = build_timelines(rows)
    tree = ET.fromstring(timeline_svg(timeline, width=640, height=300))
    assert tree.get("width") == "640" and tree.get("height") == "300"
    points = [g for g in tree.iter(f"{SVG}g") if g.get("class") == "point"]
    assert [(g.get("data-source"), g.get("data-value")) for g in points] == [("NIS", "1500"), ("NIS", "12000")]
    titles = [g.findtext(f"{SVG}title") or "" for g in points]
    assert "About 1,500 troops were sent, the NIS said." in titles[0]
    assert titles[0].startswith("NIS: 1,500 troops") and "Kontan, 2024-10-21" in titles[0]


def test_article_text_is_escaped_and_the_svg_has_no_script_or_external_reference() -> None:
    evil = '<script>alert(1)</script> & "quoted" <a href="javascript:x">'
    rows = [row(21, 1500, evil, quote=evil + "\x00\x07", outlet="<b>Outlet</b>")]
    (timeline,) = build_timelines(rows, labels={"troops": "<i>label</i>"})
    svg = timeline_svg(timeline)
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg and "<a " not in svg
    assert "&lt;script&gt;" in svg and "&amp;" in svg
    tree = ET.fromstring(svg)  # still well-formed XML: the control characters are dropped
    assert evil in "".join(tree.itertext())
    assert {element.tag for element in tree.iter()} <= {f"{SVG}{tag}" for tag in _DRAWN}
    assert not [key for element in tree.iter() for key in element.attrib if "href" in key or key.startswith("on")]


_DRAWN = ("svg", "title", "text", "tspan", "g", "line", "rect", "path", "polyline", "circle")


def test_an_empty_timeline_still_draws() -> None:
    from monitor.timeline import MetricTimeline

    svg = timeline_svg(MetricTimeline("w", "m", "Label", "troops", ()))
    assert "no figures" in svg
    ET.fromstring(svg)


@pytest.mark.parametrize(("value", "top"), [(0, 1), (0.7, 1), (9, 10), (12960, 20000), (1620, 2000), (2400, 2500)])
def test_axis_tops_are_round(value: float, top: float) -> None:
    assert nice_top(value) == top


def test_points_on_the_same_pixels_are_one_marker_that_says_how_many() -> None:
    rows = [FigureRow("w", "m", datetime(2024, 10, 21, 0, minute), 1000 + minute, None, "troops", "NIS", "Kontan",
                      "current", f"quote {minute}") for minute in range(30)]
    rows.append(FigureRow("w", "m", datetime(2024, 12, 21), 5000, None, "troops", "NIS", "Kontan", "current", "far"))
    (timeline,) = build_timelines(rows)
    tree = ET.fromstring(timeline_svg(timeline))
    points = [g for g in tree.iter(f"{SVG}g") if g.get("class") == "point"]
    assert len(points) == 2 and points[0].get("data-count") == "30" and points[1].get("data-count") is None
    assert "+29 more figures of this source here (1,000, 1,001" in (points[0].findtext(f"{SVG}title") or "")


def test_many_sources_grow_the_svg_and_reuse_colours_dashed() -> None:
    rows = [row(21, 100 * index, f"Source {index}") for index in range(1, 31)]
    (timeline,) = build_timelines(rows)
    tree = ET.fromstring(timeline_svg(timeline, width=720, height=320))
    assert int(tree.get("height") or 0) > 320
    steps = [p for p in tree.iter(f"{SVG}path") if p.get("class") == "step"]
    assert len(steps) == 30 and steps[0].get("stroke") == steps[8].get("stroke")
    assert steps[0].get("stroke-dasharray") is None and steps[8].get("stroke-dasharray")
