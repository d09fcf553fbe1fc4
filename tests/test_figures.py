"""Figures: table-driven over tests/fixtures/figures.jsonl, and unit tables for find_counted,
link_revisions and choose_metric."""

from __future__ import annotations

import re

import pytest

from monitor.extract.actor_eval import parse_jsonl
from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.extract.figure_eval import FigureCase, pair_figures, parse_figure_case, score_figures
from monitor.extract.figures import choose_metric, find_counted, link_revisions
from monitor.extract.model import Figure, NumberMention, Sentence
from monitor.extract.numbers import find_numbers
from monitor.extract.numbers_lexicon import LANGUAGES, Role
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)
CASES = [parse_figure_case(r) for r in parse_jsonl((ROOT / "tests/fixtures/figures.jsonl").read_text("utf-8"))]
LANGS = ("en", "id", "ru", "uk", "ko", "de", "fr")

# Labelled cases the extractor gets wrong for reasons outside the figure modules (text start -> why).
# strict xfail: when the cause is fixed the test fails, and the entry must go.
FIGURE_GAPS: dict[str, str] = {}
CREDIT_GAPS = {
    "Juru bicara militer Ukraina Andriy": "actors: Andriy/Andrii Kovalenko not merged",
}


def _params(gaps: dict[str, str]) -> list[object]:
    params: list[object] = []
    for index, case in enumerate(CASES):
        why = next((reason for start, reason in gaps.items() if case.text.startswith(start)), None)
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        params.append(pytest.param(case, id=f"{case.lang}-{index:03d}", marks=marks))
    return params


def _found(case: FigureCase) -> tuple[Figure, ...]:
    return extract(case.text, WATCHLISTS, GAZETTEER, lang=case.lang, require_match=False).figures


def _show(figures: tuple[Figure, ...]) -> list[tuple[object, ...]]:
    return [(f.value, f.value_max, f.unit, f.qualifier, f.metric, f.is_previous, f.counted) for f in figures]


@pytest.mark.parametrize("case", _params(FIGURE_GAPS))
def test_figures_of_labelled_case(case: FigureCase) -> None:
    found = _found(case)
    score, _credits = score_figures(case.figures, found)
    assert (score.fp, score.fn) == (0, 0), (case.note, _show(found))


@pytest.mark.parametrize("case", _params(CREDIT_GAPS))
def test_credits_of_labelled_case(case: FigureCase) -> None:
    pairs = pair_figures(case.figures, _found(case))
    assert [wanted.credited_to for wanted, _found_figure in pairs] == [found.credited_to for _w, found in pairs]


# --- what the labelled cases cover -----------------------------------------------------------------


def _forms(lang: str, roles: frozenset[str]) -> list[str]:
    table = LANGUAGES[lang].table
    return [form for form, (_value, role) in table.words.items() if role in roles or form in table.standalone]


def _has_scale_word(case: FigureCase) -> bool:
    return bool(case.figures) and any(word in case.text.casefold() for word in _forms(case.lang, _SCALE))


def _has_number_words(case: FigureCase) -> bool:
    words = re.findall(r"[^\W\d_]+", case.text.casefold())
    forms = _forms(case.lang, _WORDS)
    return bool(case.figures) and any(word == form or (case.lang == "de" and word.startswith(form) and len(form) > 3)
                                      for word in words for form in forms)


_SCALE = frozenset({Role.SCALE})
_WORDS = frozenset({Role.UNIT, Role.TEEN, Role.MULT})
COVERAGE = {
    "a text with no figure": lambda c: not c.figures,
    "a number that is no figure": lambda c: not c.figures and re.search(r"\d", c.text) is not None,
    "a page-furniture line": lambda c: "\n" in c.text and not c.figures,
    "a range": lambda c: any(f.qualifier == "range" for f in c.figures),
    "a qualifier": lambda c: any(f.qualifier not in ("exact", "range") for f in c.figures),
    "a scale word": _has_scale_word,
    "a number in words": _has_number_words,
    "a group separator": lambda c: bool(c.figures) and re.search(r"\d[.,\u00a0\u202f ]\d{3}(?!\d)", c.text) is not None,
    "a credit": lambda c: any(f.credited_to for f in c.figures),
    "an actor with variants": lambda c: any(len(a.variants) >= 2 for a in c.actors or ()),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("phenomenon", list(COVERAGE))
def test_every_language_covers_every_phenomenon(lang: str, phenomenon: str) -> None:
    assert any(COVERAGE[phenomenon](case) for case in CASES if case.lang == lang)


@pytest.mark.parametrize("kind", ["date", "weekday", "year", "time", "age", "percentage", "phone", "ordinal",
                                  "boilerplate", "duration", "year span"])
def test_negatives_cover_every_kind_of_non_figure(kind: str) -> None:
    negatives = [case for case in CASES if not case.figures and kind in case.note]
    assert {case.lang for case in negatives} >= {"en", "id"}, kind


def test_enough_cases_per_language() -> None:
    counts = {lang: sum(case.lang == lang for case in CASES) for lang in LANGS}
    assert all(counts[lang] >= 15 for lang in ("en", "id")), counts
    assert all(counts[lang] >= 8 for lang in LANGS), counts


# --- find_counted ----------------------------------------------------------------------------------


def _number(text: str, lang: str, written: str) -> NumberMention:
    return next(n for n in find_numbers(text, lang) if n.text == written)


COUNTED = [
    ("en", "10,000 North Korean troops arrived.", "10,000", "troops", "troops"),
    ("en", "10,000 or more troops arrived.", "10,000", "troops", "troops"),
    ("en", "3,000 soldiers were killed in the attack.", "3,000", "killed", "soldiers"),
    ("en", "12 people were killed or wounded.", "12", "casualties", "people"),
    ("en", "3,000 troops killed 12 civilians.", "3,000", "troops", "troops"),
    ("en", "3,000 troops killed 12 civilians.", "12", "killed", "civilians"),
    ("en", "The number of troops in Kursk rose from 8,000 to 11,000.", "8,000", "troops", "troops"),
    ("en", "Troops from 30 countries took part.", "30", None, None),
    ("en", "Zelensky said 4,000 more are expected.", "4,000", None, None),
    ("en", "Russia lost 1,500 soldiers.", "1,500", "casualties", "soldiers"),
    ("id", "Tentara itu berjumlah 600 orang.", "600", "troops", "Tentara"),
    ("id", "Sebanyak 1.500 orang tentara dikirim.", "1.500", "troops", "tentara"),
    ("id", "Serangan itu menewaskan 12 orang.", "12", "killed", "orang"),
    ("id", "12 orang tewas dalam serangan itu.", "12", "killed", "orang tewas"),
    ("id", "Zelensky mengatakan 4.000 di antaranya masih menunggu.", "4.000", None, None),
    ("id", "Sebanyak 1.500 pasukan operasi khusus dikirim.", "1.500", "troops", "pasukan operasi khusus"),
    ("ko", "북한군 1만1000명이 파병됐다.", "1만1000", "troops", "북한군"),
    ("ko", "약 1만 명의 북한군이 있다.", "1만", "troops", "북한군이"),
    ("ko", "포탄 800만 발을 보냈다.", "800만", "shells", "포탄"),
    ("ko", "사상자 3000명이 발생했다.", "3000", "casualties", "사상자"),
    ("ko", "북한군 3000명이 사망했다.", "3000", "killed", "북한군"),
    ("ru", "За сутки погибли более 1 200 российских военных.", "1 200", "killed", "военных"),
    ("ru", "В Россию прибыли 11 000 военных КНДР.", "11 000", "troops", "военных"),
    ("uk", "Щонайменше 900 російських військових загинули.", "900", "killed", "військових"),
    ("de", "3.000 Soldaten seien verwundet worden.", "3.000", "wounded", "Soldaten"),
    ("fr", "12 personnes ont été tuées.", "12", "killed", "personnes"),
    ("fr", "1 000 soldats d'élite sont arrivés.", "1 000", "troops", "soldats d'élite"),
]


@pytest.mark.parametrize(("lang", "text", "written", "unit", "phrase"), COUNTED)
def test_find_counted(lang: str, text: str, written: str, unit: str | None, phrase: str | None) -> None:
    counted = find_counted(text, _number(text, lang, written), lang)
    assert (counted.unit if counted else None, counted.phrase if counted else None) == (unit, phrase)


# --- link_revisions --------------------------------------------------------------------------------


def _figure(value: float, unit: str, start: int, end: int, credit: str | None = None) -> Figure:
    return Figure(value=value, value_max=None, unit=unit, counted=unit, approx=False, qualifier="exact",
                  credited_to=credit, credit_carried=False, metric=None, quote="", start=start, end=end)


def _figures_at(text: str, units: list[str], credits: list[str | None]) -> list[Figure]:
    spans = [m.span() for m in re.finditer(r"\d[\d,]*\d|\d", text)]
    return [_figure(float(text[a:b].replace(",", "")), unit, a, b, credit)
            for (a, b), unit, credit in zip(spans, units, credits, strict=True)]


REVISIONS = [
    ("en", "10,000 troops, up from 3,000", ["troops", "troops"], [(3000.0, False), (None, True)]),
    ("en", "from 3,000 to 10,000 troops", ["troops", "troops"], [(None, True), (3000.0, False)]),
    ("en", "10,000 troops and 3,000 drones", ["troops", "drones"], [(None, False), (None, False)]),
    ("en", "10,000 troops and 3,000 troops", ["troops", "troops"], [(None, False), (None, False)]),
    ("id", "10.000 tentara, naik dari perkiraan 3.000 tentara", ["troops", "troops"], [(3000.0, False), (None, True)]),
    ("id", "dari 8.000 menjadi 11.000 tentara", ["troops", "troops"], [(None, True), (8000.0, False)]),
    ("ru", "11 000 военных против 8000 ранее", ["troops", "troops"], [(8000.0, False), (None, True)]),
    ("de", "11.000 Soldaten, nach zuvor 8.000", ["troops", "troops"], [(8000.0, False), (None, True)]),
    ("fr", "11 000 soldats contre 8 000 auparavant", ["troops", "troops"], [(8000.0, False), (None, True)]),
]


@pytest.mark.parametrize(("lang", "text", "units", "expected"), REVISIONS)
def test_link_revisions(lang: str, text: str, units: list[str], expected: list[tuple[float | None, bool]]) -> None:
    text_numbers = [n for n in find_numbers(text, lang) if n.kind == "cardinal"]
    figures = [_figure(n.value, unit, n.start, n.end, "Pentagon" if i == 0 else None)
               for i, (n, unit) in enumerate(zip(text_numbers, units, strict=True))]
    linked = link_revisions(figures, Sentence(0, len(text), text, 0, False), lang)
    assert [(f.previous_value, f.is_previous) for f in linked] == expected
    assert all(f.credited_to == "Pentagon" for f in linked if f.is_previous)


def test_the_earlier_value_without_a_noun_counts_what_the_later_counts() -> None:
    text = "The Pentagon said 10,000 North Korean troops were in Russia, up from 3,000 last week."
    figures = extract(text, WATCHLISTS, GAZETTEER, lang="en").figures
    assert [(f.value, f.unit, f.is_previous, f.previous_value) for f in figures] == [
        (10000.0, "troops", False, 3000.0), (3000.0, "troops", True, None)]


def test_a_duration_is_not_an_earlier_value() -> None:
    text = "The Pentagon said 10,000 North Korean troops were in Russia, up from six weeks ago."
    figures = extract(text, WATCHLISTS, GAZETTEER, lang="en").figures
    assert [(f.value, f.unit) for f in figures] == [(10000.0, "troops")]


# --- choose_metric ---------------------------------------------------------------------------------


METRICS = [
    ("troops", "10,000 North Korean troops are in Russia.", "10,000", "nk-troops-in-russia"),
    ("people", "300 civilians were evacuated from Sudzha.", "300", "kursk-evacuated"),
    ("people", "300 civilians fled Sudzha.", "300", None),
    ("usd", "The Pentagon pledged $425 million to Ukraine.", "425", "nato-aid-ukraine-usd"),
    ("usd", "The Pentagon pledged $425 million.", "425", None),
    ("killed", "500 Russian soldiers were killed.", "500", "russia-losses"),
    ("drones", "500 Russian drones were launched.", "500", "russia-drones-launched"),
    ("drones", "500 Russian drones were seen.", "500", None),  # neither launched, shot down nor destroyed
    # what and whose: the unit says what, the side whose (monitor/quantities.py, watchlist `side`)
    ("killed", "100 North Korean soldiers were killed near Kursk.", "100", "nk-killed"),
    ("casualties", "North Korea suffered 4,700 casualties on the Russia-Ukraine front.", "4,700", "nk-casualties"),
    ("km2", "Ukraine controls 1,294 km2 of the Kursk region.", "1,294", "kursk-area-held"),
    ("percent", "Allies agreed to spend 5% of GDP on defence.", "5", "nato-spending-gdp"),
    ("shells", "North Korea sent 5 million shells to Russia.", "5", "nk-munitions-to-russia"),
]


@pytest.mark.parametrize(("unit", "sentence", "written", "metric"), METRICS)
def test_choose_metric(unit: str, sentence: str, written: str, metric: str | None) -> None:
    chosen = choose_metric(unit, sentence, sentence.index(written), WATCHLISTS)
    assert (chosen.id if chosen else None) == metric


def test_terms_naming_the_speaker_do_not_choose_the_metric() -> None:
    sentence = "The Russian Defence Ministry said 500 soldiers were killed."
    speaker = (sentence.index("Russian"), sentence.index(" said"))
    assert choose_metric("killed", sentence, sentence.index("500"), WATCHLISTS) is not None
    assert choose_metric("killed", sentence, sentence.index("500"), WATCHLISTS, exclude=[speaker]) is None


def test_the_figures_side_chooses_the_metric_of_that_side() -> None:
    sentence = "The Russian Defence Ministry said 500 Ukrainian soldiers were killed."
    chosen = choose_metric("killed", sentence, sentence.index("500"), WATCHLISTS, side="ukraine")
    assert chosen is not None and chosen.id == "ukraine-losses"
