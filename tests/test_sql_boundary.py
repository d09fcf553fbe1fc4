"""SQL over the event log lives only in monitor/store/ (issue 10 point 4).

Every .py under monitor/ outside monitor/store/ is parsed; a string literal holding SQL against `events`,
a projection table or a user view (FROM/JOIN/INTO/UPDATE/TABLE/VIEW followed by the name, keywords
upper case as this code base writes SQL), or an `import duckdb`, fails the test naming file and line.
Docstrings are documentation (help text quotes `monitor sql` examples) and comments are not strings,
so neither counts.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from monitor.store.projections import PROJECTION_TABLES, VIEWS

ROOT = Path(__file__).resolve().parent.parent

EXEMPT: frozenset[str] = frozenset()  # none: every module's SQL over the log is in monitor/store/

LOG_TABLES = frozenset({
    "events", "projection_position", "consumer_position", "schema_migrations", "feed_heartbeats",
    "p_articles", "p_figures", "p_actors", "p_alerts", "p_deliveries", "p_feeds", "p_superseded", "p_entries",
    "articles", "figures", "actors", "alerts", "feeds",  # the user views
})

_SQL = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|VIEW)\s+(?:\w+\.)?\"?(" + "|".join(sorted(LOG_TABLES))
                  + r")\b")


def violations(source: str, name: str) -> list[str]:
    """`name:line: why` for each SQL string over the log and each import of duckdb in `source`."""
    tree = ast.parse(source, filename=name)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{name}:{node.lineno}: import {alias.name}" for alias in node.names
                      if alias.name.split(".")[0] == "duckdb"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "duckdb" and not node.level:
            found.append(f"{name}:{node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            for match in _SQL.finditer(node.value):
                line = node.lineno + node.value.count("\n", 0, match.start())
                found.append(f"{name}:{line}: SQL over {match.group(1)}: {match.group(0)!r}")
    return sorted(found, key=lambda text: int(text.split(":")[1]))


def scan(root: Path, exempt: set[str]) -> list[str]:
    """The violations of every module under root/monitor/ outside root/monitor/store/ and `exempt`."""
    found = []
    for path in sorted((root / "monitor").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name.startswith("monitor/store/") or name in exempt:
            continue
        found += violations(path.read_text(encoding="utf-8"), name)
    return found


def test_no_sql_over_the_log_outside_the_store() -> None:
    found = scan(ROOT, EXEMPT)
    assert not found, "SQL over the event log belongs in monitor/store/ (issue 10):\n" + "\n".join(found)


def test_nothing_is_exempt() -> None:
    assert not EXEMPT


def test_every_projection_table_and_view_is_guarded() -> None:
    views = {match.group(1) for view in VIEWS for match in re.finditer(r"VIEW\s+(\w+)", view)}
    assert views and set(PROJECTION_TABLES) | views <= LOG_TABLES


PLANTED = [
    # (source, violations expected: the line of each)
    ('rows = session.query("SELECT * FROM events")\n', [1]),
    ('x = 1\nSQL = """\n    SELECT a.url\n    FROM p_articles a LEFT JOIN p_figures f USING (article_id)"""\n', [4, 4]),
    ('q = "INSERT INTO p_alerts VALUES (1)"\n', [1]),
    ('q = "UPDATE p_feeds SET last_status = NULL"\n', [1]),
    ('q = "DELETE FROM main.alerts"\n', [1]),
    ('q = \'SELECT count(*) FROM "feeds"\'\n', [1]),
    ('q = "CREATE TABLE feed_heartbeats (x INT)"\n', [1]),
    ('q = f"SELECT {col} FROM figures WHERE seq > {seq}"\n', [1]),
    ('def f():\n    return ("SELECT 1 "\n            "FROM projection_position")\n', [2]),
    ("import duckdb\n", [1]),
    ("def f():\n    import duckdb.typing\n", [2]),
    ("from duckdb import DuckDBPyConnection\n", [1]),
    # not SQL over the log
    ('"""Examples:\n    monitor sql "SELECT * FROM events"\n"""\n', []),  # a module docstring
    ('def sql():\n    """monitor sql "SELECT type FROM events"."""\n', []),  # help text
    ("# SELECT * FROM events\nx = 1\n", []),  # a comment
    ('message = "no alerts from feeds yet"\n', []),  # prose: SQL keywords are upper case here
    ('q = "SELECT * FROM eventsource JOIN feeds_seen USING (id)"\n', []),  # other tables
    ('q = "SELECT * FROM read_csv($path)"\n', []),
    ("import duckdb_extensions_helper\nfrom .duckdb import x\n", []),
]


@pytest.mark.parametrize(("source", "lines"), PLANTED)
def test_planted_violations_are_found(source: str, lines: list[int]) -> None:
    found = violations(source, "monitor/planted.py")
    assert [int(text.split(":")[1]) for text in found] == lines, found
    assert all(text.startswith("monitor/planted.py:") for text in found)


def test_scan_names_the_file_and_line_and_skips_the_store_and_exempt(tmp_path: Path) -> None:
    (tmp_path / "monitor" / "store").mkdir(parents=True)
    (tmp_path / "monitor" / "web").mkdir()
    (tmp_path / "monitor" / "web" / "page.py").write_text('x = 1\nq = "SELECT * FROM alerts"\n')
    (tmp_path / "monitor" / "store" / "reads.py").write_text('q = "SELECT * FROM alerts"\nimport duckdb\n')
    (tmp_path / "monitor" / "old.py").write_text("import duckdb\n")
    assert scan(tmp_path, {"monitor/old.py"}) == ["monitor/web/page.py:2: SQL over alerts: 'FROM alerts'"]
    assert scan(tmp_path, set()) == ["monitor/old.py:1: import duckdb",
                                     "monitor/web/page.py:2: SQL over alerts: 'FROM alerts'"]
