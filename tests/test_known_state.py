"""The entries earlier runs took are read by the writer thread after start (issue 10: start-up flat as the log
grows); polls wait for them, a restart takes none again, and a log that cannot be read stops the daemon."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from monitor.daemon import Daemon
from monitor.errors import StoreError
from monitor.feeds import FeedEntry
from monitor.feedserver import FeedServer
from monitor.poller import Claim, SeenEntries

from .test_daemon import ITEMS, Running, articles, publish, wait_for, write_config

ENTRY = FeedEntry(guid="g1", url="https://example.org/a", title="Kursk", summary="", published=None,
                  content_hash="h1")


def _claim_in_thread(seen: SeenEntries) -> tuple[threading.Thread, list[Claim | BaseException]]:
    result: list[Claim | BaseException] = []

    def claim() -> None:
        try:
            result.append(seen.claim("https://example.org/feed", ENTRY))
        except BaseException as exc:
            result.append(exc)

    thread = threading.Thread(target=claim)
    thread.start()
    return thread, result


def test_a_claim_waits_for_the_loading_and_then_knows_the_earlier_entries() -> None:
    seen = SeenEntries.loading()
    thread, result = _claim_in_thread(seen)
    thread.join(0.3)
    assert thread.is_alive() and result == []  # still waiting: nothing decided before the earlier entries are in
    seen.remember("https://example.org/feed", "g1", "h1", "https://example.org/a")
    seen.finish_loading()
    thread.join(5)
    claim = result[0]
    assert isinstance(claim, Claim) and claim.verdict == "seen"


def test_a_failed_loading_refuses_every_claim() -> None:
    seen = SeenEntries.loading()
    thread, result = _claim_in_thread(seen)
    seen.finish_loading("monitor.duckdb: not a DuckDB file")
    thread.join(5)
    assert isinstance(result[0], StoreError) and "not a DuckDB file" in str(result[0])
    with pytest.raises(StoreError, match="none is taken now"):
        seen.claim("https://example.org/feed", ENTRY)


def test_a_seen_set_made_directly_is_loaded() -> None:
    assert SeenEntries().claim("https://example.org/feed", ENTRY).verdict == "new"


def _run_in_thread(daemon: Daemon) -> tuple[threading.Thread, list[int]]:
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(daemon.run()), daemon=True)
    thread.start()
    return thread, codes


def test_a_restarted_daemon_takes_no_entry_again(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        publish(server, ITEMS[:2])
        config = write_config(tmp_path, [server.feed_url])
        first = Running(config)
        wait_for(lambda: articles(first.db) == 2, 30, "the first two articles", first)
        assert first.stop()[0] == 0
        publish(server, ITEMS[2:3])  # a changed feed (no 304): all three entries are decided again
        second = Running(config)
        try:
            wait_for(lambda: articles(second.db) == 3, 30, "the third article", second)
        finally:
            assert second.stop()[0] == 0
        pages = [path for path, _ in server.requests if path.startswith("/articles/")]
        assert len(pages) == 3 == len(set(pages))  # the first two pages were never fetched again
        assert "the entries earlier runs took" not in second.output()
    finally:
        server.close()


def test_a_log_whose_entries_cannot_be_read_stops_the_daemon_with_exit_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    server = FeedServer().start()
    try:
        publish(server, ITEMS[:2])
        config = write_config(tmp_path, [server.feed_url])

        def unreadable(*_: object) -> list[object]:
            raise StoreError(f"{tmp_path / 'monitor.duckdb'}: p_entries could not be read")

        monkeypatch.setattr("monitor.known_state.known_entries", unreadable)
        daemon = Daemon(config, write=lambda _: None)
        with daemon.store.session():  # an existing, empty log
            pass
        thread, codes = _run_in_thread(daemon)
        thread.join(30)
        assert codes == [1]
        assert "p_entries could not be read" in caplog.text and "restart the service" in caplog.text
        assert articles(tmp_path / "monitor.duckdb") == 0  # no entry was taken without knowing the earlier ones
    finally:
        server.close()


def test_the_seen_entries_are_read_after_the_ready_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    config = write_config(tmp_path, ["http://127.0.0.1:9/feed.xml"], interval=3600)
    daemon = Daemon(config, write=lambda _: None)
    with daemon.store.session():
        pass
    real = __import__("monitor.known_state", fromlist=["known_entries"]).known_entries

    def recorded(*args: object) -> object:
        order.append("entries read")
        return real(*args)

    monkeypatch.setattr("monitor.known_state.known_entries", recorded)

    def ready(_: str) -> None:
        order.append("ready")
        daemon.flags.stop = True
        daemon.flags.wake.set()

    monkeypatch.setattr(daemon.notifier, "ready", ready)
    thread, codes = _run_in_thread(daemon)
    thread.join(30)
    assert codes == [0] and order[0] == "ready" and "entries read" in order
