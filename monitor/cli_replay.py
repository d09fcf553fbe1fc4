"""`monitor replay` and `monitor extract`: article files through the real pipeline, in publication order."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from monitor.cli import Context, common_options, session, utc_now
from monitor.errors import InputError

if TYPE_CHECKING:  # imported where used, so other commands start without the pipeline and rich
    from rich.console import Console

    from monitor.pipeline import ArticleOutcome, Pipeline
    from monitor.replay_dates import Dated

log = logging.getLogger(__name__)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-deliver", is_flag=True, help="Record alerts but leave them in the outbox.")
@common_options
def replay(ctx: Context, paths: tuple[Path, ...], no_deliver: bool) -> None:
    """Run article files (.txt, .html; folders too) through the real pipeline, in publication order.

    Dates: a folder's manifest.toml (published_at) wins, else the page's or the text's own date; files
    with none go last, in name order, dated now, and the replay says which. Appends events to the
    DuckDB log, raises alerts, delivers them to the configured targets (the console and the alerts file
    by default) and prints a summary. Replaying the same files again adds nothing.

    \b
    Example:
      monitor replay seeds/
      monitor replay --db /tmp/test.duckdb seeds/001_88eb08dd550c11cb.txt
    """
    from rich.console import Console
    from rich.markup import escape

    from monitor.outbox import Dispatcher, routes
    from monitor.pipeline import Pipeline
    from monitor.replay_dates import date_articles, replay_order
    from monitor.sources import load_folder_articles

    console = Console(stderr=True)
    limits = ctx.config.limits
    loaded = load_folder_articles(paths, limits.max_seed_bytes, limits.max_article_chars)
    for error in loaded.skipped:
        console.print(f"[yellow]skipped[/] {escape(str(error))}")
    for note in loaded.unknown:
        console.print(f"[yellow]manifest[/] {escape(note)}")
        log.info("%s", note)
    now = utc_now()
    dated = date_articles(loaded.articles, loaded.manifest_dated, now)
    with session(ctx) as opened:
        pipeline = Pipeline(opened, ctx.watchlists, utc_now)
        outcomes = _run(pipeline, replay_order(dated), now, console)
        if not no_deliver:
            Dispatcher(opened, ctx.config.alerts, routes(ctx.config.alerts, click.echo), utc_now).dispatch()
    _summary(outcomes, loaded.skipped, console, ctx)
    _dates_summary(dated, now, console)


def _run(pipeline: Pipeline, ordered: list[Dated], now: datetime, console: Console) -> list[ArticleOutcome]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    outcomes = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("replaying", total=len(ordered))
        for item in ordered:
            progress.update(task, description=item.path.name)
            article = replace(item.article, published_at=item.published) if item.published else item.article
            outcomes.append(pipeline.process(article, fallback_published_at=now))
            progress.advance(task)
    return outcomes


def _dates_summary(dated: list[Dated], now: datetime, console: Console) -> None:
    from rich.markup import escape

    from monitor.replay_dates import origin_counts, undated_report

    console.print(f"dates: {origin_counts(dated)}")
    report = undated_report(dated, now)
    if report:
        console.print(f"[yellow]undated[/] {escape(report)}")
        log.info("replay: %s", report)


def _summary(outcomes: list[ArticleOutcome], errors: list[InputError], console: Console, ctx: Context) -> None:
    from rich.console import Console
    from rich.table import Table

    new = [o for o in outcomes if not o.duplicate]
    alerts = [a for o in outcomes for a in o.alerts]
    console.print(f"{len(outcomes)} articles read, {len(new)} new, {len(outcomes) - len(new)} already in the log, "
                  f"{len(errors)} skipped; {sum(o.appended for o in outcomes)} events appended; "
                  f"{len(alerts)} alerts raised -> {ctx.config.database}")
    if alerts and not ctx.config.alerts.console:
        table = Table("rule", "watchlist", "title")
        for alert in alerts:
            table.add_row(alert["rule"], alert["watchlist"], alert["title"])
        Console().print(table)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--lang", default="auto", show_default=True,
              help="auto, or a language code; only languages with a pack are read (monitor/lang/).")
@common_options
def extract_command(ctx: Context, paths: tuple[Path, ...], fmt: str, lang: str) -> None:
    """Print the figures and actors the extractor finds in article files; writes nothing.

    \b
    Example:
      monitor extract seeds/002_28188db2e5fd226b.txt
      monitor extract --format table --lang en article.html
    """
    from monitor.extract.actors import build_gazetteer
    from monitor.extract.extractor import extract
    from monitor.sources import FileMeta, read_article_file

    gazetteer = build_gazetteer(ctx.watchlists)
    failed = 0
    for path in _files(paths):
        try:
            article = read_article_file(path, FileMeta(), ctx.config.limits.max_seed_bytes,
                                        ctx.config.limits.max_article_chars)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        hint = None if lang == "auto" else lang
        result = extract(article.text, ctx.watchlists, gazetteer, lang=hint or article.lang, title=article.title,
                         require_match=False)
        if not result.supported:
            click.echo(f"{path}: language {result.document.lang!r} has no language pack, nothing extracted "
                       "(README: Language packs)", err=True)
        records = extraction_records(str(path), result)
        _print_records(records, fmt)
    if failed:
        raise SystemExit(1)


def _files(paths: tuple[Path, ...]) -> list[Path]:
    from monitor.sources import collect_files

    return collect_files(paths)


def extraction_records(path: str, result: Any) -> list[dict[str, Any]]:
    """The `monitor extract` JSON lines for one file: the document (language, whether a pack reads it,
    watchlists matched), then figures, then actors."""
    records: list[dict[str, Any]] = [{"path": path, "kind": "document", "lang": result.document.lang,
                                      "supported": result.supported, "watchlists": list(result.watchlists)}]
    for figure in result.figures:
        records.append({"path": path, "kind": "figure", "value": figure.value, "value_max": figure.value_max,
                        "unit": figure.unit, "counted": figure.counted, "approx": figure.approx,
                        "qualifier": figure.qualifier, "credited_to": figure.credited_to,
                        "credit_carried": figure.credit_carried, "metric": figure.metric, "quote": figure.quote,
                        "start": figure.start, "end": figure.end, "previous_value": figure.previous_value,
                        "is_previous": figure.is_previous, "modality": figure.modality, "side": figure.side,
                        "via": figure.via})
    for actor in result.actors:
        records.append({"path": path, "kind": "actor", "name": actor.name, "actor_kind": actor.kind,
                        "variants": list(actor.variants), "role": actor.role, "known": actor.known,
                        "watchlists": list(actor.watchlists)})
    return records


def _print_records(records: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False, sort_keys=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("kind", "what", "value / variants", "credited to / role", "metric / known")
    for r in records:
        if r["kind"] == "document":
            continue
        if r["kind"] == "figure":
            table.add_row("figure", r["counted"], _value(r), r["credited_to"] or "-", r["metric"] or "-")
        else:
            table.add_row(r["actor_kind"], r["name"], ", ".join(r["variants"]), r["role"] or "-", str(r["known"]))
    Console().print(table)


def _value(record: dict[str, Any]) -> str:
    text = f"{record['value']:,.0f}"
    if record["value_max"] is not None:
        text += f"-{record['value_max']:,.0f}"
    return ("~" if record["approx"] else "") + text


extract_command.name = "extract"
COMMANDS = [replay, extract_command]
