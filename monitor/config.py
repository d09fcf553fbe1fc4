"""config.toml: loaded once, validated whole, relative paths resolved against the file's folder."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlsplit

from monitor.errors import ConfigError
from monitor.tomlfile import Fields, load_toml

if TYPE_CHECKING:
    from monitor.watchlist import Watchlist

FORMATS = ("text", "markdown", "html")
DIGESTS = ("off", "hourly", "daily")
DEFAULT_MIN_FREE_BYTES = 16_000_000
MAX_POLL_WORKERS = 64
MAX_PARALLEL_POLLS = 100  # [poll] parallel and [network] per_host: at most httpx's pool of 100 connections
WEEK = 7 * 24 * 3600.0  # the longest interval, retry or timeout a config may set
MAX_BYTES = 2**31  # the largest size limit a config may set


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    url: str  # an apprise URL; holds secrets, never logged
    watchlists: tuple[str, ...]  # ("*",) for all
    format: str = "text"
    digest: str = "off"
    attach_timeline: bool = False  # a figure alert carries its metric's timeline as a PNG


@dataclass(frozen=True, slots=True)
class AlertSettings:
    console: bool = True
    file: Path | None = None
    targets: tuple[Target, ...] = ()
    retry_initial_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    give_up_after_hours: float = 48.0


@dataclass(frozen=True, slots=True)
class Feed:
    url: str
    interval_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    max_feed_bytes: int = 5_000_000
    max_page_bytes: int = 5_000_000
    request_timeout_seconds: float = 20.0
    max_article_chars: int = 200_000
    max_seed_bytes: int = 2_000_000


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    database: Path
    lock_timeout_seconds: float
    watchlists_folder: Path
    poll_interval_seconds: float
    poll_jitter_seconds: float
    poll_retry_initial_seconds: float
    poll_retry_max_seconds: float
    allow_private_addresses: bool
    user_agent: str
    limits: Limits
    alerts: AlertSettings
    feeds: tuple[Feed, ...] = field(default=())
    spool_dir: Path | None = None  # [daemon] spool_dir; None: beside the database (<database>.spool)
    min_free_bytes: int = DEFAULT_MIN_FREE_BYTES  # [daemon] min_free_bytes: articles wait while less is free
    serve_token: str | None = None  # [serve] token: what `monitor serve --auth` asks for; never logged
    serve_token_file: Path | None = None  # [serve] token_file: a file holding it instead
    metrics_port: int | None = None  # [metrics] port: `monitor run` serves /metrics there (127.0.0.1); None: off
    # [extraction] reextract_on_change: the daemon re-extracts, at start and on SIGHUP, articles derived with
    # another extractor or other watchlists (alerts for old news withheld); false: it says to run `monitor reextract`
    reextract_on_change: bool = False
    # [poll] workers: processes that parse feeds and extract pages (monitor/workers.py); None: one per usable
    # CPU; 0 or 1: in the poll threads
    poll_workers: int | None = None
    poll_parallel: int = 20  # [poll] parallel: feeds polled at a time
    per_host: int = 2  # [network] per_host: requests to one host at a time (feeds and pages), politeness

    def load_watchlists(self) -> tuple[Watchlist, ...]:
        # imported here: a command that reads only the log (`monitor sql`) starts without the packs and units
        from monitor.watchlist import load_watchlists

        return load_watchlists(self.watchlists_folder)


def load_config(path: Path, *, database: Path | None = None) -> Config:
    """Read and validate config.toml; every mistake is a ConfigError naming file, key and line."""
    fields = Fields(path, load_toml(path))
    fields.reject_unknown({"database", "watchlists", "poll", "network", "limits", "alerts", "feeds", "daemon", "serve",
                           "metrics", "extraction"})
    base = path.resolve().parent
    db = fields.sub("database")
    db.reject_unknown({"path", "lock_timeout_seconds"})
    poll = fields.sub("poll")
    poll.reject_unknown({"interval_seconds", "jitter_seconds", "retry_initial_seconds", "retry_max_seconds",
                         "workers", "parallel"})
    network = fields.sub("network")
    network.reject_unknown({"allow_private_addresses", "user_agent", "per_host"})
    watch = fields.sub("watchlists")
    watch.reject_unknown({"folder"})
    spool_dir, min_free_bytes = _daemon(fields, base)
    extraction = fields.sub("extraction")
    extraction.reject_unknown({"reextract_on_change"})
    return Config(
        path=path,
        database=database or base / _file_name(db, "path", "monitor.duckdb"),
        lock_timeout_seconds=_seconds(db, "lock_timeout_seconds", 10.0),
        watchlists_folder=base / _file_name(watch, "folder", "watchlists"),
        poll_interval_seconds=_seconds(poll, "interval_seconds", 900.0),
        poll_jitter_seconds=_seconds(poll, "jitter_seconds", 60.0, allow_zero=True),
        poll_retry_initial_seconds=_seconds(poll, "retry_initial_seconds", 60.0),
        poll_retry_max_seconds=_seconds(poll, "retry_max_seconds", 21600.0),
        allow_private_addresses=network.get("allow_private_addresses", bool, False),
        user_agent=_header_value(network, "user_agent",
                                 "monitor/0.1 (news monitor; +https://example.invalid/monitor)"),
        limits=_limits(fields.sub("limits")),
        alerts=_alerts(fields.sub("alerts"), base),
        feeds=_feeds(fields),
        spool_dir=spool_dir,
        min_free_bytes=min_free_bytes,
        reextract_on_change=extraction.get("reextract_on_change", bool, False),
        poll_workers=_workers(poll),
        poll_parallel=_size(poll, "parallel", 20, maximum=MAX_PARALLEL_POLLS),
        per_host=_size(network, "per_host", 2, maximum=MAX_PARALLEL_POLLS),
        **_serve_and_metrics(fields, base),
    )


# --- one validator per kind of value: a new key is one line calling one of these ------------------

def _seconds(fields: Fields, key: str, default: float, *, allow_zero: bool = False,
             maximum: float = WEEK) -> float:
    """A finite number of seconds, above 0 (or 0 with allow_zero), at most `maximum`."""
    value = _number(fields, key, default, "a number of seconds")
    if value < 0 or (value == 0 and not allow_zero) or value > maximum:
        low = "0 or more" if allow_zero else "more than 0"
        raise fields.error(key, f"expected a number of seconds, {low} and at most {maximum:g} "
                                f"({maximum / 86400:g} days), got {value:g}")
    return value


def _hours(fields: Fields, key: str, default: float) -> float:
    return _seconds(fields, key, default * 3600, maximum=365 * 86400.0) / 3600


def _number(fields: Fields, key: str, default: float, what: str) -> float:
    raw = fields.get(key, (int, float), default, what=what)
    if isinstance(raw, int) and abs(raw) > 2**53:
        raise fields.error(key, f"expected {what}, got a number too large to use")
    value = float(raw)
    if not math.isfinite(value):
        raise fields.error(key, f"expected {what}, got {value}; write a plain number such as 900")
    return value


def _size(fields: Fields, key: str, default: int, *, maximum: int = MAX_BYTES) -> int:
    """A whole number above 0, at most `maximum` (sizes: bytes, characters)."""
    value = fields.get(key, int, default, what="a whole number")
    if not 0 < value <= maximum:
        shown = str(value) if abs(value) < 10**18 else "a larger number"
        raise fields.error(key, f"expected a whole number from 1 to {maximum}, got {shown}")
    return int(value)


def _workers(fields: Fields) -> int | None:
    if "workers" not in fields.table:
        return None
    value = fields.get("workers", int, what="a whole number of processes")
    if not 0 <= value <= MAX_POLL_WORKERS:
        raise fields.error("workers", f"expected a whole number from 0 to {MAX_POLL_WORKERS} (0: parse in the "
                                      f"poll threads), got {value if abs(value) < 10**6 else 'a larger number'}")
    return int(value)


def _text(fields: Fields, key: str, default: Any = ..., *, what: str = "a string") -> str:
    """A non-empty string without control characters (they break file names and HTTP headers)."""
    value: str = fields.get(key, str, default, what=what)
    if not value.strip():
        raise fields.error(key, f"expected {what}, got an empty string")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise fields.error(key, f"expected {what} without control characters (tab, newline, NUL ...)")
    return value


def _file_name(fields: Fields, key: str, default: str) -> str:
    return _text(fields, key, default, what="a string (a file or folder name)")


def _header_value(fields: Fields, key: str, default: str) -> str:
    return _text(fields, key, default, what="a string on one line")


def _limits(fields: Fields) -> Limits:
    fields.reject_unknown({"max_feed_bytes", "max_page_bytes", "request_timeout_seconds",
                           "max_article_chars", "max_seed_bytes"})
    defaults = Limits()
    sizes = {key: _size(fields, key, getattr(defaults, key))
             for key in ("max_feed_bytes", "max_page_bytes", "max_article_chars", "max_seed_bytes")}
    return Limits(request_timeout_seconds=_seconds(fields, "request_timeout_seconds", 20.0, maximum=3600.0),
                  **sizes)


def _alerts(fields: Fields, base: Path) -> AlertSettings:
    fields.reject_unknown({"console", "file", "targets", "retry_initial_seconds", "retry_max_seconds",
                           "give_up_after_hours"})
    file_name = fields.get("file", str, "")
    targets = fields.get("targets", list, [], what="an array of tables ([[alerts.targets]])")
    return AlertSettings(
        console=fields.get("console", bool, True),
        file=base / _file_name(fields, "file", "") if file_name else None,
        targets=_targets(fields, targets),
        retry_initial_seconds=_seconds(fields, "retry_initial_seconds", 30.0),
        retry_max_seconds=_seconds(fields, "retry_max_seconds", 3600.0),
        give_up_after_hours=_hours(fields, "give_up_after_hours", 48.0),
    )


def _targets(parent: Fields, items: list[Any]) -> tuple[Target, ...]:
    targets: list[Target] = []
    for index, table in enumerate(items):
        item = Fields(parent.path, table, f"alerts.targets[{index}].")
        if not isinstance(table, dict):
            raise parent.error(f"targets[{index}]", "expected an array of tables ([[alerts.targets]])")
        target = _target(item)
        for earlier, other in enumerate(targets):
            if other.name == target.name:
                raise item.error("name", f"{target.name!r} is already the name of alerts.targets[{earlier}]; "
                                         "give each target its own name (deliveries are recorded by name)")
        targets.append(target)
    return tuple(targets)


def _target(item: Fields) -> Target:
    item.reject_unknown({"name", "url", "watchlists", "format", "digest", "attach_timeline"})
    name = _text(item, "name", what="a name for the target")
    if name in ("console", "file"):
        raise item.error("name", f"{name!r} is the name of a built-in target; choose another")
    url = _text(item, "url", what="an apprise URL such as json://host/path or mailto://...")
    if "://" not in url:
        raise item.error("url", "expected an apprise URL such as json://host/path or mailto://user:pass@host")
    why = _apprise_refuses(url)
    if why is not None:
        raise item.error("url", f"apprise cannot load this URL ({why}); check the service's URL form "
                                "at https://github.com/caronc/apprise/wiki (the URL is not shown: it holds secrets)")
    fmt = item.get("format", str, "text")
    if fmt not in FORMATS:
        raise item.error("format", f"{fmt!r} is not a format; expected one of {', '.join(FORMATS)}")
    digest = item.get("digest", str, "off")
    if digest not in DIGESTS:
        raise item.error("digest", f"{digest!r} is not a digest mode; expected one of {', '.join(DIGESTS)}")
    return Target(name=name, url=url, watchlists=item.strings("watchlists", ["*"]), format=fmt, digest=digest,
                  attach_timeline=item.get("attach_timeline", bool, False))


def _apprise_refuses(url: str) -> str | None:
    """Why apprise cannot load the URL (its own reason, secrets masked), or None when it can."""
    import warnings

    import apprise

    from monitor.outbox import redacting, url_secrets

    with warnings.catch_warnings(), redacting(url_secrets(url)) as reasons:
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        try:
            services = apprise.Apprise()
            loaded = services.add(url)
        except Exception as exc:  # a plugin that raises on a strange URL refuses it
            return f"{type(exc).__name__}"
    if loaded and len(services) > 1:  # apprise splits a string at spaces and commas into several URLs
        return f"it holds {len(services)} URLs; give each its own [[alerts.targets]]"
    if loaded:
        return None
    return reasons[-1] if reasons else "unknown service or missing parts"


class _ServeKeys(TypedDict):
    serve_token: str | None
    serve_token_file: Path | None
    metrics_port: int | None


def _serve_and_metrics(fields: Fields, base: Path) -> _ServeKeys:
    """[serve] token or token_file (`monitor serve --auth`) and [metrics] port (`monitor run`)."""
    serve = fields.sub("serve")
    serve.reject_unknown({"token", "token_file"})
    token = serve.get("token", str, None)
    if token is not None and (len(token) < 16 or not token.isascii() or not token.isprintable()
                              or any(char in token for char in ' ;,"\\')):
        raise serve.error("token", "expected at least 16 ASCII characters without spaces, quotes, ';', ',' or '\\'")
    token_file = _file_name(serve, "token_file", "") if "token_file" in serve.table else None
    metrics = fields.sub("metrics")
    metrics.reject_unknown({"port"})
    port = metrics.get("port", int, None, what="a TCP port number")
    if port is not None and not 0 < port < 65536:
        raise metrics.error("port", f"expected a TCP port from 1 to 65535, got {port}")
    return _ServeKeys(serve_token=token, serve_token_file=base / token_file if token_file else None,
                      metrics_port=port)


def _daemon(fields: Fields, base: Path) -> tuple[Path | None, int]:
    """[daemon] spool_dir (may be on another filesystem than the database) and min_free_bytes."""
    daemon = fields.sub("daemon")
    daemon.reject_unknown({"spool_dir", "min_free_bytes"})
    folder = _file_name(daemon, "spool_dir", "") if "spool_dir" in daemon.table else ""
    free: int = daemon.get("min_free_bytes", int, DEFAULT_MIN_FREE_BYTES, what="a number of bytes")
    if isinstance(free, bool) or not 0 <= free <= 2**63:
        shown = str(free) if abs(free) < 10**18 else "a larger number"
        raise daemon.error("min_free_bytes", f"expected a number of bytes from 0 to 2^63, got {shown}")
    return (base / folder if folder else None), free


def _feeds(fields: Fields) -> tuple[Feed, ...]:
    items = fields.get("feeds", list, [], what="an array of tables ([[feeds]])")
    feeds: list[Feed] = []
    for index, table in enumerate(items):
        if not isinstance(table, dict):
            raise fields.error(f"feeds[{index}]", "expected an array of tables ([[feeds]])")
        item = Fields(fields.path, table, f"feeds[{index}].")
        item.reject_unknown({"url", "interval_seconds"})
        url = _feed_url(item)
        for earlier, other in enumerate(feeds):
            if other.url == url:
                raise item.error("url", f"the same feed as feeds[{earlier}]; list each feed once")
        interval = _seconds(item, "interval_seconds", 0.0) if "interval_seconds" in table else None
        feeds.append(Feed(url=url, interval_seconds=interval))
    return tuple(feeds)


def _feed_url(item: Fields) -> str:
    """An http(s) URL with a host and no credentials: feed URLs are stored in the event log and shown
    by `monitor status`, so a user:password in one would be kept in full; they are refused."""
    url = _text(item, "url", what="an http(s) URL")
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as exc:
        raise item.error("url", f"not a URL ({exc}); write it as https://host/path") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        raise item.error("url", f"{_no_secrets(url)!r} is not an http(s) URL with a host")
    if not port_ok:
        raise item.error("url", "port 0 is not a port; remove it or give the feed's port")
    if "@" in parts.netloc:
        raise item.error("url", f"{_no_secrets(url)!r} holds credentials (user:password@); they would be "
                                "stored in the event log and shown in `monitor status`. Remove them: monitor "
                                "fetches feeds without HTTP authentication")
    return url


def _no_secrets(url: str) -> str:
    """A URL fit for an error message: what is before the host's '@' is masked."""
    scheme, sep, rest = url.partition("://")
    location, slash, path = rest.partition("/")
    if "@" in location:
        location = "***@" + location.rpartition("@")[2]
    return f"{scheme}{sep}{location}{slash}{path}" if sep else url


def check_watchlist_references(config: Config, watchlists: tuple[Watchlist, ...]) -> None:
    """Targets may only name watchlists that exist."""
    known = {w.id for w in watchlists}
    for index, target in enumerate(config.alerts.targets):
        for name in target.watchlists:
            if name != "*" and name not in known:
                raise ConfigError(str(config.path), f"unknown watchlist {name!r}; known: {', '.join(sorted(known))}",
                                  key=f"alerts.targets[{index}].watchlists")
