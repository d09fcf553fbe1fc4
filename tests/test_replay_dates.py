"""`monitor replay` tells the story in publication order: dates from manifest.toml, else from the text;
undated files go last in name order, dated now, and the replay says so on stderr and in its log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.replay_dates import Dated, replay_order, undated_report
from monitor.sources import ArticleInput

from .test_replay import monitor, rows

BODY = "Korea Utara mengirim {n} tentara ke Rusia, kata Badan Intelijen Nasional Korea Selatan."
FILES = {  # name: first line (its date, if any); the body differs per file so no two are the same article
    "a_undated.txt": "Tanpa tanggal.",
    "b_late.txt": "Pada Selasa (29/10/2024), ada rapat.",
    "c_manifest.txt": "Tanpa tanggal juga.",
    "d_early.txt": "Pada Senin (21/10/2024), ada rapat.",
    "e_undated.txt": "Juga tanpa tanggal.",
    "f_same_day.txt": "Pada Senin (21/10/2024), ada rapat lagi.",
    "g_weekday.txt": "Menurut NIS, Kamis (24/10), ada rapat.",  # a weekday tells the year: 2024
}
MANIFEST = '["c_manifest.txt"]\npublished_at = 2024-10-22T06:00:00Z\noutlet = "Kontan"\n\n["zz.txt"]\noutlet = "x"\n'


def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for n, (name, first) in enumerate(FILES.items(), start=1):
        (folder / name).write_text(f"{first}\n{BODY.format(n=n * 1000)}\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    return folder


def test_replay_orders_by_date_and_reports_the_undated(tmp_path: Path, project: Path) -> None:
    started = datetime.now(UTC).replace(tzinfo=None)
    result = monitor(project, "replay", str(story(tmp_path)), "--no-deliver", "-v")
    assert result.returncode == 0, result.stderr
    db = project / "monitor.duckdb"
    order = rows(db, "SELECT payload->>'url', payload->>'published_at' FROM events "
                     "WHERE type = 'article.extracted' ORDER BY seq")
    assert [url for url, _ in order] == ["file:d_early.txt", "file:f_same_day.txt", "file:c_manifest.txt",
                                         "file:g_weekday.txt", "file:b_late.txt", "file:a_undated.txt",
                                         "file:e_undated.txt"]
    assert [published[:10] for _, published in order[:5]] == ["2024-10-21", "2024-10-21", "2024-10-22",
                                                              "2024-10-24", "2024-10-29"]
    undated = rows(db, "SELECT published_at FROM articles WHERE url IN ('file:a_undated.txt', 'file:e_undated.txt')")
    assert len({p for (p,) in undated}) == 1 and all(started - timedelta(seconds=1) <= p for (p,) in undated)
    err = " ".join(result.stderr.split())
    assert "2 of 7 files had no date: placed at the end in name order, dated now (" in err
    assert "UTC): a_undated.txt, e_undated.txt; give them published_at in manifest.toml beside them" in err
    assert "dates: 1 by manifest.toml, 4 by their text" in err
    assert "INFO monitor.cli_replay: replay: 2 of 7 files had no date" in result.stderr  # the log
    assert '["zz.txt"]: no such file in' in err


def test_a_fully_dated_replay_says_nothing_of_undated_files(tmp_path: Path, project: Path) -> None:
    folder = story(tmp_path)
    for name in ("a_undated.txt", "e_undated.txt"):
        (folder / name).unlink()
    result = monitor(project, "replay", str(folder), "--no-deliver")
    assert result.returncode == 0, result.stderr
    assert "had no date" not in result.stderr


def dated(name: str, when: datetime | None, folder: str = "x") -> Dated:
    article = ArticleInput(url=f"file:{name}", text="t", title=None, outlet=None, lang=None, published_at=when,
                           source="file")
    return Dated(Path(folder) / name, article, when, "text" if when else "")


def test_replay_order_is_publication_order_ties_by_name_undated_last() -> None:
    day = datetime(2024, 10, 21, tzinfo=UTC)
    items = [dated("b.txt", None), dated("c.txt", day), dated("a.txt", day + timedelta(hours=1)),
             dated("a.txt", None, "y"), dated("b.txt", day), dated("a.txt", None)]
    assert [(str(d.path), d.published) for d in replay_order(items)] == [
        ("x/b.txt", day), ("x/c.txt", day), ("x/a.txt", day + timedelta(hours=1)),
        ("x/a.txt", None), ("y/a.txt", None), ("x/b.txt", None)]


def test_undated_report_names_at_most_ten_files() -> None:
    now = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    items = [dated(f"{n:02}.txt", None) for n in range(12)] + [dated("z.txt", now)]
    report = undated_report(items, now)
    assert report is not None
    assert report.startswith("12 of 13 files had no date: placed at the end in name order, dated now "
                             "(2025-01-02 03:04:05 UTC): 00.txt, 01.txt,")
    assert "09.txt and 2 more;" in report
    assert undated_report([dated("z.txt", now)], now) is None
