"""`monitor serve` as a user meets it: a real uvicorn subprocess on 127.0.0.1 over a log made by a real
`monitor replay` of the seeds and of an article that tries to inject script."""

from __future__ import annotations

import re
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import feedparser
import httpx
import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from monitor.cli import main
from monitor.store import EventStore
from tests.conftest import WATCHLISTS
from tests.test_serve_helpers import TOKEN, Served, replayed_project, serving

PAGES = ["/", "/watchlists/north-korea", "/watchlists/kursk", "/actors", "/alerts", "/feeds", "/articles"]


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return replayed_project(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def served(config: Path) -> Iterator[Served]:
    with serving(config) as running:
        yield running


def sql(config: Path, query: str) -> list[dict[str, object]]:
    """A read-only query, as `monitor sql` makes it (in this process: a CLI start costs seconds)."""
    with EventStore(config.parent / "monitor.duckdb", lock_timeout=5).session(read_only=True) as session:
        result = session.query(query)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def injected_id(config: Path) -> str:
    return str(sql(config, "SELECT article_id FROM articles WHERE url LIKE 'https://example.org/news/injected%'")
               [0]["article_id"])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_with_html_and_a_strict_policy(served: Served, page: str) -> None:
    response = served.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "style-src 'self'" in policy
    assert "unsafe" not in policy and "script-src" not in policy  # no script of any kind may run
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in response.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text.split("<main>")[0])  # no external asset


def test_the_injected_article_is_text_and_its_figure_is_marked(served: Served, config: Path) -> None:
    page = served.get(f"/articles/{injected_id(config)}").text
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;document.body.setAttribute" in page
    assert "&lt;img src=x onerror=" in page
    assert re.search(r'<mark title="11,000 troops; nk-troops-in-russia; credited to National Intelligence '
                     r'Service">11,000</mark>', page)
    assert 'href="https://example.org/news/injected?a=&lt;script&gt;"' in page


def test_a_timeline_shows_the_replayed_values(served: Served, config: Path) -> None:
    page = served.get("/watchlists/north-korea").text
    values = {float(str(row["value"])) for row in sql(config, "SELECT DISTINCT value FROM figures "
                                                              "WHERE metric = 'nk-troops-in-russia'")}
    section = page[page.index('data-metric="nk-troops-in-russia"'):]
    section = section[:section.index("</section>")]
    drawn = {float(v) for v in re.findall(r'data-value="([0-9.e+]+)"', section)}
    assert values and drawn == values
    assert "11,000" in section[section.index('class="estimates"'):]  # the NIS's latest estimate


def test_only_get_and_head_are_served(served: Served, config: Path) -> None:
    before = sql(config, "SELECT count(*) AS n FROM events")
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        response = httpx.request(method, served.url + "/alerts", timeout=10, content=b"x=1")
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, HEAD"
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert httpx.head(served.url + "/alerts", timeout=10).status_code == 200
    assert sql(config, "SELECT count(*) AS n FROM events") == before


def test_unknown_pages_are_404_pages(served: Served) -> None:
    for page in ("/articles/nope", "/watchlists/nope", "/nope", "/alerts.atom?watchlist=nope"):
        response = served.get(page)
        assert response.status_code == 404, page
        assert "Traceback" not in response.text and "<title>" in response.text


def test_it_binds_to_loopback_by_default(served: Served) -> None:
    port = int(served.url.rsplit(":", 1)[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outward address
        outward = probe.getsockname()[0]
    if outward.startswith("127."):
        pytest.skip("this machine has no address besides loopback")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{outward}:{port}/", timeout=3)


def test_alerts_atom_is_valid_and_has_every_alert(served: Served, config: Path) -> None:
    response = served.get("/alerts.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    alerts = sql(config, "SELECT alert_id FROM alerts")
    assert {e.id for e in feed.entries} == {f"urn:monitor:alert:{a['alert_id']}" for a in alerts}
    kursk = feedparser.parse(served.get("/alerts.atom?watchlist=kursk").content)
    assert kursk.bozo == 0 and 0 < len(kursk.entries) < len(feed.entries)
    assert "<script" not in response.text


def test_metrics_parse_and_count_the_log(served: Served, config: Path) -> None:
    text = served.get("/metrics").text
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    articles = sql(config, "SELECT count(*) AS n FROM events WHERE type = 'article.extracted'")[0]["n"]
    assert samples[("monitor_articles_total", ())] == articles
    assert samples[("monitor_events_total", (("type", "alert.raised"),))] == sql(
        config, "SELECT count(*) AS n FROM alerts")[0]["n"]
    assert ("monitor_spool_items", ()) in samples
    assert not any(name.startswith("python_gc") for name, _ in samples)


def test_a_held_database_gives_a_503_page_then_the_page_again(served: Served, config: Path) -> None:
    assert served.get("/alerts").status_code == 200
    holder = duckdb.connect(str(config.parent / "monitor.duckdb"))  # another process's write lock
    try:
        started = time.monotonic()
        busy = served.get("/alerts")
        assert busy.status_code == 503
        assert "Database busy" in busy.text and "Traceback" not in busy.text
        assert busy.headers["retry-after"] == "2"
        assert time.monotonic() - started < 8
        assert served.get("/metrics").status_code == 200  # the scrape answers and counts its wait
    finally:
        holder.close()
    assert served.get("/alerts").status_code == 200
    waits = re.search(r"^monitor_database_lock_waits_total (\S+)$", served.get("/metrics").text, re.M)
    assert waits and float(waits.group(1)) >= 2


def test_auth_asks_for_the_token_and_never_logs_it(config: Path) -> None:
    with serving(config, "--auth") as running:
        assert running.get("/").status_code == 401
        assert running.get("/metrics").status_code == 401
        assert running.get("/alerts.atom").status_code == 401
        assert running.get("/", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
        assert running.get("/?token=wrong").status_code == 401
        assert running.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        signed_in = running.get(f"/alerts?token={TOKEN}&x=1")
        assert signed_in.status_code == 303
        assert signed_in.headers["location"] == "/alerts?x=1"
        cookie = signed_in.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert running.get("/alerts", cookies={"monitor_token": TOKEN}).status_code == 200
        assert running.get("/alerts", cookies={"monitor_token": "x" * 30}).status_code == 401
    log = running.log.read_text(encoding="utf-8")
    assert "GET /alerts 303" in log and "GET / 401" in log  # requests are logged ...
    assert TOKEN not in log and "wrong-token" not in log and "token=" not in log  # ... their tokens never


def test_auth_without_a_token_in_the_config_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[database]\npath = "m.duckdb"\n', encoding="utf-8")
    shutil.copytree(WATCHLISTS, tmp_path / "watchlists")
    done = CliRunner().invoke(main, ["serve", "--auth", "--config", str(config)])
    assert done.exit_code == 2
    assert "serve" in done.output and "token" in done.output
