"""config.toml: loaded once, validated whole, relative paths resolved against the file's folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import ConfigError
from monitor.tomlfile import Fields, load_toml
from monitor.watchlist import Watchlist, load_watchlists

FORMATS = ("text", "markdown", "html")
DIGESTS = ("off", "hourly", "daily")


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    url: str  # an apprise URL; holds secrets, never logged
    watchlists: tuple[str, ...]  # ("*",) for all
    format: str = "text"
    digest: str = "off"


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

    def load_watchlists(self) -> tuple[Watchlist, ...]:
        return load_watchlists(self.watchlists_folder)


def load_config(path: Path, *, database: Path | None = None) -> Config:
    """Read and validate config.toml; every mistake is a ConfigError naming file, key and line."""
    fields = Fields(path, load_toml(path))
    fields.reject_unknown({"database", "watchlists", "poll", "network", "limits", "alerts", "feeds"})
    base = path.resolve().parent
    db = fields.sub("database")
    db.reject_unknown({"path", "lock_timeout_seconds"})
    poll = fields.sub("poll")
    poll.reject_unknown({"interval_seconds", "jitter_seconds", "retry_initial_seconds", "retry_max_seconds"})
    network = fields.sub("network")
    network.reject_unknown({"allow_private_addresses", "user_agent"})
    watch = fields.sub("watchlists")
    watch.reject_unknown({"folder"})
    return Config(
        path=path,
        database=database or base / db.get("path", str, "monitor.duckdb"),
        lock_timeout_seconds=_positive(db, "lock_timeout_seconds", 10.0),
        watchlists_folder=base / watch.get("folder", str, "watchlists"),
        poll_interval_seconds=_positive(poll, "interval_seconds", 900.0),
        poll_jitter_seconds=_positive(poll, "jitter_seconds", 60.0, allow_zero=True),
        poll_retry_initial_seconds=_positive(poll, "retry_initial_seconds", 60.0),
        poll_retry_max_seconds=_positive(poll, "retry_max_seconds", 21600.0),
        allow_private_addresses=network.get("allow_private_addresses", bool, False),
        user_agent=network.get("user_agent", str, "monitor/0.1 (news monitor; +https://example.invalid/monitor)"),
        limits=_limits(fields.sub("limits")),
        alerts=_alerts(fields.sub("alerts"), base),
        feeds=_feeds(fields),
    )


def _positive(fields: Fields, key: str, default: float, *, allow_zero: bool = False) -> float:
    value = float(fields.get(key, (int, float), default, what="a number of seconds"))
    if value < 0 or (value == 0 and not allow_zero):
        raise fields.error(key, f"expected a positive number, got {value:g}")
    return value


def _limits(fields: Fields) -> Limits:
    fields.reject_unknown({"max_feed_bytes", "max_page_bytes", "request_timeout_seconds",
                           "max_article_chars", "max_seed_bytes"})
    defaults = Limits()
    sizes = {key: int(_positive(fields, key, float(getattr(defaults, key))))
             for key in ("max_feed_bytes", "max_page_bytes", "max_article_chars", "max_seed_bytes")}
    return Limits(request_timeout_seconds=_positive(fields, "request_timeout_seconds", 20.0), **sizes)


def _alerts(fields: Fields, base: Path) -> AlertSettings:
    fields.reject_unknown({"console", "file", "targets", "retry_initial_seconds", "retry_max_seconds",
                           "give_up_after_hours"})
    file_name = fields.get("file", str, "")
    targets = fields.get("targets", list, [], what="an array of tables ([[alerts.targets]])")
    return AlertSettings(
        console=fields.get("console", bool, True),
        file=base / file_name if file_name else None,
        targets=tuple(_target(Fields(fields.path, item, f"alerts.targets[{index}]."), fields)
                      for index, item in enumerate(targets)),
        retry_initial_seconds=_positive(fields, "retry_initial_seconds", 30.0),
        retry_max_seconds=_positive(fields, "retry_max_seconds", 3600.0),
        give_up_after_hours=_positive(fields, "give_up_after_hours", 48.0),
    )


def _target(item: Fields, parent: Fields) -> Target:
    if not isinstance(item.table, dict):
        raise parent.error("targets", "expected an array of tables ([[alerts.targets]])")
    item.reject_unknown({"name", "url", "watchlists", "format", "digest"})
    url: str = item.get("url", str, what="an apprise URL such as json://host/path or mailto://...")
    if "://" not in url:
        raise item.error("url", "expected an apprise URL such as json://host/path or mailto://user:pass@host")
    fmt = item.get("format", str, "text")
    if fmt not in FORMATS:
        raise item.error("format", f"{fmt!r} is not a format; expected one of {', '.join(FORMATS)}")
    digest = item.get("digest", str, "off")
    if digest not in DIGESTS:
        raise item.error("digest", f"{digest!r} is not a digest mode; expected one of {', '.join(DIGESTS)}")
    return Target(name=item.get("name", str), url=url, watchlists=item.strings("watchlists", ["*"]),
                  format=fmt, digest=digest)


def _feeds(fields: Fields) -> tuple[Feed, ...]:
    items = fields.get("feeds", list, [], what="an array of tables ([[feeds]])")
    feeds = []
    for index, table in enumerate(items):
        item = Fields(fields.path, table if isinstance(table, dict) else {}, f"feeds[{index}].")
        item.reject_unknown({"url", "interval_seconds"})
        url: str = item.get("url", str)
        if not url.startswith(("http://", "https://")):
            raise item.error("url", f"{url!r} is not an http(s) URL")
        interval = item.get("interval_seconds", (int, float), None)
        feeds.append(Feed(url=url, interval_seconds=None if interval is None else float(interval)))
    return tuple(feeds)


def check_watchlist_references(config: Config, watchlists: tuple[Watchlist, ...]) -> None:
    """Targets may only name watchlists that exist."""
    known = {w.id for w in watchlists}
    for index, target in enumerate(config.alerts.targets):
        for name in target.watchlists:
            if name != "*" and name not in known:
                raise ConfigError(str(config.path), f"unknown watchlist {name!r}; known: {', '.join(sorted(known))}",
                                  key=f"alerts.targets[{index}].watchlists")
