"""The store's readers raise MonitorErrors, never duckdb.Error (issue 10 point 4)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from monitor.errors import QueryError, StoreError
from monitor.store import EventStore
from monitor.store.report_data import read_timelines
from monitor.store.status_reads import NotMonitorDatabaseError, read_status
from monitor.store.user_sql import run_query


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """A DuckDB file that is no monitor database."""
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")
    return path


def test_a_user_query_streams_and_fails_as_query_error(tmp_path: Path) -> None:
    with EventStore(tmp_path / "m.duckdb").session() as session:
        columns, types, batches = run_query(session, "SELECT i FROM range(25) t(i)", 10)
        assert columns == ("i",) and types == ("BIGINT",) and [len(batch) for batch in batches] == [10, 10, 5]
        with pytest.raises(QueryError, match=r"(?s)^query failed: .*nowhere"):
            run_query(session, "SELECT nope FROM nowhere", 10)
        _, _, batches = run_query(session, "SELECT CASE WHEN i < 150000 THEN i ELSE error('boom') END "
                                        "FROM range(200000) t(i)", 1000)
        fetched = []
        with pytest.raises(QueryError, match=r"(?s)^query failed: .*boom"):  # while fetching: rows came first
            for batch in batches:
                fetched += batch
        assert fetched


def test_readers_of_a_file_that_is_no_monitor_database_raise_store_errors(foreign: Path) -> None:
    with EventStore(foreign).session(read_only=True) as session:
        with pytest.raises(StoreError, match=r"cannot read the timelines: CatalogException"):
            read_timelines(session, metric="m")
        with pytest.raises(NotMonitorDatabaseError, match=r"(?s)cannot read the state .*is this a monitor database"):
            read_status(session)
