"""Folding the log into the projections: by range on append, whole on rebuild, one projection at a time
when its fold changed. Each projection keeps its own position and the fingerprint of the fold that made it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

import duckdb

from monitor.store.heartbeats import REAPPLY_HEARTBEATS
from monitor.store.projections import FEEDS, PROJECTIONS, VIEWS, Projection

log = logging.getLogger(__name__)

Positions = dict[str, tuple[int, str | None]]  # projection -> (seq folded up to, fingerprint of its fold)


def read_positions(connection: duckdb.DuckDBPyConnection) -> Positions:
    return {name: (int(seq), fingerprint) for name, seq, fingerprint in connection.execute(
        "SELECT name, seq, fingerprint FROM projection_position").fetchall()}


def fold(connection: duckdb.DuckDBPyConnection, projection: Projection, lo: int, hi: int,
         types: Iterable[str] | None = None) -> None:
    """Fold (lo, hi] into one projection, with the folds of `types` (all when None)."""
    if hi <= lo:
        return
    wanted = None if types is None else frozenset(types)
    # The seq bounds are our own integers, written into the SQL: any bound parameter makes DuckDB probe for
    # pandas (two failed imports per statement). Values from feeds and articles stay bound.
    lo_, hi_ = str(int(lo)), str(int(hi))
    for fold_types, sql in projection.folds:
        if wanted is None or fold_types & wanted:
            connection.execute(sql.replace("$lo", lo_).replace("$hi", hi_))


def move_positions(connection: duckdb.DuckDBPyConnection, positions: Positions, hi: int) -> None:
    """Every projection folded up to `hi` (one statement; the rows exist since the session opened)."""
    connection.execute(f"UPDATE projection_position SET seq = {int(hi)}")
    for name, (_, fingerprint) in list(positions.items()):
        positions[name] = (hi, fingerprint)


def recreate(connection: duckdb.DuckDBPyConnection, projection: Projection) -> None:
    """The projection's tables made anew (DROP and CREATE: no deleted rows left behind)."""
    for table, ddl in projection.tables:
        connection.execute(f"DROP TABLE IF EXISTS {table}")  # names are constants
        connection.execute(ddl)


def set_position(connection: duckdb.DuckDBPyConnection, projection: Projection, seq: int) -> None:
    connection.execute("INSERT OR REPLACE INTO projection_position VALUES ($name, $seq, $fingerprint)",
                       {"name": projection.name, "seq": seq, "fingerprint": projection.fingerprint})


def refold(connection: duckdb.DuckDBPyConnection, projection: Projection, head: int) -> None:
    """One projection rebuilt from the whole log, inside the caller's transaction."""
    recreate(connection, projection)
    fold(connection, projection, 0, head)
    if projection is FEEDS:
        connection.execute(REAPPLY_HEARTBEATS)
    set_position(connection, projection, head)


def rebuild_changed(connection: duckdb.DuckDBPyConnection, head: int) -> list[str]:
    """At open: a projection whose fold changed (or that a newer release added) is rebuilt alone, each in a
    transaction of its own; returns their names. The views are made again after."""
    stored = read_positions(connection)
    changed = [p for p in PROJECTIONS if stored.get(p.name, (0, None))[1] != p.fingerprint]
    for projection in changed:
        started = time.monotonic()
        connection.execute("BEGIN TRANSACTION")
        try:
            refold(connection, projection, head)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        if head:
            log.info("projection %s: its fold changed (or it is new); rebuilt from %d events in %.2f s",
                     projection.name, head, time.monotonic() - started)
    if changed:
        for view in VIEWS:
            connection.execute(view)
    return [p.name for p in changed]
