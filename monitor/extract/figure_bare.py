"""Numbers with no counted noun next to them, which real news is full of: "another 95", "nämlich 44",
"600 of them", "ещё 555". Such a number is a figure unless something says it is not one: a measure or
time unit after it ("170 mm", "five hours", "27일"), a noun that counts places or steps of an argument
("17 regions", "two phases"), a list marker ("2. Putin ..."), a small number written in words ("one
of", "dua"), or a key-value pair ("quality = 75"). What it counts is carried from the figure before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from monitor.extract.figure_counted import Counted, is_duration, state_after
from monitor.extract.figure_words import GLUED
from monitor.extract.model import CARDINAL, NumberMention
from monitor.extract.packs import phrase_regex, word_lists
from monitor.watchlist import Watchlist

GENERIC_UNIT = "count"
# Units that count people: what happened to them may be said after a bare count, and whose they are may
# be said a sentence before (monitor.extract.figures).
PEOPLE_UNITS = frozenset({"troops", "people", "killed", "wounded", "casualties", "captured"})
AREA_UNIT = "km2"
# Area written with a symbol, in any script: "1294㎢", "1 294 км²", "40 km2", "12 sq km".
_AREA_SYMBOL = re.compile(r"[ \u00a0]?(㎢|(?:km|км)(?:²|2(?!\d))|sq\.? ?km\b|кв\.? ?км)", re.IGNORECASE)
_SMALL_WORD_NUMBER = 100  # below this, a number in words ("two", "dua", "три") is a figure only with a noun
_NEXT_WORD = re.compile(r"[ \u00a0\u202f]?([^\s\d.,;:!?()\[\]{}\"“”„«»'’]+)")
_AREA_MARK = re.compile(r"[²2]|\s*(?:sq|square)\b", re.IGNORECASE)
_LIST_MARKER = re.compile(r"[.)](?:\s|$)")
_KEY_MARK = re.compile(r"[=#№]\s*$")
_ORDINAL_SUFFIX = re.compile(r"[-‐‑][^\W\d_]{1,3}(?![^\W\d_])")  # "25-те", "3-й", "2-ге"


def _entries(table: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[frozenset[str], tuple[str, ...]]]:
    """Per language: the exact words and the prefixes (entries ending in '*')."""
    return {lang: (frozenset(w.casefold() for w in words if not w.endswith("*")),
                   tuple(w[:-1].casefold() for w in words if w.endswith("*")))
            for lang, words in table.items()}


_MEASURES = _entries(word_lists("figures", "measure_units"))
_PLACES = _entries(word_lists("figures", "place_nouns"))
_DESIGNATORS = {lang: frozenset(w.casefold() for w in words)
                for lang, words in word_lists("figures", "designator_nouns").items()}
_WORD_BEFORE = re.compile(r"([^\s\d\"“”„«»(]+)[ \u00a0]+$")
_DURATIONS = _entries(word_lists("figures", "duration_units"))
_HYPHEN_WORD = re.compile(r"[-‐‑]([^\W\d_]+)")



def _listed(word: str, entries: tuple[frozenset[str], tuple[str, ...]] | None, glued: bool) -> bool:
    if entries is None:
        return False
    exact, prefixes = entries
    folded = word.casefold()
    if folded in exact or folded.startswith(prefixes):
        return True
    return glued and any(folded.startswith(entry) for entry in exact)


def _next_word(text: str, number: NumberMention) -> tuple[str, int] | None:
    found = _NEXT_WORD.match(text, number.end)
    return (found.group(1), found.end(1)) if found else None


def _is_list_marker(text: str, number: NumberMention) -> bool:
    line_start = text.rfind("\n", 0, number.start) + 1
    return not text[line_start:number.start].strip() and _LIST_MARKER.match(text, number.end) is not None


def _modifier_compound(text: str, number: NumberMention, lang: str) -> bool:
    """"5-year", "10-km", "12-point", "5-paragraph": the number describes the noun it is joined to."""
    joined = _HYPHEN_WORD.match(text, number.end)
    if joined is None:
        return False
    word = joined.group(1)
    return (_listed(word, _MEASURES.get(lang), False) or _listed(word, _PLACES.get(lang), False)
            or word.casefold() in _DESIGNATORS.get(lang, frozenset()) or _listed(word, _DURATIONS.get(lang), False))


_RATE_BEFORE, _RATE_AFTER = 80, 40  # characters of the sentence read around a percentage
_RATES = {lang: phrase_regex(words, lang in GLUED) for lang, words in word_lists("figures", "rate_words").items()}


def is_rate(text: str, number: NumberMention, bounds: tuple[int, int], lang: str) -> bool:
    """A percentage near a word of rates or changes ("inflation rose to 9.1%"): not a reported share."""
    pattern = _RATES.get(lang)
    if pattern is None:
        return False
    low, high = max(bounds[0], number.span_start - _RATE_BEFORE), min(bounds[1], number.span_end + _RATE_AFTER)
    return pattern.search(text, low, high) is not None


_ENCLOSED = re.compile(r"\[[0-9]+\]|\([0-9]+\)")
_DIGIT_NEIGHBOUR_BEFORE = re.compile(r"(?:[0-9][ \u00a0]?|[0-9][.:/-])$")
_DIGIT_NEIGHBOUR_AFTER = re.compile(r"[ \u00a0]?[0-9]|[.:/-][0-9]")


def _in_digit_run(text: str, number: NumberMention) -> bool:
    """Part of a phone number, a code or a list of numbers with nothing between ("+33 1 23 45", "0001")."""
    return (_DIGIT_NEIGHBOUR_BEFORE.search(text, max(0, number.start - 2), number.start) is not None
            or _DIGIT_NEIGHBOUR_AFTER.match(text, number.end) is not None
            or (number.text.startswith("0") and len(number.text) > 1 and number.text[1].isdigit()))


def _designated(text: str, number: NumberMention, lang: str) -> bool:
    before = _WORD_BEFORE.search(text, max(0, number.span_start - 30), number.span_start)
    return before is not None and before.group(1).casefold().rstrip(".") in _DESIGNATORS.get(lang, frozenset())


def may_be_bare_figure(text: str, number: NumberMention, lang: str) -> bool:
    """Whether a cardinal with no counted noun is still a reported figure (see the module docstring)."""
    if number.kind != CARDINAL:
        return False
    if not any(ch.isdigit() for ch in number.text) and number.value < _SMALL_WORD_NUMBER:
        return False
    if number.start > 0 and text[number.start - 1].isalpha():
        return False  # glued to the word before: a name or code ("뉴스1", "Su-34")
    if _in_digit_run(text, number) or _ENCLOSED.fullmatch(text, max(0, number.start - 1), number.end + 1):
        return False  # a phone number, a code, a footnote mark "[2]" or a list mark "(1)"
    if _ORDINAL_SUFFIX.match(text, number.end) or _modifier_compound(text, number, lang):
        return False
    if _is_list_marker(text, number) or _KEY_MARK.search(text[max(0, number.span_start - 3):number.span_start]):
        return False
    if _designated(text, number, lang):
        return False
    following = _next_word(text, number)
    if following is not None:
        word, end = following
        glued = lang in GLUED and number.end == end - len(word)
        if _listed(word, _MEASURES.get(lang), glued) and not _AREA_MARK.match(text, end):
            return False
        if _listed(word, _PLACES.get(lang), glued):
            return False
    return not is_duration(text, number, lang)


@dataclass(frozen=True, slots=True)
class DomainNoun:
    """A watchlist metric's own counted noun for one language: its pattern and the unit it counts."""

    pattern: re.Pattern[str]
    unit: str


def domain_nouns(watchlists: Sequence[Watchlist], lang: str) -> tuple[DomainNoun, ...]:
    """The counted nouns the watchlists' metrics bring for `lang` ("hostages", "Geiseln"), a few words after
    the number ("12 Israeli hostages"), for the document being read."""
    found: list[DomainNoun] = []
    for metric in (m for w in watchlists for m in w.metrics if m.nouns):
        words = next((nouns for code, nouns in metric.nouns if code == lang), ())
        if words:
            nouns = phrase_regex(words, lang in GLUED).pattern
            found.append(DomainNoun(re.compile(rf"(?:[ \u00a0]+[^\W\d_][\w'’-]*){{0,3}}?[ \u00a0]*{nouns}",
                                               re.IGNORECASE), metric.units[0]))
    return tuple(found)


def domain_counted(text: str, number: NumberMention, nouns: Sequence[DomainNoun]) -> Counted | None:
    """What a cardinal counts by a watchlist's own noun after it, if one is there."""
    if number.kind != CARDINAL:
        return None
    for noun in nouns:
        found = noun.pattern.match(text, number.end)
        if found is not None:
            return Counted(noun.unit, found.group().strip(), found.end())
    return None


def bare_counted(text: str, number: NumberMention, lang: str, carried: Counted | None) -> Counted | None:
    """What a bare number counts: the thing counted just before it, else a generic count; None when
    it is not a figure."""
    if not may_be_bare_figure(text, number, lang):
        return None
    symbol = _AREA_SYMBOL.match(text, number.end)
    if symbol is not None:
        return Counted(AREA_UNIT, symbol.group(1), symbol.end())
    if carried is None:
        return Counted(GENERIC_UNIT, "", number.end)
    if carried.unit in PEOPLE_UNITS:  # "100 tewas, dan 1.000 lainnya menderita luka": its own state
        return Counted(state_after(text, number.end, lang) or carried.unit, carried.phrase, number.end)
    return Counted(carried.unit, carried.phrase, number.end)
