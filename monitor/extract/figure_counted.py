"""What a number counts: the noun after it or before it, and what happened to the counted people.

"10,000 North Korean troops": the noun after the number, past adjectives and names.
"1만 명의 북한군", "1.500 orang tentara": a counter ("persons") followed by the noun.
"berjumlah 10.000 orang", "북한군 1만1000명", "the number of troops rose from 8,000": the noun
before the number (needs a linking word such as "berjumlah" or "from", except in Korean).
"1,200 soldiers were killed", "погибли 900 военных": the people counted are the killed.
"a 50% share": a percentage is a figure only when it is a share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from monitor.extract.figure_cues import (
    FREE_AFTER,
    HEAD_LINKS,
    HEAD_SLACK,
    STATE_AUX,
    STATE_BEFORE_REACH,
    STATE_JOINS,
    STATE_SLACK,
    TIME_ADVERBS,
    YEAR_PREPOSITIONS,
)
from monitor.extract.figure_words import GLUED, Phrase, Token, match_at, phrase_table, tokens_after, tokens_before
from monitor.extract.model import NumberMention
from monitor.extract.packs import pack_flags, word_lists
from monitor.extract.units import CLASSIFIERS, FILLERS, POST_MODIFIERS, SHARE_OF

_NOUN_BEFORE = pack_flags("figures", "noun_before_count")
_NEEDS_AUXILIARY = pack_flags("figures", "participle_needs_auxiliary")
_RELATIVES = {lang: frozenset(w.casefold() for w in words)
              for lang, words in word_lists("figures", "relative_markers").items()}
_RELATIVE_REACH = 10  # words a relative clause may have before the state it leads to
_MAX_GAP_TOKENS = 4  # words allowed between a number and its noun
_HEAD_TOKENS = 9  # how many words before a number are read for its noun
_PEOPLE = frozenset({"troops", "people"})
_MAX_TIME_COUNT = 100  # "100 days ago" counts days; "8.000 pekan lalu" does not count weeks
_CASUALTIES = "casualties"
# An English participle with no auxiliary before it is a verb when an object follows it: "troops
# killed 300 civilians", "troops wounded the commander", but "soldiers killed in the attack".
_EN_AUX = frozenset({"were", "was", "been", "are", "is", "being"})
_EN_OBJECT_STARTS = frozenset({"the", "a", "an", "hundreds", "dozens", "thousands", "many", "several", "some",
                               "at", "more", "about", "nearly", "over", "up", "his", "her", "their", "its", "two",
                               "three", "civilians", "people", "soldiers", "troops"})
_WORD_NEXT = re.compile(r"\s*[^\W\d_]")
_SPACE_RUN = 100
_PERCENT_SIGN = re.compile(r"\s*(?:%|per\s*cent|percent|persen|prosen|процент\w*|відсот\w*|prozent|pour\s*cent"
                           r"|퍼센트|프로)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Counted:
    """What a number counts: the canonical unit, the phrase as written, where the phrase ends."""

    unit: str
    phrase: str
    end: int


class _Found(NamedTuple):
    unit: str
    phrase: str
    end: int  # where the words after the counted thing start
    generic: bool  # a counter ("orang", "명"): the counted noun may still be elsewhere


def find_counted(text: str, number: NumberMention, lang: str) -> Counted | None:
    """The thing a number counts, as a canonical unit and the phrase as written; None for a bare number."""
    if not (_WORD_NEXT.match(text, number.end) or _WORD_NEXT.match(text, number.span_end)
            or _word_before(text, number.span_start)):
        return None  # no word on either side (digit runs, brackets): nothing can be counted
    found = _after(text, number, lang)
    if found is None or found.generic:
        head = _head_before(text, number, lang, generic=found is not None)
        if head is not None:
            found = head._replace(end=found.end if found is not None else head.end)
    if found is None:
        return None
    unit = _state_of(text, found, number, lang) if found.unit in _PEOPLE else found.unit
    return Counted(unit, found.phrase, found.end)


def _word_before(text: str, position: int) -> bool:
    """A letter right before `position`, past spaces."""
    floor = max(0, position - _SPACE_RUN)
    while position > floor and text[position - 1].isspace():
        position -= 1
    return position > 0 and text[position - 1].isalpha()


def find_share(text: str, number: NumberMention, lang: str) -> Counted | None:
    """A percentage that is a share ("a 50% share", "доля ... 30%", "40% of the shells"): unit "percent"."""
    table = phrase_table("shares", lang)
    sign = _PERCENT_SIGN.match(text, number.end)
    after = tokens_after(text, sign.end() if sign else number.end, 3)
    if after and after[0].text.casefold() in SHARE_OF.get(lang, frozenset()) and len(after) > 1:
        return Counted("percent", text[number.start:after[-1].end], number.end)
    before = tokens_before(text, number.span_start, 8)
    for tokens in (after, before[::-1]):
        for index in range(len(tokens)):
            if match_at(tokens, index, table) is not None:
                return Counted("percent", tokens[index].text, number.end)
    return None


def counts_right_after(text: str, number: NumberMention, lang: str) -> bool:
    """A counted noun right after the number, and no year preposition before it: "2000 военных" is a
    count, not the year 2000 ("в 2000 году", "in 2000 soldiers ..." stay years)."""
    after = tokens_after(text, number.end, 1)
    if not after or match_at(after, 0, phrase_table("nouns", lang)) is None:
        return False
    before = tokens_before(text, number.span_start, 1)
    return not (before and before[0].text.casefold() in YEAR_PREPOSITIONS.get(lang, frozenset()))


def is_duration(text: str, number: NumberMention, lang: str) -> bool:
    """A time unit follows ("six weeks", "enam pekan lalu"): the number counts time. Not so for a large
    number before "<unit> <adverb>" ("naik dari 8.000 pekan lalu": 8,000 as of last week)."""
    tokens = tokens_after(text, number.span_end, 2)
    if not tokens or match_at(tokens, 0, phrase_table("durations", lang)) is None:
        return False
    adverbial = len(tokens) > 1 and tokens[1].text.casefold() in TIME_ADVERBS.get(lang, frozenset())
    return not (adverbial and number.value > _MAX_TIME_COUNT)


# --- the noun after the number ------------------------------------------------------------------


def _after(text: str, number: NumberMention, lang: str) -> _Found | None:
    # Post-qualifiers may stand before the noun ("1만 명 이상", counter inside the span) or after the
    # number and before the noun ("10,000 or more troops"), so both starts are tried.
    starts = (number.end, number.span_end) if lang in GLUED else (number.span_end, number.end)
    for start in dict.fromkeys(starts):
        found = _after_from(text, start, lang)
        if found is not None:
            return found
    return None


def _after_from(text: str, start: int, lang: str) -> _Found | None:
    tokens = tokens_after(text, start, _MAX_GAP_TOKENS + 3)
    fillers = FILLERS.get(lang, frozenset())
    nouns = phrase_table("nouns", lang)
    for index, token in enumerate(tokens[:_MAX_GAP_TOKENS + 1]):
        noun = match_at(tokens, index, nouns)
        if noun is not None:
            found = _noun_found(text, tokens, index, noun, lang)
            if noun.key not in CLASSIFIERS.get(lang, frozenset()):
                return found
            return _specific_after(text, tokens, index + len(noun.words), lang) or found._replace(generic=True)
        if not (token.text.casefold() in fillers or token.text[:1].isupper()):
            return None
    return None


def _noun_found(text: str, tokens: list[Token], index: int, noun: Phrase, lang: str) -> _Found:
    end = _post_modifier_end(text, tokens[index + len(noun.words) - 1].end, lang)
    return _Found(noun.value, text[tokens[index].start:end], end, False)


def _specific_after(text: str, tokens: list[Token], index: int, lang: str) -> _Found | None:
    """The noun after a counter: "1.500 orang tentara", "1만 명의 북한군"."""
    fillers, nouns = FILLERS.get(lang, frozenset()), phrase_table("nouns", lang)
    counters = CLASSIFIERS.get(lang, frozenset())
    for position in range(index, min(index + 3, len(tokens))):
        noun = match_at(tokens, position, nouns)
        if noun is not None and noun.key not in counters:
            return _noun_found(text, tokens, position, noun, lang)
        if tokens[position].text.casefold() not in fillers:
            return None
    return None


def _post_modifier_end(text: str, end: int, lang: str) -> int:
    modifiers = _MODIFIERS.get(lang, ())
    if not modifiers or not text[end:end + 1].isspace():
        return end  # each modifier follows a space
    following = text[end:end + 40].casefold()
    for modifier in modifiers:
        found = modifier.match(following)
        if found:
            return end + found.end()
    return end


_MODIFIERS = {lang: tuple(re.compile(rf"\s+{re.escape(modifier)}\b") for modifier in modifiers)
              for lang, modifiers in POST_MODIFIERS.items()}


# --- the noun before the number -----------------------------------------------------------------


def _head_before(text: str, number: NumberMention, lang: str, *, generic: bool) -> _Found | None:
    if not generic and not _free_after(text, number.span_end, lang):
        return None
    nouns = phrase_table("nouns", lang)
    if lang in _NOUN_BEFORE:  # the noun right before the number: "북한군 1만1000명", "사상자 3000명"
        tokens = tokens_before(text, number.span_start, 1)
        noun = match_at(tokens, len(tokens) - 1, nouns) if tokens else None
        return _head(tokens, len(tokens) - 1, noun.value, number) if noun and noun.value != "people" else None
    return _linked_head(tokens_before(text, number.span_start, _HEAD_TOKENS), number, lang, linked=generic)


def _linked_head(tokens: list[Token], number: NumberMention, lang: str, *, linked: bool) -> _Found | None:
    links, fillers = HEAD_LINKS.get(lang, frozenset()), FILLERS.get(lang, frozenset())
    nouns, counters = phrase_table("nouns", lang), CLASSIFIERS.get(lang, frozenset())
    slack = HEAD_SLACK
    for index in range(len(tokens) - 1, -1, -1):
        noun = match_at(tokens, index, nouns)
        if noun is not None and noun.key not in counters:
            return _head(tokens, index, noun.value, number) if linked else None
        word = tokens[index].text
        if word.casefold() in links:
            linked = True
        elif not (word.casefold() in fillers or word[:1].isupper()):
            slack -= 1
            if slack < 0 or word[0].isdigit():
                return None
    return None


def _head(tokens: list[Token], index: int, unit: str, number: NumberMention) -> _Found:
    return _Found(unit, tokens[index].text, number.span_end, False)


def _free_after(text: str, position: int, lang: str) -> bool:
    """Nothing countable follows the number: punctuation, the end, or a linking word ("to", "menjadi")."""
    tokens = tokens_after(text, position, 1)
    return not tokens or tokens[0].text.casefold() in FREE_AFTER.get(lang, frozenset())


# --- what happened to the counted people --------------------------------------------------------


def _state_of(text: str, found: _Found, number: NumberMention, lang: str) -> str:
    return _state_after(text, found.end, lang) or _state_before(text, number.span_start, lang) or found.unit


def _state_after(text: str, position: int, lang: str) -> str | None:
    tokens = tokens_after(text, position, _RELATIVE_REACH + 2)
    aux, slack = STATE_AUX.get(lang, frozenset()), STATE_SLACK.get(lang, 0)
    states = phrase_table("states_after", lang)
    relatives = _RELATIVES.get(lang, frozenset())
    for index, token in enumerate(tokens):
        if token.text.casefold() in relatives and slack >= 0:
            slack = _RELATIVE_REACH  # "100 tentara (Korea Utara) yang dikirim ke Rusia ... telah tewas"
            continue
        state = match_at(tokens, index, states)
        if state is not None:
            following = tokens[index + len(state.words):]
            if lang in _NEEDS_AUXILIARY and _active(tokens[:index], following):
                return None
            return _joined(following, state.value, lang)
        if not (token.text.casefold() in aux or token.text[:1].isupper()):
            slack -= 1
            if slack < 0:
                return None
    return None


def state_after(text: str, position: int, lang: str) -> str | None:
    """What happened to the people counted, said after `position` ("1.000 lainnya menderita luka")."""
    return _state_after(text, position, lang)


def _active(before: list[Token], following: list[Token]) -> bool:
    if any(token.text.casefold() in _EN_AUX for token in before) or not following:
        return False
    word = following[0].text
    return word[0].isdigit() or word[:1].isupper() or word.casefold() in _EN_OBJECT_STARTS


def _joined(following: list[Token], state: str, lang: str) -> str:
    """"killed or wounded" counts casualties."""
    if len(following) > 1 and following[0].text.casefold() in STATE_JOINS:
        other = match_at(following, 1, phrase_table("states_after", lang))
        if other is not None and other.value != state:
            return _CASUALTIES
    return state


def _state_before(text: str, position: int, lang: str) -> str | None:
    """A state verb shortly before the number, past prepositions and names ("втратили в Курській області")."""
    tokens = tokens_before(text, position, STATE_BEFORE_REACH)
    states, passable = phrase_table("states_before", lang), HEAD_LINKS.get(lang, frozenset())
    slack = 1
    for index in range(len(tokens) - 1, -1, -1):
        state = match_at(tokens, index, states)
        if state is not None:
            return state.value
        word = tokens[index].text
        if not (word.casefold() in passable or word[:1].isupper()):
            slack -= 1
            if slack < 0 or word[0].isdigit():
                return None
    return None
