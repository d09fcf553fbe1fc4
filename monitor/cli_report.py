"""`monitor report`: the self-contained HTML report and one PNG per metric timeline, written to a folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from monitor.cli import Context, common_options, session, utc_now

_SINCE = click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write index.html and the PNGs into (made if missing; files of the same names replaced).")
@click.option("--watchlist", default=None, help="Only this watchlist (by id) [default: all].")
@click.option("--since", type=_SINCE, default=None,
              help="Only what was published at or after this UTC date or time (2024-10-21, 2024-10-21T08:00:00).")
@common_options
def report(ctx: Context, out_dir: Path, watchlist: str | None, since: datetime | None) -> None:
    """Write an HTML report that opens offline: figure timelines by source, new actors, alerts, articles per day.

    index.html is one self-contained page (inline CSS and SVG, no script, no font or file from any
    host; hover a point for its evidence sentence); beside it one PNG per metric timeline. Reads the
    log read-only, so it also runs while the daemon writes.

    \b
    Example:
      monitor replay seeds/ && monitor report --out report/
      monitor report --watchlist north-korea --since 2024-10-22 --out /tmp/nk-report
    """
    # imported here, not at the top: `monitor --help` and `monitor sql` start without matplotlib
    from monitor.report import ReportData, render_report
    from monitor.report_png import png_name, timeline_png
    from monitor.store.report_data import read_alerts, read_new_actors, read_timelines, read_volume

    known = {w.id for w in ctx.watchlists}
    if watchlist is not None and watchlist not in known:
        raise click.UsageError(f"no watchlist {watchlist!r}; watchlists: {', '.join(sorted(known)) or 'none'}")
    labels = {m.id: m.label for w in ctx.watchlists for m in w.metrics}
    with session(ctx, read_only=True) as opened:
        timelines = read_timelines(opened, watchlist=watchlist, since=since, labels=labels)
        actors = read_new_actors(opened, watchlist=watchlist, since=since)
        alerts = read_alerts(opened, watchlist=watchlist, since=since)
        volume = read_volume(opened, watchlist=watchlist, since=since)
    images = {(t.watchlist, t.metric): png_name(t) for t in timelines}
    page = render_report(ReportData(utc_now(), timelines, tuple(actors), tuple(alerts), tuple(volume),
                                    watchlist, since, images))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for timeline in timelines:
            (out_dir / images[(timeline.watchlist, timeline.metric)]).write_bytes(timeline_png(timeline))
        (out_dir / "index.html").write_text(page, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or out_dir}: cannot write the report: {exc.strerror}; "
                                   "choose another --out folder") from None
    figures = sum(len(t.points) for t in timelines)
    click.echo(f"{out_dir / 'index.html'}: {_count(len(timelines), 'metric timeline')} ({_count(figures, 'figure')}), "
               f"{_count(len(actors), 'new actor')}, {_count(len(alerts), 'alert')}; "
               f"{_count(len(timelines), 'PNG')} beside it", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


COMMANDS = [report]
