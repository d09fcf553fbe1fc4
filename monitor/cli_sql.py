"""`monitor sql`: ad-hoc SQL on the event log and its views.

CSV and JSON are streamed from DuckDB in batches (any size of result, bounded memory); the table
format shows the first TABLE_ROWS rows and says how many more there are.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import click

from monitor.cli import Context, log_options, session

TABLE_ROWS = 1000  # rows the table format shows; the rest are counted
FETCH_ROWS = 10_000  # rows fetched from DuckDB at a time


@click.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help=f"table: the first {TABLE_ROWS:,} rows; csv and json: every row, streamed.")
@log_options
def sql(ctx: Context, query: str, fmt: str) -> None:
    """Run one SQL query on the log (read-only) and print the result.

    Tables and views: events, articles, figures, actors, alerts, feeds (see README, "SQL cookbook").

    \b
    Example:
      monitor sql "SELECT type, count(*) FROM events GROUP BY 1"
      monitor sql --format csv "SELECT * FROM figures ORDER BY published_at"
    """
    from monitor.store.user_sql import run_query

    with session(ctx, read_only=True) as opened:  # a query DuckDB refuses raises QueryError: "query failed: ..."
        columns, types, batches = run_query(opened, query, FETCH_ROWS)
        write_result(columns, batches, fmt, sys.stdout, types)


def write_result(columns: Sequence[str], batches: Iterable[list[tuple[Any, ...]]], fmt: str, out: IO[str],
                 types: Sequence[str] = ()) -> None:
    """Write a result as `fmt`: csv and json row batch by row batch, table capped at TABLE_ROWS. `types`
    (DuckDB's, per column) lets csv pass the values csv.writer already writes as `_cell` does untouched."""
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        converted = [index for index, name in enumerate(types or ("",) * len(columns)) if name not in CSV_AS_IS]
        for batch in batches:
            writer.writerows(batch if not converted else _converted(batch, converted))
    elif fmt == "json":
        for chunk in _json_chunks(columns, batches):
            out.write(chunk)
        out.write("\n")
    else:
        shown, more = _first_rows(batches, TABLE_ROWS)
        out.write(render_table(columns, shown))
        if more:
            out.write(f"{more:,} more rows: use --format csv or json for all, or LIMIT\n")


def _json_chunks(columns: Sequence[str], batches: Iterable[list[tuple[Any, ...]]]) -> Iterator[str]:
    """The text json.dumps(rows, indent=1) gives, one batch at a time."""
    first = True
    for batch in batches:
        parts = []
        for row in batch:
            text = json.dumps(dict(zip(columns, map(_plain, row), strict=True)), ensure_ascii=False, indent=1)
            parts.append(("[\n " if first else ",\n ") + text.replace("\n", "\n "))
            first = False
        yield "".join(parts)
    yield "[]" if first else "\n]"


# DuckDB types whose Python values csv.writer writes as `_cell` would (None as "", str() of the rest: a date's
# str() is its isoformat): a result of only these is written with no conversion per value
CSV_AS_IS = frozenset({"VARCHAR", "JSON", "BOOLEAN", "DATE", "DOUBLE", "FLOAT", "TINYINT", "SMALLINT", "INTEGER",
                       "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"})


def _converted(batch: list[tuple[Any, ...]], columns: Sequence[int]) -> list[list[Any]]:
    rows = []
    for row in batch:
        cells = list(row)
        for index in columns:
            cells[index] = _cell(cells[index])
        rows.append(cells)
    return rows


def _first_rows(batches: Iterable[list[tuple[Any, ...]]], limit: int) -> tuple[list[tuple[Any, ...]], int]:
    """The first `limit` rows, and how many follow them (counted, not kept)."""
    shown: list[tuple[Any, ...]] = []
    more = 0
    for batch in batches:
        room = limit - len(shown)
        shown.extend(batch[:room])
        more += max(0, len(batch) - room)
    return shown, more


def render_table(columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text()


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    plain = _plain(value)
    return json.dumps(plain, ensure_ascii=False) if isinstance(plain, list | dict) else str(plain)


COMMANDS = [sql]
