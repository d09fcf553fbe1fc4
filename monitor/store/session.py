"""The append-only DuckDB event log and the projections folded from it.

Only this package opens the database (monitor/store/opening.py). A session holds one connection; every
append adds the new events and folds their seq range into the projections in the same transaction, so the
log and the views never disagree at a commit. Inside a transaction the projections the rules read
(OVERLAID) are folded once, before the commit: each fold has a fixed cost of several ms, and a writer's
transaction holds many articles. Until then `unfolded()` holds what they do not show yet, which the rules'
reads lay over them (monitor/store/overlay.py); any other read of those tables folds first.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from monitor.errors import StoreError
from monitor.store.folding import Positions, fold, move_positions, read_positions, recreate, refold, set_position
from monitor.store.heartbeats import (
    APPLY_HEARTBEATS,
    HEARTBEAT,
    REAPPLY_HEARTBEATS,
    FeedRow,
    heartbeat_columns,
    quiet_polls,
)
from monitor.store.projections import OVERLAID, OVERLAID_NAMES, OVERLAID_TYPES, PROJECTIONS, SUPERSEDED

if TYPE_CHECKING:
    from monitor.events import Event

log = logging.getLogger(__name__)

# Events folded per statement by `monitor rebuild`: memory stays bounded at any size of log.
REBUILD_CHUNK = 250_000
# DuckDB spills to disk beyond it; the process peaks at about this plus 130 MB. At 1M events: 1GB peaked at
# 532-547 MB, 300MB at 430-440 MB, in the same 4.9-5.8 s.
REBUILD_MEMORY = "300MB"

_SHAPE = json.dumps({
    "ord": "BIGINT", "event_id": "VARCHAR", "stream": "VARCHAR", "type": "VARCHAR", "schema_version": "INTEGER",
    "occurred_at": "VARCHAR", "recorded_at": "VARCHAR", "payload": "VARCHAR"})
_JSON_BATCH = f"(SELECT unnest(from_json($batch::JSON, '[{_SHAPE}]'), recursive := true))"

# A large batch is a dict of numpy columns registered as a view: DuckDB scans it set-based, with no JSON
# round trip. A small one goes as one JSON text: registering costs DuckDB's probe for pandas (~4 ms).
NUMPY_FROM = 1000
_INSERT = """
    INSERT INTO events
    SELECT $head + row_number() OVER (ORDER BY ord), event_id, stream, type, schema_version,
           CAST(occurred_at AS TIMESTAMP), CAST(recorded_at AS TIMESTAMP), CAST(payload AS JSON)
    FROM append_batch ORDER BY ord"""


class DuplicateEventsError(StoreError):
    """A batch held an event id already in the log; the transaction it was in is void and is redone
    in careful mode (`Session.careful`), which leaves those events out."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Session:
    """One open connection to the event log.

    Appends inside `transaction()` share it (the writer batches many spool items in one); an append
    outside one is its own transaction. Idempotency comes from the UNIQUE index on event_id: a batch
    is inserted as it is and the index refuses a known id (the transaction is then redone with the
    known ids left out), so no append scans the ids of the whole log.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path):
        self.connection = connection
        self.path = path
        self.careful = False
        self._in_transaction = False
        self._positions: Positions | None = None
        self._superseding = False  # the open transaction appended derivations that supersede others
        self._head: int | None = None  # the log's head, known inside the open transaction (its only writer)
        # OVERLAID's folds wait while the transaction appends: the events since, with their seqs, and where
        # those projections stand (None: nothing waits)
        self._unfolded: list[tuple[int, Event]] = []
        self._unfolded_from: int | None = None
        self._any_superseded: bool | None = None  # p_superseded has rows (read once a transaction)
        # folded_read's results, (sql, params) -> rows: kept while OVERLAID's tables stay as they are, inside
        # the open transaction only
        self._reads: dict[tuple[str, str], QueryResult] = {}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the open one. Rolled back on any error."""
        if self._in_transaction:
            yield
            return
        try:
            self.connection.execute("BEGIN TRANSACTION")
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot begin a transaction: {exc}") from exc
        self._in_transaction = True
        try:
            yield
            self._flush()
            if self._superseding:
                self._refold_derived()
            self.connection.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: could not write: {exc}. Nothing was written; "
                             "check free disk space and retry.") from exc
        except BaseException:
            self._rollback()
            raise
        finally:
            self._in_transaction = False
            self._superseding = False
            self._head = None
            self._unfolded, self._unfolded_from, self._any_superseded = [], None, None
            self._reads.clear()

    def append(self, events: Sequence[Event], recorded_at: datetime) -> list[str]:
        """Append events (in the open transaction, else in one of their own); returns the ids that were
        new, in order. Polls of a feed that change nothing update the feed's row, not the log."""
        if not events:
            return []
        if self._in_transaction:
            return self._append(events, recorded_at)
        try:
            with self.transaction():
                return self._append(events, recorded_at)
        except DuplicateEventsError:
            self.careful = True
            try:
                with self.transaction():
                    return self._append(events, recorded_at)
            finally:
                self.careful = False

    def _append(self, events: Sequence[Event], recorded_at: datetime) -> list[str]:
        # imported here, as on every write path: `monitor sql` reads without the event schema (~35 ms to import)
        from monitor.events import ARTICLE_EXTRACTED

        fresh = _first_of_each(events)
        if self.careful:
            fresh = self._unknown(fresh)
        quiet, fresh = self._split_quiet_polls(fresh)
        superseding = any(e.type == ARTICLE_EXTRACTED and e.payload.get("supersedes") for e in fresh)
        self._superseding = self._superseding or superseding
        head = self.head()
        if fresh:
            self._insert(fresh, recorded_at, head)
            self._head = head + len(fresh)
        deferred = self._may_defer(fresh, superseding)
        self._fold(head, head + len(fresh), {event.type for event in fresh}, superseding=superseding,
                   deferred=deferred)
        if deferred:
            self._unfolded.extend((head + 1 + i, e) for i, e in enumerate(fresh) if e.type in OVERLAID_TYPES)
        if quiet:
            self._register("quiet_polls", heartbeat_columns(quiet))
            try:
                self.connection.execute(HEARTBEAT)
                self.connection.execute(APPLY_HEARTBEATS)
            finally:
                self.connection.unregister("quiet_polls")
        return [event.event_id for event in fresh]

    def _insert(self, fresh: list[Event], recorded_at: datetime, head: int) -> None:
        columns = _columns(fresh, recorded_at)
        large = len(fresh) >= NUMPY_FROM
        params: dict[str, Any] = {"head": head}
        if large:
            self._register("append_batch", columns)
            sql = _INSERT
        else:
            rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
            batch = json.dumps(rows, ensure_ascii=False, default=int)
            sql, params["batch"] = _INSERT.replace("append_batch", _JSON_BATCH), batch
        try:
            self.connection.execute(sql, params)
        except duckdb.ConstraintException as exc:
            raise DuplicateEventsError(f"{self.path}: an event of the batch is already in the log: {exc}") from exc
        finally:
            if large:
                self.connection.unregister("append_batch")

    def _register(self, name: str, columns: dict[str, Any]) -> None:
        self.connection.register(name, columns)

    def _unknown(self, events: list[Event]) -> list[Event]:
        """The events whose ids the log does not hold (a hash join over the log's ids: careful mode only)."""
        import numpy as np  # imported here: `monitor sql` starts without numpy

        self.connection.register("batch_ids", {"event_id": np.array([e.event_id for e in events], dtype=object)})
        try:
            known = {row[0] for row in self.connection.execute(
                "SELECT event_id FROM events WHERE event_id IN (SELECT event_id FROM batch_ids)").fetchall()}
        finally:
            self.connection.unregister("batch_ids")
        return [event for event in events if event.event_id not in known]

    def _split_quiet_polls(self, events: list[Event]) -> tuple[list[Event], list[Event]]:
        """(feed polls that change nothing, the rest): the former only move feed_heartbeats and p_feeds."""
        from monitor.events import FEED_POLLED

        urls = sorted({str(e.payload.get("feed_url")) for e in events if e.type == FEED_POLLED})
        if not urls:
            return [], events
        # one JSON text, not a list parameter: DuckDB probes a list parameter's type by importing pandas
        # (missing here), which takes longer than the query
        current = {row[0]: FeedRow(*row[1:]) for row in self.connection.execute(
            "SELECT feed_url, last_status, etag, last_modified, consecutive_failures FROM p_feeds "
            "WHERE feed_url IN (SELECT unnest(from_json($urls::JSON, '[\"VARCHAR\"]')))",
            {"urls": json.dumps(urls, ensure_ascii=False)}).fetchall()}
        return quiet_polls(events, current)

    def head(self) -> int:
        if self._in_transaction and self._head is not None:
            return self._head
        head = int(self.scalar("SELECT coalesce(max(seq), 0) FROM events"))
        if self._in_transaction:
            self._head = head
        return head

    def known_ids(self, event_ids: Sequence[str]) -> frozenset[str]:
        """Which of these event ids the log holds (one lookup on the UNIQUE index per id, one statement)."""
        if not event_ids:
            return frozenset()
        # one JSON text, not a list parameter (see _split_quiet_polls)
        return frozenset(row[0] for row in self.connection.execute(
            "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(from_json($ids::JSON, '[\"VARCHAR\"]')))",
            {"ids": json.dumps(sorted(set(event_ids)))}).fetchall())

    def _rollback(self) -> None:
        self._positions = None  # read again: a rolled-back fold did not move them
        self._reads.clear()
        self._head = None
        try:
            self.connection.execute("ROLLBACK")
        except duckdb.Error:
            log.debug("rollback after a failed write also failed", exc_info=True)

    def _fold(self, lo: int, hi: int, types: set[str], *, superseding: bool = True, deferred: bool = False) -> None:
        """Fold (lo, hi] into every projection that reads one of `types`; a projection behind the log (a
        rebuild cut short) is first folded from its own position. `superseding=False`: no derivation of the
        range supersedes another, so p_superseded's fold (which would find nothing) is left out. `deferred`:
        OVERLAID's folds wait for `_flush` (their positions move with the rest: the flush comes before the
        commit)."""
        if self._positions is None:
            self._positions = read_positions(self.connection)
        if not deferred or self._unfolded_from is None:  # OVERLAID's tables change below
            self._reads.clear()
        for projection in PROJECTIONS:
            position = self._positions.get(projection.name, (0, None))[0]
            if deferred and projection in OVERLAID:
                if self._unfolded_from is None:
                    if position < lo:
                        fold(self.connection, projection, position, lo)
                    self._unfolded_from = lo
                continue
            if position < lo:
                fold(self.connection, projection, position, lo)
            if superseding or projection is not SUPERSEDED:
                fold(self.connection, projection, lo, hi, types)
        if hi > lo or any(seq < lo for seq, _ in self._positions.values()):
            move_positions(self.connection, self._positions, max(hi, lo))

    def _may_defer(self, fresh: list[Event], superseding: bool) -> bool:
        """Whether OVERLAID's folds of this append may wait: not when a derivation of the transaction
        supersedes another, nor when p_superseded names one of the append's (the folds leave it out; the
        overlay would not). Otherwise what waits is folded first."""
        derivations = sorted({str(e.payload["derivation"]) for e in fresh
                              if e.type in OVERLAID_TYPES and e.payload.get("derivation")})
        if superseding or self._superseding or (derivations and self._names_superseded(derivations)):
            self._flush()
            return False
        return True

    def _names_superseded(self, derivations: list[str]) -> bool:
        if self._any_superseded is None:
            self._any_superseded = bool(self.scalar("SELECT count(*) FROM p_superseded"))
        return self._any_superseded and bool(self.scalar(
            "SELECT count(*) FROM p_superseded "
            "WHERE derivation IN (SELECT unnest(from_json($ids::JSON, '[\"VARCHAR\"]')))",
            {"ids": json.dumps(derivations)}))

    def _flush(self) -> None:
        """Fold what waits into OVERLAID."""
        if self._unfolded_from is None:
            return
        lo, types = self._unfolded_from, {event.type for _, event in self._unfolded}
        self._unfolded, self._unfolded_from = [], None
        self._reads.clear()
        for projection in OVERLAID:
            fold(self.connection, projection, lo, self.head(), types)

    def unfolded(self) -> tuple[tuple[int, Event], ...]:
        """The events of OVERLAID's types appended in the open transaction that those projections do not show
        yet, with their seqs, in log order."""
        return tuple(self._unfolded)

    def folded_query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> QueryResult:
        """A read of the projections as last folded: the caller lays `unfolded()` over it (store/overlay.py)."""
        cursor = self.connection.execute(sql, params or [])
        columns = tuple(column[0] for column in cursor.description or ())
        return QueryResult(columns, cursor.fetchall() if columns else [])

    def folded_read(self, sql: str, params: dict[str, Any] | None = None) -> QueryResult:
        """`folded_query` for a read of OVERLAID's tables (and of the log's rows they point to) alone, such as
        the rules' state: inside a transaction the same read is made once while those tables stay as they
        are (between folds), though every article's rules ask for it. The rows are shared: not to be changed."""
        if not self._in_transaction:
            return self.folded_query(sql, params)
        key = (sql, json.dumps(params, sort_keys=True, default=str))
        found = self._reads.get(key)
        if found is None:
            found = self._reads[key] = self.folded_query(sql, params)
        return found

    def _flush_before(self, sql: str) -> None:
        if self._unfolded_from is not None and any(name in sql.lower() for name in OVERLAID_NAMES):
            self._flush()

    def _refold_derived(self) -> None:
        """Derivations were superseded: the projections of derived facts are folded again, leaving the
        superseded ones out (a set-based pass over the log, in the same transaction)."""
        head = self.head()
        for projection in PROJECTIONS:
            if projection.derived or projection is SUPERSEDED:
                refold(self.connection, projection, head)
        self._positions = None
        self._reads.clear()

    def rebuild(self, *, chunk: int = REBUILD_CHUNK) -> int:
        """Refold every projection from the log; returns the events folded.

        The projection tables are made anew (DROP and CREATE: no deleted rows left behind, the old
        blocks free at the CHECKPOINT after), then the log is folded `chunk` events per transaction
        under REBUILD_MEMORY, each moving the projections' positions: memory stays bounded at any size of
        log, and a rebuild cut short leaves projections that the next append or rebuild completes.
        """
        head = self.head()
        try:
            self.connection.execute(f"SET memory_limit = '{REBUILD_MEMORY}'")
            with self.transaction():
                for projection in PROJECTIONS:
                    recreate(self.connection, projection)
                    set_position(self.connection, projection, 0)
            for lo in range(0, head, chunk):
                with self.transaction():
                    self._fold(lo, min(lo + chunk, head), {t for p in PROJECTIONS for t in p.types})
            with self.transaction():
                self.connection.execute(REAPPLY_HEARTBEATS)
            self.connection.execute("CHECKPOINT")
        except (StoreError, duckdb.Error) as exc:
            raise StoreError(f"{self.path}: rebuild failed: {exc}. Run `monitor rebuild` again; until then "
                             "the next write folds what is missing.") from exc
        finally:
            self.connection.execute("RESET memory_limit")
        return int(self.scalar("SELECT count(*) FROM events"))

    def scalar(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        self._flush_before(sql)
        row = self.connection.execute(sql, params or {}).fetchone()
        return None if row is None else row[0]

    def stream(self, sql: str, rows: int) -> tuple[tuple[str, ...], tuple[str, ...], Iterator[list[tuple[Any, ...]]]]:
        """(columns, their DuckDB types, batches of up to `rows` rows): a result of any size, fetched as it is
        read."""
        self._flush_before(sql)
        cursor = self.connection.execute(sql)
        columns = tuple(column[0] for column in cursor.description or ())
        types = tuple(str(column[1]) for column in cursor.description or ())

        def batches() -> Iterator[list[tuple[Any, ...]]]:
            while columns:
                batch = cursor.fetchmany(rows)
                if not batch:
                    return
                yield batch

        return columns, types, batches()

    def query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> QueryResult:
        self._flush_before(sql)
        return self.folded_query(sql, params)


def _first_of_each(events: Sequence[Event]) -> list[Event]:
    """The events in order, each id's first occurrence only."""
    seen: set[str] = set()
    first = []
    for event in events:
        if event.event_id not in seen:
            seen.add(event.event_id)
            first.append(event)
    return first


def _columns(events: Sequence[Event], recorded_at: datetime) -> dict[str, Any]:
    import numpy as np  # imported here: `monitor sql` starts without numpy

    from monitor.events import naive_utc_text, payload_json

    recorded = naive_utc_text(recorded_at)
    return {
        "ord": np.arange(len(events), dtype=np.int64),
        "event_id": np.array([e.event_id for e in events], dtype=object),
        "stream": np.array([e.stream for e in events], dtype=object),
        "type": np.array([e.type for e in events], dtype=object),
        "schema_version": np.array([e.schema_version for e in events], dtype=np.int32),
        "occurred_at": np.array([naive_utc_text(e.occurred_at) for e in events], dtype=object),
        "recorded_at": np.full(len(events), recorded, dtype=object),
        "payload": np.array([payload_json(e.payload) for e in events], dtype=object),
    }
