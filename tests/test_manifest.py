"""manifest.toml beside article files: its format, its errors (file, entry, key, line) and its report of
entries that name no file (monitor/sources.py read_manifest; README: Replay and manifest.toml)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.sources import FileMeta, read_manifest

from .test_replay import monitor, rows

ARTICLE = "Korea Utara mengirim 1.500 tentara ke Rusia, kata Badan Intelijen Nasional Korea Selatan.\n"


def folder_with(tmp_path: Path, manifest: str, *files: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in files:
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("manifest", "expected"), [
    ('["a.txt"]\npublished_at = 2024-10-26T09:30:00+07:00\noutlet = "Kontan"\nlang = "id"\n',
     FileMeta(outlet="Kontan", lang="id", published_at=datetime(2024, 10, 26, 2, 30, tzinfo=UTC))),
    ('["a.txt"]\npublished_at = 2024-10-26T09:30:00\n',
     FileMeta(published_at=datetime(2024, 10, 26, 9, 30, tzinfo=UTC))),
    ('["a.txt"]\npublished_at = 2024-10-26\n', FileMeta(published_at=datetime(2024, 10, 26, tzinfo=UTC))),
    ("['a.txt']\nurl = \"https://example.org/a\"\ntitle = \"A\"\n", FileMeta(url="https://example.org/a", title="A")),
    ('"a.txt" = { outlet = "Kontan" }\n', FileMeta(outlet="Kontan")),
])
def test_manifest_entries(tmp_path: Path, manifest: str, expected: FileMeta) -> None:
    assert read_manifest(folder_with(tmp_path, manifest, "a.txt")).files == {"a.txt": expected}


BAD = [
    # (manifest, line, key, what the message says)
    ('["a.txt"]\noutlet = "x"\n\n["b.txt"]\noutlet = "y"\npublished = 2024-10-26\n', 6, '["b.txt"].published',
     "unknown key; expected one of: lang, outlet, published_at, title, url"),
    ('["a.txt"]\noutlet = "x"\n\n["b.txt"]\npublished_at = "2024-10-26"\n', 5, '["b.txt"].published_at',
     "expected a TOML date-time such as 2024-10-26T08:00:00Z or a date such as 2024-10-26, unquoted, got str"),
    ('["a.txt"]\npublished_at = 08:00:00\n', 2, '["a.txt"].published_at', "got time"),
    ('["a.txt"]\nlang = "kr"\n', 2, '["a.txt"].lang',
     "no language pack for 'kr' (packs: de, en, es, fr, id, ko, ru, uk)"),
    ('["a.txt"]\noutlet = 3\n', 2, '["a.txt"].outlet', "expected a string, got int"),
    ('["a.txt"]\n\noutlet = ""\n', 3, '["a.txt"].outlet', "empty string; give a value or remove the key"),
    ('published_at = 2024-10-26\n', 1, '["published_at"]', "expected a table of one file's metadata, got date"),
    ('["a.txt"\noutlet = "x"\n', 1, None, "invalid TOML"),
]


@pytest.mark.parametrize(("manifest", "line", "key", "message"), BAD)
def test_manifest_errors_name_file_key_and_line(tmp_path: Path, manifest: str, line: int, key: str | None,
                                                message: str) -> None:
    folder = folder_with(tmp_path, manifest, "a.txt", "b.txt")
    with pytest.raises(ConfigError) as raised:
        read_manifest(folder)
    error = raised.value
    assert (error.path, error.line, error.key) == (str(folder / "manifest.toml"), line, key)
    assert message in str(error)
    assert str(error).startswith(f"{folder / 'manifest.toml'}:{line}: ")


def test_entries_naming_no_article_file_are_reported(tmp_path: Path) -> None:
    manifest = '["a.txt"]\noutlet = "x"\n\n["gone.txt"]\noutlet = "y"\n\n["notes.md"]\noutlet = "z"\n'
    folder = folder_with(tmp_path, manifest, "a.txt")
    (folder / "notes.md").write_text("notes", encoding="utf-8")
    found = read_manifest(folder)
    assert set(found.files) == {"a.txt", "gone.txt", "notes.md"}
    assert found.unknown == (
        f'{folder / "manifest.toml"}:4: ["gone.txt"]: no such file in {folder}; '
        "entry ignored (fix the name or remove the entry)",
        f'{folder / "manifest.toml"}:7: ["notes.md"]: not the name of an article file (.txt, .html, .htm) in this '
        "folder; entry ignored (fix the name or remove the entry)",
    )


def test_no_manifest_is_no_metadata(tmp_path: Path) -> None:
    assert read_manifest(tmp_path).files == {}


def test_replay_refuses_a_wrong_manifest_and_writes_nothing(tmp_path: Path, project: Path) -> None:
    folder = folder_with(tmp_path, '["a.txt"]\npublished_at = "yesterday"\n', "a.txt")
    result = monitor(project, "replay", str(folder), "--no-deliver")
    assert result.returncode == 2, result.stderr
    assert f'{folder / "manifest.toml"}:2: ["a.txt"].published_at: expected a TOML date-time' in result.stderr
    assert not (project / "monitor.duckdb").exists() or rows(project / "monitor.duckdb",
                                                             "SELECT count(*) FROM events") == [(0,)]


def test_replay_reports_unknown_entries_and_uses_the_rest(tmp_path: Path, project: Path) -> None:
    manifest = '["a.txt"]\npublished_at = 2024-10-26T00:00:00Z\noutlet = "Kontan"\n\n["b.txt"]\noutlet = "y"\n'
    folder = folder_with(tmp_path, manifest, "a.txt")
    result = monitor(project, "replay", str(folder), "--no-deliver")
    assert result.returncode == 0, result.stderr
    assert f'manifest.toml:5: ["b.txt"]: no such file in {folder}' in result.stderr.replace("\n", "")
    assert rows(project / "monitor.duckdb", "SELECT outlet, published_at FROM articles") == [
        ("Kontan", datetime(2024, 10, 26))]
