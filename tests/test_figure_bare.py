"""Counts with no noun after them are figures ("another 95", "nämlich 44", "600 of them", "ещё 555"); numbers
that measure, date, label, list or code something are not. Table-driven, in every language with a pack."""

from __future__ import annotations

import pytest

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.extract.numbers import find_numbers
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)


def _values(text: str, lang: str) -> list[float]:
    return [f.value for f in extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False).figures]


FIGURES = [
    ("en", "The air force said 188 drones were fired; the number shot down was 76, and another 95 were lost.",
     [188, 76, 95]),
    ("en", "Of the 4,700 casualties, 600 of them were deaths.", [4700, 600]),
    ("en", "Seoul said some 11,000 soldiers were sent, and some 3,000 or more followed.", [11000, 3000]),
    ("en", "Ukraine now controls 1,294 square kilometers and 100 settlements.", [1294, 100]),
    ("de", "Weniger Ortschaften als Selenskyj zählt das Projekt DeepState - nämlich 44. Medien sprachen von 30.",
     [44, 30]),
    ("ru", "Еще 555 человек вернулись домой, а по формуле 84 на 84 обменяли пленных.", [555, 84, 84]),
    ("uk", "- танки: 9113 (+4 за минулу добу);", [9113, 4]),
    ("uk", "бойові броньовані машини: 18 355 (+23);", [18355, 23]),
    ("id", "Pasukan Ukraina menembak jatuh 38 dari 46 drone yang diluncurkan.", [38, 46]),
    ("ko", "합참은 240㎜ 방사포 220여 문이 지원됐다고 밝혔다.", [220]),
    ("fr", "Au total 342 navires sont visés, dont 189 nouveaux.", [342, 189]),
    ("en", "NATO members agreed to spend 5% of GDP, up from the 2% baseline.", [5, 2]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), FIGURES)
def test_counts_without_a_noun_are_figures(lang: str, text: str, expected: list[float]) -> None:
    assert _values(text, lang) == expected


NOT_FIGURES = [
    ("en", "The alert went on for five hours across two regions.", "a duration and a small number in words"),
    ("en", "One of the lawmakers said the plan has three goals.", "'one of', small numbers in words"),
    ("en", "It fired 152 mm shells from a 170 millimeter howitzer over 690 km.", "measures"),
    ("en", "Article 5 of the treaty and Resolution 2231 apply.", "designators"),
    ("en", "The 5-year plan has a 12-point agenda.", "modifier compounds"),
    ("en", "Inflation in Russia rose to 9.1% in October.", "a rate, not a share"),
    ("en", "Call +33 1 23 45 67 89 or see note [2] and item (1).", "phone, footnote and list marks"),
    ("en", "2. Putin called Kim on Monday.", "a list marker"),
    ("de", "Die Kämpfe dauerten 120 Tage in drei Phasen.", "a duration, phases"),
    ("id", "Perang sudah berlangsung 12 hari di delapan wilayah.", "a duration, regions"),
    ("ko", "27일로 우크라군 진공 22일째, 악수는 1분 가까이 계속됐다.", "days and minutes glued to the number"),
    ("uk", "Президент відкрив 25-те засідання групи.", "an ordinal with a suffix"),
    ("ru", "Выступление длилось 40 минут в 3 раунда.", "minutes, rounds"),
    ("fr", "Temps de lecture : 5 min, à moins de 15 kilomètres.", "reading time, a distance"),
    ("en", "quality = 75", "a key-value pair"),
]


@pytest.mark.parametrize(("lang", "text", "why"), NOT_FIGURES)
def test_numbers_that_measure_date_label_or_list_are_not_figures(lang: str, text: str, why: str) -> None:
    assert _values(text, lang) == [], why


SEPARATORS = [
    ("en", "30 000 troops", 30000.0), ("de", "30 000 Soldaten", 30000.0), ("id", "10 000 tentara", 10000.0),
    ("en", "12'000 troops", 12000.0), ("de", "12’000 Soldaten", 12000.0), ("fr", "10\u202f000 soldats", 10000.0),
    ("uk", "11 000 військових", 11000.0), ("en", "1,500,000 people", 1500000.0),
]


@pytest.mark.parametrize(("lang", "text", "value"), SEPARATORS)
def test_a_space_or_apostrophe_groups_digits_in_every_language(lang: str, text: str, value: float) -> None:
    # "30 000" was read as 30 and 0 in English and German, which raised "Pentagon 10,000 -> 0".
    assert [n.value for n in find_numbers(text, lang)] == [value]
