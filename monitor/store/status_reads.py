"""What `monitor status` shows from the log: feeds, counts, the last alerts, articles per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from monitor.errors import StoreError
from monitor.store import Session

# each feed's row and the error of the poll that last changed it (p_feeds.last_seq is that event)
_FEED_ROWS = """
    SELECT f.feed_url, f.last_polled_at, f.last_status, f.next_poll_at, f.consecutive_failures,
           CASE WHEN f.last_status NOT IN ('ok', 'not_modified') THEN e.payload->>'error' END
    FROM p_feeds f LEFT JOIN events e ON e.seq = f.last_seq
    ORDER BY f.feed_url"""


class NotMonitorDatabaseError(StoreError):
    """The file opened but reads as no monitor database (or a damaged one)."""


@dataclass(frozen=True, slots=True)
class StatusRows:
    feeds: tuple[tuple[Any, ...], ...]  # feed_url, last_polled_at, last_status, next_poll_at, consecutive_failures,
    #                                     and the error of the poll that last changed the row (None when it went well)
    articles: int
    events: int
    alerts: int
    recent: tuple[tuple[Any, ...], ...]  # the 5 latest alerts: raised_at, rule, watchlist, title, status
    languages: tuple[tuple[str | None, int], ...]  # articles per language


def read_status(session: Session) -> StatusRows:
    """Raises NotMonitorDatabaseError (naming the file and DuckDB's error) when the queries fail."""
    try:
        feeds = session.query(_FEED_ROWS).rows
        counts = session.query("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                               "(SELECT count(*) FROM alerts)").rows[0]
        recent = session.query("SELECT raised_at, rule, watchlist, title, status FROM alerts "
                               "ORDER BY raised_at DESC, alert_id LIMIT 5").rows
        languages = session.query("SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY lang").rows
    except duckdb.Error as exc:  # a file that is no monitor database, or one damaged
        raise NotMonitorDatabaseError(f"{session.path}: cannot read the state ({type(exc).__name__}: {exc}); "
                                      "is this a monitor database? Pass the right --db") from exc
    return StatusRows(tuple(feeds), int(counts[0]), int(counts[1]), int(counts[2]), tuple(recent),
                      tuple((lang, int(count)) for lang, count in languages))
