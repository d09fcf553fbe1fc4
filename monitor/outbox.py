"""The outbox: delivers raised alerts to their targets and records each outcome as an event.

`alert.raised` events are appended by the pipeline in the same transaction as the facts that
raised them. The Dispatcher reads what is owed from the projections (alert x subscribed target
without a `delivered` or `gave_up` outcome), plans it with pure functions (backoff, give-up age,
digest windows, grouping), sends one message per group and appends its `alert.delivered` or
`alert.failed` events right after that send, in their own transaction. So a channel that is down
loses nothing (the alerts stay owed and are retried, across restarts, until the give-up age), and
a process killed mid-run re-sends at most the one message that was in flight.

Apprise URLs hold secrets: errors and logs name the target, never its URL, and while apprise
runs every part of the URL is masked in log records (see `redacting`).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, unquote

from monitor.config import AlertSettings, Target
from monitor.digest import due_at, period_label
from monitor.errors import AlertError
from monitor.event_schema import AlertDelivered, AlertFailed
from monitor.events import ALERT_DELIVERED, ALERT_FAILED, Event, iso, make_event, naive_utc, stable_id
from monitor.report_attach import Attachment, timeline_attachments
from monitor.store import Session
from monitor.store.outbox_reads import owed

if TYPE_CHECKING:
    from monitor.messages import Message

log = logging.getLogger(__name__)


class Sender(Protocol):
    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]],
             attachments: Sequence[Attachment] = ()) -> None:
        """Deliver or raise AlertError. `alerts` is empty for a test message."""


@dataclass(frozen=True, slots=True)
class ConsoleSender:
    write: Callable[[str], None]

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]],
             attachments: Sequence[Attachment] = ()) -> None:
        self.write(f"{message.title}\n{message.body}")


@dataclass(frozen=True, slots=True)
class FileSender:
    """An append-only file of alerts: one JSON object per line. A test message writes nothing."""

    path: Path

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]],
             attachments: Sequence[Attachment] = ()) -> None:
        lines = "".join(json.dumps({k: a.get(k) for k in ("alert_id", "rule", "watchlist", "title", "body", "url",
                                                          "published_at")}, ensure_ascii=False) + "\n"
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

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]],
             attachments: Sequence[Attachment] = ()) -> None:
        secrets = url_secrets(self.url)
        with redacting(secrets) as reasons:
            ok = _notify(self.name, self.url, message, attachments)
        if not ok:
            why = "; ".join(reasons[-3:]) or "apprise reported a failure"
            raise AlertError(f"target {self.name!r}: delivery failed: {why}")


def _notify(name: str, url: str, message: Message, attachments: Sequence[Attachment] = ()) -> bool:
    import warnings

    import apprise
    from apprise.attachment.memory import AttachMemory

    with warnings.catch_warnings():  # apprise's e-mail plugin imports the deprecated imghdr module
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*imghdr")
        notifier = apprise.Apprise()
        if not notifier.add(url):
            raise AlertError(f"target {name!r}: apprise does not understand its URL; check alerts.targets")
    body_format = {"text": apprise.NotifyFormat.TEXT, "markdown": apprise.NotifyFormat.MARKDOWN,
                   "html": apprise.NotifyFormat.HTML}[message.format]
    attach = None
    if attachments:  # in memory: nothing written to disk
        attach = apprise.AppriseAttachment()
        for item in attachments:
            attach.add(AttachMemory(content=item.content, name=item.name,  # type: ignore[no-untyped-call]
                                    mimetype=item.mimetype))
    try:
        return bool(notifier.notify(title=message.title, body=message.body, body_format=body_format, attach=attach))
    except Exception as exc:  # a plugin bug must not stop the other targets
        log.warning("target %r: apprise raised %s: %s", name, type(exc).__name__, redact(str(exc), url_secrets(url)))
        return False


@dataclass(frozen=True, slots=True)
class Route:
    target: Target
    sender: Sender


def routes(settings: AlertSettings, write: Callable[[str], None]) -> list[Route]:
    """Built-in console and file targets, then the configured apprise targets."""
    found: list[Route] = []
    if settings.console:
        found.append(Route(Target("console", "console://", ("*",)), ConsoleSender(write)))
    if settings.file is not None:
        found.append(Route(Target("file", "file://", ("*",)), FileSender(settings.file)))
    found += [Route(t, AppriseSender(t.name, t.url)) for t in settings.targets]
    return found


# --- planning: pure ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Pending:
    """One alert owed to one target. Times are naive UTC."""

    alert: Mapping[str, Any]
    raised_at: datetime
    target: str
    attempts: int = 0  # outcome events recorded so far for this alert and target
    last_attempt_at: datetime | None = None
    status: str = "pending"  # pending, failed or gave_up


@dataclass(frozen=True, slots=True)
class Plan:
    due: tuple[Pending, ...]
    expired: tuple[Pending, ...]  # failed until the give-up age: record and stop
    waiting: tuple[Pending, ...]  # in backoff or in an open digest window
    next_at: datetime | None  # when the first waiting one becomes due


def backoff_seconds(attempts: int, initial: float, maximum: float, key: str) -> float:
    """Exponential backoff (initial x 2^(attempts-1), capped) with a jitter in [50 %, 100 %].

    The jitter is drawn from the key and the attempt number, so a plan is reproducible; the key is
    the message's group, so alerts that went out together are retried together.
    """
    base = min(maximum, initial * 2.0 ** max(0, attempts - 1))
    fraction = int(stable_id("jitter", key, attempts, length=8), 16) / 0xFFFFFFFF
    return base * (0.5 + fraction / 2)


def group_key(item: Pending, target: Target) -> str:
    if target.digest != "off":
        return f"digest:{item.target}"
    return f"{item.alert.get('article_id') or item.alert['alert_id']}:{item.target}"


def next_attempt_at(item: Pending, target: Target, settings: AlertSettings) -> datetime:
    first = due_at(item.raised_at, target.digest)
    if item.last_attempt_at is None or item.status == "pending":
        return first
    wait = backoff_seconds(item.attempts, settings.retry_initial_seconds, settings.retry_max_seconds,
                           group_key(item, target))
    return max(first, item.last_attempt_at + timedelta(seconds=wait))


def plan(pending: Sequence[Pending], settings: AlertSettings, targets: Mapping[str, Target], now: datetime,
         *, force: bool = False) -> Plan:
    """Split what is owed into due now, given up and waiting.

    A delivery still failing when its alert is older than the give-up age (for digest targets:
    counted from the end of its window) is given up; one never tried that old is skipped, so a
    newly added target is not flooded with stale alerts. `force` (`monitor alerts retry`) makes
    failed and given-up deliveries due now.
    """
    give_up = timedelta(hours=settings.give_up_after_hours)
    due, expired, waiting = [], [], []
    for item in pending:
        target = targets[item.target]
        if force and item.status in ("failed", "gave_up"):
            due.append(item)
        elif item.status == "gave_up":
            continue
        elif now - due_at(item.raised_at, target.digest) > give_up:
            if item.status == "failed":
                expired.append(item)
        elif now >= next_attempt_at(item, target, settings):
            due.append(item)
        else:
            waiting.append(item)
    next_at = min((next_attempt_at(i, targets[i.target], settings) for i in waiting), default=None)
    return Plan(tuple(due), tuple(expired), tuple(waiting), next_at)


def group(items: Sequence[Pending], targets: Mapping[str, Target]) -> list[list[Pending]]:
    """One message per article and target (per target for digests), in the order raised."""
    groups: dict[str, list[Pending]] = {}
    for item in items:
        groups.setdefault(group_key(item, targets[item.target]), []).append(item)
    return list(groups.values())


def compose(items: Sequence[Pending], target: Target) -> Message:
    # imported here: the messages read the rules' vocabulary, which loads the extractor's lexicons; a drain
    # with nothing to send never needs them
    from monitor.messages import render, render_digest

    alerts = [subscribed(i.alert, target) for i in items]
    if target.digest == "off":
        return render(alerts, target.format)
    return render_digest(alerts, target.format, period_label([i.raised_at for i in items], target.digest))


def subscribed(alert: Mapping[str, Any], target: Target) -> Mapping[str, Any]:
    """The alert as this target sees it: a new actor's alert names only the watchlists it subscribes to."""
    listed = alert.get("watchlists")
    if not listed or "*" in target.watchlists:
        return alert
    return {**alert, "watchlists": [w for w in listed if w in target.watchlists] or listed}


def outcome_event(item: Pending, status: str, now: datetime, error: str | None) -> Event:
    """alert.delivered or alert.failed (status failed or gave_up) for one alert and target."""
    alert_id = item.alert["alert_id"]
    sent = status != "gave_up"
    fields = {"alert_id": alert_id, "target": item.target, "status": status, "error": error,
              "attempt": item.attempts + (1 if sent else 0), "at": iso(now)}
    if status == "delivered":
        return make_event(ALERT_DELIVERED, f"alert:{alert_id}", now, AlertDelivered(**fields), item.target)
    return make_event(ALERT_FAILED, f"alert:{alert_id}", now, AlertFailed(**fields), item.target, item.attempts + 1,
                      status)


# --- the shell: database and network ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outcome:
    target: str
    alerts: int
    ok: bool
    seconds: float
    error: str | None = None


@dataclass(slots=True)
class DispatchReport:
    outcomes: list[Outcome] = field(default_factory=list)
    gave_up: int = 0
    next_due_at: datetime | None = None  # naive UTC: when the next retry or digest falls due

    @property
    def delivered(self) -> int:
        return sum(o.alerts for o in self.outcomes if o.ok)

    @property
    def failed(self) -> int:
        return sum(o.alerts for o in self.outcomes if not o.ok)

    @property
    def messages(self) -> int:
        return len(self.outcomes)

    @property
    def errors(self) -> list[str]:
        return [o.error for o in self.outcomes if o.error]


class Dispatcher:
    """Delivers what is owed, through one short-lived session; keeps no state between calls."""

    def __init__(self, session: Session, settings: AlertSettings, routes_: Sequence[Route],
                 clock: Callable[[], datetime], *, stopping: Callable[[], bool] = lambda: False):
        self.session = session
        self.settings = settings
        self.routes = {route.target.name: route for route in routes_}
        self.targets = {name: route.target for name, route in self.routes.items()}
        self.clock = clock
        self.stopping = stopping

    def pending(self, now: datetime, *, force: bool = False) -> list[Pending]:
        if not self.routes:
            return []
        oldest = now - timedelta(hours=self.settings.give_up_after_hours, days=1)
        return [Pending(*row) for row in owed(self.session, list(self.targets),
                                              [t.watchlists for t in self.targets.values()],
                                              force=force, oldest=oldest)]

    def dispatch(self, *, force: bool = False) -> DispatchReport:
        """Send every due message, recording each outcome right after its send."""
        now = naive_utc(self.clock())
        planned = plan(self.pending(now, force=force), self.settings, self.targets, now, force=force)
        report = DispatchReport(next_due_at=planned.next_at)
        if planned.expired:
            reason = f"gave up: not delivered within give_up_after_hours ({self.settings.give_up_after_hours:g})"
            self.session.append([outcome_event(i, "gave_up", now, reason) for i in planned.expired], self.clock())
            report.gave_up = len(planned.expired)
            log.warning("gave up on %d deliveries older than the give-up age", len(planned.expired))
        for items in group(planned.due, self.targets):
            if self.stopping():
                break
            report.outcomes.append(self._send(items))
        return report

    def _send(self, items: list[Pending]) -> Outcome:
        route = self.routes[items[0].target]
        started = time.monotonic()
        alerts = [i.alert for i in items]
        try:
            if route.target.attach_timeline:  # the metric's timeline as a PNG, per target setting
                route.sender.send(compose(items, route.target), alerts, timeline_attachments(self.session, alerts))
            else:
                route.sender.send(compose(items, route.target), alerts)
        except AlertError as exc:
            error: str | None = str(exc)
        else:
            error = None
        now = self.clock()
        status = "delivered" if error is None else "failed"
        self.session.append([outcome_event(i, status, naive_utc(now), error) for i in items], now)
        seconds = time.monotonic() - started
        if error is None:
            log.info("delivered %d alert(s) to %r in %.2f s", len(items), route.target.name, seconds)
        else:
            log.warning("alert delivery failed (attempt %d, retried later): %s", items[0].attempts + 1, error)
        return Outcome(route.target.name, len(items), error is None, seconds, error)


# --- secrets: masked in every log record while apprise runs ---------------------------------

_LIBRARIES = ("apprise", "urllib3", "requests", "requests_oauthlib", "oauthlib")
_HARMLESS = {"post", "get", "put", "true", "false", "yes", "html", "text", "markdown", "json", "form"}


def url_secrets(url: str) -> tuple[str, ...]:
    """The URL and each part of it that may be a secret (user, password, host name, path segments,
    query values), longest first. Query keys, IP addresses, ports and other short parts are kept."""
    rest = url.split("://", 1)[-1]
    location, _, query = rest.partition("?")
    parts = re.split(r"[/:@#]", location)
    parts += [piece for _, value in parse_qsl(query, keep_blank_values=True) for piece in re.split(r"[,\s]", value)]
    found = {url, unquote(url)}
    for part in parts:
        for text in (part, unquote(part)):
            numeric = text.replace(".", "").isdigit() and (len(text) < 6 or "." in text)  # port, IP, timeout
            if len(text) >= 4 and not numeric and text.lower() not in _HARMLESS:
                found.add(text)
    return tuple(sorted(found, key=len, reverse=True))


def redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


class _Redactor(logging.Filter):
    def __init__(self, secrets: Sequence[str]):
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(_LIBRARIES):  # other threads' records stay as they are
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = redact(message, self.secrets), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class _Reasons(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def redacting(secrets: Sequence[str]) -> Iterator[list[str]]:
    """Mask the secrets in log records of apprise and the HTTP libraries it uses (at their loggers
    and at every root handler); collect apprise's warnings (already masked) as failure reasons."""
    masker, reasons = _Redactor(secrets), _Reasons()
    loggers = [logging.getLogger(name) for name in ("apprise", "urllib3.connectionpool", *_LIBRARIES[1:])]
    handlers = list(logging.getLogger().handlers)
    for each in (*loggers, *handlers):
        each.addFilter(masker)
    loggers[0].addHandler(reasons)
    try:
        yield reasons.messages
    finally:
        loggers[0].removeHandler(reasons)
        for each in (*loggers, *handlers):
            each.removeFilter(masker)
