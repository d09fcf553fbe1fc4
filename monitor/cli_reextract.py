"""`monitor reextract`: stored articles through the current extractor and watchlists (monitor/reextract.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from monitor.cli import Context, common_options, utc_now
from monitor.errors import ConfigError


def _date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is no date; write it as 2024-11-01 or 2024-11-01T08:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command()
@click.option("--since", "since", metavar="DATE", help="Only articles published on or after DATE (ISO 8601).")
@click.option("--watchlist", "watchlist", metavar="ID", help="Only articles this watchlist matched, before or now.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--alert", "send_late", is_flag=True,
              help="Send the alerts the new derivations raise, marked late (default: record them as withheld).")
@click.option("--no-deliver", is_flag=True, help="With --alert: leave the late alerts in the outbox.")
@common_options
def reextract(ctx: Context, since: str | None, watchlist: str | None, dry_run: bool, send_late: bool,
              no_deliver: bool) -> None:
    """Re-derive stored articles with the current extractor and watchlists.

    Every stored article version is read again in log order, as a fresh replay would; the articles in
    scope whose derivation differs get a new one that supersedes the old, and the projections (articles,
    figures, actors) show the new ones. Alerts for old news are not sent again: what the new derivations
    would raise is listed and recorded as withheld, unless --alert sends it, marked late.

    \b
    Example:
      monitor reextract --dry-run
      monitor reextract --since 2024-11-01 --watchlist north-korea
    """
    from monitor.derivation import DerivedWith, extractor_version, watchlists_fingerprint
    from monitor.reextract import Scope, reextract

    if watchlist is not None and watchlist not in {w.id for w in ctx.watchlists}:
        raise ConfigError(str(ctx.config.path), f"no watchlist {watchlist!r}; the watchlists are "
                          f"{', '.join(sorted(w.id for w in ctx.watchlists))}", key="--watchlist")
    derived_with = DerivedWith(extractor_version(), watchlists_fingerprint(ctx.watchlists))
    report = reextract(ctx.store(), ctx.watchlists, derived_with, utc_now, Scope(_date(since), watchlist),
                       dry_run=dry_run, send_late=send_late)
    verb = "would get" if dry_run else "got"
    click.echo(f"{report.observations} article versions read, {report.in_scope} in scope: {report.rederived} "
               f"{verb} a new derivation, {report.unchanged} unchanged (extractor {derived_with.extractor}, "
               f"watchlists {derived_with.watchlists_fingerprint}; {report.seconds:.1f} s)")
    if report.stale_alerts:
        click.echo(f"{report.stale_alerts} alerts in the log would not be raised now (kept: they were sent)")
    fate = ("would be withheld" if dry_run else "sent, marked late" if report.sent_late
            else "withheld (old news; `monitor reextract --alert` sends them, marked late)")
    click.echo(f"{len(report.new_alerts)} new alerts {fate}" + (":" if report.new_alerts else ""))
    for alert in report.new_alerts:
        click.echo(f"  {_line(alert)}")
    if report.sent_late and report.new_alerts and not no_deliver:
        from monitor.outbox import Dispatcher, routes

        with ctx.store().session() as opened:
            Dispatcher(opened, ctx.config.alerts, routes(ctx.config.alerts, click.echo), utc_now).dispatch()


def _line(alert: dict[str, Any]) -> str:
    when = str(alert.get("published_at") or "")[:10]
    title = str(alert.get("title") or alert.get("subject") or alert["alert_id"])
    return " ".join(f"{when} [{alert.get('rule')}] {title} {alert.get('url') or ''}".split())


COMMANDS = [reextract]
