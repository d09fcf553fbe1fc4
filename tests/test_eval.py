"""`python -m monitor.eval`: the lexicon's labelled unit cases keep their floors (product quality is measured
on tests/corpus by tests/test_corpus_scores.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.eval import (
    FIXTURES,
    TASKS,
    extract_files,
    format_table,
    load_cases,
    score_cases,
    score_seeds,
    target_report,
    with_totals,
)
from monitor.extract.actors import build_gazetteer
from monitor.extract.figure_eval import (
    ExpectedFigure,
    Tally,
    credit_tally,
    is_merged,
    parse_seed_expectations,
    score_figures,
)
from monitor.extract.model import ActorMention, Figure
from monitor.watchlist import load_watchlists

from .conftest import ROOT, SEEDS

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)


@pytest.fixture(scope="module")
def tallies() -> dict[tuple[str, str], Tally]:
    return score_cases(load_cases(FIXTURES), WATCHLISTS, GAZETTEER)


@pytest.mark.parametrize("task", TASKS)
def test_the_unit_cases_keep_their_floor(tallies: dict[tuple[str, str], Tally], task: str) -> None:
    report = {name: (value, target) for name, _measure, value, target, _met in target_report(tallies)}
    value, target = report[task]
    assert value >= target, format_table(tallies)


def test_every_task_is_measured_in_every_language(tallies: dict[tuple[str, str], Tally]) -> None:
    for task in TASKS:
        for lang in ("en", "id", "ru", "uk", "ko", "de", "fr"):
            tally = tallies[(task, lang)]
            assert tally.tp + tally.fn > 0 or tally.total > 0, (task, lang)


def test_the_seeds_meet_their_expectations_exactly() -> None:
    record = json.loads((FIXTURES / "seeds_expected.json").read_text("utf-8"))
    expectations = parse_seed_expectations(record)
    results = extract_files([SEEDS / name for name in sorted(expectations)], WATCHLISTS, GAZETTEER)
    totals = with_totals(score_seeds(expectations, results))
    figures, credits = totals[("figures", "all")], totals[("attribution", "all")]
    assert (figures.fp, figures.fn, figures.tp) == (0, 0, 9)
    assert credits.accuracy == 1.0 and totals[("actors", "all")].fn == 0
    assert totals[("variant merge", "all")].accuracy == 1.0


def _figure(value: float, unit: str = "troops", credit: str | None = "Pentagon") -> Figure:
    return Figure(value=value, value_max=None, unit=unit, counted=unit, approx=False, qualifier="exact",
                  credited_to=credit, credit_carried=False, metric=None, quote="", start=0, end=1)


def _expected(value: float, unit: str = "troops", credit: str | None = "Pentagon") -> ExpectedFigure:
    return ExpectedFigure(value, None, unit, "exact", credit)


SCORES = [
    ([_expected(1)], [_figure(1)], Tally(1, 0, 0), Tally(1, 0, 0, 1, 1)),
    ([_expected(1)], [_figure(1, credit=None)], Tally(1, 0, 0), Tally(0, 0, 1, 0, 1)),
    ([_expected(1, credit=None)], [_figure(1, credit="NATO")], Tally(1, 0, 0), Tally(0, 1, 0, 0, 1)),
    ([_expected(1, credit=None)], [_figure(1, credit=None)], Tally(1, 0, 0), Tally(0, 0, 0, 1, 1)),
    ([_expected(1)], [_figure(1, "killed")], Tally(0, 1, 1), Tally()),
    ([], [_figure(2)], Tally(0, 1, 0), Tally()),
    ([_expected(1), _expected(1)], [_figure(1)], Tally(1, 0, 1), Tally(1, 0, 0, 1, 1)),
]


@pytest.mark.parametrize(("expected", "found", "figures", "credits"), SCORES)
def test_score_figures(expected: list[ExpectedFigure], found: list[Figure], figures: Tally, credits: Tally) -> None:
    assert score_figures(expected, found) == (figures, credits)


def test_tally_measures() -> None:
    tally = Tally(8, 2, 2, 3, 4)
    assert (tally.precision, tally.recall, tally.f1, tally.accuracy) == (0.8, 0.8, pytest.approx(0.8), 0.75)
    assert Tally().f1 == 1.0 and credit_tally("A", "A") + credit_tally("A", "B") == Tally(1, 1, 1, 1, 2)


def _actor(name: str, *variants: str) -> ActorMention:
    return ActorMention(name, "person", variants, None, False, (), ((0, 1),))


def test_is_merged() -> None:
    found = [_actor("Choe Son Hui", "Choe", "Choe Son Hui", "Choe Sun Hui"), _actor("Kim Jong Un", "Kim Jong-un")]
    assert is_merged("Choe Son Hui", ("Choe Sun Hui", "Choe Son Hui"), found)
    split = [_actor("Choe Son Hui", "Choe Son Hui"), _actor("Choe Sun Hui", "Choe Sun Hui")]
    assert not is_merged("Choe Son Hui", ("Choe Sun Hui", "Choe Son Hui"), split)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor.eval", *args], capture_output=True, text=True,
                          check=False, cwd=ROOT, timeout=300)


def test_the_command_prints_the_table() -> None:
    result = _run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["task", "lang", "TP", "FP", "FN", "P", "R", "F1", "acc", "n"]
    for task in TASKS:
        assert f"unit-case floor {task}:" in result.stdout


def test_the_command_measures_a_held_out_folder(tmp_path: Path) -> None:
    cases = [{"lang": "en", "text": "The Pentagon said 4,000 North Korean troops are in Russia.",
              "figures": [{"value": 4000, "value_max": None, "unit": "troops", "qualifier": "exact",
                           "credited_to": "Pentagon"}]},
             {"lang": "auto", "text": "Sekitar 700 tentara terluka, kata Zelensky.",
              "figures": [{"value": 700, "value_max": None, "unit": "troops", "qualifier": "about",
                           "credited_to": "Volodymyr Zelensky"}]}]
    (tmp_path / "figures.jsonl").write_text("\n".join(json.dumps(c) for c in cases), "utf-8")
    result = _run("--fixtures", str(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split()[:2]): line.split() for line in result.stdout.splitlines() if line[:1].isalpha()}
    assert rows[("figures", "en")][2:5] == ["1", "0", "0"]
    assert rows[("figures", "auto")][2:5] == ["0", "1", "1"]  # 700 wounded, not 700 troops
    assert rows[("attribution", "en")][2:5] == ["1", "0", "0"]


def test_the_command_scores_the_seeds() -> None:
    result = _run("--seeds")
    assert result.returncode == 0, result.stderr
    assert "figures       000" in result.stdout and "unit-case floor figures: f1 1.000" in result.stdout
