"""The command line: the only place that prints. Library errors become exit codes here."""

from __future__ import annotations

import functools
import importlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from monitor.config import Config, check_watchlist_references, load_config
from monitor.errors import ConfigError, MonitorError

if TYPE_CHECKING:
    from monitor.store import EventStore, Session
    from monitor.watchlist import Watchlist

F = TypeVar("F", bound=Callable[..., Any])
EXIT_CONFIG = 2


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    watchlists: tuple[Watchlist, ...]

    def store(self) -> EventStore:
        from monitor.store import EventStore

        return EventStore(self.config.database, lock_timeout=self.config.lock_timeout_seconds)


def utc_now() -> datetime:
    return datetime.now(UTC)


def common_options(func: F) -> F:
    """--config and --db, on every command; the context holds the config and the watchlists."""
    return _options(func, with_watchlists=True)


def log_options(func: F) -> F:
    """--config and --db for a command that reads only the log (`monitor sql`): the watchlists are not
    loaded (`ctx.watchlists` is empty), so it starts without the packs and works while one is broken."""
    return _options(func, with_watchlists=False)


def _options(func: F, *, with_watchlists: bool) -> F:
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
            return func(load_context(config_path, db_path, with_watchlists=with_watchlists), **kwargs)
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


def load_context(config_path: Path | None, db_path: Path | None, *, with_watchlists: bool = True) -> Context:
    path = config_path or Path(os.environ.get("MONITOR_CONFIG", "config.toml"))
    config = load_config(path, database=db_path)
    if not with_watchlists:
        return Context(config, ())
    watchlists = config.load_watchlists()
    check_watchlist_references(config, watchlists)
    return Context(config, watchlists)


@contextmanager
def session(ctx: Context, *, read_only: bool = False) -> Iterator[Session]:
    with ctx.store().session(read_only=read_only) as opened:
        yield opened


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (COMMAND_MODULES). `commands` loads them all."""

    loader: Callable[[str], None] = staticmethod(lambda _module: None)

    def __init__(self, *args: Any, **kwargs: Any):
        self.loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            self.loader(module)
        return self.loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self.loaded = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        self.loaded[name or cmd.name or ""] = cmd

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.loaded and cmd_name in COMMAND_MODULES:
            self.loader(COMMAND_MODULES[cmd_name])
        return self.loaded.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="monitor")
def main() -> None:
    """monitor: watch news for figures that move and actors who appear, and alert on them.

    \b
    Example:
      monitor replay seeds/
      monitor sql "SELECT metric, value, credited_to FROM figures"
    """


# Which module holds each command: a command's module (and what it imports) is loaded only when
# that command runs or help lists it, so `monitor sql` starts without the extractor or trafilatura.
COMMAND_MODULES = {
    "replay": "cli_replay", "extract": "cli_replay", "sql": "cli_sql", "check": "cli_admin",
    "rebuild": "cli_admin", "alerts": "cli_alerts", "run": "cli_daemon", "poll": "cli_daemon",
    "status": "cli_daemon", "demo": "cli_daemon", "serve": "cli_serve", "report": "cli_report",
    "reextract": "cli_reextract",
}


def _load(module_name: str) -> None:
    module = importlib.import_module(f"monitor.{module_name}")
    for command in module.COMMANDS:
        if command.name not in main.loaded:
            main.add_command(command)


main.loader = _load
