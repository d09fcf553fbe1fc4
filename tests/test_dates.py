"""Publication dates read from text in every pack's formats (monitor/extract/dates.py, text.toml).

Every case of NEW_FORMS failed before dates were read beyond numeric and "28 Oktober 2024" forms: dates
with dashes, day endings and connectors, publication labels of more sites, am/pm and zone words, and dates
without a year told by their weekday. The clock is passed in (NOW), never read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.extract.dates import find_publication_date

NOW = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


NEW_FORMS = [
    # English: day endings and "of"; a weekday tells the year of "Monday, September 16"
    ("en", "Seoul, 26th Nov, 2024 - The ministry said.", utc(2024, 11, 26)),
    ("en", "LONDON, the 1st of March 2025 - The ministry said.", utc(2025, 3, 1)),
    ("en", "Published Monday, September 16\nThe ministry said.", utc(2024, 9, 16)),
    # Indonesian: a weekday and a day/month ("Kamis (19/12)"); "Diposting" labels the page's own date
    ("id", "Menurut NIS, seperti dilansir The Korea Herald, Kamis (19/12).", utc(2024, 12, 19)),
    ("id", "Diposting 22-10-2024 15:06 WIB\nPasukan tiba pada Jumat (25/10/2024).", utc(2024, 10, 22, 8, 6)),
    # Russian: Moscow time in Cyrillic; "во вторник, 27 августа"
    ("ru", "Опубликовано 27 августа 2024, 00:30 МСК\nТекст.", utc(2024, 8, 26, 21, 30)),
    ("ru", "Во вторник, 27 августа, Сырский заявил о 594 пленных.", utc(2024, 8, 27)),
    # Ukrainian: "17-06-2025, 21:14" under a byline; "у вівторок, 27 серпня"
    ("uk", "Друга поїздка Шойгу\n17-06-2025, 21:14 / Автор: Віталій Прокопенко\nТекст.", utc(2025, 6, 17, 21, 14)),
    ("uk", "У вівторок, 27 серпня, Сирський назвав ці цифри.", utc(2024, 8, 27)),
    # Korean: 오후 (p.m.) before the time; "기사입력" over a later date; "10월 24일(목)"
    ("ko", "입력 2024.08.27. 오후 8:55\n본문입니다.", utc(2024, 8, 27, 20, 55)),
    ("ko", "기사입력 2025.04.30 13:00\n회의는 2025년 5월 2일 열린다.", utc(2025, 4, 30, 13)),
    ("ko", "합참은 10월 24일(목) 이같이 밝혔다.", utc(2024, 10, 24)),
    # German: "Stand:" labels the page's date over a later deadline; "Am Montag, 16. September"
    ("de", "Stand: 13.08.2024 20:50 Uhr\nDie Frist endet am 31.12.2024.", utc(2024, 8, 13, 20, 50)),
    ("de", "Am Montag, 16. September, teilte Selenskyj mit.", utc(2024, 9, 16)),
    # French: "1er"; "Ce lundi 16 septembre"; "à 08h30"
    ("fr", "Paris, le 1er septembre 2024. Texte.", utc(2024, 9, 1)),
    ("fr", "Ce lundi 16 septembre, Alexeï Smirnov a exigé des évacuations.", utc(2024, 9, 16)),
    ("fr", "Publié le 20/05/2025 à 08h30\nTexte.", utc(2025, 5, 20, 8, 30)),
    # Spanish: "de" between day, month and year; "el lunes 16 de septiembre"; "1º"
    ("es", "Madrid, 16 de septiembre de 2024. Texto.", utc(2024, 9, 16)),
    ("es", "El lunes 16 de septiembre, Zelenski dijo.", utc(2024, 9, 16)),
    ("es", "Publicado el 1º de mayo de 2025 a las 10:30\nTexto.", utc(2025, 5, 1, 10, 30)),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NEW_FORMS)
def test_new_date_forms(lang: str, text: str, expected: datetime) -> None:
    assert find_publication_date(text, lang, NOW) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # A weekday alone needs the clock; without it nothing is guessed.
    ("id", "Pada Senin (28/10) pasukan tiba.", None),
    ("fr", "Ce lundi 16 septembre, Alexeï Smirnov a exigé.", None),
    # A full date elsewhere in the text tells the year of a weekday date, without the clock.
    ("id", "Pada Senin (21/10/2024) ada rapat. Lalu Kamis (24/10) pasukan tiba.", utc(2024, 10, 24)),
])
def test_without_the_clock(lang: str, text: str, expected: datetime | None) -> None:
    assert find_publication_date(text, lang) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # Numbers that look like a day and month are no date without a weekday.
    ("id", "Pada Selasa (22/10/2024) harga naik 12.11 persen dan 3/4 warga setuju.", utc(2024, 10, 22)),
    # A date without a year or weekday may be a coming one: not read outside a publication line.
    ("id", "Zelensky berbicara pada Sabtu (11/1/2025). Biden lengser pada 20 Januari.", utc(2025, 1, 11)),
    # The latest year up to the clock whose weekday agrees, never a later one.
    ("en", "On Thursday, December 19, officials said.", utc(2024, 12, 19)),
    ("en", "On Wednesday, December 31, officials said.", utc(2025, 12, 31)),
    # An impossible date, or a weekday no year of the last 28 agrees with, is no date.
    ("id", "Kamis (31/02) pasukan tiba.", None),
    # A weekday that disagrees with the year of the text's full dates: the clock tells, not later than it.
    ("fr", "L'invasion du 24 février 2022. Ce lundi 16 septembre, Smirnov a exigé.", utc(2024, 9, 16)),
    # One-letter weekday forms (Korean 목) count only in brackets.
    ("ko", "할 수 10월 24일 회의.", None),
    # A publication line reads a date without a year against the text's full dates.
    ("en", "Published: December 2\nThe strike of 28 November 2024 killed 3.", utc(2024, 12, 2)),
])
def test_guards(lang: str, text: str, expected: datetime | None) -> None:
    assert find_publication_date(text, lang, NOW) == expected


def test_dates_are_utc_and_never_after_the_clock() -> None:
    for lang, text, _ in NEW_FORMS:
        found = find_publication_date(text, lang, NOW)
        assert found is not None and found.utcoffset() is not None and not found.utcoffset()
        assert found <= NOW
