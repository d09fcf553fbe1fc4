"""`monitor alerts list`: recent alerts with each target's delivery state and the last error, from the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from monitor.store import Session

_LIST_SQL = """
    SELECT a.raised_at, a.rule, a.watchlist, a.title, a.status,
           (SELECT string_agg(d.target || ' ' || d.status
                              || CASE WHEN d.status = 'delivered' THEN '' ELSE ' x' || d.attempts END,
                              ', ' ORDER BY d.target)
            FROM p_deliveries d WHERE d.alert_id = a.alert_id) AS targets,
           (SELECT arg_max(d.last_error, d.last_attempt_at) FROM p_deliveries d
            WHERE d.alert_id = a.alert_id AND d.status <> 'delivered') AS last_error
    FROM alerts a
    WHERE ($status IS NULL OR a.status = $status) AND ($watchlist IS NULL OR a.watchlist = $watchlist
           OR list_contains(CAST((SELECT p.payload->'watchlists' FROM p_alerts p WHERE p.alert_id = a.alert_id)
                                 AS VARCHAR[]), $watchlist))
    ORDER BY a.raised_at DESC, a.alert_id
    LIMIT $limit"""


@dataclass(frozen=True, slots=True)
class AlertLine:
    raised_at: datetime
    rule: str
    watchlist: str
    title: str
    status: str  # the alerts view's: pending, delivered, failed or gave_up
    targets: str | None  # "target status[ xN attempts], ..." by target name; None when none was tried
    last_error: str | None  # the latest error of a target not delivered to


def recent_alerts(session: Session, *, limit: int, status: str | None = None,
                  watchlist: str | None = None) -> list[AlertLine]:
    """The `limit` latest alerts, newest first; only those in `status` and of `watchlist` (by id,
    or among the alert's watchlists) when given."""
    rows = session.query(_LIST_SQL, {"limit": limit, "status": status, "watchlist": watchlist}).rows
    return [AlertLine(*row) for row in rows]
