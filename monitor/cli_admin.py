"""`monitor check` and `monitor rebuild`."""

from __future__ import annotations

import click

from monitor.cli import Context, common_options, session


@click.command()
@common_options
def check(ctx: Context) -> None:
    """Validate config.toml and every watchlist; exit code 2 names the file and key at fault.

    \b
    Example:
      monitor check --config /etc/monitor/config.toml
    """
    click.echo(f"config {ctx.config.path}: ok ({len(ctx.config.feeds)} feeds, "
               f"{len(ctx.config.alerts.targets)} alert targets)")
    for watchlist in ctx.watchlists:
        click.echo(f"watchlist {watchlist.id} ({watchlist.path}): {len(watchlist.aliases)} aliases, "
                   f"{len(watchlist.actors)} actors, {len(watchlist.metrics)} metrics")


@click.command()
@common_options
def rebuild(ctx: Context) -> None:
    """Rebuild every projection (articles, figures, actors, alerts, feeds) from the event log.

    \b
    Example:
      monitor rebuild --db monitor.duckdb
    """
    with session(ctx) as opened:
        folded = opened.rebuild()
    click.echo(f"rebuilt projections from {folded} events in {ctx.config.database}")


COMMANDS = [check, rebuild]
