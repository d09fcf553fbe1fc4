"""Opening the event log: one process at a time (DuckDB's lock, waited for a bounded time), the schema
brought up to date on a write open, and when the daemon's writer checkpoints."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from monitor.errors import StoreError, StoreLockedError
from monitor.store.binding import remember_missing_pandas
from monitor.store.session import Session

_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class EventStore:
    """The database file. Opens sessions, waiting a bounded time for another process's lock."""

    def __init__(self, path: Path, *, lock_timeout: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep, monotonic: Callable[[], float] = time.monotonic):
        self.path = path
        self.lock_timeout = lock_timeout
        self._sleep = sleep
        self._monotonic = monotonic

    @contextmanager
    def session(self, *, read_only: bool = False, checkpoint_on_close: bool = True) -> Iterator[Session]:
        """An open connection; `checkpoint_on_close=False` (the daemon's drains) leaves the checkpoint to
        the WAL's size (CHECKPOINT_WAL), so the newest changes may wait in the `.wal` file beside."""
        connection = self._connect(read_only)
        try:
            if not read_only:
                # imported here, as on every write path: `monitor sql` reads without the event schema
                from monitor.store.upgrade import open_for_writing

                open_for_writing(connection, self.path,
                                 lambda events: Session(connection, self.path).append(events, _now()))
                if not checkpoint_on_close:
                    _checkpoint_by_size(connection)
            yield Session(connection, self.path)
        finally:
            connection.close()

    def needs_upgrade(self) -> bool:
        """Whether opening the log for writing would migrate it, rebuild projections or recover observations
        (read through a read-only connection, so a reader holding the file does not block)."""
        from monitor.store.upgrade import is_current

        if not self.path.exists():
            return False
        connection = self._connect(True)
        try:
            return not is_current(connection)
        finally:
            connection.close()

    def upgrade(self) -> bool:
        """Bring a log written by an older release up to date when it needs it; True if it did."""
        if not self.needs_upgrade():
            return False
        with self.session():
            pass
        return True

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no database here yet; run `monitor replay seeds/` or "
                             "`monitor run` first, or pass --db")
        remember_missing_pandas()
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


def _now() -> datetime:
    return datetime.now(UTC)


def _locked_error(path: Path, message: str, waited: float) -> StoreLockedError:
    holder = _LOCK_HOLDER.search(message)
    who = f"process {holder.group(1)}" if holder else "another process"
    return StoreLockedError(
        f"{path}: held by {who} (waited {waited:g} s). DuckDB lets one process at a time open the "
        "file; close that session (e.g. a DuckDB CLI or notebook), or while the daemon runs "
        "query through `monitor sql`, then retry.")


# A checkpoint costs 0.2-1 s at a million events (DuckDB writes the log's indexes again), and DuckDB
# makes one each time a writer closes the file: once per drain. The daemon's writer leaves it to the
# WAL's size instead (a checkpoint once CHECKPOINT_WAL of changes wait), and whoever opens the file next replays
# at most that much WAL (~45 ms a MB at a million events). Measured at 1M events, one article per
# drain: 1.4 s a drain and 60 ms to open for a reader by default; 0.32 s and up to 190 ms with 4 MB
# (with 2 MB DuckDB still checkpointed at nearly every commit).
CHECKPOINT_WAL = "4MB"


def _checkpoint_by_size(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("PRAGMA disable_checkpoint_on_shutdown")
    connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_WAL}'")
