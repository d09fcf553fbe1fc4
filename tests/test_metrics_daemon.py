"""`monitor run` with `[metrics] port`: a real daemon polls a 127.0.0.1 feed and serves Prometheus
metrics on its own port (no dashboard): fetch and extraction latencies, polls, articles appended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from monitor.feedserver import FeedServer, item_from_text
from tests.conftest import SEEDS
from tests.servers import free_port
from tests.test_serve_helpers import write_config


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.mark.slow
def test_monitor_run_serves_metrics_on_its_own_port(tmp_path: Path) -> None:
    server = FeedServer().start()
    for index, path in enumerate(sorted(SEEDS.glob("*.txt"))[:2]):
        server.publish(item_from_text(f"s{index}", path.read_text(encoding="utf-8"),
                                      datetime(2024, 10, 26, tzinfo=UTC) + timedelta(hours=index)))
    port = free_port()
    config = write_config(tmp_path, extra=f"""
[metrics]
port = {port}

[poll]
interval_seconds = 1
jitter_seconds = 0

[network]
allow_private_addresses = true

[[feeds]]
url = "{server.feed_url}"
""")
    log = (tmp_path / "daemon.log").open("wb")
    daemon = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)], stdout=log,
                              stderr=subprocess.STDOUT, cwd=tmp_path, env={**os.environ})
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert daemon.poll() is None, (tmp_path / "daemon.log").read_text(encoding="utf-8")
            try:
                found = samples(httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text)
            except httpx.TransportError:
                found = {}
            if (found.get(("monitor_articles_total", ()), 0) >= 2
                    and found.get(("monitor_extraction_seconds_count", ()), 0) >= 2
                    and found.get(("monitor_polls_total", (("outcome", "ok"),)), 0) >= 1):
                break
            time.sleep(0.3)
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(20)
        log.close()
        server.close()
    assert found.get(("monitor_articles_total", ()), 0) >= 2, found
    assert found[("monitor_extraction_seconds_count", ())] >= 2
    assert found[("monitor_fetch_seconds_count", (("kind", "feed"),))] >= 1
    assert found[("monitor_fetch_seconds_count", (("kind", "page"),))] >= 2
    assert found[("monitor_polls_total", (("outcome", "ok"),))] >= 1
    assert ("monitor_spool_items", ()) in found and ("monitor_outbox_backlog", ()) in found
    feed_label = (("feed", server.feed_url),)
    assert found[("monitor_feed_last_success_timestamp_seconds", feed_label)] > 0
    assert not any(name.startswith("python_gc") for name, _ in found)
    assert f"metrics on http://127.0.0.1:{port}/metrics" in (tmp_path / "daemon.log").read_text(encoding="utf-8")
