"""`monitor sql`: ad-hoc SQL on the event log and its views."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
import duckdb
from rich.console import Console
from rich.table import Table

from monitor.cli import Context, common_options, session
from monitor.errors import MonitorError
from monitor.store import QueryResult


@click.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@common_options
def sql(ctx: Context, query: str, fmt: str) -> None:
    """Run one SQL query on the log (read-only) and print the result.

    Tables and views: events, articles, figures, actors, alerts, feeds (see README, "SQL cookbook").

    \b
    Example:
      monitor sql "SELECT type, count(*) FROM events GROUP BY 1"
      monitor sql --format csv "SELECT * FROM figures ORDER BY published_at"
    """
    with session(ctx, read_only=True) as opened:
        try:
            result = opened.query(query)
        except duckdb.Error as exc:
            raise MonitorError(f"query failed: {exc}") from None
    click.echo(render_result(result, fmt), nl=fmt != "table")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def render_result(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(result.columns, map(_plain, row), strict=True)) for row in result.rows],
                          ensure_ascii=False, indent=1)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_cell(v) for v in row] for row in result.rows])
        return buffer.getvalue().rstrip("\n")
    table = Table(*result.columns, show_lines=False)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    plain = _plain(value)
    return json.dumps(plain, ensure_ascii=False) if isinstance(plain, list | dict) else str(plain)


COMMANDS = [sql]
