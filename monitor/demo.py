"""`monitor demo`: the seeds as a live feed on 127.0.0.1, and the real daemon watching it."""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from pathlib import Path

import click

from monitor.cli import Context
from monitor.daemon import Daemon
from monitor.feedserver import FeedServer, Item, seed_items

log = logging.getLogger(__name__)


def demo_config(folder: Path, watchlists: Path, feed_url: str, interval: float,
                database: Path | None = None) -> Path:
    """The demo's config.toml in `folder`: its database is `database` when given, else `folder/demo.duckdb`."""
    path = folder / "config.toml"
    db = json.dumps(database.resolve().as_posix()) if database else '"demo.duckdb"'
    path.write_text(
        f"[database]\npath = {db}\n\n[watchlists]\nfolder = {json.dumps(watchlists.resolve().as_posix())}\n\n"
        f"[poll]\ninterval_seconds = {max(1.0, interval / 2):g}\njitter_seconds = 0\n\n"
        f"[network]\nallow_private_addresses = true\n\n"
        f'[alerts]\nconsole = true\nfile = "alerts.log"\n\n[[feeds]]\nurl = "{feed_url}"\n',
        encoding="utf-8")
    return path


def run_demo(ctx: Context, seeds: Path, *, interval: float, port: int, database: Path | None = None) -> int:
    """Serve the seeds on 127.0.0.1 and run the daemon on them until SIGTERM/SIGINT. The log goes to
    `database` when given (kept), else to a temporary file removed on exit."""
    items = seed_items(seeds)
    server = FeedServer(port).start()
    stop = threading.Event()
    with tempfile.TemporaryDirectory(prefix="monitor-demo-") as temp:
        config = demo_config(Path(temp), ctx.config.watchlists_folder, server.feed_url, interval, database)
        click.echo(f"demo feed: {server.feed_url} ({len(items)} seed articles, one every {interval:g} s)")
        where = f"{database.resolve()} (kept)" if database else f"{Path(temp) / 'demo.duckdb'} (removed on exit)"
        click.echo(f"demo database: {where}; Ctrl-C to stop", err=True)
        daemon = Daemon(config, write=click.echo)
        daemon.install_signal_handlers()
        publisher = threading.Thread(target=_publish, args=(server, items, interval, stop), daemon=True)
        publisher.start()
        try:
            return daemon.run()
        finally:
            stop.set()
            server.close()


def _publish(server: FeedServer, items: list[Item], interval: float, stop: threading.Event) -> None:
    for item in items:
        if stop.is_set():
            return
        server.publish(item)
        click.echo(f"published: {item.title[:80]}", err=True)
        if stop.wait(interval):
            return
    click.echo("all seeds published; Ctrl-C to stop", err=True)
