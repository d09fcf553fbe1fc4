"""`monitor alerts`: recent alerts and their delivery state."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from monitor.cli import Context, common_options, session


@click.group(invoke_without_command=True)
@click.option("--limit", default=20, show_default=True, help="How many recent alerts to show.")
@click.pass_context
def alerts(click_ctx: click.Context, limit: int) -> None:
    """Recent alerts and their delivery state.

    \b
    Example:
      monitor alerts --limit 50
    """
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(alerts_list, limit=limit)


@alerts.command("list")
@click.option("--limit", default=20, show_default=True)
@common_options
def alerts_list(ctx: Context, limit: int) -> None:
    """List recent alerts, newest first.

    \b
    Example:
      monitor alerts list --limit 5
    """
    with session(ctx, read_only=True) as opened:
        result = opened.query("SELECT raised_at, rule, watchlist, title, status, delivered_at FROM alerts "
                              "ORDER BY raised_at DESC, alert_id LIMIT $limit", {"limit": limit})
    table = Table("raised (UTC)", "rule", "watchlist", "title", "status", "delivered (UTC)")
    for raised, rule, watchlist, title, status, delivered in result.rows:
        table.add_row(f"{raised:%Y-%m-%d %H:%M}", rule, watchlist, title, status,
                      f"{delivered:%Y-%m-%d %H:%M}" if delivered else "-")
    Console().print(table)


COMMANDS = [alerts]
