"""`monitor demo`: the seeds as a live feed on 127.0.0.1, and the real daemon watching it."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

import click

from monitor.cli import Context
from monitor.daemon import Daemon
from monitor.feedserver import FeedServer, Item, seed_items

log = logging.getLogger(__name__)


def demo_config(folder: Path, watchlists: Path, feed_url: str, interval: float) -> Path:
    path = folder / "config.toml"
    path.write_text(
        f'[database]\npath = "demo.duckdb"\n\n[watchlists]\nfolder = "{watchlists.resolve().as_posix()}"\n\n'
        f"[poll]\ninterval_seconds = {max(1.0, interval / 2):g}\njitter_seconds = 0\n\n"
        f"[network]\nallow_private_addresses = true\n\n"
        f'[alerts]\nconsole = true\nfile = "alerts.log"\n\n[[feeds]]\nurl = "{feed_url}"\n',
        encoding="utf-8")
    return path


def run_demo(ctx: Context, seeds: Path, *, interval: float, port: int) -> int:
    items = seed_items(seeds)
    server = FeedServer(port).start()
    stop = threading.Event()
    with tempfile.TemporaryDirectory(prefix="monitor-demo-") as temp:
        config = demo_config(Path(temp), ctx.config.watchlists_folder, server.feed_url, interval)
        click.echo(f"demo feed: {server.feed_url} ({len(items)} seed articles, one every {interval:g} s)")
        click.echo(f"demo database: {Path(temp) / 'demo.duckdb'} (removed on exit); Ctrl-C to stop", err=True)
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
