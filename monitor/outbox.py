"""The outbox: delivers raised alerts to their targets and records each outcome as an event.

Deliveries are found from the projections (alerts without a delivered or given-up row for a
target), grouped into one message per article and target, sent, and recorded right after each
send, so a crash re-sends at most the message that was in flight.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import apprise

from monitor.config import AlertSettings, Target
from monitor.errors import AlertError
from monitor.events import ALERT_DELIVERED, ALERT_FAILED, Event, iso, make_event, stable_id, to_utc
from monitor.messages import Message, console_lines, render
from monitor.store import Session

log = logging.getLogger(__name__)


class Sender(Protocol):
    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]]) -> None:
        """Deliver or raise AlertError."""


@dataclass(frozen=True, slots=True)
class ConsoleSender:
    write: Callable[[str], None]

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]]) -> None:
        self.write(console_lines(alerts))


@dataclass(frozen=True, slots=True)
class FileSender:
    """An append-only file of alerts: one JSON object per line."""

    path: Path

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]]) -> None:
        lines = "".join(json.dumps({k: a[k] for k in ("alert_id", "rule", "watchlist", "title", "body",
                                                      "url", "published_at")}, ensure_ascii=False) + "\n"
                        for a in alerts)
        try:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(lines)
        except OSError as exc:
            raise AlertError(f"alerts file {self.path}: {exc.strerror}") from None


@dataclass(frozen=True, slots=True)
class AppriseSender:
    """One apprise URL. The URL holds secrets: errors name the target, never the URL."""

    name: str
    url: str

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]]) -> None:
        notifier = apprise.Apprise()
        if not notifier.add(self.url):
            raise AlertError(f"target {self.name!r}: apprise does not understand its URL; check alerts.targets")
        body_format = {"text": apprise.NotifyFormat.TEXT, "markdown": apprise.NotifyFormat.MARKDOWN,
                       "html": apprise.NotifyFormat.HTML}[message.format]
        if not notifier.notify(title=message.title, body=message.body, body_format=body_format):
            raise AlertError(f"target {self.name!r}: delivery failed (see apprise's reason above, URL hidden)")


@dataclass(frozen=True, slots=True)
class Route:
    target: Target
    sender: Sender


@dataclass(slots=True)
class DispatchReport:
    delivered: int = 0
    failed: int = 0
    gave_up: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)


def routes(settings: AlertSettings, write: Callable[[str], None]) -> list[Route]:
    """Built-in console and file targets, then the configured apprise targets."""
    found: list[Route] = []
    if settings.console:
        found.append(Route(Target("console", "console://", ("*",)), ConsoleSender(write)))
    if settings.file is not None:
        found.append(Route(Target("file", "file://", ("*",)), FileSender(settings.file)))
    found += [Route(t, AppriseSender(t.name, t.url)) for t in settings.targets]
    return found


def backoff_seconds(attempts: int, initial: float, maximum: float, key: str) -> float:
    """Exponential backoff with a deterministic jitter in [50 %, 100 %] drawn from the key."""
    base = min(maximum, initial * 2.0 ** max(0, attempts - 1))
    fraction = int(stable_id("jitter", key, attempts, length=8), 16) / 0xFFFFFFFF
    return base * (0.5 + fraction / 2)


@dataclass(frozen=True, slots=True)
class Pending:
    alert: Mapping[str, Any]
    raised_at: datetime
    target: str
    attempts: int
    last_attempt_at: datetime | None


def plan(pending: Sequence[Pending], settings: AlertSettings, now: datetime) -> tuple[list[Pending], list[Pending]]:
    """Split pending deliveries into (due now, given up); the rest wait for their backoff."""
    due, expired = [], []
    give_up = timedelta(hours=settings.give_up_after_hours)
    for item in pending:
        if now - item.raised_at > give_up:
            expired.append(item)
        elif item.last_attempt_at is None or now >= item.last_attempt_at + timedelta(seconds=backoff_seconds(
                item.attempts, settings.retry_initial_seconds, settings.retry_max_seconds,
                f"{item.alert['alert_id']}:{item.target}")):
            due.append(item)
    return due, expired


def group(items: Sequence[Pending]) -> list[list[Pending]]:
    """One message per (article, target), in the order the alerts were raised."""
    groups: dict[tuple[str, str], list[Pending]] = {}
    for item in items:
        groups.setdefault((item.alert.get("article_id") or item.alert["alert_id"], item.target), []).append(item)
    return list(groups.values())


def outcome_event(item: Pending, status: str, now: datetime, error: str | None) -> Event:
    alert_id = item.alert["alert_id"]
    payload = {"alert_id": alert_id, "target": item.target, "status": status, "error": error,
               "attempt": item.attempts + 1, "at": iso(now)}
    if status == "delivered":
        return make_event(ALERT_DELIVERED, f"alert:{alert_id}", now, payload, item.target)
    return make_event(ALERT_FAILED, f"alert:{alert_id}", now, payload, item.target, item.attempts + 1, status)


_PENDING_SQL = """
    SELECT a.payload, a.raised_at, t.target, coalesce(d.attempts, 0), d.last_attempt_at
    FROM p_alerts a CROSS JOIN (SELECT unnest($targets) AS target) t
    LEFT JOIN p_deliveries d ON d.alert_id = a.alert_id AND d.target = t.target
    WHERE coalesce(d.status, 'pending') NOT IN ('delivered', 'gave_up')
    ORDER BY a.seq, t.target"""


class Dispatcher:
    def __init__(self, session: Session, settings: AlertSettings, routes_: Sequence[Route],
                 clock: Callable[[], datetime]):
        self.session = session
        self.settings = settings
        self.routes = {route.target.name: route for route in routes_}
        self.clock = clock

    def pending(self) -> list[Pending]:
        if not self.routes:
            return []
        rows = self.session.query(_PENDING_SQL, {"targets": list(self.routes)}).rows
        items = [Pending(json.loads(p), raised, target, attempts, last) for p, raised, target, attempts, last in rows]
        return [i for i in items if _subscribed(self.routes[i.target].target, i.alert["watchlist"])]

    def dispatch(self) -> DispatchReport:
        report = DispatchReport()
        now = _naive(self.clock())
        due, expired = plan(self.pending(), self.settings, now)
        if expired:
            self.session.append([outcome_event(i, "gave_up", now, "gave up: older than give_up_after_hours")
                                 for i in expired], self.clock())
            report.gave_up += len(expired)
        for items in group(due):
            self._send(items, report)
        return report

    def _send(self, items: list[Pending], report: DispatchReport) -> None:
        route = self.routes[items[0].target]
        alerts = [i.alert for i in items]
        try:
            route.sender.send(render(alerts, route.target.format), alerts)
        except AlertError as exc:
            log.warning("alert delivery failed: %s", exc)
            report.failed += len(items)
            report.errors.append(str(exc))
            status, error = "failed", str(exc)
        else:
            report.delivered += len(items)
            status, error = "delivered", ""
        report.messages += 1
        now = self.clock()
        self.session.append([outcome_event(i, status, _naive(now), error or None) for i in items], now)


def _subscribed(target: Target, watchlist: str) -> bool:
    return "*" in target.watchlists or watchlist in target.watchlists


def _naive(moment: datetime) -> datetime:
    """The log stores UTC without a zone; compare in the same terms."""
    return to_utc(moment).replace(tzinfo=None)
