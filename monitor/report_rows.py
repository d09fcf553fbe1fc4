"""The rows the report, the dashboard and the Atom feed show besides timelines: plain frozen values
(read by `monitor.store.report_data`, drawn by `monitor.report` and `monitor.atom`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class ActorRow:
    name: str
    kind: str | None
    role: str | None
    variants: tuple[str, ...]
    first_seen_at: datetime
    mentions: int
    watchlists: tuple[str, ...]
    url: str | None
    title: str | None
    outlet: str | None


@dataclass(frozen=True, slots=True)
class AlertRow:
    alert_id: str
    rule: str
    watchlist: str
    title: str
    body: str
    raised_at: datetime
    status: str
    delivered_at: datetime | None
    url: str | None = None
    article_title: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    quote: str | None = None
    credited_to: str | None = None
    metric: str | None = None
    watchlists: tuple[str, ...] = ()
    updated_at: datetime | None = None  # the last alert.updated (a later count of its sources), if any

    @property
    def last_changed(self) -> datetime:
        return max(self.raised_at, self.updated_at) if self.updated_at else self.raised_at


@dataclass(frozen=True, slots=True)
class VolumeRow:
    outlet: str
    day: date
    articles: int
