"""The figure, whole: its modality (current, projection, hypothetical, earlier, incident, total) and whose
people it counts (side), in every language with a pack. Table-driven on short sentences."""

from __future__ import annotations

import pytest

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.extract.model import Figure
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)


def _figures(text: str, lang: str) -> list[Figure]:
    return list(extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False).figures)


def _one(text: str, lang: str, value: float) -> Figure:
    found = [f for f in _figures(text, lang) if f.value == value]
    assert len(found) == 1, (text, _figures(text, lang))
    return found[0]


MODALITY = [
    ("en", "Russia is expected to send 10,000 North Korean troops by December, the Pentagon said.", 10000,
     "projection"),
    ("en", "North Korea could send 30,000 soldiers, an analyst warned.", 30000, "hypothetical"),
    ("en", "The Pentagon now estimates 10,000 troops are in Russia, up from 3,000 last week.", 3000, "earlier"),
    ("en", "The Pentagon now estimates 10,000 troops are in Russia, up from 3,000 last week.", 10000, "current"),
    ("en", "A strike killed 500 Ukrainian soldiers, the Russian Defence Ministry said.", 500, "incident"),
    ("en", "So far, 1,200 North Korean soldiers have been killed in total, Zelensky said.", 1200, "total"),
    ("id", "Korea Utara akan mengirim 6.000 tentara tambahan ke Rusia, kata Budanov.", 6000, "projection"),
    ("id", "Sekitar 11.000 tentara Korea Utara berada di Rusia, kata NIS.", 11000, "current"),
    ("ru", "Всего с начала войны Россия потеряла 650 тысяч военных, сообщил Генштаб.", 650000, "total"),
    ("ru", "КНДР может отправить ещё 30 тысяч военных, считают аналитики.", 30000, "hypothetical"),
    ("uk", "За минулу добу росія втратила 1440 військових, повідомив Генштаб.", 1440, "incident"),
    ("uk", "КНДР планує відправити ще 6 тисяч військових до росії.", 6000, "projection"),
    ("de", "Nordkorea könnte bis zu 30.000 Soldaten schicken, sagten Analysten.", 30000, "hypothetical"),
    ("de", "Insgesamt wurden bislang 4.552 Menschen ausgetauscht, sagte Selenskyj.", 4552, "total"),
    ("fr", "La Corée du Nord devrait envoyer 6 000 soldats supplémentaires d'ici décembre.", 6000, "projection"),
    ("fr", "Au total, 4 552 prisonniers ont été échangés depuis le début de la guerre.", 4552, "total"),
    ("ko", "북한은 러시아에 6000명을 추가로 파병할 예정이라고 국정원이 밝혔다.", 6000, "projection"),
    ("ko", "국정원은 북한군 1만1000명이 러시아에 있다고 밝혔다.", 11000, "current"),
]


@pytest.mark.parametrize(("lang", "text", "value", "modality"), MODALITY)
def test_modality(lang: str, text: str, value: float, modality: str) -> None:
    assert _one(text, lang, value).modality == modality


SIDE = [
    ("en", "The Pentagon said 10,000 North Korean troops are in Russia.", 10000, "north-korea"),
    ("en", "The Pentagon now estimates 10,000 North Korean troops are in Russia, up from 3,000 last week.", 3000,
     "north-korea"),  # the earlier value counts what its revision counts
    ("ru", "По данным Пентагона, в Россию прибыли 10 тысяч военных КНДР.", 10000, "north-korea"),
    ("uk", "Росія втратила 1440 своїх солдатів за добу.", 1440, "russia"),  # its own soldiers
    ("id", "Sekitar 11.000 tentara Korea Utara dikirim ke Rusia.", 11000, "north-korea"),
    ("de", "Rund 5.000 nordkoreanische Soldaten kämpfen in Kursk.", 5000, "north-korea"),
    ("fr", "Environ 11 000 soldats nord-coréens sont en Russie.", 11000, "north-korea"),
    ("ko", "러시아에 파병된 북한군 1만 1천 명이 훈련 중이다.", 11000, "north-korea"),
    # the credited speaker says who speaks, not whose people are counted
    ("en", "The Russian Defence Ministry said 500 soldiers were killed.", 500, None),
]


@pytest.mark.parametrize(("lang", "text", "value", "side"), SIDE)
def test_side(lang: str, text: str, value: float, side: str | None) -> None:
    assert _one(text, lang, value).side == side


@pytest.mark.parametrize(("lang", "text", "value", "unit", "side"), [
    # what happened to the people counted comes after a relative clause
    ("id", "Sedikitnya 100 tentara Korea Utara yang dikirim ke Rusia untuk bertempur melawan Ukraina telah tewas.",
     100, "killed", "north-korea"),
    ("en", "Some 300 North Korean soldiers who were sent to the Kursk region were killed.", 300, "killed",
     "north-korea"),
    # a count of people whose sentence names no side takes the side named just before
    ("id", "Korea Utara mengirim 11.000 tentara ke Rusia. \"Sedikitnya 100 orang telah terbunuh,\" ujarnya.",
     100, "killed", "north-korea"),
    # an alias after a place preposition is where, not whose
    ("id", "Korea Utara mengirim 11.000 tentara ke Rusia.", 11000, "troops", "north-korea"),
    ("en", "North Korea sent 11,000 troops to Russia.", 11000, "troops", "north-korea"),
])
def test_state_after_a_relative_clause_and_a_side_carried(lang: str, text: str, value: float, unit: str,
                                                          side: str | None) -> None:
    figure = _one(text, lang, value)
    assert (figure.unit, figure.side) == (unit, side)
