"""The command line: the only place that prints. Library errors become exit codes here."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from monitor.config import Config, check_watchlist_references, load_config
from monitor.errors import ConfigError, MonitorError
from monitor.store import EventStore, Session
from monitor.watchlist import Watchlist

F = TypeVar("F", bound=Callable[..., Any])
EXIT_CONFIG = 2


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    watchlists: tuple[Watchlist, ...]

    def store(self) -> EventStore:
        return EventStore(self.config.database, lock_timeout=self.config.lock_timeout_seconds)


def utc_now() -> datetime:
    return datetime.now(UTC)


def common_options(func: F) -> F:
    """--config and --db, on every command."""
    @click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                  help="config.toml to use [default: $MONITOR_CONFIG or ./config.toml].")
    @click.option("--db", "db_path", type=click.Path(path_type=Path), default=None,
                  help="DuckDB file to use instead of the config's [database] path.")
    @click.option("-v", "--verbose", is_flag=True, help="Log debugging detail to stderr.")
    @functools.wraps(func)
    def wrapper(config_path: Path | None, db_path: Path | None, verbose: bool, **kwargs: Any) -> Any:
        logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                            format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
        with errors_as_exit_codes():
            return func(load_context(config_path, db_path), **kwargs)
    return wrapper  # type: ignore[return-value]


@contextmanager
def errors_as_exit_codes() -> Iterator[None]:
    try:
        yield
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def load_context(config_path: Path | None, db_path: Path | None) -> Context:
    path = config_path or Path(os.environ.get("MONITOR_CONFIG", "config.toml"))
    config = load_config(path, database=db_path)
    watchlists = config.load_watchlists()
    check_watchlist_references(config, watchlists)
    return Context(config, watchlists)


@contextmanager
def session(ctx: Context, *, read_only: bool = False) -> Iterator[Session]:
    with ctx.store().session(read_only=read_only) as opened:
        yield opened


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="monitor")
def main() -> None:
    """monitor: watch news for figures that move and actors who appear, and alert on them.

    \b
    Example:
      monitor replay seeds/
      monitor sql "SELECT metric, value, credited_to FROM figures"
    """


def register() -> None:
    from monitor import cli_admin, cli_alerts, cli_daemon, cli_replay, cli_report, cli_serve, cli_sql

    for module in (cli_replay, cli_sql, cli_admin, cli_alerts, cli_daemon, cli_serve, cli_report):
        for command in module.COMMANDS:
            main.add_command(command)


register()
