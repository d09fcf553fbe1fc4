"""A text in a language with no pack is recorded as unsupported, end to end: in the event log, in
`monitor status` and in `monitor extract`; it is never forced through another language's pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import ROOT
from .test_replay import monitor, rows

POLISH = ("Według Pentagonu do Rosji wysłano 10 000 żołnierzy z Korei Północnej. Rzecznik powiedział, że "
          "kolejne 3000 żołnierzy przybędzie w grudniu do obwodu kurskiego, a Korea Północna wyśle więcej.\n")
ENGLISH = ("The Pentagon said 10,000 North Korean troops are now in Russia's Kursk region, up from 3,000 "
           "last week, a spokesman told reporters.\n")


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pl.txt").write_text(POLISH, "utf-8")
    (tmp_path / "in" / "en.txt").write_text(ENGLISH, "utf-8")
    return tmp_path


def test_replay_records_the_language_and_reads_nothing_from_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert monitor(project, "replay", "in").returncode == 0
    db = project / "monitor.duckdb"
    extracted = dict(rows(db, "SELECT payload->>'lang', (payload->>'supported')::BOOLEAN FROM events "
                              "WHERE type = 'article.extracted'"))
    assert extracted == {"pl": False, "en": True}
    figures = rows(db, "SELECT a.lang, count(*) FROM figures f JOIN articles a USING (article_id) GROUP BY 1")
    assert figures == [("en", 2)]
    status = monitor(project, "status")
    assert "articles in languages with no pack (recorded, not read): pl 1" in status.stdout


def test_extract_says_so(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = monitor(project, "extract", "in/pl.txt")
    assert result.returncode == 0
    assert "language 'pl' has no language pack, nothing extracted" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["kind"], r["lang"], r["supported"]) for r in records] == [("document", "pl", False)]
