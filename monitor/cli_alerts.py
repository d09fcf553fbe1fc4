"""`monitor alerts`: recent alerts and their delivery state; `alerts test` and `alerts retry`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.cli import Context, common_options, session, utc_now
from monitor.errors import AlertError

if TYPE_CHECKING:  # imported where used: `monitor --help` starts without apprise and rich
    from monitor.outbox import DispatchReport, Route

_STATUSES = click.Choice(["pending", "delivered", "failed", "gave_up"])
_FORMATS = click.Choice(["table", "atom"])


@click.group(invoke_without_command=True)
@click.option("--limit", default=20, show_default=True, help="How many recent alerts to show.")
@click.option("--status", type=_STATUSES, default=None, help="Only alerts in this delivery state.")
@click.option("--watchlist", default=None, help="Only this watchlist's alerts (by id).")
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True,
              help="A table, or an Atom 1.0 feed on standard output.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="config.toml to use [default: $MONITOR_CONFIG or ./config.toml].")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=None,
              help="DuckDB file to use instead of the config's [database] path.")
@click.option("-v", "--verbose", is_flag=True, help="Log debugging detail to stderr.")
@click.pass_context
def alerts(click_ctx: click.Context, limit: int, status: str | None, watchlist: str | None, fmt: str,
           config_path: Path | None, db_path: Path | None, verbose: bool) -> None:
    """Recent alerts and their delivery state per target (same as `monitor alerts list`).

    A delivery is `delivered`, `failed xN` (N attempts so far, retried with backoff),
    `gave_up` (not delivered within alerts.give_up_after_hours) or not yet tried. Target names
    are shown, never their apprise URLs.

    \b
    Example:
      monitor alerts --limit 50
      monitor alerts --status failed
      monitor alerts --format atom --watchlist north-korea > alerts.atom
      monitor alerts test
      monitor alerts retry
    """
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(alerts_list, limit=limit, status=status, watchlist=watchlist, fmt=fmt,
                         config_path=config_path, db_path=db_path, verbose=verbose)


@alerts.command("list")
@click.option("--limit", default=20, show_default=True, help="How many recent alerts to show.")
@click.option("--status", type=_STATUSES, default=None, help="Only alerts in this delivery state.")
@click.option("--watchlist", default=None, help="Only this watchlist's alerts (by id).")
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True,
              help="A table, or an Atom 1.0 feed on standard output (the --limit newest alerts).")
@common_options
def alerts_list(ctx: Context, limit: int, status: str | None, watchlist: str | None, fmt: str) -> None:
    """List recent alerts, newest first, with each target's delivery state and the last error.

    `--format atom` writes the same alerts as an Atom 1.0 feed (entry ids are the stable alert ids,
    so a feed reader never shows one twice; article text escaped), for a feed reader or a web server.

    \b
    Example:
      monitor alerts list --limit 5
      monitor alerts list --status failed --db /var/lib/monitor/monitor.duckdb
      monitor alerts list --format atom --watchlist north-korea > alerts.atom
    """
    known = {w.id: w.name for w in ctx.watchlists}
    if watchlist is not None and watchlist not in known:
        raise click.UsageError(f"no watchlist {watchlist!r}; watchlists: {', '.join(sorted(known)) or 'none'}")
    if fmt == "atom":
        from monitor.atom import alerts_atom
        from monitor.store.report_data import read_alerts

        with session(ctx, read_only=True) as opened:
            rows = [r for r in read_alerts(opened, watchlist=watchlist) if status is None or r.status == status]
        name = known[watchlist] if watchlist else "all watchlists"
        sys.stdout.buffer.write(alerts_atom(rows[-limit:] if limit > 0 else [], title=f"monitor alerts: {name}",
                                            feed_id=f"urn:monitor:alerts:{watchlist or 'all'}", self_url=None,
                                            now=utc_now()))
        return
    from monitor.store.alert_reads import recent_alerts

    with session(ctx, read_only=True) as opened:
        lines = recent_alerts(opened, limit=limit, status=status, watchlist=watchlist)
    from rich.console import Console
    from rich.table import Table

    table = Table("raised (UTC)", "rule", "watchlist", "title", "status", "targets", "last error")
    for line in lines:
        table.add_row(f"{line.raised_at:%Y-%m-%d %H:%M}", line.rule, line.watchlist, line.title, line.status,
                      line.targets or "-", line.last_error or "")
    Console().print(table)


@alerts.command("test")
@click.option("--target", "names", multiple=True, help="Only this target (by name); repeatable.")
@common_options
def alerts_test(ctx: Context, names: tuple[str, ...]) -> None:
    """Send a test message to every target and report each result; exit code 1 if any failed.

    The console prints it; the alerts file is only checked for writing (a test is not an alert);
    every apprise target gets a real message. Nothing is recorded in the event log, so it also
    runs while the daemon holds the database.

    \b
    Example:
      monitor alerts test
      monitor alerts test --target risk-desk
    """
    chosen = _chosen(ctx, names)
    failed = 0
    for result in send_test_messages(chosen, utc_now()):
        if result.ok:
            click.echo(f"ok      {result.target}", err=True)
        else:
            failed += 1
            click.echo(f"FAILED  {result.target}: {result.error}", err=True)
    click.echo(f"{len(chosen) - failed} of {len(chosen)} targets reached", err=True)
    if failed:
        sys.exit(1)


@alerts.command("retry")
@click.option("--target", "names", multiple=True, help="Only this target (by name); repeatable.")
@common_options
def alerts_retry(ctx: Context, names: tuple[str, ...]) -> None:
    """Make failed and given-up deliveries due now and send them, with anything else that is due.

    Digest targets still wait for their window to close. Exit code 1 if a delivery failed again
    (it stays owed and is retried with backoff).

    \b
    Example:
      monitor alerts retry
      monitor alerts retry --target risk-desk
    """
    from monitor.outbox import Dispatcher

    chosen = _chosen(ctx, names)
    with session(ctx) as opened:
        report = Dispatcher(opened, ctx.config.alerts, chosen, utc_now).dispatch(force=True)
    _print_report(report)
    if report.failed:
        sys.exit(1)


@dataclass(frozen=True, slots=True)
class ProbeResult:
    target: str
    ok: bool
    error: str | None = None


def send_test_messages(routes_: Sequence[Route], now: datetime) -> list[ProbeResult]:
    """A test message to every route (the alerts file is only checked for writing); records nothing."""
    from monitor.messages import probe_message

    results = []
    for route in routes_:
        try:
            route.sender.send(probe_message(route.target.name, route.target.format, now), ())
        except AlertError as exc:
            results.append(ProbeResult(route.target.name, False, str(exc)))
        else:
            results.append(ProbeResult(route.target.name, True))
    return results


def _chosen(ctx: Context, names: Sequence[str]) -> list[Route]:
    from monitor.outbox import routes

    available = routes(ctx.config.alerts, click.echo)
    unknown = sorted(set(names) - {r.target.name for r in available})
    if unknown:
        known = ", ".join(r.target.name for r in available) or "none"
        raise click.UsageError(f"no target named {', '.join(map(repr, unknown))}; targets: {known}")
    return [r for r in available if not names or r.target.name in names]


def _print_report(report: DispatchReport) -> None:
    for outcome in report.outcomes:
        state = "delivered" if outcome.ok else f"FAILED: {outcome.error}"
        click.echo(f"{outcome.target}: {outcome.alerts} alert(s) in one message, {state} ({outcome.seconds:.2f} s)",
                   err=True)
    click.echo(f"{report.delivered} delivered, {report.failed} failed, {report.gave_up} given up "
               f"in {report.messages} message(s)", err=True)


COMMANDS = [alerts]
