"""What earlier runs left the daemon to know: each feed's validators and schedule (read before it starts,
twenty-odd rows) and the feed entries it took (up to feeds x 500, read by the writer thread once the daemon
runs, so start-up does not grow with the log; polls wait for it before they take an entry)."""

from __future__ import annotations

import logging
from datetime import UTC

from monitor.config import Feed
from monitor.poller import FeedState, SeenEntries
from monitor.store import EventStore
from monitor.store.startup import known_entries, known_feeds

log = logging.getLogger(__name__)


def load_feed_states(store: EventStore, feeds: tuple[Feed, ...]) -> dict[str, FeedState]:
    """Each configured feed's ETag, Last-Modified, failures and next poll, upgrading an older log first."""
    states = {feed.url: FeedState(feed.url) for feed in feeds}
    if not store.path.exists():
        return states
    if store.upgrade():
        log.info("%s: upgraded to this release's log format", store.path)
    with store.session(read_only=True) as session:  # readers may hold the file: they do not lock us out
        for feed in known_feeds(session):
            if feed.feed_url in states:
                states[feed.feed_url] = FeedState(feed.feed_url, feed.etag, feed.last_modified, feed.failures,
                                                  feed.next_poll_at.replace(tzinfo=UTC) if feed.next_poll_at else None)
    return states


def load_seen_entries(store: EventStore, feeds: int, seen: SeenEntries) -> None:
    """Fills `seen` with the entries earlier runs took and ends its loading, also when the log cannot be read
    (then `seen` refuses every claim and the error propagates)."""
    try:
        if store.path.exists():
            with store.session(read_only=True) as session:
                for entry in known_entries(session, feeds):
                    seen.remember(entry.feed_url or "", entry.guid or entry.url, entry.entry_hash or "", entry.url)
    except BaseException as exc:  # whatever stopped it, polls waiting for it must not wait forever
        seen.finish_loading(str(exc) or type(exc).__name__)
        raise
    seen.finish_loading()


def load_known_state(store: EventStore, feeds: tuple[Feed, ...]) -> tuple[SeenEntries, dict[str, FeedState]]:
    """Both at once, for a single poll cycle (`monitor poll --once`)."""
    states = load_feed_states(store, feeds)
    seen = SeenEntries.loading()
    load_seen_entries(store, len(feeds), seen)
    return seen, states
