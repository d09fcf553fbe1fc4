"""The log's figures that the Prometheus metrics show (monitor.metrics), read in one session.

Counts by event type, polls by outcome (with the unchanged polls kept out of the log, in
feed_heartbeats), alerts raised, delivery attempts, the outbox backlog, each feed's last successful
poll and failures in a row. Feed URLs are redacted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from monitor.store import Session
from monitor.urls import redact


@dataclass(frozen=True, slots=True)
class LogSnapshot:
    """What the log says at one moment, as the metrics show it."""

    events: Mapping[str, int]  # by type
    polls: Mapping[str, int]  # by outcome (ok, not_modified, throttled, error; unchanged: kept out of the log)
    alerts_raised: Mapping[tuple[str, str], int]  # by (rule, watchlist)
    deliveries: Mapping[tuple[str, str], int]  # attempts by (target, outcome: delivered, failed, gave_up)
    backlog: int  # alerts not yet delivered to every target
    last_success: Mapping[str, float]  # redacted feed URL -> Unix time of its last ok / not_modified poll
    failures: Mapping[str, int]  # redacted feed URL -> failed polls in a row


def read_snapshot(session: Session) -> LogSnapshot:
    def pairs(sql: str) -> dict[Any, int]:
        return {tuple(row[:-1]) if len(row) > 2 else row[0]: int(row[-1]) for row in session.query(sql).rows}

    polls = session.query("""SELECT payload->>'feed_url', payload->>'status', count(*),
                                    max(occurred_at) FILTER (WHERE payload->>'status' IN ('ok', 'not_modified'))
                             FROM events WHERE type = 'feed.polled' GROUP BY ALL""").rows
    outcomes: dict[str, int] = {}
    last_success: dict[str, float] = {}
    for url, status, count, last in polls:
        outcomes[status or "unknown"] = outcomes.get(status or "unknown", 0) + int(count)
        if last is not None:
            stamp = last.replace(tzinfo=UTC).timestamp()
            last_success[redact(url)] = max(stamp, last_success.get(redact(url), 0.0))
    if session.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'feed_heartbeats'"):
        # polls that changed nothing are kept out of the log (monitor.store.projections.FEED_HEARTBEATS)
        for url, polls_, polled in session.query("SELECT feed_url, polls, polled_at FROM feed_heartbeats").rows:
            outcomes["unchanged"] = outcomes.get("unchanged", 0) + int(polls_ or 0)
            if polled is not None:
                stamp = polled.replace(tzinfo=UTC).timestamp()
                last_success[redact(url)] = max(stamp, last_success.get(redact(url), 0.0))
    return LogSnapshot(
        events=pairs("SELECT type, count(*) FROM events GROUP BY 1"),
        polls=outcomes,
        alerts_raised=pairs("SELECT coalesce(rule, ''), coalesce(watchlist, ''), count(*) FROM p_alerts GROUP BY ALL"),
        deliveries=pairs("""SELECT payload->>'target', coalesce(payload->>'status',
                                   CASE type WHEN 'alert.delivered' THEN 'delivered' ELSE 'failed' END), count(*)
                            FROM events WHERE type IN ('alert.delivered', 'alert.failed') GROUP BY ALL"""),
        backlog=int(session.scalar("""
            SELECT count(*) FROM (SELECT count(d.target) AS targets, bool_and(d.status = 'delivered') AS done,
                                         bool_or(d.status = 'gave_up') AS gave_up
                                  FROM p_alerts a LEFT JOIN p_deliveries d USING (alert_id) GROUP BY a.alert_id)
            WHERE targets = 0 OR NOT (done OR gave_up)""") or 0),  # the alerts view's pending or failed
        last_success=last_success,
        failures={redact(url): int(n or 0) for url, n in
                  session.query("SELECT feed_url, consecutive_failures FROM feeds").rows},
    )
