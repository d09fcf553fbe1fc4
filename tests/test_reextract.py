"""`monitor reextract` end to end (issue 10): the corpus replayed with a watchlist that lacks a metric and an
alias, the watchlist restored, the log re-derived; the projections then equal a fresh replay's."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_replay import monitor, rows

CORPUS = ROOT / "tests" / "corpus"
WATCHLIST = "watchlists/north-korea.toml"
# what the projections show; seq and event ids differ between two logs by design
VIEWS = {
    "articles": "SELECT * FROM articles ORDER BY ALL",
    "figures": "SELECT * FROM figures ORDER BY ALL",
    "actors": "SELECT * FROM actors ORDER BY ALL",
    "p_figures": "SELECT * EXCLUDE (seq, event_id) FROM p_figures ORDER BY ALL",
}
LOG = "SELECT count(*), max(seq) FROM events"


def _older_watchlist(text: str) -> str:
    """north-korea.toml without the metric nk-casualties and the Indonesian alias "Korut"."""
    without_metric = re.sub(r'\[\[metrics\]\]\nid = "nk-casualties"\n(?:[^\n]+\n)*\n', "", text)
    older = without_metric.replace('"Korut", ', "")
    assert 'id = "nk-casualties"' not in older and "Korut" not in older and older.count("[[metrics]]") == 5
    return older


class Logs:
    """The project, a log replayed with the older watchlist (kept pristine: copy it) and a fresh replay."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.old = project / "old.duckdb"
        self.fresh = project / "fresh.duckdb"

    def copy(self, name: str) -> Path:
        target = self.project / f"{name}.duckdb"
        shutil.copy(self.old, target)
        return target

    def run(self, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return monitor(self.project, "reextract", "--db", str(db), *args)

    def alert_ids(self, db: Path) -> set[str]:
        return {a for (a,) in rows(db, "SELECT alert_id FROM p_alerts")}

    def expected_new_alerts(self) -> dict[str, str]:
        """alert_id -> title: what a fresh replay raises and the old log did not, on the articles whose
        derivation differs (the ones reextract re-derives)."""
        before = dict(rows(self.old, "SELECT article_id, derivation FROM p_articles"))
        rederived = {a for a, d in rows(self.fresh, "SELECT article_id, derivation FROM p_articles")
                     if before.get(a) != d}
        old = self.alert_ids(self.old)
        return {a: t for a, t, article in rows(self.fresh, "SELECT alert_id, title, article_id FROM p_alerts")
                if a not in old and article in rederived}


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Logs:
    project = tmp_path_factory.mktemp("reextract")
    shutil.copytree(ROOT / "watchlists", project / "watchlists")
    shutil.copy(ROOT / "config.toml", project / "config.toml")
    (project / "corpus").mkdir()
    for text in [*CORPUS.glob("*.txt"), CORPUS / "manifest.toml"]:
        shutil.copy(text, project / "corpus")
    full = (project / WATCHLIST).read_text(encoding="utf-8")
    (project / WATCHLIST).write_text(_older_watchlist(full), encoding="utf-8")
    found = Logs(project)
    old = monitor(project, "replay", "corpus", "--db", str(found.old), "--no-deliver")
    assert old.returncode == 0, old.stderr
    (project / WATCHLIST).write_text(full, encoding="utf-8")
    fresh = monitor(project, "replay", "corpus", "--db", str(found.fresh), "--no-deliver")
    assert fresh.returncode == 0, fresh.stderr
    assert "37 articles read, 37 new" in fresh.stderr
    return found


@pytest.fixture(scope="module")
def reextracted(logs: Logs) -> tuple[Path, subprocess.CompletedProcess[str]]:
    db = logs.copy("reextracted")
    return db, logs.run(db)


def _raised_twice(db: Path) -> list[tuple[object, ...]]:
    return rows(db, "SELECT payload->>'alert_id', count(*) FROM events WHERE type = 'alert.raised' "
                    "GROUP BY 1 HAVING count(*) > 1")


def test_reextract_gives_the_projections_of_a_fresh_replay(
        logs: Logs, reextracted: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    db, result = reextracted
    assert result.returncode == 0, result.stderr
    assert "37 article versions read, 37 in scope: 37 got a new derivation, 0 unchanged" in result.stdout
    for view, sql in VIEWS.items():
        assert rows(db, sql) == rows(logs.fresh, sql), view
    assert rows(logs.old, VIEWS["figures"]) != rows(logs.fresh, VIEWS["figures"])  # the scenario changes something


def test_the_new_alerts_are_listed_and_withheld(
        logs: Logs, reextracted: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    db, result = reextracted
    assert result.returncode == 0, result.stderr
    expected = logs.expected_new_alerts()
    assert len(expected) == 7
    assert f"{len(expected)} new alerts withheld" in result.stdout
    listed = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(listed) == len(expected)
    for title in expected.values():
        assert any(title in line for line in listed), title
    withheld = rows(db, "SELECT payload->>'alert_id' FROM events WHERE type = 'alert.withheld'")
    assert sorted(a for (a,) in withheld) == sorted(expected)
    assert logs.alert_ids(db) == logs.alert_ids(logs.old)  # withheld alerts are not raised
    assert not _raised_twice(db)


def test_superseded_derivations(logs: Logs, reextracted: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    db, result = reextracted
    assert result.returncode == 0, result.stderr
    before = dict(rows(logs.old, "SELECT article_id, derivation FROM p_articles"))
    after = dict(rows(db, "SELECT article_id, derivation FROM p_articles"))
    assert after == dict(rows(logs.fresh, "SELECT article_id, derivation FROM p_articles"))
    superseded = dict(rows(db, "SELECT derivation, superseded_by FROM p_superseded"))
    assert superseded == {before[article]: after[article] for article in before}
    assert not set(superseded) & set(after.values())
    shown = {d for (d,) in rows(db, "SELECT DISTINCT derivation FROM p_figures")}
    assert shown <= set(after.values())


def test_dry_run_writes_nothing(logs: Logs) -> None:
    db = logs.copy("dry")
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    before = rows(db, LOG)
    result = logs.run(db, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "37 would get a new derivation" in result.stdout
    assert "7 new alerts would be withheld:" in result.stdout
    for title in logs.expected_new_alerts().values():
        assert title in result.stdout
    assert rows(db, LOG) == before
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not list(logs.project.glob(".dry.duckdb.reextract-*"))  # the scratch log is gone


def test_a_second_reextract_is_a_no_op(logs: Logs) -> None:
    db = logs.copy("twice")
    first = logs.run(db)
    assert first.returncode == 0, first.stderr
    before = rows(db, LOG)
    again = logs.run(db)
    assert again.returncode == 0, again.stderr
    assert "0 got a new derivation, 37 unchanged" in again.stdout
    assert "0 new alerts" in again.stdout
    assert rows(db, LOG) == before


def test_alert_sends_the_new_alerts_late(logs: Logs) -> None:
    db = logs.copy("late")
    result = logs.run(db, "--alert", "--no-deliver")
    assert result.returncode == 0, result.stderr
    assert "7 new alerts sent, marked late:" in result.stdout
    expected = logs.expected_new_alerts()
    late = {str(p["alert_id"]): p for p in (json.loads(payload) for (payload,) in rows(
        db, "SELECT payload FROM events WHERE type = 'alert.raised' AND (payload->>'late')::BOOLEAN"))}
    assert sorted(late) == sorted(expected)
    for alert_id, payload in late.items():
        assert payload["late"] is True
        assert payload["title"].startswith("[late: ")
        assert payload["title"].endswith(expected[alert_id])
    assert not rows(db, "SELECT * FROM events WHERE type = 'alert.withheld'")
    assert logs.alert_ids(db) == logs.alert_ids(logs.old) | set(expected)
    assert not _raised_twice(db)
    before = rows(db, LOG)
    again = logs.run(db, "--alert", "--no-deliver")
    assert again.returncode == 0, again.stderr
    assert "0 new alerts" in again.stdout
    assert rows(db, LOG) == before
    assert not _raised_twice(db)


def test_an_unknown_watchlist_is_refused(logs: Logs) -> None:
    db = logs.copy("unknown")
    before = rows(db, LOG)
    result = logs.run(db, "--watchlist", "no-such-list")
    assert result.returncode == 2
    assert "no-such-list" in result.stderr
    assert rows(db, LOG) == before


def test_since_in_the_future_rederives_nothing(logs: Logs) -> None:
    db = logs.copy("future")
    before = rows(db, LOG)
    result = logs.run(db, "--since", "2099-01-01")
    assert result.returncode == 0, result.stderr
    assert "37 article versions read, 0 in scope: 0 got a new derivation" in result.stdout
    assert "0 new alerts" in result.stdout
    assert rows(db, LOG) == before
