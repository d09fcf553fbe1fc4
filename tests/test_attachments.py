"""Timeline PNGs attached to figure alerts, per target (`attach_timeline = true`), end to end: the real CLI
replays the seeds, apprise delivers to a real webhook and a real SMTP server on 127.0.0.1, and the test
reads the PNG out of what arrived."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.report_png import PNG_SIGNATURE, timeline_png
from monitor.store import EventStore
from monitor.store.report_data import read_timelines

from .servers import Webhook
from .test_delivery import ARTICLES_WITH_ALERTS, Mailbox, make_project, monitor

PNG_NAME = "timeline-north-korea--nk-troops-in-russia.png"


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


def test_a_figure_alert_carries_its_timeline_as_a_png(tmp_path: Path, hook: Webhook, mailbox: Mailbox) -> None:
    hook.start()
    plain = Webhook().start()
    try:
        project = make_project(tmp_path, [
            {"name": "hook", "url": hook.url(), "attach_timeline": True},
            {"name": "mail", "url": mailbox.url(), "watchlists": ["north-korea"], "format": "html",
             "attach_timeline": True},
            {"name": "plain", "url": plain.url()}])
        result = monitor(project, "replay", "seeds")
        assert result.returncode == 0, result.stderr
    finally:
        plain.stop()
    assert len(hook.received) == len(plain.received) == ARTICLES_WITH_ALERTS
    assert all(not body.get("attachments") for body in plain.received)  # the setting is per target

    with_figures = [b for b in hook.received if "North Korean troops sent to Russia" in b["message"]]
    actors_only = [b for b in hook.received if b not in with_figures]
    assert len(with_figures) == 3 and len(actors_only) == 1  # 000 raises only a new actor: nothing attached
    assert not actors_only[0].get("attachments")
    for body in with_figures:
        (attached,) = body["attachments"]
        assert attached["filename"] == PNG_NAME and attached["mimetype"] == "image/png"
        png = base64.b64decode(attached["base64"])
        assert png.startswith(PNG_SIGNATURE)
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG" and image.size == (960, 480)
    with EventStore(project / "monitor.duckdb").session(read_only=True) as opened:
        (timeline,) = read_timelines(opened, metric="nk-troops-in-russia")
    assert {s.source for s in timeline.series} >= {"Pentagon", "National Intelligence Service"}
    assert base64.b64decode(with_figures[-1]["attachments"][0]["base64"]) == timeline_png(timeline)  # that metric's

    mails = [m for m in mailbox.mails if "North Korean troops sent to Russia" in str(m["Subject"])]
    assert mails
    for mail in mails:
        images = [p for p in mail.walk() if p.get_content_type() == "image/png"]
        assert [p.get_filename() for p in images] == [PNG_NAME]
        payload = images[0].get_payload(decode=True)
        assert isinstance(payload, bytes) and payload.startswith(PNG_SIGNATURE)


def test_attach_timeline_is_a_per_target_boolean(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[alerts.targets]]\nname = "a"\nurl = "json://127.0.0.1:9/x"\nattach_timeline = true\n\n'
                      '[[alerts.targets]]\nname = "b"\nurl = "json://127.0.0.1:9/y"\n', encoding="utf-8")
    first, second = load_config(config).alerts.targets
    assert first.attach_timeline is True and second.attach_timeline is False
    config.write_text('[[alerts.targets]]\nname = "a"\nurl = "json://127.0.0.1:9/x"\nattach_timeline = "yes"\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"attach_timeline"):
        load_config(config)
