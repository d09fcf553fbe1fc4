"""The report page, pure: escaping, the figure table's bound, empty sections."""

from __future__ import annotations

from datetime import datetime

from monitor.report import TABLE_ROWS_PER_SOURCE, ReportData, render_report
from monitor.report_rows import AlertRow
from monitor.timeline import FigureRow, build_timelines

NOW = datetime(2026, 12, 2, 6, 0)


def test_an_empty_log_gives_a_page_that_says_so() -> None:
    page = render_report(ReportData(NOW, (), (), (), ()))
    assert "No figures of any metric yet." in page and "No new actors." in page and "No alerts." in page
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page


def test_each_sources_table_is_bounded_and_says_what_it_left_out() -> None:
    rows = [FigureRow("w", "m", datetime(2024, 1, 1 + day % 28, day % 24), float(day), None, "troops", "NIS",
                      "Kontan", "current", f"quote {day}") for day in range(TABLE_ROWS_PER_SOURCE + 7)]
    page = render_report(ReportData(NOW, build_timelines(rows), (), (), ()))
    assert page.count("<blockquote>quote ") == TABLE_ROWS_PER_SOURCE
    assert "7 earlier figures are drawn above but not listed" in page


def test_alert_links_are_http_only_and_text_is_escaped() -> None:
    alert = AlertRow("a1", "new-figure", "w", "<b>t</b>", "body", NOW, "delivered", None,
                     url="javascript:alert(1)", article_title="<i>x</i>", outlet="O & P")
    page = render_report(ReportData(NOW, (), (), (alert,), ()))
    assert "javascript:" not in page and "<b>t</b>" not in page and "<i>x</i>" not in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page and "&lt;i&gt;x&lt;/i&gt;" in page and "O &amp; P" in page
