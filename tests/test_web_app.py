"""The dashboard app in process (httpx over ASGI): what it answers when the log is missing, a
version-changed article, the token from a file, and the config keys of `[serve]` and `[metrics]`."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from monitor.cli_serve import configured_token
from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.events import ARTICLE_EXTRACTED, ARTICLE_OBSERVED, FIGURE_REPORTED, make_event
from monitor.store import EventStore
from monitor.store.web_reads import timeline_figures
from monitor.watchlist import load_watchlists
from monitor.web.app import WebSettings, create_app
from tests.conftest import WATCHLISTS
from tests.payloads import full

T0 = datetime(2024, 11, 1, 8, tzinfo=UTC)


def get(settings: WebSettings, path: str, **kwargs: object) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(settings))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path, **kwargs)  # type: ignore[arg-type]
    return asyncio.run(run())


def test_no_database_yet_is_a_503_page_that_says_what_to_do(tmp_path: Path) -> None:
    response = get(WebSettings(tmp_path / "none.duckdb", ()), "/articles")
    assert response.status_code == 503
    assert "monitor replay seeds/" in response.text and "Traceback" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


def _version(text: str, number: int, figures: list[tuple[int, int, float]]) -> list:  # type: ignore[type-arg]
    stream = "article:a1"
    meta = {"article_id": "a1", "outlet": "Outlet", "published_at": T0.isoformat()}
    observed = make_event(ARTICLE_OBSERVED, stream, T0, full(ARTICLE_OBSERVED, {
        "article_id": "a1", "url": "https://example.org/a1", "title": "A1", "text": text,
        "content_hash": f"h{number}"}), number)
    derivation = {"derivation": f"d{number}", "observation": observed.event_id}
    return [observed,
            make_event(ARTICLE_EXTRACTED, stream, T0, full(ARTICLE_EXTRACTED, {
                **meta, **derivation, "url": "https://example.org/a1", "title": "A1", "lang": "en",
                "watchlists": ["north-korea"], "content_hash": f"h{number}", "source": "file"}), number),
            *(make_event(FIGURE_REPORTED, stream, T0, full(FIGURE_REPORTED, {
                **meta, "derivation": f"d{number}", "metric": "nk-troops-in-russia", "value": value, "start": start,
                "end": end, "credited_to": "NIS", "watchlist": "north-korea", "modality": "current"}),
                         number, start)
              for start, end, value in figures)]


def test_an_article_page_marks_the_figures_of_its_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    first, second = "Seoul says 1,500 troops.", "Update: Seoul now says 3,000 troops were sent."
    with EventStore(path).session() as session:
        at, later = first.index("1,500"), second.index("3,000")
        session.append(_version(first, 1, [(at, at + 5, 1500.0)]), T0)
        session.append(_version(second, 2, [(later, later + 5, 3000.0)]), T0)
    html = get(WebSettings(path, ()), "/articles/a1").text
    assert '">3,000</mark> troops were sent' in html
    assert "1,500" not in html.split('<div class="text">')[1]
    assert html.count("<mark") == 1


def test_every_request_is_logged_by_path_only(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = WebSettings(tmp_path / "none.duckdb", (), token="t" * 20)
    with caplog.at_level(logging.INFO, logger="monitor.web.access"):
        assert get(settings, "/feeds?token=" + "t" * 20 + "&q=1").status_code == 303
        assert get(settings, "/feeds", headers={"Authorization": "Bearer " + "u" * 20}).status_code == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "monitor.web.access"]
    assert [line.rsplit(" ", 2)[0] for line in lines] == ["GET /feeds 303", "GET /feeds 401"]
    assert not any("t" * 20 in line or "u" * 20 in line or "?" in line for line in lines)


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "watchlists").mkdir(exist_ok=True)
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


def test_the_token_comes_from_the_config_or_its_file(tmp_path: Path) -> None:
    inline = load_config(_config(tmp_path, '[serve]\ntoken = "abcdefghijklmnop-123"\n'))
    assert configured_token(inline) == "abcdefghijklmnop-123"
    (tmp_path / "token").write_text("from-a-file-0123456789\n", encoding="utf-8")
    in_file = load_config(_config(tmp_path, '[serve]\ntoken_file = "token"\n'))
    assert configured_token(in_file) == "from-a-file-0123456789"
    (tmp_path / "token").write_text("short\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"serve\.token_file"):
        configured_token(in_file)
    with pytest.raises(ConfigError, match="--auth needs a token"):
        configured_token(load_config(_config(tmp_path, "")))


@pytest.mark.parametrize(("text", "key"), [
    ('[serve]\ntoken = "short"\n', "serve.token"),
    ('[serve]\ntoken = "has a space in it, 0123456789"\n', "serve.token"),
    ('[serve]\ntokn = "abcdefghijklmnop-123"\n', "serve.tokn"),
    ("[metrics]\nport = 70000\n", "metrics.port"),
    ('[metrics]\nport = "9108"\n', "metrics.port"),
    ("[metrics]\nhost = 1\n", "metrics.host")])
def test_serve_and_metrics_keys_are_checked(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_config(_config(tmp_path, text))


def test_metrics_port_is_off_unless_set(tmp_path: Path) -> None:
    assert load_config(_config(tmp_path, "")).metrics_port is None
    assert load_config(_config(tmp_path, "[metrics]\nport = 9108\n")).metrics_port == 9108


def test_the_overview_lists_the_configured_watchlists(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with EventStore(path).session() as session:
        session.append(_version("Seoul says 1,500 troops.", 1, [(11, 16, 1500.0)]), T0)
    watchlists = load_watchlists(WATCHLISTS)
    html = get(WebSettings(path, watchlists), "/").text
    assert all(f'href="/watchlists/{w.id}"' in html for w in watchlists)


def test_a_long_timeline_draws_the_latest_figures_of_each_metric(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    events = []
    for day in range(10):
        stream, meta = f"article:d{day}", {"article_id": f"d{day}", "outlet": "O",
                                           "published_at": (T0 + timedelta(days=day)).isoformat()}
        for metric in ("nk-troops-in-russia", "nk-casualties"):
            if metric == "nk-casualties" and day % 3:
                continue
            events.append(make_event(FIGURE_REPORTED, stream, T0, full(FIGURE_REPORTED, {
                **meta, "metric": metric, "watchlist": "north-korea", "value": 100.0 + day, "credited_to": "NIS",
                "modality": "current", "quote": "q"}), metric, day))
    with EventStore(path).session() as session:
        session.append(events, T0)
    with EventStore(path).session(read_only=True) as session:
        figures, windows = timeline_figures(session, "north-korea", 4)
    troops = [f for f in figures if f.metric == "nk-troops-in-russia"]
    assert [f.value for f in troops] == [106.0, 107.0, 108.0, 109.0]
    assert windows["nk-troops-in-russia"].total == 10
    assert windows["nk-troops-in-russia"].since == (T0 + timedelta(days=6)).replace(tzinfo=None)
    assert windows["nk-casualties"].total == 4 and windows["nk-casualties"].since is None  # all drawn


@pytest.mark.parametrize(("asked", "location"), [
    ("http://127.0.0.1//evil.example/x", "/evil.example/x"),
    ("/alerts%0d%0aSet-Cookie:%20a=b", "/alerts%0D%0ASet-Cookie%3A%20a%3Db"),
    ("/articles/a%20b", "/articles/a%20b")])
def test_signing_in_redirects_only_to_this_servers_own_path(tmp_path: Path, asked: str, location: str) -> None:
    settings = WebSettings(tmp_path / "none.duckdb", (), token="t" * 20)
    response = get(settings, f"{asked}?token={'t' * 20}")
    assert response.status_code == 303
    assert response.headers["location"] == location


def test_a_busy_metrics_port_is_an_error_that_names_it() -> None:
    import socket

    from monitor.errors import MonitorError
    from monitor.metrics import create_metrics, serve_metrics

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(MonitorError, match=rf"\[metrics\] port {port}: cannot listen on 127.0.0.1:{port}"):
            serve_metrics(create_metrics(), port)
