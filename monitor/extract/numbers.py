"""Numeric expressions in news text: digits, number words, scale words, ranges and qualifiers.

Separators: the locale's group mark always groups (en/ko ",", id/de ".", fr/ru/uk a space); U+00A0 and
U+202F group everywhere. Another "." or "," groups only if exactly three digits (then a non-digit) follow
it, the part before it is not "0" and no scale word follows the number: "12,000 tentara" is 12000 in
Indonesian too, but "1.125 million" is 1.125 million. Repeated identical marks group ("1,500,000"); of two
different marks the last is the decimal ("1.234,5").

Non-cardinals keep a value: date (day of month), time (hour), year, year_span, percent, ordinal, age,
phone (its digits). More than 15 digits, or digits glued to letters ("F-16", "da6705e7"), is no number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from monitor.extract.model import QUALIFIERS, NumberMention
from monitor.extract.numbers_lexicon import LANGUAGES, STRUCTURAL, STRUCTURAL_KINDS, Connector, Lang, Role

_MAX_DIGITS = 15  # longer digit runs are identifiers, not counts
_WINDOW = 40  # how far before a number to look for a qualifier
_MULTIPLIERS = frozenset({Role.MULT, Role.SCALE})  # the only words that may follow digits


# --- dates, times and phone numbers, found first and masked out --------------------------------------

def _structural_value(kind: str, found: re.Match[str], index: int) -> float | None:
    def number(name: str) -> int:
        return int(found.group(f"{name}{index}"))

    if kind == "phone":
        digits = re.sub(r"[^0-9]", "", found.group())
        return float(digits) if 7 <= len(digits) <= _MAX_DIGITS else None
    if kind == "time":
        return float(number("hour")) if number("hour") <= 24 and number("minute") < 60 else None
    groups = found.groupdict()
    if groups.get(f"day{index}"):
        day, month = number("day"), number("month")
    else:
        if groups.get(f"sep{index}") is None and len(found.group()) < 4:
            return None  # "1/2" is a fraction more often than a date
        first, second = number("x"), number("y")
        day, month = (first, second) if second <= 12 else (second, first)
    return float(day) if 1 <= day <= 31 and 1 <= month <= 12 else None


def _structural(text: str) -> tuple[list[NumberMention], str]:
    """Phone numbers, dates and times, and the text with them (and links) blanked out for the number reader."""
    found: list[NumberMention] = []
    parts: list[str] = []
    last = 0
    for match in STRUCTURAL.finditer(text):
        index = int((match.lastgroup or "s0")[1:])
        kind = STRUCTURAL_KINDS[index]
        value = None if kind == "skip" else _structural_value(kind, match, index)
        if value is None and kind != "skip":
            continue
        start, end = match.span()
        if value is not None:
            found.append(NumberMention(start, end, start, end, value, None, "exact", False, kind, text[start:end]))
        parts += [text[last:start], "\x00" * (end - start)]
        last = end
    parts.append(text[last:])
    return found, "".join(parts)


# --- pieces: digit runs and number words ------------------------------------------------------------

class _Piece(NamedTuple):  # NamedTuple, not a frozen dataclass: built for every number, and cheaper
    start: int
    end: int
    value: float
    role: str
    word: str = ""
    plain: bool = False  # digits without separators or decimals ("2024")


def _read_digits(found: re.Match[str], text: str, lang: Lang) -> tuple[str, str] | None:
    """Integer and fraction digits of a digit token, by the separator rules in the module docstring."""
    token, separator = found.group("num", "sep")
    if separator is None:
        whole, _, fraction = token.replace(",", ".").partition(".")
        return whole, fraction
    fraction = found.group("fraction") or ""
    if fraction[:1] == separator:
        return None  # "1,234,5": one mark used two ways
    groups = token[:len(token) - len(fraction)].split(separator)
    if separator not in lang.group_marks and len(groups) == 2 and not fraction and (
            groups[0] == "0" or lang.scale_after.match(text, found.end())):
        return groups[0], groups[1]  # "1.125 million", "0,500": a decimal mark after all
    return "".join(groups), fraction[1:]


def _digit_piece(found: re.Match[str], text: str, lang: Lang) -> _Piece | None:
    digits = _read_digits(found, text, lang)
    if digits is None or len(digits[0]) > _MAX_DIGITS:
        return None
    whole, fraction = digits
    value = float(f"{whole}.{fraction}" if fraction else whole)
    plain = not fraction and found.group("sep") is None
    return _Piece(found.start(), found.end(), value, Role.DIGITS, plain=plain)


def _word_pieces(found: re.Match[str], lang: Lang) -> Iterator[_Piece]:
    start, word = found.start("word"), found.group("word")
    parts = [(part.start(), part.group()) for part in lang.morphemes.finditer(word)] if lang.morphemes else [(0, word)]
    for offset, form in parts:
        key = form.lower().replace("’", "'").replace("ʼ", "'")
        if (entry := lang.table.words.get(key)) is not None:
            yield _Piece(start + offset, start + offset + len(form), entry[0], entry[1], key)


def _pieces(masked: str, lang: Lang) -> list[_Piece]:
    """Digit runs and number words in text order: two patterns whose matches never overlap (one alternation
    of the two finds the same), so the digits' can open with a character class, which re scans for fast."""
    first = lang.words.match(masked) if lang.word_starts is not None else None  # a word at the very start
    words = lang.words.finditer(masked) if lang.word_starts is None else \
        lang.word_starts.finditer(masked, first.end() if first is not None else 0)
    found = [*lang.digits.finditer(masked), *([first] if first is not None else []), *words]
    found.sort(key=re.Match.start)  # stable: a digit run right before a word (its "word" group) stays first
    pieces: list[_Piece] = []
    for match in found:
        if match.re is not lang.digits:
            pieces.extend(_word_pieces(match, lang))
        elif (piece := _digit_piece(match, masked, lang)) is not None:
            pieces.append(piece)
    return pieces


# --- numerals: pieces read together ("dua belas ribu", "1만 2천", "1,5 млн") --------------------------

def _additive_limit(current: float, vigesimal: frozenset[int]) -> float:
    """The unit may be added after `current` only if below this: 20 + 5 and 100 + 20, but not 12 + 5; after
    the pack's vigesimal tens, below 20 (soixante-quinze, quatre-vingt-douze)."""
    if current <= 0 or current != math.floor(current):
        return 0.0
    whole, place = int(current), 1
    while whole % (place * 10) == 0:
        place *= 10
    if whole % 100 in vigesimal:
        return 20.0
    return float(place) if place != whole or whole >= 100 else 1.0


class _Acc(NamedTuple):  # NamedTuple, not a frozen dataclass: replaced at every piece, and cheaper
    """A numeral being read: `total` holds the finished scale groups, `current` the group being read."""

    total: float = 0.0
    current: float = 0.0
    last_unit: float = 0.0  # the bare unit just read, which a following "hundred" or "belas" applies to
    last_scale: float = math.inf
    top_scale: float | None = None
    empty: bool = True

    def add(self, piece: _Piece, vigesimal: frozenset[int]) -> _Acc | None:
        if piece.role == Role.MULT:
            return self._multiply(piece.value, vigesimal)
        if piece.role == Role.SCALE:
            return self._scale(piece.value)
        if piece.role == Role.TEEN:
            return self.plus(piece.value) if 1 <= self.last_unit <= 9 else None
        ceiling = _additive_limit(self.current, vigesimal) if self.current else self.last_scale
        if piece.value >= ceiling:
            return None
        return self._replace(current=self.current + piece.value, last_unit=piece.value, empty=False)

    def plus(self, value: float) -> _Acc:
        return self._replace(current=self.current + value, last_unit=0.0, empty=False)

    def _multiply(self, factor: float, vigesimal: frozenset[int]) -> _Acc | None:
        unit = self.last_unit or (1.0 if self.empty else 0.0)
        if not unit or unit >= factor:
            return None
        rest = self.current - self.last_unit
        product = unit * factor
        if (rest and product >= _additive_limit(rest, vigesimal)) or rest + product >= self.last_scale:
            return None
        return self._replace(current=rest + product, last_unit=0.0, empty=False)

    def _scale(self, factor: float) -> _Acc | None:
        base = self.current or (1.0 if self.empty else 0.0)
        if not base or factor >= self.last_scale:
            return None
        return _Acc(total=self.total + base * factor, last_scale=factor, top_scale=self.top_scale or factor,
                    empty=False)


class _Numeral(NamedTuple):
    start: int
    end: int
    value: float
    top_scale: float | None  # the largest scale word in it, which a range's first number may borrow
    plain: str | None  # the digits of a numeral that is one plain digit run ("2024")


def _can_start(piece: _Piece, lang: Lang) -> bool:
    if piece.role in _MULTIPLIERS:
        return piece.word in lang.table.standalone
    return piece.role in (Role.UNIT, Role.DIGITS, Role.ARTICLE)


def _gap_ok(gap: str, prev: _Piece, piece: _Piece) -> bool:
    if gap == "-":
        return Role.DIGITS not in (prev.role, piece.role)
    return not gap or (len(gap) <= 3 and gap.isspace())


def _digits_may_follow(pieces: Sequence[_Piece], index: int, lang: Lang) -> bool:
    """Digits after a scale word: "1만 2000" in Korean, "1 млн 200 тыс." when another scale follows."""
    prev, piece = pieces[index - 1], pieces[index]
    if prev.role not in _MULTIPLIERS or not piece.plain:
        return False
    if lang.table.digits_after_scale:
        return True
    following = pieces[index + 1] if index + 1 < len(pieces) else None
    return following is not None and following.role == Role.SCALE and following.start - piece.end <= 3


def _connector_joins(prev: _Piece, connector: _Piece, following: _Piece, text: str, rule: Connector) -> bool:
    """Whether the connector joins its neighbours by the pack's rule: "hundred and five", "vingt et un",
    "einundzwanzig" (inside one word)."""
    before, after = text[prev.end:connector.start], text[connector.end:following.start]
    if rule.inside:
        written = not before and not after
    else:
        written = all(gap == "-" or (gap.isspace() and len(gap) <= 3) for gap in (before, after))
    return written and rule.allows(prev.role, prev.value, following.role, following.value)


def _next_step(pieces: Sequence[_Piece], index: int, acc: _Acc, text: str, lang: Lang) -> tuple[_Acc, int] | None:
    """The numeral read one piece further (two for a connector), or None where it ends."""
    prev, piece = pieces[index - 1], pieces[index]
    if piece.role == Role.CONNECTOR:
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        rule = lang.table.connectors[piece.word]
        if following is None or not _connector_joins(prev, piece, following, text, rule):
            return None
        joined = acc.plus(following.value) if rule.sums else acc.add(following, lang.table.vigesimal_tens)
        return None if joined is None else (joined, 2)
    if not _gap_ok(text[prev.end:piece.start], prev, piece):
        return None
    if (prev.role == Role.DIGITS and piece.role not in _MULTIPLIERS) or (
            piece.role == Role.DIGITS and not _digits_may_follow(pieces, index, lang)):
        return None
    joined = acc.add(piece, lang.table.vigesimal_tens)
    return None if joined is None else (joined, 1)


def _alone(pieces: Sequence[_Piece], index: int) -> bool:
    """Whether the piece can join no following piece (the common case, kept fast)."""
    following = pieces[index + 1] if index + 1 < len(pieces) else None
    return following is None or following.start - pieces[index].end > 3 or (
        pieces[index].role == Role.DIGITS and following.role not in _MULTIPLIERS)


def _numerals(pieces: Sequence[_Piece], text: str, lang: Lang) -> list[_Numeral]:
    numerals: list[_Numeral] = []
    index = 0
    while index < len(pieces):
        first, end = pieces[index], index + 1
        if _can_start(first, lang):
            acc = None if _alone(pieces, index) else _Acc().add(first, lang.table.vigesimal_tens)
            while acc is not None and end < len(pieces) and (step := _next_step(pieces, end, acc, text, lang)):
                acc, end = step[0], end + step[1]
            if acc is not None and end > index + 1:
                value = acc.total + acc.current
                numerals.append(_Numeral(first.start, pieces[end - 1].end, value, acc.top_scale, None))
            elif first.role != Role.ARTICLE:
                top_scale = first.value if first.role == Role.SCALE else None
                plain = text[first.start:first.end] if first.plain else None
                numerals.append(_Numeral(first.start, first.end, first.value, top_scale, plain))
        index = end
    return numerals


# --- mentions: ranges, qualifiers and kinds -----------------------------------------------------------

class _Candidate(NamedTuple):
    first: _Numeral
    last: _Numeral
    value: float
    value_max: float | None
    span_start: int  # a range's opener ("between", "от") starts it


class _Cue(NamedTuple):
    label: str
    start: int


def _cue_before(phrases: tuple[re.Pattern[str], Mapping[str, str]], text: str, start: int, floor: int) -> _Cue | None:
    """The labelled phrase that ends right before `start` (with only spaces between), not before `floor`."""
    pattern, labels = phrases
    window_start = max(floor, start - _WINDOW)
    found = pattern.match(text[window_start:start][::-1])
    if found is None:
        return None
    phrase_start = start - found.end()
    if phrase_start > 0 and text[phrase_start - 1].isalpha():
        return None  # the window cut a longer word
    key = " ".join(found.group("phrase").lower().replace("’", "'").replace("ʼ", "'").split())
    label = labels.get(key)
    return None if label is None else _Cue(label, phrase_start)


def _candidate(numerals: Sequence[_Numeral], index: int, text: str, lang: Lang, floor: int) -> _Candidate:
    """The numeral at `index` alone, or with the next one when the two make a range."""
    first = numerals[index]
    single = _Candidate(first, first, first.value, None, first.start)
    second = numerals[index + 1] if index + 1 < len(numerals) else None
    gap = None if second is None else lang.range_gap.fullmatch(text, first.end, second.start)
    if second is None or gap is None:
        return single
    opener = _cue_before(lang.openers, text, first.start, floor)
    blocked = opener is not None and opener.label == "block" and not (_is_year(first) and _is_year(second))
    if blocked or (gap.group("weak") is not None and opener is None):
        return single  # "from 3,000 to 10,000" is a change (see figures), "from 2020 to 2024" a span
    low = first.value
    if first.top_scale is None and second.top_scale is not None and low * second.top_scale <= second.value:
        low *= second.top_scale  # "10 to 12 thousand", "от 10 до 12 тысяч"
    if not low < second.value:
        return single
    return _Candidate(first, second, low, second.value, first.start if opener is None else opener.start)


def _qualifier(candidate: _Candidate, cue: _Cue | None, text: str, lang: Lang) -> tuple[str, int, int]:
    """The qualifier and the span it gives the mention."""
    end = candidate.last.end
    if cue is not None and cue.label in QUALIFIERS:
        return ("range" if candidate.value_max is not None else cue.label), cue.start, end
    if candidate.value_max is not None:
        return "range", candidate.span_start, end
    after = lang.after_qualifier.match(text, end)
    if after is not None and after.lastgroup is not None:
        return after.lastgroup, candidate.span_start, after.end()
    return "exact", candidate.span_start, end


def _is_year(numeral: _Numeral) -> bool:
    return numeral.plain is not None and len(numeral.plain) == 4 and 1900 <= numeral.value <= 2100


def _is_day(numeral: _Numeral) -> bool:
    return numeral.plain is not None and len(numeral.plain) <= 2 and 1 <= numeral.value <= 31


def _kind(candidate: _Candidate, before: str | None, after: str | None, qualified: bool) -> str | None:
    if before == "skip":
        return None  # "ISO 9001"
    cues = (before, after)
    is_range = candidate.value_max is not None
    years = _is_year(candidate.first) and _is_year(candidate.last)
    if "date" in cues and _is_day(candidate.first) and _is_day(candidate.last):
        return "date"
    if "ordinal" in cues and not years:
        return "ordinal"
    for kind in ("age", "percent", "time"):
        if kind in cues:
            return kind
    if years and (is_range or not qualified or "year" in cues or "date" in cues):
        return "year_span" if is_range else "year"
    return "cardinal"


_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _ordinal_context(text: str, candidate: _Candidate, after: re.Match[str], lang: Lang) -> bool:
    """Whether an ordinal-looking "N." is one: before a capitalised word only after a determiner."""
    if not lang.ordinal_determiners:
        return True
    following = text[after.end():after.end() + 3].lstrip()
    if not following[:1].isupper():
        return True
    before = _WORD_BEFORE.search(text, max(0, candidate.first.start - 30), candidate.first.start)
    return before is not None and before.group(1).casefold() in lang.ordinal_determiners


def _describe(candidate: _Candidate, text: str, original: str, lang: Lang,
              floor: int) -> tuple[NumberMention | None, int]:
    """The mention, and where the text it uses ends ("15 pour cent" uses "cent" too)."""
    cue = _cue_before(lang.before, text, candidate.span_start, floor)
    qualifier, span_start, span_end = _qualifier(candidate, cue, text, lang)
    after = lang.after_kind.match(text, candidate.last.end)
    if after is not None and after.lastgroup == "ordinal" and not _ordinal_context(text, candidate, after, lang):
        after = None
    qualified = qualifier != "exact" or (cue is not None and cue.label == "exact")
    kind = _kind(candidate, None if cue is None else cue.label, None if after is None else after.lastgroup, qualified)
    if kind is None:
        return None, candidate.last.end
    start, end = candidate.first.start, candidate.last.end
    value = float(math.floor(candidate.value)) if kind == "time" else candidate.value
    mention = NumberMention(start, end, span_start, span_end, value, candidate.value_max, qualifier,
                            qualifier != "exact", kind, original[start:end])
    used = after.end() if after is not None and kind != "cardinal" else 0
    return mention, max(span_end, used)


def _numeral_mentions(numerals: Sequence[_Numeral], text: str, original: str, lang: Lang) -> list[NumberMention]:
    mentions: list[NumberMention] = []
    claimed = index = 0
    while index < len(numerals):
        if numerals[index].start < claimed:  # "cent" in "15 pour cent"
            index += 1
            continue
        candidate = _candidate(numerals, index, text, lang, claimed)
        index += 1 if candidate.value_max is None else 2
        mention, used = _describe(candidate, text, original, lang, claimed)
        if mention is not None:
            mentions.append(mention)
        claimed = max(claimed, used)
    return mentions


def find_numbers(text: str, lang: str) -> list[NumberMention]:
    """Every numeric expression in text, in order of start, non-overlapping."""
    compiled = LANGUAGES.get(lang, LANGUAGES["en"])
    structural, masked = _structural(text)
    numerals = _numerals(_pieces(masked, compiled), masked, compiled)
    found = structural + _numeral_mentions(numerals, masked, text, compiled)
    return sorted(found, key=lambda mention: mention.start)
