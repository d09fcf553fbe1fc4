"""The outbox: pure planning (backoff, jitter, give-up, digests, grouping), then the Dispatcher
against a real DuckDB file with a fake sender and a fake clock."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from monitor.config import AlertSettings, Target
from monitor.digest import due_at, period_label, window
from monitor.errors import AlertError
from monitor.events import ALERT_RAISED, make_event
from monitor.messages import Message
from monitor.outbox import (
    Dispatcher,
    Pending,
    Route,
    backoff_seconds,
    group,
    plan,
    redact,
    redacting,
    url_secrets,
)
from monitor.store import EventStore
from tests.payloads import full

T0 = datetime(2024, 10, 29, 10, 15)  # naive UTC, as the log stores it
SETTINGS = AlertSettings(retry_initial_seconds=30, retry_max_seconds=3600, give_up_after_hours=48)
HOOK = Target("hook", "json://127.0.0.1/x", ("*",))
HOURLY = Target("hourly", "json://127.0.0.1/y", ("*",), digest="hourly")
DAILY = Target("daily", "json://127.0.0.1/z", ("*",), digest="daily")
TARGETS = {t.name: t for t in (HOOK, HOURLY, DAILY)}


def alert(alert_id: str, article: str = "a1", watchlist: str = "nk", rule: str = "new-figure",
          subject: str = "troops") -> dict[str, Any]:
    return {"alert_id": alert_id, "article_id": article, "watchlist": watchlist, "rule": rule, "subject": subject,
            "title": f"Alert {alert_id}", "body": "b", "url": f"https://news.example/{article}", "outlet": "Outlet",
            "published_at": "2024-10-29T08:00:00+00:00", "credited_to": "Pentagon", "quote": "q",
            "corroborating_outlets": 1, "estimates": [], "name": subject, "kind": "person", "variants": [subject]}


def pending(alert_id: str = "x1", target: str = "hook", *, raised: datetime = T0, attempts: int = 0,
            last: datetime | None = None, status: str = "pending", article: str = "a1") -> Pending:
    return Pending(alert(alert_id, article), raised, target, attempts, last, status)


# --- backoff ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("attempts", "base"), [(0, 30), (1, 30), (2, 60), (3, 120), (5, 480), (7, 1920), (8, 3600),
                                                (30, 3600)])
def test_backoff_doubles_up_to_the_cap_with_jitter_between_half_and_full(attempts: int, base: float) -> None:
    waits = [backoff_seconds(attempts, 30, 3600, f"key{n}") for n in range(200)]
    assert all(base / 2 <= w <= base for w in waits)
    assert max(waits) - min(waits) > base / 4  # jitter really spreads retries


def test_backoff_is_reproducible_per_key_and_attempt() -> None:
    assert backoff_seconds(3, 30, 3600, "a") == backoff_seconds(3, 30, 3600, "a")
    assert backoff_seconds(3, 30, 3600, "a") != backoff_seconds(3, 30, 3600, "b")


def retry_timeline(settings: AlertSettings, target: Target = HOOK) -> list[float]:
    """Seconds after raising at which a delivery that always fails is tried, until it is given up."""
    item, now, tries = pending(), T0, []
    for _ in range(200):
        planned = plan([item], settings, TARGETS | {target.name: target}, now)
        if planned.expired:
            return tries
        if planned.due:
            tries.append((now - T0).total_seconds())
            item = replace(item, attempts=item.attempts + 1, last_attempt_at=now, status="failed")
            continue
        assert planned.next_at is not None and planned.next_at > now
        now = planned.next_at
    raise AssertionError("never gave up")


def test_retry_timeline_backs_off_exponentially_and_gives_up_at_the_age() -> None:
    tries = retry_timeline(SETTINGS)
    gaps = [b - a for a, b in pairwise(tries)]
    assert tries[0] == 0
    assert 15 <= gaps[0] <= 30 and 30 <= gaps[1] <= 60 and 60 <= gaps[2] <= 120
    assert all(1800 <= g <= 3600 for g in gaps[8:])
    assert tries[-1] <= 48 * 3600 < tries[-1] + 3600
    assert 50 <= len(tries) <= 110


def test_alerts_of_one_message_are_retried_together() -> None:
    failed = [pending(f"x{n}", attempts=3, last=T0, status="failed") for n in range(5)]
    for minutes in range(0, 10):
        due = plan(failed, SETTINGS, TARGETS, T0 + timedelta(minutes=minutes)).due
        assert len(due) in (0, 5)


# --- plan ---------------------------------------------------------------------------------------

PLAN_CASES = [
    ("never tried: due at once", pending(), T0, "due"),
    ("failed, in backoff: waits", pending(attempts=1, last=T0, status="failed"), T0 + timedelta(seconds=10), "waiting"),
    ("failed, backoff over: due", pending(attempts=1, last=T0, status="failed"), T0 + timedelta(seconds=31), "due"),
    ("failed past the give-up age: given up", pending(attempts=9, last=T0 + timedelta(hours=47), status="failed"),
     T0 + timedelta(hours=48, seconds=1), "expired"),
    ("never tried and past the age (a new target): skipped", pending(), T0 + timedelta(hours=49), "skipped"),
    ("given up: skipped", pending(attempts=9, last=T0, status="gave_up"), T0 + timedelta(hours=1), "skipped"),
    ("hourly digest, window open: waits", pending(target="hourly"), T0 + timedelta(minutes=30), "waiting"),
    ("hourly digest, window closed: due", pending(target="hourly"), datetime(2024, 10, 29, 11, 0), "due"),
    ("daily digest, day not over: waits", pending(target="daily"), datetime(2024, 10, 29, 23, 59), "waiting"),
    ("daily digest, next day: due", pending(target="daily"), datetime(2024, 10, 30, 0, 0), "due"),
    ("daily digest, give-up counted from the window's end", pending(target="daily", attempts=1, status="failed",
                                                                    last=datetime(2024, 10, 31, 12)),
     datetime(2024, 10, 31, 23, 0), "due"),
]


@pytest.mark.parametrize(("item", "now", "expected"), [c[1:] for c in PLAN_CASES], ids=[c[0] for c in PLAN_CASES])
def test_plan(item: Pending, now: datetime, expected: str) -> None:
    planned = plan([item], SETTINGS, TARGETS, now)
    found = {"due": planned.due, "expired": planned.expired, "waiting": planned.waiting}
    assert [name for name, got in found.items() if got] == ([] if expected == "skipped" else [expected])


def test_plan_reports_when_the_next_one_falls_due() -> None:
    planned = plan([pending(target="hourly"), pending("x2", attempts=1, last=T0, status="failed")], SETTINGS, TARGETS,
                   T0 + timedelta(seconds=1))
    assert planned.next_at is not None and T0 + timedelta(seconds=15) <= planned.next_at <= T0 + timedelta(seconds=30)


@pytest.mark.parametrize("status", ["failed", "gave_up"])
def test_force_makes_failed_and_given_up_due_now(status: str) -> None:
    item = pending(attempts=20, last=T0, status=status)
    now = T0 + timedelta(hours=100)
    assert plan([item], SETTINGS, TARGETS, now, force=True).due == (item,)
    assert plan([pending(target="hourly")], SETTINGS, TARGETS, T0, force=True).due == ()  # digests still wait


def test_group_by_article_and_target_digests_by_target() -> None:
    items = [pending("x1", "hook", article="a1"), pending("x2", "hook", article="a2"),
             pending("x3", "hook", article="a1"), pending("x1", "hourly", article="a1"),
             pending("x2", "hourly", article="a2")]
    groups = [[(i.alert["alert_id"], i.target) for i in g] for g in group(items, TARGETS)]
    assert groups == [[("x1", "hook"), ("x3", "hook")], [("x2", "hook")], [("x1", "hourly"), ("x2", "hourly")]]


@pytest.mark.parametrize(("moment", "digest", "start", "end"), [
    (datetime(2024, 10, 29, 10, 15, 7), "hourly", datetime(2024, 10, 29, 10), datetime(2024, 10, 29, 11)),
    (datetime(2024, 10, 29, 23, 59), "hourly", datetime(2024, 10, 29, 23), datetime(2024, 10, 30, 0)),
    (datetime(2024, 10, 29, 10, 15), "daily", datetime(2024, 10, 29), datetime(2024, 10, 30)),
])
def test_digest_window(moment: datetime, digest: str, start: datetime, end: datetime) -> None:
    assert window(moment, digest) == (start, end)
    assert due_at(moment, digest) == end
    assert due_at(moment, "off") == moment


@pytest.mark.parametrize(("moments", "digest", "label"), [
    ([datetime(2024, 10, 29, 10, 15)], "hourly", "2024-10-29 10:00-11:00 UTC"),
    ([datetime(2024, 10, 29, 23, 5)], "hourly", "2024-10-29 23:00-00:00 UTC"),
    ([datetime(2024, 10, 29, 9), datetime(2024, 10, 30, 1)], "hourly", "2024-10-29 09:00 to 2024-10-30 02:00 UTC"),
    ([datetime(2024, 10, 29, 9)], "daily", "2024-10-29 UTC"),
    ([datetime(2024, 10, 29, 9), datetime(2024, 10, 31, 1)], "daily", "2024-10-29 to 2024-10-31 UTC"),
])
def test_period_label(moments: list[datetime], digest: str, label: str) -> None:
    assert period_label(moments, digest) == label


# --- secrets ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "secrets", "kept"), [
    ("mailto://user:S3cretPass@127.0.0.1:8025?from=a@example.org&to=b@example.org", ["S3cretPass", "a@example.org"],
     ["from", "8025"]),
    ("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-100123", ["AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
                                                                    "123456789", "-100123"], []),
    ("json://127.0.0.1:9000/hooks/T0KEN-abc?rto=1.5&cto=1", ["T0KEN-abc", "hooks"],
     ["rto", "1.5", "9000", "127.0.0.1"]),
    ("discord://webhook_id/webhook%2Ftoken", ["webhook_id", "webhook/token", "webhook%2Ftoken"], []),
])
def test_url_secrets(url: str, secrets: list[str], kept: list[str]) -> None:
    found = url_secrets(url)
    assert url in found
    for secret in secrets:
        assert secret in found
        assert secret not in redact(f"error at {url}: {secret}", found)
    for part in kept:
        assert part not in found


def test_redacting_masks_log_records_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    url = "json://user:PW1234@127.0.0.1:9/hook/TOKEN9876"
    logger = logging.getLogger("apprise")
    caplog.set_level(logging.DEBUG)
    with redacting(url_secrets(url)) as reasons:
        logger.debug("Loaded URL: %s", url)
        logger.warning("failed to reach /hook/%s", "TOKEN9876")
        try:
            raise ValueError(f"cannot open {url}")
        except ValueError:
            logger.exception("boom")
        logging.getLogger("urllib3.connectionpool").debug('"POST /hook/TOKEN9876 HTTP/1.1" 503')
        logging.getLogger("monitor.daemon").info("the hook poller is fine")  # another thread's record
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "PW1234" not in text and "TOKEN9876" not in text
    assert "failed to reach /***/***" in text  # every path segment may be a token
    assert "the hook poller is fine" in text
    assert reasons == ["failed to reach /***/***", "boom"]
    assert logger.filters == [] and "TOKEN9876" in url  # nothing left behind


# --- the Dispatcher against a real DuckDB file --------------------------------------------------

@dataclass
class FakeSender:
    """Records what it is asked to send; fails while `down`; dies (like a SIGKILL) on call `die_on`."""

    sent: list[tuple[Message, list[str]]] = field(default_factory=list)
    down: bool = False
    die_on: int | None = None

    def send(self, message: Message, alerts: Sequence[Mapping[str, Any]]) -> None:
        self.sent.append((message, [a["alert_id"] for a in alerts]))
        if self.die_on == len(self.sent):
            raise KeyboardInterrupt("killed mid-send")
        if self.down:
            raise AlertError("target 'hook': delivery failed: HTTP 503")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now.replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def store(tmp_path: Path) -> EventStore:
    return EventStore(tmp_path / "log.duckdb")


def raise_alerts(store: EventStore, clock: Clock, *alerts: dict[str, Any]) -> None:
    with store.session() as session:
        events = [make_event(ALERT_RAISED, f"alert:{a['alert_id']}", clock(), full(ALERT_RAISED, a), a["alert_id"])
                  for a in alerts]
        session.append(events, clock())


def dispatch(store: EventStore, clock: Clock, sender: FakeSender, *targets: Target, force: bool = False,
             settings: AlertSettings = SETTINGS) -> Any:
    """One dispatch through a fresh short-lived session, as the daemon does each cycle."""
    with store.session() as session:
        return Dispatcher(session, settings, [Route(t, sender) for t in targets or (HOOK,)], clock).dispatch(
            force=force)


def statuses(store: EventStore) -> dict[tuple[str, str], tuple[str, int]]:
    with store.session(read_only=True) as session:
        rows = session.query("SELECT alert_id, target, status, attempts FROM p_deliveries").rows
    return {(a, t): (s, n) for a, t, s, n in rows}


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


def test_delivers_one_message_per_article_and_records_each_alert(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, alert("x1", "a1"), alert("x2", "a1"), alert("x3", "a2"))
    sender = FakeSender()
    report = dispatch(store, clock, sender)
    assert [ids for _, ids in sender.sent] == [["x1", "x2"], ["x3"]]
    assert (report.delivered, report.failed, report.messages) == (3, 0, 2)
    assert statuses(store) == {(a, "hook"): ("delivered", 1) for a in ("x1", "x2", "x3")}
    assert dispatch(store, clock, sender).messages == 0  # nothing twice
    assert len(sender.sent) == 2


def test_failures_are_retried_with_backoff_until_delivered(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, alert("x1"), alert("x2"))
    sender = FakeSender(down=True)
    first = dispatch(store, clock, sender)
    assert (first.failed, first.delivered) == (2, 0) and first.errors == ["target 'hook': delivery failed: HTTP 503"]
    assert first.next_due_at is None  # nothing else waiting at planning time
    clock.advance(seconds=5)
    assert dispatch(store, clock, sender).messages == 0  # still in backoff
    clock.advance(seconds=30)
    assert dispatch(store, clock, sender).failed == 2
    sender.down = False
    clock.advance(seconds=60)
    assert dispatch(store, clock, sender).delivered == 2
    assert statuses(store) == {("x1", "hook"): ("delivered", 3), ("x2", "hook"): ("delivered", 3)}
    assert len(sender.sent) == 3
    with store.session(read_only=True) as session:
        view = session.query("SELECT DISTINCT status FROM alerts").rows
    assert view == [("delivered",)]


def test_gives_up_at_the_age_and_retry_forces_it(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, alert("x1"))
    sender = FakeSender(down=True)
    dispatch(store, clock, sender)
    clock.advance(hours=49)
    report = dispatch(store, clock, sender)
    assert (report.gave_up, report.messages) == (1, 0)
    assert statuses(store)[("x1", "hook")] == ("gave_up", 2)
    with store.session(read_only=True) as session:
        assert session.scalar("SELECT status FROM alerts") == "gave_up"
    assert dispatch(store, clock, sender).messages == 0
    sender.down = False
    assert dispatch(store, clock, sender, force=True).delivered == 1
    assert statuses(store)[("x1", "hook")] == ("delivered", 3)


def test_targets_get_only_their_watchlists_and_one_message_for_an_actor_new_in_several(store: EventStore,
                                                                                       clock: Clock) -> None:
    raise_alerts(store, clock, *(alert(f"c-{w}", "a1", w, "new-actor", "choe-son-hui") for w in ("nk", "nato", "ru")),
                 alert("f1", "a1", "nk"))
    everything, nato = FakeSender(), FakeSender()
    nato_target = Target("nato-desk", "json://127.0.0.1/n", ("nato",))
    with store.session() as session:
        Dispatcher(session, SETTINGS, [Route(HOOK, everything), Route(nato_target, nato)], clock).dispatch()
    ((message, ids),) = everything.sent
    assert sorted(ids) == ["c-nato", "c-nk", "c-ru", "f1"]
    assert message.body.count("Alert c-") == 1 and "new in: nato, nk, ru" in message.body
    assert [ids for _, ids in nato.sent] == [["c-nato"]]


def test_a_death_mid_send_resends_only_the_message_in_flight(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, *(alert(f"x{n}", f"a{n}") for n in range(4)))
    dying = FakeSender(die_on=2)
    with pytest.raises(KeyboardInterrupt):
        dispatch(store, clock, dying)
    restarted = FakeSender()
    dispatch(store, clock, restarted)
    arrived = [ids for _, ids in dying.sent + restarted.sent]
    assert arrived == [["x0"], ["x1"], ["x1"], ["x2"], ["x3"]]  # x1 was in flight: the only one sent twice


def test_digest_target_gets_one_summary_when_the_window_closes(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, alert("x1", "a1"))
    clock.advance(minutes=20)
    raise_alerts(store, clock, alert("x2", "a2"), alert("x3", "a2"))
    sender = FakeSender()
    clock.advance(minutes=10)
    report = dispatch(store, clock, sender, HOURLY)
    assert report.messages == 0 and report.next_due_at == datetime(2024, 10, 29, 11)
    clock.now = datetime(2024, 10, 29, 11, 0, 1, tzinfo=UTC)
    assert dispatch(store, clock, sender, HOURLY).delivered == 3
    ((message, ids),) = sender.sent
    assert ids == ["x1", "x2", "x3"]
    assert message.title == "monitor digest, 2024-10-29 10:00-11:00 UTC: 3 alerts"


def test_stopping_ends_between_messages(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, *(alert(f"x{n}", f"a{n}") for n in range(3)))
    sender = FakeSender()
    with store.session() as session:
        report = Dispatcher(session, SETTINGS, [Route(HOOK, sender)], clock,
                            stopping=lambda: len(sender.sent) >= 1).dispatch()
    assert report.messages == 1
    assert dispatch(store, clock, sender).messages == 2


def test_failure_reasons_are_recorded_without_the_url(store: EventStore, clock: Clock) -> None:
    raise_alerts(store, clock, alert("x1"))
    dispatch(store, clock, FakeSender(down=True))
    with store.session(read_only=True) as session:
        error = session.scalar("SELECT last_error FROM p_deliveries")
    assert error == "target 'hook': delivery failed: HTTP 503"


@pytest.fixture(autouse=True)
def _no_leftover_filters() -> Iterator[None]:
    yield
    assert logging.getLogger("apprise").filters == []
