"""`monitor replay seeds/` end to end: a real DuckDB file, the real pipeline, the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from .conftest import ROOT, SEEDS

SEED_ORDER = ["001", "004", "003", "000", "002"]  # by publication time: 21, 22, 22 (15:06), 26, 29 Oct


def monitor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(project / "config.toml")],
                          capture_output=True, text=True, cwd=project, env=env, check=False, timeout=300)


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    project = tmp_path_factory.mktemp("replay")
    shutil.copytree(ROOT / "watchlists", project / "watchlists")
    shutil.copy(ROOT / "config.toml", project / "config.toml")
    shutil.copytree(SEEDS, project / "seeds")
    return project, monitor(project, "replay", "seeds")


def test_replay_stores_events_from_all_five_seeds(replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, result = replayed
    assert result.returncode == 0, result.stderr
    db = project / "monitor.duckdb"
    urls = rows(db, "SELECT payload->>'url' FROM events WHERE type = 'article.extracted' ORDER BY seq")
    assert [url[0][5:8] for url in urls] == SEED_ORDER
    types = dict(rows(db, "SELECT type, count(*) FROM events GROUP BY 1"))
    assert types["article.extracted"] == 5
    assert types["figure.reported"] >= 8
    assert types["actor.mentioned"] >= 20
    assert "5 articles read, 5 new" in result.stderr


def test_replay_prints_and_writes_the_alerts(replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, result = replayed
    raised = rows(project / "monitor.duckdb", "SELECT title FROM alerts")
    assert raised
    for (title,) in raised:
        assert title in result.stdout
    logged = [json.loads(line) for line in (project / "alerts.log").read_text(encoding="utf-8").splitlines()]
    assert {a["title"] for a in logged} == {t for (t,) in raised}
    statuses = rows(project / "monitor.duckdb", "SELECT DISTINCT status FROM alerts")
    assert statuses == [("delivered",)]


def test_second_replay_adds_nothing(replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, _ = replayed
    db = project / "monitor.duckdb"
    before = rows(db, "SELECT count(*) FROM events")
    again = monitor(project, "replay", "seeds")
    assert again.returncode == 0, again.stderr
    assert rows(db, "SELECT count(*) FROM events") == before
    assert "0 new, 5 already in the log" in again.stderr
    assert "0 alerts raised" in again.stderr
    assert again.stdout == ""


def test_two_fresh_replays_give_identical_events(tmp_path: Path,
                                                  replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, _ = replayed
    other = tmp_path / "other.duckdb"
    result = monitor(project, "replay", "seeds", "--db", str(other), "--no-deliver")
    assert result.returncode == 0, result.stderr
    columns = "seq, event_id, stream, type, schema_version, occurred_at, payload"
    query = f"SELECT {columns} FROM events WHERE type NOT IN ('alert.delivered', 'alert.failed') ORDER BY seq"
    # an observation records when it was read: the one field two replays differ in
    assert unfetched(rows(other, query)) == unfetched(rows(project / "monitor.duckdb", query))
    assert len({json.loads(row[-1])["fetched_at"] for row in rows(other, query) if row[3] == "article.observed"}) == 1


def unfetched(found: list[tuple]) -> list[tuple]:
    return [(*row[:-1], json.dumps({k: v for k, v in json.loads(row[-1]).items() if k != "fetched_at"}))
            for row in found]


def test_rebuild_matches_the_incremental_projections(tmp_path: Path,
                                                     replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, _ = replayed
    copy = tmp_path / "copy.duckdb"
    shutil.copy(project / "monitor.duckdb", copy)
    views = ("articles", "figures", "actors", "alerts", "feeds", "p_deliveries")
    before = {v: rows(copy, f"SELECT * FROM {v} ORDER BY ALL") for v in views}
    result = monitor(project, "rebuild", "--db", str(copy))
    assert result.returncode == 0, result.stderr
    assert {v: rows(copy, f"SELECT * FROM {v} ORDER BY ALL") for v in views} == before


def test_sql_command_formats(replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, _ = replayed
    query = "select type, count(*) AS n from events group by 1 order by 1"
    as_json = monitor(project, "sql", query, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    counts = {r["type"]: r["n"] for r in json.loads(as_json.stdout)}
    assert counts["article.extracted"] == 5
    as_csv = monitor(project, "sql", "select type, count(*) AS n from events group by 1 order by 1", "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "type,n"
    assert "article.extracted,5" in as_csv.stdout
    table = monitor(project, "sql", "select type, count(*) from events group by 1")
    assert "article.extracted" in table.stdout
    bad = monitor(project, "sql", "select nope from nowhere")
    assert bad.returncode == 1 and "query failed" in bad.stderr


def test_sql_cannot_write(replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    project, _ = replayed
    result = monitor(project, "sql", "DELETE FROM events")
    assert result.returncode == 1
    assert rows(project / "monitor.duckdb", "SELECT count(*) FROM events")[0][0] > 0


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("latin1.txt", "Korea Utara mengirim 1.500 tentara ke Rusia, kata pejabat Seoul à".encode("latin-1"), "not UTF-8"),
])
def test_bad_files_are_reported_and_the_rest_replay(tmp_path: Path, project: Path, name: str, content: bytes,
                                                    reason: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    shutil.copy(SEEDS / "001_88eb08dd550c11cb.txt", folder)
    result = monitor(project, "replay", str(folder))
    assert result.returncode == 0, result.stderr
    assert f"{folder / name}" in result.stderr and reason in result.stderr
    assert "1 articles read, 1 new" in result.stderr


def test_an_html_page_replays_through_trafilatura(tmp_path: Path, project: Path) -> None:
    from monitor.feedserver import render_page, seed_items

    pentagon = next(item for item in seed_items(SEEDS) if item.slug.startswith("002"))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "002.html").write_bytes(render_page(pentagon))
    result = monitor(project, "replay", str(folder), "--no-deliver")
    assert result.returncode == 0, result.stderr
    figures = rows(project / "monitor.duckdb", "SELECT value, credited_to, is_previous FROM figures ORDER BY value")
    assert figures == [(3000.0, "Pentagon", True), (10000.0, "Pentagon", False)]
    title = rows(project / "monitor.duckdb", "SELECT title FROM articles")
    assert title == [("Menlu Korea Utara Kunjungi Rusia, Perang Meluas?",)]
    extracted = monitor(project, "extract", str(folder / "002.html"))
    records = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert {r["name"] for r in records if r["kind"] == "actor"} >= {"Choe Son Hui", "Pentagon"}
