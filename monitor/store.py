"""The append-only DuckDB event log and the projections folded from it.

Only this module opens the database. A session holds one connection; every append is one
transaction that adds the new events, folds them into the projections and moves the
projection position, so the log and the views never disagree.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from monitor.errors import StoreError, StoreLockedError
from monitor.events import Event, payload_json, to_utc
from monitor.projections import ALERT_COLUMNS, FIGURE_FACETS, FOLDS, PROJECTION_TABLES, SCHEMA, VIEWS

log = logging.getLogger(__name__)

_BATCH_SHAPE = json.dumps({
    "ord": "BIGINT", "event_id": "VARCHAR", "stream": "VARCHAR", "type": "VARCHAR",
    "schema_version": "INTEGER", "occurred_at": "TIMESTAMP", "recorded_at": "TIMESTAMP",
    "payload": "VARCHAR"})

_APPEND = f"""
    INSERT INTO events
    SELECT (SELECT coalesce(max(seq), 0) FROM events) + row_number() OVER (ORDER BY ord),
           event_id, stream, type, schema_version, occurred_at, recorded_at, CAST(payload AS JSON)
    FROM (SELECT * FROM (SELECT unnest(from_json($batch::JSON, '[{_BATCH_SHAPE}]'), recursive := true))
          WHERE event_id NOT IN (SELECT event_id FROM events)
          QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY ord) = 1)
    ORDER BY ord
    RETURNING event_id"""

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


class Session:
    """One open connection to the event log."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path):
        self.connection = connection
        self.path = path

    def append(self, events: Sequence[Event], recorded_at: datetime) -> list[str]:
        """Append events in one transaction; returns the ids that were new (in order)."""
        if not events:
            return []
        batch = json.dumps([_row(index, event, recorded_at) for index, event in enumerate(events)],
                           ensure_ascii=False)
        try:
            self.connection.execute("BEGIN TRANSACTION")
            rows = self.connection.execute(_APPEND, {"batch": batch}).fetchall()
            self._fold_new()
            self.connection.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: could not append {len(events)} events: {exc}. "
                             "Nothing was written; check free disk space and retry.") from exc
        new_ids = {row[0] for row in rows}
        return list(dict.fromkeys(event.event_id for event in events if event.event_id in new_ids))

    def _rollback(self) -> None:
        try:
            self.connection.execute("ROLLBACK")
        except duckdb.Error:
            log.debug("rollback after a failed append also failed", exc_info=True)

    def _fold_new(self) -> None:
        position = self.scalar("SELECT coalesce(max(seq), 0) FROM projection_position")
        head = self.scalar("SELECT coalesce(max(seq), 0) FROM events")
        if head > position:
            for fold in FOLDS:
                self.connection.execute(fold, {"lo": position, "hi": head})
            self.connection.execute(
                "INSERT OR REPLACE INTO projection_position VALUES ('all', $seq)", {"seq": head})

    def rebuild(self) -> int:
        """Drop every projection row and fold the whole log again; returns the events folded."""
        try:
            self.connection.execute("BEGIN TRANSACTION")
            for table in (*PROJECTION_TABLES, "projection_position"):
                self.connection.execute(f"DELETE FROM {table}")  # names are constants
            self._fold_new()
            self.connection.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: rebuild failed, projections left as they were: {exc}") from exc
        return int(self.scalar("SELECT count(*) FROM events"))

    def scalar(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        row = self.connection.execute(sql, params or {}).fetchone()
        return None if row is None else row[0]

    def query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> QueryResult:
        cursor = self.connection.execute(sql, params or [])
        columns = tuple(column[0] for column in cursor.description or ())
        return QueryResult(columns, cursor.fetchall() if columns else [])


def _row(index: int, event: Event, recorded_at: datetime) -> dict[str, Any]:
    return {
        "ord": index, "event_id": event.event_id, "stream": event.stream, "type": event.type,
        "schema_version": event.schema_version,
        "occurred_at": _naive_utc(event.occurred_at), "recorded_at": _naive_utc(recorded_at),
        "payload": payload_json(event.payload),
    }


def _naive_utc(moment: datetime) -> str:
    return to_utc(moment).replace(tzinfo=None).isoformat(sep=" ")


class EventStore:
    """The database file. Opens sessions, waiting a bounded time for another process's lock."""

    def __init__(self, path: Path, *, lock_timeout: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep, monotonic: Callable[[], float] = time.monotonic):
        self.path = path
        self.lock_timeout = lock_timeout
        self._sleep = sleep
        self._monotonic = monotonic

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        connection = self._connect(read_only)
        try:
            if not read_only:
                _migrate(connection)
            yield Session(connection, self.path)
        finally:
            connection.close()

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no database here yet; run `monitor replay seeds/` or "
                             "`monitor run` first, or pass --db")
        deadline = self._monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                if not read_only:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"{self.path}: cannot open the database: {exc}") from exc
                if self._monotonic() >= deadline:
                    raise _locked_error(self.path, str(exc), self.lock_timeout) from exc
                self._sleep(delay)
                delay = min(delay * 2, 0.5)
            except (duckdb.Error, OSError) as exc:
                raise StoreError(f"{self.path}: cannot open the database: {exc}") from exc


def _locked_error(path: Path, message: str, waited: float) -> StoreLockedError:
    holder = _LOCK_HOLDER.search(message)
    who = f"process {holder.group(1)}" if holder else "another process"
    return StoreLockedError(
        f"{path}: held by {who} (waited {waited:g} s). DuckDB lets one process at a time open the "
        "file; close that session (e.g. a DuckDB CLI or notebook), or while the daemon runs "
        "query through `monitor sql`, then retry.")


def _migrate(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, "
                       "applied_at TIMESTAMP DEFAULT current_timestamp)")
    applied = {row[0] for row in connection.execute("SELECT name FROM schema_migrations").fetchall()}
    for name, statements in MIGRATIONS:
        if name in applied:
            continue
        connection.execute("BEGIN TRANSACTION")
        for statement in statements:
            connection.execute(statement)
        connection.execute("INSERT INTO schema_migrations (name) VALUES ($name)", {"name": name})
        connection.execute("COMMIT")


MIGRATIONS: list[tuple[str, list[str]]] = [
    ("0001_event_log_and_projections", [*SCHEMA, *VIEWS]),
    ("0002_figure_modality_side_via", FIGURE_FACETS),
    ("0003_alerts_view_columns", ALERT_COLUMNS),
]
