"""Feed polls that change nothing are not logged: they move the feed's heartbeat row instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.events import Event

# Feed polls that change nothing (a 304, or the same entries again, with the same validators and no
# failure) are not appended: a daemon polling 1,000 feeds every 15 minutes would add ~96k such events
# a day. They move the feed's row in feed_heartbeats (latest poll, next poll, how many) and in p_feeds;
# the log keeps every poll that changed the feed's status, validators, failures or found entries.
# feed_heartbeats is state, not a projection: `monitor rebuild` keeps it and lays it over p_feeds again.
FEED_HEARTBEATS = [
    """CREATE TABLE IF NOT EXISTS feed_heartbeats (
        feed_url VARCHAR PRIMARY KEY, polled_at TIMESTAMP, next_poll_at TIMESTAMP, http_status INTEGER,
        polls BIGINT)""",
]

QUIET_STATUSES = frozenset({"ok", "not_modified"})


@dataclass(frozen=True, slots=True)
class FeedRow:
    """What a feed poll can change: the feed's p_feeds row as the log last left it."""

    status: str | None
    etag: str | None
    last_modified: str | None
    failures: int | None


def _feed_row(payload: Mapping[str, Any]) -> FeedRow:
    failures = payload.get("consecutive_failures")
    return FeedRow(payload.get("status"), payload.get("etag"), payload.get("last_modified"),
                   None if failures is None else int(failures))


def _is_quiet(payload: Mapping[str, Any]) -> bool:
    return (payload.get("status") in QUIET_STATUSES and not payload.get("error") and not payload.get("refused")
            and not any(payload.get(key) for key in ("new_entries", "matched", "spooled")))


def quiet_polls(events: Sequence[Event], current: Mapping[str, FeedRow]) -> tuple[list[Event], list[Event]]:
    """(feed.polled events that change nothing, the other events), in order. Pure.

    A poll is quiet when it found nothing new and leaves the feed's status, validators and failure
    count as the last logged poll (in `current`, or earlier in the batch) left them.
    """
    from monitor.events import FEED_POLLED  # imported here: `monitor sql` reads without the event schema

    latest = dict(current)
    quiet, kept = [], []
    for event in events:
        if event.type != FEED_POLLED:
            kept.append(event)
            continue
        url, row = str(event.payload.get("feed_url")), _feed_row(event.payload)
        if _is_quiet(event.payload) and latest.get(url) == row:
            quiet.append(event)
        else:
            latest[url] = row
            kept.append(event)
    return quiet, kept


def heartbeat_columns(quiet: Sequence[Event]) -> dict[str, Any]:
    """The latest quiet poll of each feed and how many there were, as columns for HEARTBEAT."""
    import numpy as np  # imported here: `monitor sql` starts without numpy

    from monitor.events import naive_utc_text

    latest: dict[str, Event] = {}
    counts: dict[str, int] = {}
    for event in quiet:
        url = str(event.payload["feed_url"])
        counts[url] = counts.get(url, 0) + 1
        if url not in latest or event.occurred_at >= latest[url].occurred_at:
            latest[url] = event
    urls = sorted(latest)
    return {
        "feed_url": np.array(urls, dtype=object),
        "polled_at": np.array([naive_utc_text(latest[u].occurred_at) for u in urls], dtype=object),
        "next_poll_at": np.array([latest[u].payload.get("next_poll_at") for u in urls], dtype=object),
        "http_status": np.array([latest[u].payload.get("http_status") for u in urls], dtype=object),
        "polls": np.array([counts[u] for u in urls], dtype=np.int64),
    }


HEARTBEAT = """
    INSERT INTO feed_heartbeats
    SELECT feed_url, CAST(polled_at AS TIMESTAMP), CAST(next_poll_at AS TIMESTAMP),
           CAST(http_status AS INTEGER), polls
    FROM quiet_polls
    ON CONFLICT (feed_url) DO UPDATE SET
        polled_at = greatest(excluded.polled_at, feed_heartbeats.polled_at),
        next_poll_at = CASE WHEN excluded.polled_at >= feed_heartbeats.polled_at THEN excluded.next_poll_at
                            ELSE feed_heartbeats.next_poll_at END,
        http_status = CASE WHEN excluded.polled_at >= feed_heartbeats.polled_at THEN excluded.http_status
                           ELSE feed_heartbeats.http_status END,
        polls = feed_heartbeats.polls + excluded.polls"""

_LAY_HEARTBEATS = """
    UPDATE p_feeds SET last_polled_at = h.polled_at, next_poll_at = h.next_poll_at
    FROM feed_heartbeats h
    WHERE p_feeds.feed_url = h.feed_url AND h.polled_at > p_feeds.last_polled_at"""
# after an append: the batch's feeds only; after a rebuild: every feed
APPLY_HEARTBEATS = _LAY_HEARTBEATS + " AND h.feed_url IN (SELECT feed_url FROM quiet_polls)"
REAPPLY_HEARTBEATS = _LAY_HEARTBEATS
