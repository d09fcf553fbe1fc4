"""Tests for monitor.extract.numbers: digits, number words, scales, ranges, qualifiers and kinds."""

from __future__ import annotations

import math
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract.model import NUMBER_KINDS, QUALIFIERS, NumberMention
from monitor.extract.numbers import find_numbers

LANGS = ("en", "id", "ru", "uk", "ko", "de", "fr")
NBSP, NNBSP = "\u00a0", "\u202f"

Expected = tuple[str, float, float | None, str, str]  # text, value, value_max, qualifier, kind


def card(text: str, value: float, qualifier: str = "exact") -> Expected:
    """A cardinal."""
    return (text, value, None, qualifier, "cardinal")


def between(text: str, low: float, high: float) -> Expected:
    """A range of cardinals."""
    return (text, low, high, "range", "cardinal")


def other(text: str, value: float, kind: str) -> Expected:
    """A non-cardinal without qualifier."""
    return (text, value, None, "exact", kind)


CASES: list[tuple[str, str, list[Expected]]] = [
    # --- English ---------------------------------------------------------------------------------------
    ("en", "Some 1,500 troops arrived and roughly 2,000 more followed.",
     [card("1,500", 1500, "about"), card("2,000", 2000, "about")]),
    ("en", "As many as 12,000 soldiers, fewer than 500 officers and almost 40 generals.",
     [card("12,000", 12000, "up_to"), card("500", 500, "up_to"), card("40", 40, "nearly")]),
    ("en", "At least 300 were killed and more than 1.5 million displaced.",
     [card("300", 300, "at_least"), card("1.5 million", 1.5e6, "over")]),
    ("en", "An estimated 2.4 billion dollars, approximately 70 tanks, exactly 12 ships.",
     [card("2.4 billion", 2.4e9, "about"), card("70", 70, "about"), card("12", 12)]),
    ("en", "Between 10,000 and 12,000 troops; 10,000 to 12,000 troops; 10,000–12,000 troops.",
     [between("10,000 and 12,000", 10000, 12000), between("10,000 to 12,000", 10000, 12000),
      between("10,000–12,000", 10000, 12000)]),
    ("en", "Officials said 10 to 12 thousand troops, or between ten and twelve thousand.",
     [between("10 to 12 thousand", 10000, 12000), between("ten and twelve thousand", 10000, 12000)]),
    ("en", "Twelve thousand soldiers, a hundred tanks and one hundred and twenty drones for twenty-five units.",
     [card("Twelve thousand", 12000), card("a hundred", 100), card("one hundred and twenty", 120),
      card("twenty-five", 25)]),
    ("en", "Tens of thousands of people fled and several thousand troops stayed; hundreds were hurt.", []),
    ("en", "In 2024 there were 3,000 troops, twice the 2022 count.",
     [other("2024", 2024, "year"), card("3,000", 3000), other("2022", 2022, "year")]),
    ("en", "On October 28, 2024 at 10 a.m. the 1950-1953 war was remembered.",
     [other("28", 28, "date"), other("2024", 2024, "year"), other("10", 10, "time"),
      ("1950-1953", 1950, 1953, "range", "year_span")]),
    ("en", "From 2020 to 2024 the fleet grew to a thousand and one ships.",
     [("2020 to 2024", 2020, 2024, "range", "year_span"), card("a thousand and one", 1001)]),
    ("en", "See https://example.com/news/2024/10/22/troops-12345.html?page=2 for 5 ships at 12:30:45.123.",
     [card("5", 5), other("12:30:45.123", 12, "time")]),
    ("en", "Some 15% of recruits, or 15 percent, were 25-year-old men; one aged 30 ranked 1st, another 2nd.",
     [("15", 15, None, "about", "percent"), other("15", 15, "percent"), other("25", 25, "age"), card("one", 1),
      other("30", 30, "age"), other("1", 1, "ordinal"), other("2", 2, "ordinal")]),
    ("en", "Call +62 21 1234 5678 or (021) 555-1234 today.",
     [other("+62 21 1234 5678", 622112345678, "phone"), other("(021) 555-1234", 215551234, "phone")]),
    ("en", "F-16 jets, flight MH17, hash da6705e70e6c2523, ISO 9001 and COVID-19 are no counts.", []),
    ("en", "About 10k people, 5 or more vehicles and a 1,000-plus force.",
     [card("10k", 10000, "about"), card("5", 5, "at_least"), card("1,000", 1000, "over")]),
    ("en", "Troops rose from 3,000 to 10,000 in a month.", [card("3,000", 3000), card("10,000", 10000)]),
    ("en", "A loan of $1.125 billion and 1.500 troops.", [card("1.125 billion", 1.125e9), card("1.500", 1500)]),
    ("en", f"Some 12{NBSP}000 troops and 3{NNBSP}500 tanks.", [card(f"12{NBSP}000", 12000, "about"),
                                                            card(f"3{NNBSP}500", 3500)]),
    # --- Indonesian ------------------------------------------------------------------------------------
    ("id", "NIS menuduh Korea Utara telah mengirim sekitar 1.500 tentara ke Rusia",
     [card("1.500", 1500, "about")]),
    ("id", "NIS mengatakan Korea Utara mengirim sekitar 12.000 tentara, termasuk pasukan khusus.",
     [card("12.000", 12000, "about")]),
    ("id", "Pentagon memperkirakan 10.000 tentara Korea Utara telah dikerahkan ke Rusia timur untuk pelatihan, "
           "naik dari perkiraan 3.000 tentara Rabu lalu.",
     [card("10.000", 10000, "about"), card("3.000", 3000, "about")]),
    ("id", "Perang Korea 1950-1953 berakhir dengan gencatan senjata.",
     [("1950-1953", 1950, 1953, "range", "year_span")]),
    ("id", "Jakarta, Senin (21/10/2024) - Rapat digelar (28/10). Write: 2024-10-22 15:06:52",
     [other("21/10/2024", 21, "date"), other("28/10", 28, "date"), other("2024-10-22", 22, "date"),
      other("15:06:52", 15, "time")]),
    ("id", "Antara 10.000 hingga 12.000 tentara, antara 10.000 sampai 12.000 orang, 10.000 hingga 12.000 warga.",
     [between("10.000 hingga 12.000", 10000, 12000), between("10.000 sampai 12.000", 10000, 12000),
      between("10.000 hingga 12.000", 10000, 12000)]),
    ("id", "Sepuluh ribu tentara, seribu orang, dua belas ribu warga, dua puluh lima tank, tiga ratus ribu dolar.",
     [card("Sepuluh ribu", 10000), card("seribu", 1000), card("dua belas ribu", 12000), card("dua puluh lima", 25),
      card("tiga ratus ribu", 300000)]),
    ("id", "Ribuan tentara, puluhan ribu warga, ratusan orang dan belasan korban.", []),
    ("id", "Sekitar 10.000-12.000 tentara dan antara 10.000 dan 12.000 warga.",
     [between("10.000-12.000", 10000, 12000), between("10.000 dan 12.000", 10000, 12000)]),
    ("id", "Lebih dari 1,5 juta orang, hampir 2 miliar, setidaknya 300 tewas, sedikitnya 40 luka.",
     [card("1,5 juta", 1.5e6, "over"), card("2 miliar", 2e9, "nearly"), card("300", 300, "at_least"),
      card("40", 40, "at_least")]),
    ("id", "Kurang lebih 500 orang, hingga 5 ribu warga dan sebanyak 200 personel.",
     [card("500", 500, "about"), card("5 ribu", 5000, "up_to"), card("200", 200)]),
    ("id", "Harga naik 10 rb, gaji 5jt, anggaran Rp1,5 triliun dan Rp 2.000.",
     [card("10 rb", 10000), card("5jt", 5e6), card("1,5 triliun", 1.5e12), card("2.000", 2000)]),
    ("id", "Pada 28 Oktober 2024, tahun 2022, 15 persen, yang ke-2, berusia 25 tahun, pukul 14.30 WIB.",
     [other("28", 28, "date"), other("2024", 2024, "year"), other("2022", 2022, "year"), other("15", 15, "percent"),
      other("2", 2, "ordinal"), other("25", 25, "age"), other("14.30", 14, "time")]),
    ("id", "Sebanyak 12,000 tentara dan 1,5 juta warga serta 1.500 lebih personel.",
     [card("12,000", 12000), card("1,5 juta", 1.5e6), card("1.500", 1500, "over")]),
    ("id", "Sekitar 2000 tentara tiba pada 2000.", [card("2000", 2000, "about"), other("2000", 2000, "year")]),
    # --- Russian ---------------------------------------------------------------------------------------
    ("ru", "Около 1500 военных и примерно 12 000 солдат.", [card("1500", 1500, "about"),
                                                            card("12 000", 12000, "about")]),
    ("ru", "Более 1,5 млн человек и свыше 10 тыс. беженцев.",
     [card("1,5 млн", 1.5e6, "over"), card("10 тыс.", 10000, "over")]),
    ("ru", "От 10 до 12 тысяч военных, от 10 000 до 12 000 солдат, 10–12 тысяч человек.",
     [between("10 до 12 тысяч", 10000, 12000), between("10 000 до 12 000", 10000, 12000),
      between("10–12 тысяч", 10000, 12000)]),
    ("ru", "Десять тысяч, двенадцать тысяч, две тысячи пятьсот и тысяча человек.",
     [card("Десять тысяч", 10000), card("двенадцать тысяч", 12000), card("две тысячи пятьсот", 2500),
      card("тысяча", 1000)]),
    ("ru", "Около двух тысяч военных и почти 2 млрд рублей.",
     [card("двух тысяч", 2000, "about"), card("2 млрд", 2e9, "nearly")]),
    ("ru", "Тысячи людей, десятки тысяч беженцев и несколько тысяч солдат.", []),
    ("ru", "28 октября 2024 года, в 2022 году, 15 процентов, 15%.",
     [other("28", 28, "date"), other("2024", 2024, "year"), other("2022", 2022, "year"), other("15", 15, "percent"),
      other("15", 15, "percent")]),
    ("ru", "2-й батальон, 25-летний мужчина, в возрасте 30 лет.",
     [other("2", 2, "ordinal"), other("25", 25, "age"), other("30", 30, "age")]),
    ("ru", "Не менее 300 человек, по меньшей мере 40 раненых, до 5 тысяч, не более 100.",
     [card("300", 300, "at_least"), card("40", 40, "at_least"), card("5 тысяч", 5000, "up_to"),
      card("100", 100, "up_to")]),
    ("ru", "Бюджет 1 млн 200 тыс. рублей, порядка 1.500 солдат.",
     [card("1 млн 200 тыс.", 1.2e6), card("1.500", 1500, "about")]),
    ("ru", f"Примерно 12{NBSP}000 и 3{NNBSP}500 военных.", [card(f"12{NBSP}000", 12000, "about"),
                                                         card(f"3{NNBSP}500", 3500)]),
    ("ru", "Между 10 и 12 тысячами военных.", [between("10 и 12 тысячами", 10000, 12000)]),
    ("ru", "Полтора миллиона человек и сто тысяч беженцев.", [card("Полтора миллиона", 1.5e6),
                                                              card("сто тысяч", 100000)]),
    # --- Ukrainian -------------------------------------------------------------------------------------
    ("uk", "Близько 1500 військових і приблизно 12 000 солдатів.",
     [card("1500", 1500, "about"), card("12 000", 12000, "about")]),
    ("uk", "Понад 1,5 млн людей і майже 2 млрд гривень.", [card("1,5 млн", 1.5e6, "over"),
                                                           card("2 млрд", 2e9, "nearly")]),
    ("uk", "Від 10 до 12 тисяч військових, 10–12 тисяч людей.",
     [between("10 до 12 тисяч", 10000, 12000), between("10–12 тисяч", 10000, 12000)]),
    ("uk", "Десять тисяч, дванадцять тисяч, п'ять тисяч і п’ятсот.",
     [card("Десять тисяч", 10000), card("дванадцять тисяч", 12000), card("п'ять тисяч", 5000), card("п’ятсот", 500)]),
    ("uk", "Щонайменше 300 людей, до 5 тисяч, більше 100.",
     [card("300", 300, "at_least"), card("5 тисяч", 5000, "up_to"), card("100", 100, "over")]),
    ("uk", "28 жовтня 2024 року, 15 відсотків, 2-й батальйон, 25-річний чоловік.",
     [other("28", 28, "date"), other("2024", 2024, "year"), other("15", 15, "percent"), other("2", 2, "ordinal"),
      other("25", 25, "age")]),
    ("uk", "Тисячі людей, десятки тисяч біженців.", []),
    ("uk", "Тисяча людей, у віці 30 років.", [card("Тисяча", 1000), other("30", 30, "age")]),
    ("uk", "Сім'я з 5 осіб і 12 000 осіб.", [card("5", 5), card("12 000", 12000)]),
    ("uk", "У 2022 році приблизно 2000 військових.", [other("2022", 2022, "year"), card("2000", 2000, "about")]),
    ("uk", "Двісті п'ятдесят тисяч і сто двадцять.", [card("Двісті п'ятдесят тисяч", 250000),
                                                      card("сто двадцять", 120)]),
    ("uk", f"Близько 12{NBSP}000 і 3{NNBSP}500 осіб.", [card(f"12{NBSP}000", 12000, "about"),
                                                     card(f"3{NNBSP}500", 3500)]),
    # --- Korean ----------------------------------------------------------------------------------------
    ("ko", "북한군 1만 명 이상이 파병됐다.", [card("1만", 10000, "over")]),
    ("ko", "약 1만2000명, 1만~1만2000명이 이동했다.",
     [card("1만2000", 12000, "about"), between("1만~1만2000", 10000, 12000)]),
    ("ko", "1만여 명과 최대 1만 2천 명.", [card("1만", 10000, "about"), card("1만 2천", 12000, "up_to")]),
    ("ko", "3천 명, 10만 명, 만 명, 천 명.",
     [card("3천", 3000), card("10만", 100000), card("만", 10000), card("천", 1000)]),
    ("ko", "1억 2천만 원과 2천만 달러.", [card("1억 2천만", 1.2e8), card("2천만", 2e7)]),
    ("ko", "3년 만에 돌아왔다. 만약 그렇다면.", [card("3", 3)]),
    ("ko", "2024년 10월 28일 오전 10시.", [other("2024", 2024, "year"), other("10월 28일", 28, "date"),
                                     other("10", 10, "time")]),
    ("ko", "25세 남성, 15%, 제2 연평해전, 2번째.",
     [other("25", 25, "age"), other("15", 15, "percent"), other("2", 2, "ordinal"), other("2", 2, "ordinal")]),
    ("ko", "1,500명과 1~2만 명.", [card("1,500", 1500), between("1~2만", 10000, 20000)]),
    ("ko", "거의 1만 명, 최소 300명, 1만 명 가량.",
     [card("1만", 10000, "nearly"), card("300", 300, "at_least"), card("1만", 10000, "about")]),
    ("ko", "5000명 정도와 1,000명 미만.", [card("5000", 5000, "about"), card("1,000", 1000, "up_to")]),
    ("ko", "전화 02-1234-5678, 2024-10-22 15:06:52.",
     [other("02-1234-5678", 212345678, "phone"), other("2024-10-22", 22, "date"), other("15:06:52", 15, "time")]),
    ("ko", "1만 여성이 참여했다.", [card("1만", 10000)]),
    ("ko", "백만 명과 천만 명이 천천히, 만만치 않게.", [card("백만", 1e6), card("천만", 1e7)]),
    ("ko", "1천5백 명과 3백 명, 5조 원.", [card("1천5백", 1500), card("3백", 300), card("5조", 5e12)]),
    # --- German ----------------------------------------------------------------------------------------
    ("de", "Rund 1.500 Soldaten und etwa 12.000 Soldaten.", [card("1.500", 1500, "about"),
                                                             card("12.000", 12000, "about")]),
    ("de", "Mehr als 1,5 Millionen Menschen und fast 2 Mrd. Euro.",
     [card("1,5 Millionen", 1.5e6, "over"), card("2 Mrd.", 2e9, "nearly")]),
    ("de", "Zwischen 10.000 und 12.000 Soldaten, 10.000 bis 12.000 Mann.",
     [between("10.000 und 12.000", 10000, 12000), between("10.000 bis 12.000", 10000, 12000)]),
    ("de", "Bis zu 5.000 Soldaten, mindestens 300 Tote, über 100 Verletzte, ca. 50 Panzer.",
     [card("5.000", 5000, "up_to"), card("300", 300, "at_least"), card("100", 100, "over"), card("50", 50, "about")]),
    ("de", "Zehntausend, zwölftausend, einundzwanzig und zweihundertfünfzigtausend.",
     [card("Zehntausend", 10000), card("zwölftausend", 12000), card("einundzwanzig", 21),
      card("zweihundertfünfzigtausend", 250000)]),
    ("de", "Eine Million Menschen und hundert Panzer.", [card("Eine Million", 1e6), card("hundert", 100)]),
    ("de", "Dreihundertfünfundsechzig Tage, eintausend Soldaten, zweiundvierzig Millionen Euro.",
     [card("Dreihundertfünfundsechzig", 365), card("eintausend", 1000), card("zweiundvierzig Millionen", 42e6)]),
    ("de", "Tausende Menschen, Zehntausende Soldaten, ein Mann und eine Frau.", []),
    ("de", "Am 28. Oktober 2024, im Jahr 2022, 15 Prozent, 15 %.",
     [other("28", 28, "date"), other("2024", 2024, "year"), other("2022", 2022, "year"), other("15", 15, "percent"),
      other("15", 15, "percent")]),
    ("de", "Der 2. Weltkrieg. Es waren 12. Die Polizei kam um 14 Uhr.",
     [other("2", 2, "ordinal"), card("12", 12), other("14", 14, "time")]),
    ("de", "Ein 25-jähriger Mann, im Alter von 30 Jahren.", [other("25", 25, "age"), other("30", 30, "age")]),
    ("de", "1,5 Mio. Menschen, 3,2 Mrd. Euro und 12,000 Soldaten.",
     [card("1,5 Mio.", 1.5e6), card("3,2 Mrd.", 3.2e9), card("12,000", 12000)]),
    ("de", "Am 21.10.2024 und am 21.10. kamen 1.234,5 Tonnen.",
     [other("21.10.2024", 21, "date"), other("21.10.", 21, "date"), card("1.234,5", 1234.5)]),
    ("de", "Von 2020 bis 2024 kamen zwölf Schiffe.", [("2020 bis 2024", 2020, 2024, "range", "year_span"),
                                                     card("zwölf", 12)]),
    # --- French ----------------------------------------------------------------------------------------
    ("fr", "Environ 1 500 soldats et quelque 12 000 soldats.",
     [card("1 500", 1500, "about"), card("12 000", 12000, "about")]),
    ("fr", f"Près de 12{NBSP}000 soldats et 3{NNBSP}500 chars.", [card(f"12{NBSP}000", 12000, "nearly"),
                                                               card(f"3{NNBSP}500", 3500)]),
    ("fr", "Plus de 1,5 million de personnes et près de 2 milliards.",
     [card("1,5 million", 1.5e6, "over"), card("2 milliards", 2e9, "nearly")]),
    ("fr", "Entre 10 000 et 12 000 soldats.", [between("10 000 et 12 000", 10000, 12000)]),
    ("fr", "Dix mille soldats, douze mille civils, cent mille réfugiés.",
     [card("Dix mille", 10000), card("douze mille", 12000), card("cent mille", 100000)]),
    ("fr", "Vingt et un, soixante-quinze, quatre-vingt-dix-sept, deux cents.",
     [card("Vingt et un", 21), card("soixante-quinze", 75), card("quatre-vingt-dix-sept", 97),
      card("deux cents", 200)]),
    ("fr", "Le 28 octobre 2024, en 2022, 15 % et 15 pour cent.",
     [other("28", 28, "date"), other("2024", 2024, "year"), other("2022", 2022, "year"), other("15", 15, "percent"),
      other("15", 15, "percent")]),
    ("fr", "Le 1er mai, la 2e division, la 3ème armée, à 14h30, âgé de 25 ans.",
     [other("1", 1, "date"), other("2", 2, "ordinal"), other("3", 3, "ordinal"), other("14", 14, "time"),
      other("25", 25, "age")]),
    ("fr", "Au moins 300 morts, jusqu'à 5 000 blessés, presque 100 chars.",
     [card("300", 300, "at_least"), card("5 000", 5000, "up_to"), card("100", 100, "nearly")]),
    ("fr", "Plus d'un million de personnes.", [card("un million", 1e6, "over")]),
    ("fr", "Soixante et onze morts, mille deux cents blessés, trois cent mille réfugiés.",
     [card("Soixante et onze", 71), card("mille deux cents", 1200), card("trois cent mille", 300000)]),
    ("fr", "Un homme, une femme et des milliers de personnes.", []),
    ("fr", "Les effectifs sont passés de 3 000 à 10 000.", [card("3 000", 3000), card("10 000", 10000)]),
    ("fr", "Quelque 12.000 soldats et 1,5 million de civils.", [card("12.000", 12000, "about"),
                                                                card("1,5 million", 1.5e6)]),
]


def _as_tuple(mention: NumberMention) -> Expected:
    return (mention.text, mention.value, mention.value_max, mention.qualifier, mention.kind)


@pytest.mark.parametrize(("lang", "sentence", "expected"), CASES)
def test_find_numbers(lang: str, sentence: str, expected: list[Expected]) -> None:
    found = find_numbers(sentence, lang)
    assert [_as_tuple(mention) for mention in found] == expected
    for mention in found:
        assert mention.approx == (mention.qualifier != "exact")
        assert sentence[mention.start:mention.end] == mention.text


def test_every_language_has_a_dozen_cases() -> None:
    counts = {lang: sum(case[0] == lang for case in CASES) for lang in LANGS}
    assert min(counts.values()) >= 12, counts


@pytest.mark.parametrize(("lang", "sentence", "spans"), [
    ("id", "NIS menuduh Korea Utara telah mengirim sekitar 1.500 tentara ke Rusia", ["sekitar 1.500"]),
    ("id", "antara 10.000 dan 12.000 tentara", ["antara 10.000 dan 12.000"]),
    ("id", "sekitar 10.000-12.000 tentara", ["sekitar 10.000-12.000"]),
    ("ko", "북한군 1만 명 이상이", ["1만 명 이상"]),
    ("ko", "1만여 명이", ["1만여"]),
    ("ko", "약 1만 명", ["약 1만"]),
    ("ru", "от 10 до 12 тысяч военных", ["от 10 до 12 тысяч"]),
    ("en", "between 10,000 and 12,000 troops", ["between 10,000 and 12,000"]),
    ("en", "more than 5 or more than 6", ["more than 5", "more than 6"]),
    ("en", "5 or more troops", ["5 or more"]),
    ("de", "bis zu 5.000 Soldaten", ["bis zu 5.000"]),
    ("fr", "jusqu’à 5 000 soldats", ["jusqu’à 5 000"]),
    ("uk", "щонайменше 300 людей", ["щонайменше 300"]),
])
def test_spans_cover_qualifiers_but_not_nouns(lang: str, sentence: str, spans: list[str]) -> None:
    found = find_numbers(sentence, lang)
    assert [sentence[m.span_start:m.span_end] for m in found] == spans


@pytest.mark.parametrize(("lang", "text", "value"), [
    ("en", "1,500", 1500), ("en", "1.5", 1.5), ("en", "1.500", 1500), ("en", "0.500", 0.5),
    ("en", "1,500,000", 1.5e6), ("en", "1,234.5", 1234.5), ("en", "1.125 million", 1.125e6),
    ("id", "1.500", 1500), ("id", "1,5", 1.5), ("id", "12,000", 12000), ("id", "1.500.000", 1.5e6),
    ("id", "1,5 juta", 1.5e6), ("id", "1,125 juta", 1.125e6), ("id", "1.234,5", 1234.5),
    ("de", "1.500", 1500), ("de", "1,5 Millionen", 1.5e6), ("de", "12,000", 12000),
    ("fr", "12 000", 12000), ("fr", f"12{NBSP}000", 12000), ("fr", f"12{NNBSP}000", 12000), ("fr", "1,5", 1.5),
    ("fr", "12.000", 12000), ("fr", "1 500 000", 1.5e6), ("ru", "12 000", 12000), ("ru", "1,5 млн", 1.5e6),
    ("uk", "1 500 000", 1.5e6), ("ko", "1,500", 1500), ("ko", "1.5", 1.5), ("en", f"12{NBSP}000", 12000),
])
def test_separators(lang: str, text: str, value: float) -> None:
    (mention,) = find_numbers(text, lang)
    assert (mention.text, mention.value) == (text, value)


@pytest.mark.parametrize("text", [
    "1" * 16, "1" * 100, "1.1.1.1", "1,2,3", "1,234,5", "v1.2.3", "da6705e70e6c2523", "G7", "3D", "10km",
    "COVID-19", "Su-35",
])
def test_not_numbers(text: str) -> None:
    assert find_numbers(text, "en") == []


def test_fifteen_digits_is_the_limit() -> None:
    assert [m.value for m in find_numbers("1" * 15, "en")] == [111111111111111.0]


def test_unknown_language_reads_like_english() -> None:
    text = "About 1,500 troops and 1.5 million people."
    assert find_numbers(text, "xx") == find_numbers(text, "en")


def test_empty_and_numberless_text() -> None:
    assert find_numbers("", "en") == []
    assert find_numbers("No figures here.", "id") == []


def _check_invariants(text: str, found: list[NumberMention]) -> None:
    last_end = 0
    for mention in found:
        assert last_end <= mention.span_start <= mention.start < mention.end <= mention.span_end <= len(text)
        assert mention.text == text[mention.start:mention.end]
        assert math.isfinite(mention.value)
        assert mention.value_max is None or (math.isfinite(mention.value_max) and mention.value < mention.value_max)
        assert mention.qualifier in QUALIFIERS and mention.kind in NUMBER_KINDS
        assert mention.approx == (mention.qualifier != "exact")
        last_end = mention.span_end


@pytest.mark.parametrize(("lang", "sentence", "expected"), CASES)
def test_table_sentences_keep_the_invariants(lang: str, sentence: str, expected: list[Expected]) -> None:
    _check_invariants(sentence, find_numbers(sentence, lang))


TRICKY = st.sampled_from([
    "1", "12", "1,500", "1.500", "12 000", "\u00a0", "\u202f", " ", "-", "–", "~", ".", ",", "/", ":", "%", "+",
    "(", ")", "[", "]", "about ", "sekitar ", "около ", "약 ", "etwa ", "environ ", "between ", " and ", " to ",
    " hingga ", "от ", " до ", "만", "천", "억", "명", " 이상", "여", "ribu", "juta", "тысяч", "тис.", "млн",
    "thousand", "million", "Millionen", "mille", "ten", "dua", "belas", "puluh", "десять", "п'ять", "zehn",
    "tausend", "und", "vingt", "et", "un", "a", "hundred", "2024", "1950-1953", "21/10/2024", "15:06",
    "Oktober", "октября", "년", "월", "일", "persen", "-year-old", "ke-", "제", "1st", "10k", "Rp", "F-",
    "'", "’", "\x00", "é", "ß", "İ", "\n",
])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(TRICKY, max_size=40).map("".join)), st.sampled_from((*LANGS, "xx")))
def test_never_crashes_and_keeps_the_invariants(text: str, lang: str) -> None:
    _check_invariants(text, find_numbers(text, lang))


def _adversarial_megabyte() -> str:
    rng = random.Random(7)
    alphabet = "abcXYZйцукЖЩ한국만천억ribujutaтысяч0123456789.,:/-–~ ()[]{}%+\u00a0\u202f'’\n"
    parts = [
        "1" * 100_000, "1." * 50_000, "1," * 50_000, "1 " * 5_000 + "1\u00a0" * 5_000,
        "(" * 50_000 + "[{" * 25_000 + ")" * 50_000,
        "".join(rng.choice(alphabet) for _ in range(200_000)),
        "sekitar 1.500 tentara, antara 10.000 hingga 12.000, от 10 до 12 тысяч, 1만~1만2000명 이상, "
        "between ten and twelve thousand, zweihundertfünfzigtausend, quatre-vingt-dix-sept. " * 1_000,
        "+62 21 1234 5678 (021) 555-1234 2024-10-22 15:06:52 21/10/2024 " * 1_000,
        "da6705e70e6c2523 F-16 ISO 9001 MH17 1.1.1.1 1,1,1, " * 2_000,
    ]
    text = "".join(parts)
    return (text * (1_000_000 // len(text) + 1))[:1_000_000]


@pytest.mark.parametrize("lang", ["en", "id", "ko"])
def test_one_megabyte_of_adversarial_text_is_fast(lang: str) -> None:
    text = _adversarial_megabyte()
    began = time.perf_counter()
    found = find_numbers(text, lang)
    assert time.perf_counter() - began < 2.0
    _check_invariants(text, found)
