"""`monitor run`, `monitor poll --once`, `monitor status`, `monitor demo`."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from monitor.cli import Context, common_options, session
from monitor.errors import StoreError
from monitor.urls import redact


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
    """Feeds (last poll, outcome, next poll, failures), counts, last alerts, and the daemon.

    \b
    Example:
      monitor status --db /var/lib/monitor/monitor.duckdb
    """
    from monitor.daemon import daemon_pid, spool_folder
    from monitor.extract.langdetect import is_supported
    from monitor.spool import read_faults

    console = Console()
    pid = daemon_pid(ctx.config.database)
    spool = ctx.config.spool_dir or spool_folder(ctx.config.database)
    waiting = len(list(spool.glob("*.json"))) if spool.is_dir() else 0
    console.print(f"daemon: {'running (PID ' + str(pid) + ')' if pid else 'not running'}; "
                  f"{waiting} items waiting in the spool")
    for url, fault in sorted(read_faults(spool).items()):  # recorded even when the disk is full
        console.print(escape(f"failing: {url}: {fault.get('status')} since {fault.get('since')}, "
                             f"{fault.get('failures')} failures: {fault.get('error')}"), soft_wrap=True)
    try:
        with session(ctx, read_only=True) as opened:
            feeds = opened.query("SELECT feed_url, last_polled_at, last_status, next_poll_at, consecutive_failures "
                                 "FROM feeds ORDER BY feed_url").rows
            counts = opened.query("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                                  "(SELECT count(*) FROM alerts)").rows[0]
            recent = opened.query("SELECT raised_at, rule, watchlist, title, status FROM alerts "
                                  "ORDER BY raised_at DESC, alert_id LIMIT 5").rows
            languages = opened.query("SELECT lang, count(*) FROM articles GROUP BY lang ORDER BY lang").rows
    except StoreError as exc:
        console.print(f"database: {exc}")
        return
    table = Table("feed", "last poll (UTC)", "outcome", "next poll (UTC)", "failures", title="feeds")
    for url, last, outcome, next_at, failures in feeds:
        table.add_row(escape(redact(url)), f"{last:%Y-%m-%d %H:%M:%S}" if last else "-", outcome or "-",
                      f"{next_at:%Y-%m-%d %H:%M:%S}" if next_at else "-", str(failures or 0))
    console.print(table)
    console.print(f"{counts[0]} articles, {counts[1]} events, {counts[2]} alerts")
    unread = [f"{lang} {count}" for lang, count in languages if lang and not is_supported(lang)]
    if unread:
        console.print(escape(f"articles in languages with no pack (recorded, not read): {', '.join(unread)}"))
    for raised, rule, watchlist, title, state in recent:
        console.print(escape(f"  {raised:%Y-%m-%d %H:%M} {rule} ({watchlist}, {state}): {title}"))


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
