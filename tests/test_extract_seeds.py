"""`monitor extract seeds/`: exactly the figures a reader finds in the five seed articles, with their
credits, and the actors merged as a reader merges them (tests/fixtures/seeds_expected.json)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.watchlist import load_watchlists

from .conftest import ROOT, SEEDS

EXPECTED: dict[str, Any] = json.loads((ROOT / "tests/fixtures/seeds_expected.json").read_text("utf-8"))["seeds"]
FIGURE_FIELDS = ("value", "value_max", "unit", "qualifier", "approx", "credited_to", "metric", "is_previous")


def _monitor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(project / "config.toml")],
                          capture_output=True, text=True, cwd=project, env=env, check=False, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extract")
    shutil.copytree(ROOT / "watchlists", folder / "watchlists")
    shutil.copy(ROOT / "config.toml", folder / "config.toml")
    shutil.copytree(SEEDS, folder / "seeds")
    return folder


@pytest.fixture(scope="module")
def records(project: Path) -> dict[str, list[dict[str, Any]]]:
    result = _monitor(project, "extract", "seeds", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    grouped: dict[str, list[dict[str, Any]]] = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        grouped.setdefault(Path(record["path"]).name, []).append(record)
    return grouped


@pytest.fixture(scope="module")
def table(project: Path) -> str:
    result = _monitor(project, "extract", "seeds", "--format", "table")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _figures(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{field: r[field] for field in FIGURE_FIELDS} for r in records if r["kind"] == "figure"]


def _actors(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in records if r["kind"] == "actor"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_gives_exactly_the_expected_figures(records: dict[str, list[dict[str, Any]]], name: str) -> None:
    assert _figures(records[name]) == [{field: item[field] for field in FIGURE_FIELDS}
                                       for item in EXPECTED[name]["figures"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_names_the_expected_actors_merged(records: dict[str, list[dict[str, Any]]], name: str) -> None:
    actors = _actors(records[name])
    for wanted in EXPECTED[name]["actors"]:
        assert wanted["name"] in actors, wanted["name"]
        assert set(wanted["variants"]) <= set(actors[wanted["name"]]["variants"])
        others = [a for a in actors.values()
                  if a["name"] != wanted["name"] and set(wanted["variants"]) & set(a["variants"])]
        assert not others, (wanted["name"], others)


def test_figure_records_carry_the_contract_fields(records: dict[str, list[dict[str, Any]]]) -> None:
    for record in (r for group in records.values() for r in group if r["kind"] == "figure"):
        assert {"path", "kind", "value", "value_max", "unit", "counted", "approx", "qualifier", "credited_to",
                "metric", "quote", "start", "end"} <= set(record)
        assert record["quote"] and record["counted"] and record["start"] < record["end"]


def test_seed_002_revision_and_what_gives_nothing(records: dict[str, list[dict[str, Any]]]) -> None:
    figures = [r for r in records["002_28188db2e5fd226b.txt"] if r["kind"] == "figure"]
    latest, earlier = figures
    assert latest["previous_value"] == 3000.0 and earlier["is_previous"]
    assert not any(r["value"] in (1950.0, 1953.0) for r in figures)  # "Perang Korea 1950-1953"
    actors = _actors(records["002_28188db2e5fd226b.txt"])
    assert "Zelenskiy" in actors["Volodymyr Zelensky"]["variants"] and "Zelenskiy" not in actors


def test_baca_juga_headlines_give_nothing(records: dict[str, list[dict[str, Any]]]) -> None:
    for name in ("000_da6705e70e6c2523.txt", "001_88eb08dd550c11cb.txt"):
        quotes = [r["quote"] for r in records[name] if r["kind"] == "figure"]
        assert not any("Baca Juga" in quote for quote in quotes)
    assert 3000.0 not in [r["value"] for r in records["000_da6705e70e6c2523.txt"] if r["kind"] == "figure"]


def test_yoon_is_one_actor_under_three_forms() -> None:
    watchlists = load_watchlists(ROOT / "watchlists")
    result = extract((SEEDS / "003_1b129b28f06463f4.txt").read_text("utf-8"), watchlists,
                     build_gazetteer(watchlists), require_match=False)
    text = result.document.text
    yoon = [actor for actor in result.actors if "Yoon" in actor.name]
    assert [actor.name for actor in yoon] == ["Yoon Suk Yeol"]
    forms = {("Presiden " if text[start - 9:start] == "Presiden " else "") + text[start:end]
             for start, end in yoon[0].spans}
    assert {"Presiden Yoon Suk Yeol", "Presiden Yoon", "Yoon"} <= forms


def test_the_table_mentions_the_figures_and_actors(table: str) -> None:
    for words in ("1,500", "~1,500", "~12,000", "10,000", "~3,000", "National Intelligence", "Pentagon",
                  "Volodymyr Zelensky", "South Korea", "Hong Jang-won", "Kim Hong Kyun", "Georgy Zinoviev",
                  "Robert Wood", "Choe Son Hui", "Choe Sun Hui", "Yoon Suk Yeol", "Zelenskiy"):
        assert words in table, words
