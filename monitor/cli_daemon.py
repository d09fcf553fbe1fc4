"""`monitor run`, `monitor poll --once`, `monitor status`, `monitor demo`."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import click

from monitor.cli import Context, common_options, session
from monitor.errors import StoreError

if TYPE_CHECKING:  # imported where used: `monitor --help` starts without rich
    from rich.table import Table


def _exit(code: int) -> None:
    """Leave now: poll threads stuck in a network call must not hold the process past its bound."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    if threading.active_count() > 1:
        os._exit(code)
    sys.exit(code)


def _log_to_stderr(verbose: bool) -> None:
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.INFO)
    for name in ("apscheduler", "httpx", "httpcore", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.WARNING)


@click.command()
@click.option("--debug", is_flag=True, help="Log debugging detail.")
@common_options
def run(ctx: Context, debug: bool) -> None:
    """Run the service: poll every feed on its schedule, extract, alert; until SIGTERM.

    SIGHUP reloads config.toml and the watchlists. Under systemd (Type=notify) it reports
    readiness, status and watchdog pings; in a terminal it behaves the same.

    \b
    Example:
      monitor run --config /etc/monitor/config.toml --db /var/lib/monitor/monitor.duckdb
    """
    from monitor.daemon import run_daemon

    _log_to_stderr(debug)
    _exit(run_daemon(ctx.config.path, ctx.config.database, once=False, write=click.echo))


@click.command()
@click.option("--once", is_flag=True, required=True, help="Poll every feed once, write, deliver, exit.")
@common_options
def poll(ctx: Context, once: bool) -> None:
    """Poll every feed once, process new articles, deliver alerts and exit (for cron and tests).

    \b
    Example:
      monitor poll --once --config config.toml
    """
    from monitor.daemon import run_daemon

    _log_to_stderr(False)
    _exit(run_daemon(ctx.config.path, ctx.config.database, once=True, write=click.echo))


@click.command()
@common_options
def status(ctx: Context) -> None:
    """Feeds (last poll, outcome, next poll, failures, why), counts, last alerts, and the daemon.

    Full feed URLs (wrapped, never cut; credentials and secret-looking query values masked). Exits
    1 with the reason when the database cannot be read (missing, locked too long, damaged).

    \b
    Example:
      monitor status --db /var/lib/monitor/monitor.duckdb
    """
    from rich.console import Console
    from rich.markup import escape

    from monitor.daemon import daemon_pid, spool_folder
    from monitor.extract.langdetect import is_supported
    from monitor.spool import read_faults
    from monitor.store.status_reads import NotMonitorDatabaseError, read_status

    console = Console()
    pid = daemon_pid(ctx.config.database)
    spool = ctx.config.spool_dir or spool_folder(ctx.config.database)
    waiting = len(list(spool.glob("*.json"))) if spool.is_dir() else 0
    console.print(f"daemon: {'running (PID ' + str(pid) + ')' if pid else 'not running'}; "
                  f"{waiting} items waiting in the spool")
    faults = read_faults(spool)
    for url, fault in sorted(faults.items()):  # recorded even when the disk is full
        console.print(escape(f"failing: {url}: {fault.get('status')} since {fault.get('since')}, "
                             f"{fault.get('failures')} failures: {fault.get('error')}"), soft_wrap=True)
    try:
        with session(ctx, read_only=True) as opened:
            state = read_status(opened)
    except NotMonitorDatabaseError:
        raise
    except StoreError as exc:
        raise StoreError(f"cannot read the state: {exc}") from exc
    console.print(feed_table(list(state.feeds), [feed.url for feed in ctx.config.feeds]))
    console.print(f"{state.articles} articles, {state.events} events, {state.alerts} alerts")
    unread = [f"{lang} {count}" for lang, count in state.languages if lang and not is_supported(lang)]
    if unread:
        console.print(escape(f"articles in languages with no pack (recorded, not read): {', '.join(unread)}"))
    for raised, rule, watchlist, title, delivery in state.recent:
        console.print(escape(f"  {raised:%Y-%m-%d %H:%M} {rule} ({watchlist}, {delivery}): {title}"))


_SECRET_PARAMETER = re.compile(r"(?i)(token|key|secret|pass|auth|sig|session|sid|credential)")


def shown_url(url: str) -> str:
    """A feed URL in full for people to read, without what may be a secret: user:password@ and the
    values of query parameters named like one (token, api_key, sig ...) become ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unparseable URL)"
    netloc = "***@" + parts.netloc.rpartition("@")[2] if "@" in parts.netloc else parts.netloc
    query = "&".join(f"{name}=***" if _SECRET_PARAMETER.search(name) else f"{name}={value}" if value else name
                     for name, value in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def feed_table(rows: list[tuple[Any, ...]], configured: list[str]) -> Table:
    """Feeds as a table whose URL and reason columns wrap (fold) instead of being cut."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="feeds")
    table.add_column("feed", overflow="fold", ratio=3)
    for name in ("last poll (UTC)", "outcome", "next poll (UTC)", "failures"):
        table.add_column(name, overflow="fold")
    table.add_column("why", overflow="fold", ratio=2)
    known = {row[0] for row in rows}
    rows = rows + [(url, None, "not polled yet", None, 0, None) for url in configured if url not in known]
    for url, last, outcome, next_at, failures, reason in rows:
        table.add_row(escape(shown_url(url)), f"{last:%Y-%m-%d %H:%M:%S}" if last else "-", escape(outcome or "-"),
                      f"{next_at:%Y-%m-%d %H:%M:%S}" if next_at else "-", str(failures or 0),
                      escape(reason or ""))
    return table


@click.command()
@click.option("--interval", default=8.0, show_default=True, help="Seconds between two published seeds.")
@click.option("--port", default=0, help="Port of the demo feed server on 127.0.0.1 (0: any free port).")
@common_options
def demo(ctx: Context, interval: float, port: int) -> None:
    """Serve the seed articles as a live RSS feed on 127.0.0.1 and run the real daemon on it.

    One seed is published every --interval seconds; alerts appear in the terminal as they
    are raised. Uses a temporary database, or the --db file (kept, and added to on a second run); needs
    no internet. Stop with Ctrl-C.

    \b
    Example:
      monitor demo --interval 5
      monitor demo --db demo.duckdb
    """
    from monitor.demo import run_demo

    _log_to_stderr(False)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    database = click.get_current_context().params.get("db_path")  # --db only, not the config's database
    _exit(run_demo(ctx, seeds if seeds.is_dir() else Path("seeds"), interval=interval, port=port,
                   database=database))


COMMANDS = [run, poll, status, demo]
