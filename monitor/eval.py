"""`python -m monitor.eval`: precision and recall of the extractor on labelled unit cases.

The unit cases (tests/fixtures) are short sentences written by the team with the lexicon in mind: they
check that each phenomenon they name keeps working, and say little about real news. The extractor's
quality is measured on text the team did not write: `python3 tests/corpus/score.py tests/corpus
--monitor "$(command -v monitor)"` (README, "Extraction quality").

Runs the real extractor (monitor.extract.extractor.extract, the shipped watchlists, their
gazetteer) over labelled cases and prints, per task and language, TP, FP, FN, precision, recall
and F1, with accuracy where the task is one (attribution: credited_to right on the figures found
right; variant merge: labelled actors with two or more variants that come out as one actor).

Cases: a folder with figures.jsonl (monitor.extract.figure_eval), actors.jsonl and
attribution.jsonl (monitor.extract.actor_eval); each file is optional. --seeds scores the seed
articles against tests/fixtures/seeds_expected.json instead.

\b
Example:
  python -m monitor.eval
  python -m monitor.eval --fixtures /data/held-out
  python -m monitor.eval --seeds
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from monitor.extract.actor_eval import (
    ActorCase,
    CreditCase,
    parse_actor_case,
    parse_credit_case,
    parse_jsonl,
    run_credit_case,
)
from monitor.extract.actors import Gazetteer, build_gazetteer
from monitor.extract.extractor import Extraction, extract
from monitor.extract.figure_eval import (
    FigureCase,
    SeedExpectation,
    Tally,
    parse_figure_case,
    parse_seed_expectations,
    score_actor_case,
    score_credit_case,
    score_figures,
    score_seed,
)
from monitor.extract.model import Document
from monitor.extract.text import prepare_document
from monitor.sources import FileMeta, read_article_file
from monitor.watchlist import Watchlist, load_watchlists

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TASKS = ("figures", "attribution", "actors", "variant merge")
LANGS = ("en", "id", "ru", "uk", "ko", "de", "fr")
ALL = "all"
# task -> (measure, floor the unit cases must keep: a regression guard, not a product measure)
TARGETS: Mapping[str, tuple[str, float]] = {"figures": ("f1", 0.9), "attribution": ("accuracy", 0.8),
                                            "actors": ("f1", 0.85), "variant merge": ("accuracy", 0.9)}
_MAX_SEED_BYTES = 2_000_000

Tallies = dict[tuple[str, str], Tally]  # (task, lang) -> tally


@dataclass(frozen=True, slots=True)
class Cases:
    figures: tuple[FigureCase, ...] = ()
    actors: tuple[ActorCase, ...] = ()
    credits: tuple[CreditCase, ...] = ()


# --- scoring (pure) ------------------------------------------------------------------------------


def run_extractor(text: str, lang: str | None, watchlists: Sequence[Watchlist], gazetteer: Gazetteer,
                  title: str | None = None) -> Extraction:
    hint = None if lang in (None, "auto") else lang
    return extract(text, watchlists, gazetteer, lang=hint, title=title, require_match=False)


def _prepare(text: str, lang: str) -> Document:
    return prepare_document(text, lang=None if lang == "auto" else lang)


def _add(tallies: Tallies, task: str, lang: str, tally: Tally) -> None:
    tallies[(task, lang)] = tallies.get((task, lang), Tally()) + tally


def score_cases(cases: Cases, watchlists: Sequence[Watchlist], gazetteer: Gazetteer) -> Tallies:
    """The four tasks, per language, over labelled cases."""
    tallies: Tallies = {}
    for case in cases.figures:
        result = run_extractor(case.text, case.lang, watchlists, gazetteer)
        figures, credits = score_figures(case.figures, result.figures)
        _add(tallies, "figures", case.lang, figures)
        _add(tallies, "attribution", case.lang, credits)
        if case.actors is not None:
            actors, merged = score_actor_case(ActorCase(case.lang, case.text, case.actors), result.actors)
            _add(tallies, "actors", case.lang, actors)
            _add(tallies, "variant merge", case.lang, merged)
    for credit_case in cases.credits:
        credit = run_credit_case(credit_case, gazetteer, _prepare)
        _add(tallies, "attribution", credit_case.lang, score_credit_case(credit_case, credit))
    for actor_case in cases.actors:
        found_actors = run_extractor(actor_case.text, actor_case.lang, watchlists, gazetteer).actors
        actors, merged = score_actor_case(actor_case, found_actors)
        _add(tallies, "actors", actor_case.lang, actors)
        _add(tallies, "variant merge", actor_case.lang, merged)
    return tallies


def score_seeds(expectations: Mapping[str, SeedExpectation], results: Mapping[str, Extraction]) -> Tallies:
    """The four tasks per seed file (the file name stands where a language would)."""
    tallies: Tallies = {}
    for name, expected in sorted(expectations.items()):
        result = results.get(name)
        scores = score_seed(expected, result.figures if result else (), result.actors if result else ())
        for task, tally in scores.items():
            _add(tallies, task, name[:3], tally)
    return tallies


def with_totals(tallies: Tallies) -> Tallies:
    totals = dict(tallies)
    for task in TASKS:
        parts = [tally for (name, _lang), tally in tallies.items() if name == task]
        if parts:
            totals[(task, ALL)] = sum(parts, Tally())
    return totals


def measure(task: str, tally: Tally) -> float:
    return float(getattr(tally, TARGETS[task][0]))


def target_report(tallies: Tallies) -> list[tuple[str, str, float, float, bool]]:
    """(task, measure, value, target, met) over all languages."""
    report = []
    for task in TASKS:
        tally = with_totals(tallies).get((task, ALL))
        if tally is not None:
            value, target = measure(task, tally), TARGETS[task][1]
            report.append((task, TARGETS[task][0], value, target, value >= target))
    return report


# --- the table -----------------------------------------------------------------------------------


def _order(key: tuple[str, str]) -> tuple[int, bool, str]:
    """Tasks in TASKS order; languages in LANGS order, then others by name, then "all"."""
    task, lang = key
    return (TASKS.index(task), lang == ALL, f"{LANGS.index(lang):02d}" if lang in LANGS else lang)


def _ratio(value: float) -> str:
    return f"{value:.3f}"


def format_table(tallies: Tallies) -> str:
    """One line per task and language, and one per task for all languages, then the targets."""
    header = f"{'task':<14}{'lang':<6}{'TP':>5}{'FP':>5}{'FN':>5}{'P':>8}{'R':>8}{'F1':>8}{'acc':>8}{'n':>5}"
    lines = [header, "-" * len(header)]
    for key in sorted(with_totals(tallies), key=_order):
        task, lang = key
        tally = with_totals(tallies)[key]
        accuracy = _ratio(tally.accuracy) if tally.total else "-"
        scores = ("-", "-", "-") if task == "variant merge" else (
            _ratio(tally.precision), _ratio(tally.recall), _ratio(tally.f1))
        lines.append(f"{task:<14}{lang:<6}{tally.tp:>5}{tally.fp:>5}{tally.fn:>5}"
                     f"{scores[0]:>8}{scores[1]:>8}{scores[2]:>8}{accuracy:>8}{tally.total or '':>5}")
    lines.append("")
    for task, name, value, target, met in target_report(tallies):
        lines.append(f"unit-case floor {task}: {name} {value:.3f} >= {target:.2f} {'met' if met else 'NOT MET'}")
    return "\n".join(lines)


# --- reading cases (I/O) -------------------------------------------------------------------------


def _records(path: Path) -> list[dict[str, object]]:
    return parse_jsonl(path.read_text(encoding="utf-8")) if path.is_file() else []


def load_cases(folder: Path) -> Cases:
    return Cases(tuple(parse_figure_case(r) for r in _records(folder / "figures.jsonl")),
                 tuple(parse_actor_case(r) for r in _records(folder / "actors.jsonl")),
                 tuple(parse_credit_case(r) for r in _records(folder / "attribution.jsonl")))


def extract_files(paths: Iterable[Path], watchlists: Sequence[Watchlist],
                  gazetteer: Gazetteer) -> dict[str, Extraction]:
    """Each article file through the extractor as `monitor extract` runs it."""
    results = {}
    for path in paths:
        article = read_article_file(path, FileMeta(), _MAX_SEED_BYTES)
        results[path.name] = run_extractor(article.text, article.lang, watchlists, gazetteer, article.title)
    return results


@click.command(help=__doc__)
@click.option("--fixtures", "fixtures", type=click.Path(path_type=Path, file_okay=False), default=FIXTURES,
              show_default=True, help="Folder of figures.jsonl, actors.jsonl, attribution.jsonl.")
@click.option("--seeds", "seeds", is_flag=True, help="Score the seed articles against seeds_expected.json.")
@click.option("--seeds-dir", type=click.Path(path_type=Path, file_okay=False), default=ROOT / "seeds",
              show_default=True, help="Where the seed articles are.")
@click.option("--watchlists", "watchlist_dir", type=click.Path(path_type=Path, file_okay=False),
              default=ROOT / "watchlists", show_default=True, help="Watchlist folder (the gazetteer too).")
def main(fixtures: Path, seeds: bool, seeds_dir: Path, watchlist_dir: Path) -> None:
    watchlists = load_watchlists(watchlist_dir)
    gazetteer = build_gazetteer(watchlists)
    if seeds:
        record = json.loads((FIXTURES / "seeds_expected.json").read_text(encoding="utf-8"))
        expectations = parse_seed_expectations(record)
        results = extract_files([seeds_dir / name for name in sorted(expectations)], watchlists, gazetteer)
        click.echo(format_table(score_seeds(expectations, results)))
        return
    click.echo(format_table(score_cases(load_cases(fixtures), watchlists, gazetteer)))


if __name__ == "__main__":
    main()
