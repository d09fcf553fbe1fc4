"""The poller's feed fixes (issue 12, point 6) and its never-lose rules (point 1), against a real site on
127.0.0.1 through the real guarded fetcher and spool."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import StoreError
from monitor.poller import FeedState, SeenEntries, published_date
from monitor.spool import Spool, read_faults

from .test_hostile_feeds_site import SCHEDULE, Site, item, make_poller, rss

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.close()


def _pages(site: Site) -> int:
    return sum(count for path, count in site.hits.items() if path.endswith(".html"))


def test_distinct_entries_with_the_same_title_and_no_summary_are_all_taken(site: Site, tmp_path: Path) -> None:
    # before the fix: the second and third were dropped as copies of the first (same title, same empty summary)
    links = [site.page(f"/live-{n}.html", title=f"Kursk live {n}") for n in range(3)]
    feed = site.add("/feed.xml", rss("".join(item("Kursk: live updates", link, guid=f"live-{n}")
                                             for n, link in enumerate(links))))
    poller = make_poller(tmp_path / "spool", clock=lambda: NOW)
    outcome = poller.poll(FeedState(feed), SCHEDULE)
    assert (outcome.new_entries, outcome.matched, outcome.spooled) == (3, 3, 3)


def test_a_copy_with_the_same_summary_under_another_link_is_still_a_copy(site: Site, tmp_path: Path) -> None:
    first, second = site.page("/a.html"), site.page("/b.html")
    feed = site.add("/feed.xml", rss(item("Kursk troops", first, guid="1", description="3,000 in Kursk")
                                     + item("Kursk troops", second, guid="2", description="3,000 in Kursk")))
    outcome = make_poller(tmp_path / "spool", clock=lambda: NOW).poll(FeedState(feed), SCHEDULE)
    assert (outcome.new_entries, outcome.spooled) == (1, 1)


def test_one_guid_in_two_feeds_of_a_site_is_fetched_once_not_on_every_poll(site: Site, tmp_path: Path) -> None:
    # before the fix: each feed's summary replaced the other's under the shared GUID, so every poll of
    # either feed saw a 'changed' entry and fetched the page again (21 fetches in 50 s)
    page = site.page("/story.html")
    world = site.add("/world.xml", rss(item("Kursk troops", page, guid="4711", description="Short summary")))
    asia = site.add("/asia.xml", rss(item("Kursk troops", page, guid="4711",
                                          description="A longer summary of the Kursk story for Asia")))
    poller = make_poller(tmp_path / "spool", clock=lambda: NOW)
    states = {url: FeedState(url) for url in (world, asia)}
    fetched = []
    for _ in range(3):
        before = _pages(site)
        for url in (world, asia):
            states[url] = poller.poll(states[url], SCHEDULE).state
        fetched.append(_pages(site) - before)
    assert fetched == [1, 0, 0]


def test_numeric_guids_reused_across_sites_do_not_refetch(tmp_path: Path) -> None:
    one, two = Site(), Site()
    try:
        feeds = [s.add("/feed.xml", rss(item(f"Kursk report {n}", s.page("/1.html"), guid="1",
                                             description=f"Site {n} on Kursk")))
                 for n, s in enumerate((one, two))]
        poller = make_poller(tmp_path / "spool", clock=lambda: NOW)
        states = {url: FeedState(url) for url in feeds}
        fetched = []
        for _ in range(3):
            before = _pages(one) + _pages(two)
            for url in feeds:
                states[url] = poller.poll(states[url], SCHEDULE).state
            fetched.append(_pages(one) + _pages(two) - before)
        assert fetched == [2, 0, 0]
    finally:
        one.close()
        two.close()


@pytest.mark.parametrize(("charset", "alias"), [("windows-1251", "Курск"), ("euc-kr", "쿠르스크")])
def test_the_http_charset_is_used_when_the_feed_declares_none(site: Site, tmp_path: Path, charset: str,
                                                              alias: str) -> None:
    # before the fix: FeedResponse dropped the Content-Type, the body was read as UTF-8 and matched nothing
    body = (f'<rss version="2.0"><channel><title>{alias}</title>'
            f'{item(f"Бои: {alias}" if charset == "windows-1251" else f"{alias} 전투", site.page("/k.html"), guid="k")}'
            "</channel></rss>").encode(charset)
    feed = site.add("/feed.xml", body, headers={"Content-Type": f"application/rss+xml; charset={charset}"})
    outcome = make_poller(tmp_path / "spool", clock=lambda: NOW).poll(FeedState(feed), SCHEDULE)
    assert (outcome.status, outcome.matched, outcome.spooled) == ("ok", 1, 1)


def test_relative_links_resolve_against_the_url_after_redirects(site: Site, tmp_path: Path) -> None:
    # before the fix: 'story.html' was resolved against /old/feed.xml, a page that does not exist
    site.page("/new/story.html")
    site.add("/new/feed.xml", rss(item("Kursk troops", "story.html", guid="r1")))
    feed = site.redirect("/old/feed.xml", "/new/feed.xml")
    poller = make_poller(tmp_path / "spool", clock=lambda: NOW)
    outcome = poller.poll(FeedState(feed), SCHEDULE)
    assert outcome.spooled == 1 and site.hits["/new/story.html"] == 1 and site.hits["/old/story.html"] == 0
    (article,) = [i.article for i in poller.spool.pending() if i.article is not None]
    assert article.url == site.url("/new/story.html") and not article.from_summary


def test_the_pages_date_wins_over_the_feeds(site: Site, tmp_path: Path) -> None:
    # before the fix: the feed's date (here an hour off) won
    page = site.page("/dated.html", published="2026-11-30T09:15:00+09:00")
    feed = site.add("/feed.xml", rss(item("Kursk troops", page, guid="d1", date="Mon, 30 Nov 2026 01:15:00 GMT")))
    poller = make_poller(tmp_path / "spool", clock=lambda: NOW)
    poller.poll(FeedState(feed), SCHEDULE)
    (article,) = [i.article for i in poller.spool.pending() if i.article is not None]
    assert article.published_at == datetime(2026, 11, 30, 0, 15, tzinfo=UTC)


def test_published_date_rules() -> None:
    feed = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    assert published_date(datetime(2026, 11, 30, 0, 15, tzinfo=UTC), feed, NOW) == datetime(2026, 11, 30, 0, 15,
                                                                                            tzinfo=UTC)
    assert published_date(datetime(2026, 11, 30, tzinfo=UTC), feed, NOW) == feed  # a day only: the feed's time
    assert published_date(datetime(2099, 1, 1, tzinfo=UTC), feed, NOW) == feed  # implausible page date
    assert published_date(None, feed, NOW) == feed and published_date(None, None, NOW) is None


class _BrokenSpool(Spool):
    """A spool whose disk fills after `room` articles (a real StoreError, as from ENOSPC)."""

    def __init__(self, folder: Path, room: int):
        super().__init__(folder)
        self.room = room

    def put_article(self, article: object) -> Path:  # type: ignore[override]
        if self.room <= 0:
            raise StoreError(f"{self.folder}: cannot spool (No space left on device); is the disk full?")
        self.room -= 1
        return super().put_article(article)  # type: ignore[arg-type]


def test_entries_not_spooled_stay_unseen_and_the_etag_does_not_move(site: Site, tmp_path: Path) -> None:
    # before the fix: all entries were marked seen before spooling and the new ETag was kept, so the
    # next poll got 304 and the unspooled entries were lost for good
    links = [site.page(f"/s{n}.html", title=f"Kursk story {n}") for n in range(5)]
    feed = site.add("/feed.xml", rss("".join(item(f"Kursk story {n}", link, guid=f"s{n}", description=f"Kursk {n}")
                                             for n, link in enumerate(links))), headers={"ETag": '"v2"'})
    seen = SeenEntries()
    poller = make_poller(tmp_path / "spool", clock=lambda: NOW, seen=seen)
    poller.spool = _BrokenSpool(tmp_path / "spool", room=2)
    first = poller.poll(FeedState(feed, etag='"v1"'), SCHEDULE)
    assert first.status == "error" and "No space left on device" in (first.error or "")
    assert first.state.etag == '"v1"' and first.state.failures == 1
    assert read_faults(tmp_path / "spool")[feed]["failures"] == 1
    poller.spool.room = 100
    second = poller.poll(first.state, SCHEDULE)
    assert (second.status, second.new_entries, second.spooled) == ("ok", 3, 3)
    assert second.state.etag == '"v2"' and second.state.failures == 0
    assert feed not in read_faults(tmp_path / "spool")
    titles = sorted(i.article.title or "" for i in poller.spool.pending() if i.article is not None)
    assert titles == [f"Kursk story {n}" for n in range(5)]


def test_any_exception_in_a_poll_is_a_recorded_failure(site: Site, tmp_path: Path) -> None:
    # before the fix: only FetchError was caught; anything else escaped with a traceback and no state
    feed = site.add("/feed.xml", rss(item("Kursk troops", site.page("/x.html"), guid="x")))
    poller = make_poller(tmp_path / "spool", clock=lambda: NOW)

    def explode(*_: object) -> object:
        raise RuntimeError("parser bug")

    poller.fetcher.fetch_feed = explode  # type: ignore[method-assign]
    outcome = poller.poll(FeedState(feed), SCHEDULE)
    assert (outcome.status, outcome.error, outcome.state.failures) == ("error", "RuntimeError: parser bug", 1)
    assert read_faults(tmp_path / "spool")[feed]["error"] == "RuntimeError: parser bug"


def test_a_page_that_breaks_the_extractor_skips_that_entry_only(site: Site, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import monitor.workers as workers_module  # the poller's parsing runs monitor.pages' extract_page from there

    good, bad = site.page("/good.html", title="Kursk good"), site.page("/bad.html", title="Kursk bad")
    feed = site.add("/feed.xml", rss(item("Kursk good", good, guid="g") + item("Kursk bad", bad, guid="b")))
    real = workers_module._extract_page

    def extract(html: str, url: str) -> object:
        if url and url.endswith("/bad.html"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(html, url)

    monkeypatch.setattr(workers_module, "_extract_page", extract)
    outcome = make_poller(tmp_path / "spool", clock=lambda: NOW).poll(FeedState(feed), SCHEDULE)
    assert outcome.status == "ok" and outcome.spooled == 1
    assert outcome.error is not None and "bad.html skipped (RecursionError)" in outcome.error
