"""What the outbox owes, read from the alert and delivery projections (monitor.outbox plans and sends it)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from monitor.store import Session

# (alert payload, raised_at, target, attempts so far, last attempt at, status: pending, failed or gave_up)
Owed = tuple[dict[str, Any], datetime, str, int, datetime | None, str]

_PENDING_SQL = """
    SELECT a.payload, a.raised_at, t.target, coalesce(d.attempts, 0), d.last_attempt_at,
           coalesce(d.status, 'pending')
    FROM p_alerts a
    JOIN (SELECT unnest($targets::VARCHAR[]) AS target, unnest($watchlists::VARCHAR[][]) AS watchlists) t
      ON list_contains(t.watchlists, '*')
         OR list_has_any(t.watchlists, coalesce(CAST(a.payload->'watchlists' AS VARCHAR[]), [a.watchlist]))
    LEFT JOIN p_deliveries d ON d.alert_id = a.alert_id AND d.target = t.target
    WHERE coalesce(d.status, 'pending') <> 'delivered'
      AND ($force OR coalesce(d.status, 'pending') <> 'gave_up')
      AND (d.status IS NOT NULL OR a.raised_at >= $oldest)
    ORDER BY a.seq, t.target"""


def owed(session: Session, targets: Sequence[str], watchlists: Sequence[Sequence[str]], *, force: bool,
         oldest: datetime) -> list[Owed]:
    """Each alert x target (subscribed by its watchlists, '*' for all) not delivered yet, in the log's
    order: given up too when `force`; never tried only when raised at or after `oldest` (naive UTC)."""
    rows = session.query(_PENDING_SQL, {"targets": list(targets), "watchlists": [list(w) for w in watchlists],
                                        "force": force, "oldest": oldest}).rows
    return [(json.loads(payload), raised, target, attempts, last, status)
            for payload, raised, target, attempts, last, status in rows]
