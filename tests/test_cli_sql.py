"""`monitor sql` streams: a 300k-row CSV in bounded memory, the table capped with a note, JSON as
json.dumps would write it; it and `monitor --help` start without the extractor, trafilatura or rich
(the table format loads rich when it renders)."""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from monitor.cli_sql import CSV_AS_IS, write_result
from monitor.store import EventStore

WIDE = "SELECT range AS n, repeat('x', 400) || range AS s FROM range(300000)"


def monitor_sql(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", "sql", *args, "--config", str(project / "config.toml")],
                          capture_output=True, text=True, check=False, timeout=120)


def make_log(project: Path) -> None:
    with EventStore(project / "monitor.duckdb").session():
        pass  # the schema, no events


def test_a_300k_row_result_streams_as_csv_in_bounded_memory(project: Path) -> None:
    make_log(project)
    out = project / "out.csv"
    started = time.monotonic()
    with out.open("w") as handle:
        done = subprocess.run([sys.executable, "-c", (
            "import resource, subprocess, sys\n"
            "code = subprocess.call(sys.argv[1:], stdout=sys.stdout)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(code)\n"), sys.executable, "-m", "monitor", "sql", "--format", "csv", WIDE,
            "--config", str(project / "config.toml")], stdout=handle, stderr=subprocess.PIPE, text=True,
            check=False, timeout=120)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
    lines = out.read_text().splitlines()
    assert len(lines) == 300_001 and lines[0] == "n,s" and lines[-1] == "299999," + "x" * 400 + "299999"
    # the result is 122 MB of text: held whole (as the command did before) it takes several times that
    assert peak_mb < 200, f"peak RSS {peak_mb:.0f} MB"
    assert elapsed < 60
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > 0


def test_the_table_shows_the_first_rows_and_counts_the_rest(project: Path) -> None:
    make_log(project)
    done = monitor_sql(project, "SELECT range AS n FROM range(2500)")
    assert done.returncode == 0, done.stderr
    shown = [line for line in done.stdout.splitlines() if line.strip("│ ").isdigit()]
    assert len(shown) == 1000 and shown[-1].strip("│ ") == "999"
    assert done.stdout.rstrip().endswith("1,500 more rows: use --format csv or json for all, or LIMIT")
    small = monitor_sql(project, "SELECT 1 AS one")
    assert "more rows" not in small.stdout


def test_json_is_streamed_as_json_dumps_writes_it(project: Path) -> None:
    make_log(project)
    query = ("SELECT range AS n, DATE '2024-10-21' + CAST(range AS INTEGER) AS day, [range, 2] AS pair, "
             "CASE WHEN range % 2 = 0 THEN NULL ELSE 'é' END AS s FROM range(25000)")
    done = monitor_sql(project, "--format", "json", query)
    assert done.returncode == 0, done.stderr
    with duckdb.connect() as con:
        rows = con.execute(query).fetchall()
    expected = [{"n": n, "day": day.isoformat(), "pair": list(pair), "s": s} for n, day, pair, s in rows]
    assert done.stdout == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    empty = monitor_sql(project, "--format", "json", "SELECT 1 AS one WHERE false")
    assert empty.stdout == "[]\n"


def test_sql_and_help_start_without_the_extractor_trafilatura_or_rich(project: Path) -> None:
    make_log(project)
    config = ["--config", str(project / "config.toml")]
    for args in (["sql", "--format", "csv", "SELECT count(*) FROM events", *config], ["--help"]):
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "monitor", *args],
                              capture_output=True, text=True, check=False, timeout=60)
        assert done.returncode == 0, done.stderr
        imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        heavy = {name for name in imported if name.split(".")[0] in {"trafilatura", "rich", "matplotlib", "numpy"}
                 or name in {"monitor.extract.extractor", "monitor.pipeline", "monitor.pages", "monitor.daemon"}}
        assert not heavy, f"{args[0]} imported {sorted(heavy)[:8]}"
        if args[0] == "sql":  # a read of the log needs neither the watchlists nor the event schema (~70 ms)
            schema = imported & {"monitor.watchlist", "monitor.extract.packs", "monitor.event_schema",
                                 "monitor.store.upgrade"}
            assert not schema, f"sql imported {sorted(schema)}"


def test_sql_reads_the_log_while_a_watchlist_is_broken(project: Path) -> None:
    make_log(project)
    (project / "watchlists" / "broken.toml").write_text("id = \"broken\"\n[[metrics\n", encoding="utf-8")
    done = monitor_sql(project, "--format", "csv", "SELECT count(*) AS n FROM events")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", "0"]
    check = subprocess.run([sys.executable, "-m", "monitor", "check", "--config", str(project / "config.toml")],
                           capture_output=True, text=True, check=False, timeout=60)
    assert check.returncode == 2 and "broken.toml" in check.stderr  # the commands that use them still refuse it


TYPED = """SELECT * FROM (VALUES
    ('x,"y"', 1::TINYINT, 2::SMALLINT, 3::INTEGER, 4::BIGINT, 170141183460469231731687303715884105727::HUGEINT,
     5::UTINYINT, 6::USMALLINT, 7::UINTEGER, 8::UBIGINT, 9::UHUGEINT, 1.5::DOUBLE, 0.1::FLOAT, 1e300::DOUBLE,
     'nan'::DOUBLE, true, DATE '2024-10-31', '{"a": [1]}'::JSON, TIMESTAMP '2024-10-31 12:00:01', ['a', 'b'],
     {'k': 1}, 1.50::DECIMAL(5, 2), 'Ким Чен Ын'),
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL))"""


def test_csv_writes_each_duckdb_type_as_the_per_value_conversion_does() -> None:
    connection = duckdb.connect()
    cursor = connection.execute(TYPED)
    columns = tuple(c[0] for c in cursor.description)
    types = tuple(str(c[1]) for c in cursor.description)
    rows = cursor.fetchall()
    assert set(types) >= CSV_AS_IS  # every type passed as it is appears in the table
    fast, slow = io.StringIO(), io.StringIO()
    write_result(columns, [rows], "csv", fast, types)
    write_result(columns, [rows], "csv", slow)  # no types: every value through _cell
    assert fast.getvalue() == slow.getvalue()
    assert '2024-10-31T12:00:01,"[""a"", ""b""]","{""k"": 1}",1.5,Ким Чен Ын' in fast.getvalue()
