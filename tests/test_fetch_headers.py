"""Retry-After, Cache-Control max-age and Content-Length from hostile servers (issue 12, point 3): only
ASCII digits count. Before the fix '²' crashed the poll (ValueError in float()) and '١٢٠' was read as 120."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.fetch import parse_max_age, parse_retry_after

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0), (" 120 ", 120.0), ("0", 0.0),
    ("\u0661\u0662\u0660", None),  # Arabic-Indic digits
    ("\u00b2", None),  # superscript two: str.isdigit() says yes, float() raises
    ("\uff11\uff12", None),  # full-width digits
    ("1e9", None), ("-5", None), ("+5", None), ("1.5", None), ("9" * 400, None), ("9" * 13, None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("Wed, 02 Dec 2026 12:00:00 GMT", 86400.0),
    ("Wed, 21 Oct 99999 07:28:00 GMT", None), ("Fri, 31 Dec 9999 23:59:59 GMT", 251606174399.0),
    ("Mon, 01 Jan 0001 00:00:00 GMT", 0.0), ("soon", None), ("", None), ("\x00", None),
])
def test_retry_after(value: str, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


@pytest.mark.parametrize(("value", "seconds"), [
    ("max-age=300", 300.0), ("public, max-age=\"60\"", 60.0), ("max-age=\u0661\u0662\u0660", None),
    ("max-age=\u00b2", None), ("max-age=1e9", None), ("max-age=-5", None), ("max-age=" + "9" * 400, None),
    ("no-cache", None), ("", None),
])
def test_max_age(value: str, seconds: float | None) -> None:
    assert parse_max_age(value) == seconds
