"""The one exception tree of monitor.

MonitorError
 +-- ConfigError        a bad config.toml or watchlist (exit code 2)
 +-- InputError         a seed or page that cannot be read as an article
 +-- FetchError         a feed or page that could not be fetched
 |    +-- RefusedError      a URL the SSRF guard refuses (scheme, private address, ...)
 +-- ExtractError       text the extractor refuses (never raised for odd text, only misuse)
 +-- StoreError         the DuckDB event log cannot be opened or written
 |    +-- StoreLockedError  another process holds the database file
 +-- QueryError         SQL over the log that DuckDB refuses (`monitor sql`)
 +-- AlertError         an alert target that cannot be reached or parsed

Every error carries what a user needs to act: the file, line, key or URL.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error monitor raises on purpose."""


class ConfigError(MonitorError):
    """A configuration or watchlist file is wrong; the message names file, key and line."""

    def __init__(self, path: str, message: str, *, key: str | None = None, line: int | None = None):
        self.path = path
        self.key = key
        self.line = line
        where = path
        if line is not None:
            where += f":{line}"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}")


class InputError(MonitorError):
    """An input article file cannot be used (empty, binary, not UTF-8)."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}")


class FetchError(MonitorError):
    """A feed or page could not be fetched or parsed."""

    def __init__(self, url: str, message: str):
        self.url = url
        self.reason = message
        super().__init__(f"{url}: {message}")

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str]]:
        # raised in a parsing worker process (monitor/workers.py), it is pickled back to the poll thread
        return type(self), (self.url, self.reason)


class RefusedError(FetchError):
    """The URL is refused by the network guard: never fetched, not retried."""


class ExtractError(MonitorError):
    """The extractor was called with arguments it cannot use."""


class StoreError(MonitorError):
    """The DuckDB event log cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the DuckDB file."""


class QueryError(MonitorError):
    """A query over the log failed in DuckDB (bad SQL, an unknown table or column, a type error)."""


class AlertError(MonitorError):
    """An alert target could not be used."""
