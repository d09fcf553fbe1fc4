"""limits.max_article_chars: article text is cut where it enters the pipeline (files, pages, feed summaries)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from monitor.config import Limits
from monitor.errors import FetchError
from monitor.feeds import FeedEntry
from monitor.fetch import PageResponse
from monitor.poller import FeedPoller, SeenEntries
from monitor.sources import FileMeta, cut_text, read_article_file

SENTENCE = ("South Korea's spy agency said North Korea had sent about 3,000 more soldiers to Russia, "
            "bringing the total to 11,000 troops. ")


def test_text_within_the_limit_is_unchanged() -> None:
    assert cut_text("Short text. Two sentences.", 26) == "Short text. Two sentences."


def test_text_is_cut_at_the_last_sentence_end_within_the_limit() -> None:
    text = "One sentence here. Another sentence follows here. A third one."
    assert cut_text(text, 55) == "One sentence here. Another sentence follows here."
    assert cut_text(text, 49) == "One sentence here. Another sentence follows here."  # the end right at the limit


def test_text_is_cut_at_whitespace_when_no_sentence_end_is_near() -> None:
    text = "a long run of words without any sentence end at all in it"
    cut = cut_text(text, 30)
    assert cut == "a long run of words without"
    assert len(cut) <= 30


def test_text_without_whitespace_is_cut_at_the_limit() -> None:
    assert cut_text("x" * 50, 20) == "x" * 20


def test_a_line_break_is_a_boundary() -> None:
    assert cut_text("Headline with 3,000 troops\nBody text goes on and on", 40) == "Headline with 3,000 troops"


def test_a_file_longer_than_the_limit_is_cut_and_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "long.txt"
    path.write_text(SENTENCE * 40, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="monitor.sources"):
        article = read_article_file(path, FileMeta(), 2_000_000, 1_000)
    assert len(article.text) <= 1_000
    assert article.text.endswith("11,000 troops.")
    assert str(path) in caplog.text and "limits.max_article_chars" in caplog.text


@dataclass
class _NoPages:
    """A fetcher whose pages are all unavailable: the poller falls back to the feed's summary."""

    limits: Limits

    def fetch_page(self, url: str) -> PageResponse:
        raise FetchError(url, "HTTP 503")


@dataclass
class _OnePage:
    limits: Limits
    html: str

    def fetch_page(self, url: str) -> PageResponse:
        return PageResponse(url=url, text=self.html, content_type="text/html")


def _entry(summary: str) -> FeedEntry:
    return FeedEntry(guid="g1", url="https://news.example/story?token=secret", title="North Korea troops",
                     summary=summary, published=datetime(2024, 10, 23, tzinfo=UTC), content_hash="h1")


def _poller(fetcher: object) -> FeedPoller:
    return FeedPoller(fetcher, spool=None, seen=SeenEntries(), watchlists=(),  # type: ignore[arg-type]
                      clock=lambda: datetime(2024, 10, 23, tzinfo=UTC))


def test_a_feed_summary_longer_than_the_limit_is_cut(caplog: pytest.LogCaptureFixture) -> None:
    poller = _poller(_NoPages(Limits(max_article_chars=500)))
    with caplog.at_level(logging.WARNING, logger="monitor.sources"):
        article = poller._article(_entry(SENTENCE * 20), "https://news.example/rss", "News", [])
    assert article is not None and article.from_summary
    assert len(article.text) <= 500 and article.text.endswith("troops.")
    assert "https://news.example/story" in caplog.text and "secret" not in caplog.text


def test_a_page_longer_than_the_limit_is_cut() -> None:
    paragraphs = "".join(f"<p>{SENTENCE * 3}</p>" for _ in range(20))
    html = f"<html><body><article><h1>North Korea sends troops</h1>{paragraphs}</article></body></html>"
    poller = _poller(_OnePage(Limits(max_article_chars=800), html))
    article = poller._article(_entry("short summary"), "https://news.example/rss", "News", [])
    assert article is not None and not article.from_summary
    assert len(article.text) <= 800 and article.text.endswith("troops.")


def test_replay_stores_a_long_file_cut_to_the_limit(project: Path) -> None:
    config = project / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("max_article_chars = 200000",
                                                                 "max_article_chars = 1500"), encoding="utf-8")
    seeds = project / "in"
    seeds.mkdir()
    (seeds / "long.txt").write_text("North Korea sends more troops to Russia\n\n" + SENTENCE * 60, encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "monitor", "replay", "in", "--no-deliver", "--config", str(config)],
                          capture_output=True, text=True, cwd=project, env=env, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "long.txt" in done.stderr and "limits.max_article_chars" in done.stderr
    with duckdb.connect(str(project / "monitor.duckdb"), read_only=True) as con:
        payloads = [json.loads(row[0]) for row in
                    con.execute("SELECT payload FROM events WHERE type = 'article.observed'").fetchall()]
    assert len(payloads) == 1
    text = payloads[0]["text"]
    assert 1_000 < len(text) <= 1_500
    assert text.endswith("11,000 troops.")
