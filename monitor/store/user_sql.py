"""A user's ad-hoc SQL over the log (`monitor sql`): streamed in batches, DuckDB's errors as QueryError."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb

from monitor.errors import QueryError
from monitor.store import Session

Batches = Iterator[list[tuple[Any, ...]]]


def run_query(session: Session, sql: str, rows: int) -> tuple[tuple[str, ...], tuple[str, ...], Batches]:
    """(columns, their DuckDB types, batches of up to `rows` rows), fetched as they are read. A query DuckDB
    refuses, at once or while its rows are fetched, raises QueryError("query failed: ...")."""
    try:
        columns, types, batches = session.stream(sql, rows)
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {exc}") from None
    return columns, types, _checked(batches)


def _checked(batches: Batches) -> Batches:
    try:
        yield from batches
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {exc}") from None
