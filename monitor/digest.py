"""Digest windows: which hour or day (UTC) an alert belongs to, and when that summary is due. Pure.

A target with `digest = "hourly"` gets one message per closed hour that had alerts (for example
13:00-14:00 UTC, sent at 14:00 or at the first dispatch after it), `"daily"` one per closed UTC day.
All times here are naive UTC, as the event log stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def window(moment: datetime, digest: str) -> tuple[datetime, datetime]:
    """The [start, end) window of the digest that an alert raised at `moment` belongs to."""
    if digest == "hourly":
        start = moment.replace(minute=0, second=0, microsecond=0)
    elif digest == "daily":
        start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        raise ValueError(f"{digest!r} is not a digest mode")
    return start, start + PERIODS[digest]


def due_at(raised_at: datetime, digest: str) -> datetime:
    """When an alert may first be sent: at once, or when its digest window closes."""
    return raised_at if digest == "off" else window(raised_at, digest)[1]


def period_label(raised: Sequence[datetime], digest: str) -> str:
    """'2024-10-29 13:00-14:00 UTC', '2024-10-29 UTC', or a span when a digest covers several windows."""
    windows = sorted({window(moment, digest) for moment in raised})
    start, end = windows[0][0], windows[-1][1]
    if digest == "daily":
        last = end - PERIODS["daily"]
        return f"{start:%Y-%m-%d} UTC" if last == start else f"{start:%Y-%m-%d} to {last:%Y-%m-%d} UTC"
    if start.date() == (end - timedelta(microseconds=1)).date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} UTC"
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
