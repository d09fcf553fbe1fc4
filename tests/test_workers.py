"""Feed parsing and page extraction in worker processes (issue 11, point 2): the same values as in the
poll thread, errors that cross the process boundary intact, a dead worker that fails one document
and not the next, and the `[poll] workers` setting."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError, FetchError
from monitor.workers import InlineParsing, PoolParsing, parsing_for

NOW = datetime(2024, 11, 5, 12, 0, tzinfo=UTC)
FEED = (b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>"
        b"<link>https://news.example.org/</link><description>d</description>"
        b"<item><title>Pentagon: 10,000 North Korean troops in Kursk</title><link>/a/1</link><guid>g1</guid>"
        b"<pubDate>Mon, 04 Nov 2024 09:00:00 GMT</pubDate><description>About 10,000 troops.</description></item>"
        b"<item><title>Second</title><link>https://news.example.org/a/2</link><guid>g2</guid></item>"
        b"</channel></rss>")
PARAGRAPH = ("The Pentagon said on Monday that about 10,000 North Korean troops had moved to the Kursk region, "
             "where they were expected to join Russian units in the coming days, officials said. ")
PAGE = ("<html><head><title>Troops in Kursk</title><meta property='og:site_name' content='Example News'></head>"
        "<body><nav>Home | World</nav><article><h1>Troops in Kursk</h1>"
        + "".join(f"<p>{PARAGRAPH}{n}</p>" for n in range(6)) + "</article><footer>(c) Example</footer></body></html>")


@pytest.fixture(scope="module")
def pool() -> Iterator[PoolParsing]:
    parsing = PoolParsing(2)
    yield parsing
    parsing.close()


def test_a_feed_parsed_in_a_worker_equals_the_feed_parsed_inline(pool: PoolParsing) -> None:
    headers = {"Content-Type": "application/rss+xml"}
    url = "https://news.example.org/feed.xml"
    inline = InlineParsing().parse_feed(FEED, url, headers, NOW)
    assert pool.parse_feed(FEED, url, headers, NOW) == inline
    assert [entry.url for entry in inline.entries] == ["https://news.example.org/a/1", "https://news.example.org/a/2"]


def test_a_page_extracted_in_a_worker_equals_the_page_extracted_inline(pool: PoolParsing) -> None:
    inline = InlineParsing().extract_page(PAGE, "https://news.example.org/a/1")
    assert inline is not None and "10,000 North Korean troops" in inline.text
    assert pool.extract_page(PAGE, "https://news.example.org/a/1") == inline


def test_a_body_that_is_no_feed_raises_the_same_error_from_a_worker(pool: PoolParsing) -> None:
    url = "https://news.example.org/broken.xml?token=SECRET"
    with pytest.raises(FetchError) as inline:
        InlineParsing().parse_feed(b"<html>not a feed</html>", url, {}, NOW)
    with pytest.raises(FetchError) as pooled:
        pool.parse_feed(b"<html>not a feed</html>", url, {}, NOW)
    assert str(pooled.value) == str(inline.value)
    assert pooled.value.url == inline.value.url


def test_a_worker_that_dies_fails_its_document_and_the_pool_goes_on() -> None:
    parsing = PoolParsing(2)
    try:
        with pytest.raises(FetchError, match="worker process parsing this page died"):
            parsing._run("https://news.example.org/huge", "page", os._exit, 9)  # a worker killed mid-page
        parsed = parsing.parse_feed(FEED, "https://news.example.org/feed.xml", {}, NOW)
        assert len(parsed.entries) == 2
    finally:
        parsing.close()


def test_after_close_a_poll_in_hand_gets_an_error_not_a_hang() -> None:
    parsing = PoolParsing(2)
    parsing.close()
    with pytest.raises(FetchError, match="monitor is stopping"):
        parsing.parse_feed(FEED, "https://news.example.org/feed.xml", {}, NOW)


@pytest.mark.parametrize(("workers", "kind"), [(0, InlineParsing), (1, InlineParsing), (2, PoolParsing)])
def test_the_worker_count_picks_the_parsing(workers: int, kind: type) -> None:
    parsing = parsing_for(workers)
    try:
        assert isinstance(parsing, kind)
    finally:
        parsing.close()


def _config(tmp_path: Path, poll: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f"[poll]\n{poll}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("line", "expected"), [("", None), ("workers = 0", 0), ("workers = 4", 4)])
def test_poll_workers_is_read_from_the_config(tmp_path: Path, line: str, expected: int | None) -> None:
    assert load_config(_config(tmp_path, line)).poll_workers == expected


@pytest.mark.parametrize("value", ["-1", "65", "2.5", "true", '"auto"'])
def test_a_bad_worker_count_is_refused_at_its_line(tmp_path: Path, value: str) -> None:
    path = _config(tmp_path, f"interval_seconds = 60\nworkers = {value}")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == "poll.workers" and caught.value.line == 3 and str(path) in str(caught.value)
