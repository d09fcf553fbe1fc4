"""One wire story served by three local sites, each with its own headline, outlet name and page chrome:
`monitor poll --once` counts it as one source via three outlets, and a second poll raises nothing."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from .conftest import WATCHLISTS

WIRE = [
    "SEOUL (Wire) - North Korea has sent about 1,500 special forces troops to Russia, South Korea's National "
    "Intelligence Service said on Friday, in what would be the first deployment of North Korean ground forces "
    "to support Moscow's war against Ukraine.",
    "The National Intelligence Service said the soldiers were moved on Russian navy ships from the ports of "
    "Chongjin, Hamhung and Musudan between October 8 and 13, and that they were being trained at military "
    "bases in Russia's Far East before being sent to the front.",
    "Officials in Seoul said the North Korean troops were given Russian uniforms, weapons and forged identity "
    "papers to hide where they came from. Russia and North Korea signed a mutual defence treaty in June, and "
    "the Kremlin has dismissed the reports as false.",
]
SITES = [("Wire Daily", "North Korea sends troops to Russia, Seoul says"),
         ("The Planet", "Seoul: North Korea has sent troops to Russia"),
         ("Courier Online", "North Korea troops in Russia, intelligence service says")]


def page(site: str, title: str) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in WIRE)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)} - {site}"
            f"</title><meta property=\"og:site_name\" content=\"{site}\">"
            f"<meta property=\"article:published_time\" content=\"2024-10-18T09:00:00+00:00\"></head><body>"
            f"<nav><a href=\"/\">{site}</a> | <a href=\"/world\">World</a> | <a href=\"/sport\">Sport</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{body}</article>"
            f"<aside><h3>Most read on {site}</h3><ul><li><a href=\"/x\">Markets close higher</a></li></ul></aside>"
            f"<footer>(c) {site} 2024. All rights reserved.</footer></body></html>").encode()


def feed(base: str, site: str, title: str) -> bytes:
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{site}</title>"
            f"<link>{base}/</link><description>news</description><item><title>{html.escape(title)}</title>"
            f"<link>{base}/world/nk-troops.html</link><guid isPermaLink=\"false\">{site}-1</guid>"
            f"<pubDate>Fri, 18 Oct 2024 09:00:00 +0000</pubDate>"
            f"<description>{html.escape(WIRE[0][:160])}</description></item></channel></rss>").encode()


class Site:
    def __init__(self, name: str, title: str) -> None:
        self.name, self.title = name, title
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/feed.xml":
                    body, kind = feed(site.base, site.name, site.title), "application/rss+xml"
                elif self.path == "/world/nk-troops.html":
                    body, kind = page(site.name, site.title), "text/html; charset=utf-8"
                else:
                    body, kind = b"not found", "text/plain"
                self.send_response(200 if kind != "text/plain" else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    running = [Site(name, title) for name, title in SITES]
    yield running
    for site in running:
        site.close()


def poll_once(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "poll", "--once", "--config", str(config)],
                          capture_output=True, text=True, check=False, timeout=120, cwd=config.parent)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_wire_story_on_three_sites_is_one_source_via_three_outlets(tmp_path: Path, sites: list[Site]) -> None:
    shutil.copytree(WATCHLISTS, tmp_path / "watchlists")
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "monitor.duckdb"\n\n[network]\nallow_private_addresses = true\n\n'
                      '[alerts]\nconsole = true\nfile = "alerts.log"\n'
                      + "".join(f'\n[[feeds]]\nurl = "{s.base}/feed.xml"\n' for s in sites), encoding="utf-8")
    first = poll_once(config)
    assert first.returncode == 0, first.stderr
    db = tmp_path / "monitor.duckdb"
    assert sorted(o for (o,) in rows(db, "SELECT outlet FROM articles")) == sorted(name for name, _ in SITES)
    alerts = rows(db, "SELECT alert_id, rule, title, body, status FROM alerts WHERE rule LIKE '%figure%'")
    assert alerts, first.stdout + first.stderr
    assert any("1,500" in title for _, _, title, _, _ in alerts)
    for _, _, title, body, status in alerts:
        assert "reported by 1 source via 3 outlets" in body, (title, body)
        assert status == "delivered"
    delivered = [json.loads(line) for line in (tmp_path / "alerts.log").read_text(encoding="utf-8").splitlines()]
    figure_lines = [d for d in delivered if "figure" in d["rule"]]
    assert figure_lines and all("reported by 1 source via 3 outlets" in d["body"] for d in figure_lines)
    assert "reported by 1 source via 3 outlets" in first.stdout  # the console message, sent after the poll
    raised = rows(db, "SELECT count(*) FROM events WHERE type = 'alert.raised'")

    second = poll_once(config)
    assert second.returncode == 0, second.stderr
    assert rows(db, "SELECT count(*) FROM events WHERE type = 'alert.raised'") == raised
    assert rows(db, "SELECT count(*) FROM events WHERE type = 'article.extracted'") == [(3,)]
    assert "reported by" not in second.stdout
