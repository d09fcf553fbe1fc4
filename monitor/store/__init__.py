"""The event log and everything that reads or writes it with SQL.

Only this package opens the database or holds SQL over `events` and the projection tables; the rest of
monitor calls its functions and gets values back.
"""

from monitor.store.opening import EventStore
from monitor.store.session import DuplicateEventsError, QueryResult, Session

__all__ = ["DuplicateEventsError", "EventStore", "QueryResult", "Session"]
