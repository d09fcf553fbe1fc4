"""An article's publication date, read from its text.

Pure functions: they take the text (and, where a year must be guessed, the reference time `now`) and
return values; no I/O, no clock. What the languages write (month and weekday names, day endings,
connectors, labels of publication lines, time words, am/pm words) is pack data:
`monitor/lang/<code>/text.toml`; the forms below are the same for every language.

Full dates: "2024-10-28", "2024.8.27.", "28/10/2024", "17-06-2025", "28 Oktober 2024", "26th Nov, 2024",
"16 de septiembre de 2024", "October 28, 2024", "2024년 10월 28일", with a time after them ("20:50 Uhr",
"pukul 15.06 WIB", "à 08h30", "오후 8:55", "00:30 МСК"). Dates without a year ("Kamis (19/12)",
"lundi 16 septembre", "10월 24일(목)", "on 9 January") are read when the year can be told: from the
article's own full dates (the year that puts the date nearest the latest of them, and agrees with its
weekday when one is written), else, for a date with a weekday, the latest year not after `now` in which
that day falls on that weekday. A date without a year counts only on a publication line ("Publié le
lundi 16 septembre") or beside a weekday: alone ("leaves on 20 January") it is as often a coming one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice

from monitor.extract.boilerplate import STRIP_CHARS, is_boilerplate
from monitor.extract.packs import pack_flags, word_lists

__all__ = ["MONTHS", "find_publication_date"]


def _forms(field: str) -> dict[str, int]:
    """Each form of a pack's ordered names (months, weekdays), lower-cased, to its index from 1."""
    return {name.lower(): index + 1 for names in word_lists("text", field).values()
            for index, forms in enumerate(names) for name in forms.split()}


def _alternation(*fields: str) -> str:
    words = sorted({w for field in fields for found in word_lists("text", field).values() for w in found},
                   key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in words) or "(?!)"


MONTHS: dict[str, int] = _forms("months")
_WEEKDAYS = {name: index - 1 for name, index in _forms("weekdays").items()}  # Monday 0, as date.weekday()
_MONTH_FIRST = pack_flags("text", "numeric_dates_month_first")
_NOON = {w.lower(): "a" for ws in word_lists("text", "am_words").values() for w in ws} | {
    w.lower(): "p" for ws in word_lists("text", "pm_words").values() for w in ws}

_SUFFIX = rf"(?i:{_alternation('day_suffixes')})?"
_JOIN = rf"(?:(?i:{_alternation('date_connectors')})\s+)?"
_WORD = r"[^\W\d_]{3,12}"
_MONTH_NAMES = "|".join(map(re.escape, sorted(MONTHS, key=len, reverse=True))) or "(?!)"
_NAMED = rf"(?i:{_MONTH_NAMES})(?![^\W\d_])"  # names only: a weekday must not pass for a month ("lundi 16")


def _day_month(month: str) -> str:
    return rf"(?P<dd>\d{{1,2}}){_SUFFIX}\.?\s+{_JOIN}(?P<dm>{month})"


def _month_day(month: str) -> str:
    return rf"(?P<mm>{month})\.?\s+(?P<md>\d{{1,2}}){_SUFFIX}"


_DATE = re.compile(
    r"(?<!\d)(?P<iy>\d{4})(?:[-/]|\.\s?)(?P<im>\d{1,2})(?:[-/]|\.\s?)(?P<id>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4})(?!\d)"
    r"|(?<!\d)(?P<ky>\d{4})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일"
    rf"|(?<![\d.,]){_day_month(_WORD)}\.?,?\s+{_JOIN}(?P<dy>\d{{4}})(?!\d)"
    rf"|(?<!\w){_month_day(_WORD)},?\s+(?P<my>\d{{4}})(?!\d)"
)
# The same forms without a year; read only where full dates or a weekday tell the year, numeric ones
# ("19/12") only beside a weekday.
_PARTIAL = re.compile(
    r"(?<![\d.,/])(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})(?![\d/.-]?\d)"
    r"|(?<!\d)(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일"
    rf"|(?<![\d.,]){_day_month(_NAMED)}"
    rf"|(?<!\w){_month_day(_NAMED)}(?!\d)"
)
_WEEKDAY_NAMES = "|".join(map(re.escape, sorted(_WEEKDAYS, key=len, reverse=True))) or "(?!)"
_WEEKDAY_BEFORE = re.compile(rf"(?<!\w)(?P<wd>{_WEEKDAY_NAMES})(?P<sep>[\s,]*\(?\s*)$", re.IGNORECASE)
_WEEKDAY_AFTER = re.compile(rf"[\s,]*(?P<open>\(?)\s*(?P<wd>{_WEEKDAY_NAMES})(?!\w)", re.IGNORECASE)
_ZONES = {"z": 0, "utc": 0, "gmt": 0, "wib": 7, "wita": 8, "wit": 9, "kst": 9, "jst": 9, "msk": 3, "мск": 3,
          "cet": 1, "cest": 2, "eet": 2, "eest": 3, "bst": 1, "est": -5, "edt": -4, "pst": -8, "pdt": -7}
_ZONE_NAMES = "|".join(sorted(_ZONES, key=len, reverse=True))
_NOON_WORDS = "|".join(map(re.escape, sorted(_NOON, key=len, reverse=True))) or "(?!)"
_TIME = re.compile(
    r"\.?\s*(?:[,|\-–—]\s*)?(?:(?:" + _alternation("time_words") + r")\s+)?T?"
    rf"(?:(?P<pre>{_NOON_WORDS})\s*)?"
    r"(?P<h>\d{1,2})(?:[:.]|h(?=\d))(?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?(?!\d)"
    rf"(?:\s*(?P<ap>{_NOON_WORDS})(?![^\W\d_]))?"
    rf"(?:\s*\(?(?P<z>{_ZONE_NAMES})\)?(?![^\W\d_]))?"
    r"(?:\s*(?P<off>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d))?",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(rf"^(?:{_alternation('published_labels')})(?!\w)", re.IGNORECASE)
_UPDATED = re.compile(rf"^(?:{_alternation('updated_labels')})(?!\w)", re.IGNORECASE)
_LINE = re.compile(r"[^\n\u2028\u2029]+")
# Other furniture (related headlines, captions) is read for a date only when this short,
# as a page's bare date line is ("Selasa, 22/10/2024 15:06 WIB").
_DATE_LINE_WORDS = 8
_SCAN_CHARS = 5_000
_WEEKDAY_YEARS = 28  # the calendar repeats its weekdays every 28 years


@dataclass(frozen=True, slots=True)
class _Partial:
    """A date without a year: its month, day, weekday (Monday 0) if written, and its time."""

    month: int
    day: int
    weekday: int | None
    clock: tuple[int, int, int, timedelta]


def _numeric_day_month(first: int, second: int, lang: str) -> tuple[int, int]:
    """(day, month) of "a/b/yyyy": day first unless impossible; English prefers month first."""
    if first > 12:
        return first, second
    if second > 12 or lang in _MONTH_FIRST:
        return second, first
    return first, second


def _month_and_day(g: dict[str, str | None], lang: str) -> tuple[int, int] | None:
    """(month, day) of a _DATE or _PARTIAL match, None when the month word is not a month."""
    if g.get("na"):
        day, month = _numeric_day_month(int(g["na"] or 0), int(g["nb"] or 0), lang)
        return month, day
    if g.get("km"):
        return int(g["km"] or 0), int(g["kd"] or 0)
    named = MONTHS.get((g["dm"] or g["mm"] or "").lower())
    if named is None:
        return None
    return named, int(g["dd"] or g["md"] or 0)


def _date_parts(match: re.Match[str], lang: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a _DATE match, None when the month word is not a month."""
    g = match.groupdict()
    if g["iy"]:
        return int(g["iy"]), int(g["im"]), int(g["id"])
    if g["ky"]:
        return int(g["ky"]), int(g["km"]), int(g["kd"])
    found = _month_and_day(g, lang)
    year = g["ny"] or g["dy"] or g["my"]
    return None if found is None or year is None else (int(year), found[0], found[1])


def _time_after(text: str, pos: int) -> tuple[int, int, int, timedelta]:
    """Hour, minute, second and UTC offset written right after a date (00:00 UTC when none)."""
    found = _TIME.match(text, pos)
    if found is None:
        return 0, 0, 0, timedelta(0)
    hour, minute, second = int(found["h"]), int(found["mi"]), int(found["s"] or 0)
    noon = _NOON.get((found["pre"] or found["ap"] or "").lower())
    if noon and 1 <= hour <= 12:
        hour = hour % 12 + (12 if noon == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return 0, 0, 0, timedelta(0)
    offset = timedelta(hours=_ZONES.get((found["z"] or "").lower(), 0))
    if found["off"]:
        sign = -1 if found["off"] == "-" else 1
        offset = sign * timedelta(hours=int(found["oh"]), minutes=int(found["om"] or 0))
    return hour, minute, second, offset


def _at(year: int, month: int, day: int, clock: tuple[int, int, int, timedelta]) -> datetime | None:
    """The moment, in UTC; None for an impossible date (31/02)."""
    hour, minute, second, offset = clock
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC) - offset
    except ValueError:
        return None


def _full_dates(text: str, lang: str) -> Iterator[tuple[datetime, tuple[int, int]]]:
    """Every valid full date (with a year) in `text`, as an aware UTC datetime and its span."""
    for match in _DATE.finditer(text):
        parts = _date_parts(match, lang)
        if parts is None or not 1900 <= parts[0] <= 2100:
            continue
        found = _at(*parts, _time_after(text, match.end()))
        if found is not None:
            yield found, match.span()


def _weekday(text: str, start: int, end: int) -> int | None:
    """The weekday written right before a date ("Kamis (", "lundi ") or right after it ("(목)")."""
    before = _WEEKDAY_BEFORE.search(text, max(0, start - 24), start)
    after = _WEEKDAY_AFTER.match(text, end)
    for found, bracketed in ((before, before and "(" in before["sep"]), (after, after and after["open"])):
        if found and (len(found["wd"]) > 1 or bracketed):  # a one-letter form (Korean 목) only in brackets
            return _WEEKDAYS[found["wd"].lower()]
    return None


def _partial_dates(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[_Partial]:
    """The dates without a year in `text` (outside the `taken` spans of full dates)."""
    for match in _PARTIAL.finditer(text):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        found = _month_and_day(match.groupdict(), lang)
        if found is None or not 1 <= found[0] <= 12:
            continue
        weekday = _weekday(text, match.start(), match.end())
        if weekday is None and match["na"]:
            continue  # "3.5", "12/10" alone are as likely numbers as dates
        yield _Partial(found[0], found[1], weekday, _time_after(text, match.end()))


def _valid(year: int, partial: _Partial) -> date | None:
    try:
        day = date(year, partial.month, partial.day)
    except ValueError:
        return None
    return day if partial.weekday is None or day.weekday() == partial.weekday else None


def _year_of(partial: _Partial, anchor: datetime | None, now: datetime | None) -> int | None:
    """The year of a date without one: nearest the article's latest full date (`anchor`), else, with a
    weekday, the latest year up to `now` that agrees with it; None when neither tells."""
    if anchor is not None:
        near = [(abs((d - anchor.date()).days), d.year) for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                if (d := _valid(y, partial)) is not None]
        if near:
            return min(near)[1]
    if partial.weekday is None or now is None:
        return None
    floor = anchor.year if anchor is not None else now.year - _WEEKDAY_YEARS
    latest = now.date() + timedelta(days=1)  # the article's own zone may be a day ahead
    return next((y for y in range(now.year, floor - 1, -1)
                 if (d := _valid(y, partial)) is not None and d <= latest), None)


def _resolved(partials: list[_Partial], anchor: datetime | None, now: datetime | None) -> Iterator[datetime]:
    for partial in partials:
        year = _year_of(partial, anchor, now)
        found = None if year is None else _at(year, partial.month, partial.day, partial.clock)
        if found is not None:
            yield found


def _article_lines(text: str) -> list[str]:
    """The first 200 non-blank lines, stripped, each cut to the part read for dates."""
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = (match.group().strip(STRIP_CHARS) for match in _LINE.finditer(norm))
    return [line[:_SCAN_CHARS] for line in islice((line for line in stripped if line), 200)]


def _line_dates(line: str, lang: str) -> tuple[list[datetime], list[_Partial]]:
    full = list(_full_dates(line, lang))
    return [found for found, _ in full], list(_partial_dates(line, lang, [span for _, span in full]))


def _is_read(line: str, lang: str) -> bool:
    """Is `line` one of the article's own lines, an update line or a short date line?"""
    return not is_boilerplate(line, lang) or bool(_UPDATED.match(line)) or len(line.split()) <= _DATE_LINE_WORDS


def find_publication_date(text: str, lang: str, now: datetime | None = None) -> datetime | None:
    """The article's own date: an explicit "Published"/"Diterbitkan"/"입력" line first, else the latest
    date the article's own lines give (news reports what has happened, so the latest date it names is the
    closest bound on when it was written). Dates without a year count where their year can be told (the
    module docstring says how; `now`, the reference time, is needed only for a weekday alone). None when
    there is none."""
    read = [(line, *_line_dates(line, lang)) for line in _article_lines(text)]
    full = [found for line, dates, _ in read if _is_read(line, lang) for found in dates]
    anchor = max(full, default=None)
    for line, dates, partials in read:
        if _PUBLISHED.match(line):
            found = dates[0] if dates else next(_resolved(partials, anchor, now), None)
            if found is not None:
                return found
    # A date without a year or weekday is as often a coming one ("leaves on 20 January"): publication lines only.
    yearless = [p for line, _, partials in read if _is_read(line, lang) for p in partials if p.weekday is not None]
    return max([*full, *_resolved(yearless, anchor, now)], default=None)
