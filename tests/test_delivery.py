"""Delivery end to end: the real CLI in a subprocess, apprise, a real webhook and a real SMTP server
on 127.0.0.1. Every test asserts on what arrived: the JSON bodies and the e-mails."""

from __future__ import annotations

import email
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import Message as Email
from pathlib import Path
from typing import Any

import duckdb
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from .conftest import ROOT, SEEDS
from .servers import Webhook, free_port

SMTP_USER, SMTP_SECRET = "desk", "SmtpS3cret-91"
HOOK_SECRET, HOOK_TOKEN = "HookS3cret-52", "PathT0ken-77"
ARTICLES_WITH_ALERTS = 4  # 001, 004, 000 and 002; 003 raises nothing


class Mailbox:
    """aiosmtpd on 127.0.0.1, AUTH without TLS, accepting only SMTP_USER / SMTP_SECRET."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mails: list[Email] = []
        self.logins: list[tuple[str, str]] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, authenticator=self._auth,
                                     auth_require_tls=False)

    def url(self, to: str = "desk@example.org") -> str:
        return f"mailto://{SMTP_USER}:{SMTP_SECRET}@127.0.0.1:{self.port}?from=monitor@example.org&to={to}"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.mails.append(email.message_from_bytes(content))
        return "250 OK"

    def _auth(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            self.logins.append((login, password))
            return AuthResult(success=(login, password) == (SMTP_USER, SMTP_SECRET))
        return AuthResult(success=False)


def part(mail: Email, kind: str) -> str:
    for piece in mail.walk():
        if piece.get_content_type() == kind:
            payload = piece.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(piece.get_content_charset() or "utf-8")
    raise AssertionError(f"no {kind} part")


@pytest.fixture
def hook() -> Iterator[Webhook]:
    server = Webhook()
    yield server
    server.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box.controller.start()
    yield box
    box.controller.stop()


def make_project(root: Path, targets: list[dict[str, Any]], **alerts: Any) -> Path:
    shutil.copytree(ROOT / "watchlists", root / "watchlists")
    shutil.copytree(SEEDS, root / "seeds")
    settings = {"console": False, "file": "", "retry_initial_seconds": 1, "retry_max_seconds": 60,
                "give_up_after_hours": 48, **alerts}
    lines = ["[database]", 'path = "monitor.duckdb"', "lock_timeout_seconds = 30", "", "[alerts]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    for target in targets:
        lines += ["", "[[alerts.targets]]"] + [f"{key} = {json.dumps(value)}" for key, value in target.items()]
    (root / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def monitor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(project / "config.toml")],
                          capture_output=True, text=True, cwd=project, env={**os.environ, "COLUMNS": "200"},
                          check=False, timeout=300)


def rows(project: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(project / "monitor.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def alert_titles(project: Path) -> set[str]:
    return {title for (title,) in rows(project, "SELECT title FROM alerts")}


def test_replay_delivers_to_a_webhook_and_by_mail(tmp_path: Path, hook: Webhook, mailbox: Mailbox) -> None:
    hook.start()
    project = make_project(tmp_path, [
        {"name": "hook", "url": hook.url(), "watchlists": ["*"], "format": "text"},
        {"name": "mail", "url": mailbox.url(), "watchlists": ["north-korea"], "format": "html"}])
    started = time.monotonic()
    result = monitor(project, "replay", "seeds")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    assert len(hook.received) == ARTICLES_WITH_ALERTS
    first = hook.received[0]
    assert first["title"] == ("[nato, north-korea, russia, ukraine] North Korean troops sent to Russia: about 1,500 "
                              "(National Intelligence Service), new figure (+2 more)")  # 12,000, Kim Hong Kyun
    assert "about 12,000 (National Intelligence Service), new figure" in first["message"]
    everything = "\n".join(body["title"] + "\n" + body["message"] for body in hook.received)
    assert all(title in everything for title in alert_titles(project))
    assert everything.count("First mention: Choe Son Hui") == 1
    assert "new in: nato, north-korea, russia" in hook.received[-1]["message"]
    assert "Pentagon 3,000 -> 10,000" in hook.received[-1]["title"]

    assert len(mailbox.mails) == ARTICLES_WITH_ALERTS
    assert mailbox.logins == [(SMTP_USER, SMTP_SECRET)] * ARTICLES_WITH_ALERTS
    last = mailbox.mails[-1]
    assert last["Subject"] == "[north-korea] North Korean troops sent to Russia: Pentagon 3,000 -> 10,000 (+1 more)"
    assert last["To"] == "desk@example.org"
    html_part = part(last, "text/html")
    assert "<b>North Korean troops sent to Russia: Pentagon 3,000 -&gt; 10,000</b>" in html_part
    assert "Evidence: \u201cPentagon memperkirakan 10.000 tentara" in html_part
    assert "new in: north-korea" in html_part and "nato" not in html_part
    assert set(rows(project, "SELECT target, status FROM p_deliveries")) == {("hook", "delivered"),
                                                                               ("mail", "delivered")}


def test_webhook_down_then_back_everything_arrives_once(tmp_path: Path, hook: Webhook) -> None:
    project = make_project(tmp_path, [{"name": "hook", "url": hook.url(query="rto=2&cto=0.5")}])
    down = monitor(project, "replay", "seeds")  # nothing listens on the port yet
    assert down.returncode == 0, down.stderr
    assert "alert delivery failed" in down.stderr and "hook" in down.stderr
    assert rows(project, "SELECT DISTINCT status FROM alerts") == [("failed",)]
    listed = monitor(project, "alerts", "--status", "failed", "--limit", "100")
    assert listed.returncode == 0 and "hook failed x1" in listed.stdout

    hook.start()
    time.sleep(1.1)  # past the first backoff (1 s with jitter: 0.5-1 s)
    again = monitor(project, "replay", "seeds")  # a second dispatch, as the daemon's next cycle does
    assert again.returncode == 0, again.stderr
    assert len(hook.received) == ARTICLES_WITH_ALERTS
    titles = [body["title"] for body in hook.received]
    assert len(set(titles)) == len(titles)
    assert rows(project, "SELECT DISTINCT status FROM alerts") == [("delivered",)]
    assert monitor(project, "replay", "seeds").returncode == 0
    assert len(hook.received) == ARTICLES_WITH_ALERTS


def test_alerts_retry_sends_failed_deliveries_now(tmp_path: Path, hook: Webhook) -> None:
    hook.start()
    hook.failing = True
    project = make_project(tmp_path, [{"name": "hook", "url": hook.url()}], retry_initial_seconds=3600)
    assert monitor(project, "replay", "seeds").returncode == 0
    assert hook.received == [] and rows(project, "SELECT DISTINCT status FROM alerts") == [("failed",)]
    still_down = monitor(project, "alerts", "retry")
    assert still_down.returncode == 1 and "HTTP 503" not in still_down.stdout
    hook.failing = False
    retried = monitor(project, "alerts", "retry")
    assert retried.returncode == 0, retried.stderr
    assert "delivered, 0 failed" in retried.stderr
    assert len(hook.received) == ARTICLES_WITH_ALERTS
    assert rows(project, "SELECT DISTINCT status FROM alerts") == [("delivered",)]
    assert monitor(project, "alerts", "retry").returncode == 0
    assert len(hook.received) == ARTICLES_WITH_ALERTS


def test_alerts_test_reports_a_good_and_a_bad_target(tmp_path: Path, hook: Webhook) -> None:
    hook.start()
    project = make_project(tmp_path, [
        {"name": "good", "url": hook.url(), "format": "markdown"},
        {"name": "bad", "url": f"json://127.0.0.1:{free_port()}/hook?rto=1&cto=0.5"}])
    result = monitor(project, "alerts", "test")
    assert result.returncode == 1
    assert "ok      good" in result.stderr
    assert "FAILED  bad: target 'bad': delivery failed" in result.stderr
    assert "1 of 2 targets reached" in result.stderr
    (body,) = hook.received
    assert body["title"] == "monitor: test message for good"
    assert "**Test message from monitor**" in body["message"]
    assert not (project / "monitor.duckdb").exists()  # a test message is not an alert: nothing recorded


def test_apprise_secrets_never_reach_output_logs_or_the_log(tmp_path: Path, hook: Webhook, mailbox: Mailbox) -> None:
    hook.start()
    bad = f"json://user:{HOOK_SECRET}@127.0.0.1:{free_port()}/x/{HOOK_TOKEN}?rto=1&cto=0.5"
    project = make_project(tmp_path, [
        {"name": "mail", "url": mailbox.url(), "format": "markdown"},
        {"name": "hook", "url": hook.url(path=f"/hook/{HOOK_TOKEN}", user=f"user:{HOOK_SECRET}@")},
        {"name": "down", "url": bad}], file="alerts.log")
    outputs = [monitor(project, "replay", "seeds", "-v"), monitor(project, "alerts", "test", "-v"),
               monitor(project, "alerts", "retry", "-v"), monitor(project, "alerts", "-v"),
               monitor(project, "check")]
    text = "".join(o.stdout + o.stderr for o in outputs)
    assert "DEBUG apprise" in text and "Sent Email" in text  # apprise really logged at DEBUG
    assert mailbox.mails and hook.received and (SMTP_USER, SMTP_SECRET) in mailbox.logins
    for secret in (SMTP_SECRET, HOOK_SECRET, HOOK_TOKEN, bad):
        assert secret not in text
        assert secret not in (project / "alerts.log").read_text(encoding="utf-8")
        assert rows(project, f"SELECT count(*) FROM events WHERE CAST(payload AS VARCHAR) LIKE '%{secret}%'") == [(0,)]
    assert rows(project, "SELECT DISTINCT target FROM p_deliveries WHERE status = 'failed'") == [("down",)]


@pytest.mark.slow
def test_killed_during_delivery_loses_nothing_and_resends_at_most_the_one_in_flight(tmp_path: Path,
                                                                                     hook: Webhook) -> None:
    hook.stall_on = 2
    hook.start()
    project = make_project(tmp_path, [{"name": "hook", "url": hook.url(query="rto=30&cto=1")}])
    running = subprocess.Popen([sys.executable, "-m", "monitor", "replay", "seeds", "--config",
                                str(project / "config.toml")], cwd=project, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        assert hook.stalled.wait(120), "the second message never arrived"
        os.kill(running.pid, signal.SIGKILL)
        assert running.wait(30) == -signal.SIGKILL
    finally:
        if running.poll() is None:
            running.kill()
    hook.stall_on = None
    hook.release.set()
    in_flight = hook.received[1]["title"]
    assert len(hook.received) == 2

    restarted = monitor(project, "replay", "seeds")
    assert restarted.returncode == 0, restarted.stderr
    titles = [body["title"] for body in hook.received]
    assert len(titles) == ARTICLES_WITH_ALERTS + 1
    assert [t for t in titles if titles.count(t) > 1] == [in_flight, in_flight]
    everything = "\n".join(body["title"] + "\n" + body["message"] for body in hook.received)
    assert all(title in everything for title in alert_titles(project))
    assert rows(project, "SELECT DISTINCT status FROM alerts") == [("delivered",)]
