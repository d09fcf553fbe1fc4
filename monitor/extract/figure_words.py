"""Word-level helpers of the figure modules: tokens around a number and phrase tables matched on them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from monitor.extract.figure_cues import DURATIONS, STATES_AFTER, STATES_BEFORE
from monitor.extract.packs import pack_flags
from monitor.extract.units import COUNTED_NOUNS, FALLBACK, SHARE_WORDS

# Languages whose counters and particles are written on the word ("27일", "북한군은"): read by every figure module.
GLUED = pack_flags("figures", "counters_glued")
_WORD_OR_DIGITS = r"[^\W\d_][\w'’-]*|\d[\d.,]*"
_BARE_TOKEN = re.compile(_WORD_OR_DIGITS)
_ANY_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,\u00a0\u202f]*|[^\w\s]+")
_BACK_CHARS = 100  # how far before a number tokens are read
_NEAR_CHARS = 40  # how far they are read first
_CANDIDATES_SIZE = 65_536  # words remembered per phrase table
# What may follow a Korean noun in the same word (case particles, "about", "or more").
_PARTICLES = ("이 가 은 는 을 를 의 에 에서 으로 로 과 와 도 만 씩 이나 까지"
              " 가량 가량의 여 이상 이상의 정도 쯤 에게 이며 이다 으로부터 규모 규모의")
KOREAN_PARTICLES = frozenset({"", *_PARTICLES.split(" ")})


class Token(NamedTuple):
    text: str
    start: int
    end: int


_new_token = tuple.__new__  # Token(...) without the Python-level __new__ of a NamedTuple: built per word


def tokens_after(text: str, start: int, limit: int) -> list[Token]:
    """Up to `limit` words or digit runs from `start`, stopping at the first punctuation mark."""
    run = _run_of(limit).match(text, start)
    end = run.end() if run is not None else start
    return [_new_token(Token, (found.group(), found.start(), found.end()))
            for found in _BARE_TOKEN.finditer(text, start, end)]


@lru_cache(maxsize=32)
def _run_of(limit: int) -> re.Pattern[str]:
    """Up to `limit` words or digit runs, each after nothing but spaces: one match reads them all."""
    return re.compile(rf"(?:\s*(?:{_WORD_OR_DIGITS})){{0,{max(limit, 0)}}}")


def tokens_before(text: str, end: int, limit: int) -> list[Token]:
    """Up to `limit` words or digit runs right before `end`, in text order, stopping at punctuation.

    Tokens are read from `end - _BACK_CHARS` on (the first one dropped: it may be cut). No token
    spans a space, so the tokens after a space are the same read from there: the last few
    characters are read first, and the whole stretch only when they do not decide."""
    floor = max(0, end - _BACK_CHARS)
    last = end
    while last > floor and text[last - 1].isspace():
        last -= 1
    if last == floor or not text[last - 1].isalnum():
        return []  # punctuation (or nothing) right before: the usual case in hostile text, and cheap
    space = text.find(" ", max(floor, last - _NEAR_CHARS), last)
    if space != -1:
        kept = _last_words(list(_ANY_TOKEN.finditer(text, space + 1, last)), limit, decided=True)
        if kept is not None:
            return kept
    found = list(_ANY_TOKEN.finditer(text, floor, last))
    if floor > 0 and found:
        found = found[1:]  # may be cut
    return _last_words(found, limit, decided=False) or []


def _last_words(found: list[re.Match[str]], limit: int, *, decided: bool) -> list[Token] | None:
    """The last tokens up to `limit` that are words or digit runs, in text order. With `decided`,
    None when all of them are (tokens before them might be too)."""
    kept: list[Token] = []
    for match in reversed(found):
        word = match.group()
        if not word[0].isalnum() or len(kept) == limit:
            break
        kept.append(_new_token(Token, (word, match.start(), match.end())))
    else:
        if decided:
            return None
    kept.reverse()
    return kept


@dataclass(frozen=True, slots=True)
class Phrase:
    """One entry of a phrase table: its words, its value and whether the words match as prefixes."""

    key: str
    words: tuple[str, ...]
    value: str
    prefix: bool
    korean: bool = False  # a one-syllable Korean word matches only with a particle after it ("발을", not "발생")


class PhraseTable(NamedTuple):
    exact: Mapping[str, tuple[Phrase, ...]]  # first word -> entries starting with it
    prefixed: tuple[Phrase, ...]  # entries whose words match as prefixes
    by_initial: Mapping[str, tuple[Phrase, ...]]  # the prefixed entries by their first character
    candidates: dict[str, tuple[Phrase, ...]]  # a first word -> the entries it may start, longest first


_TABLES: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "nouns": COUNTED_NOUNS, "states_after": STATES_AFTER, "states_before": STATES_BEFORE,
    "durations": {lang: dict.fromkeys(words, "time") for lang, words in DURATIONS.items()},
    "shares": {lang: dict.fromkeys(words, "percent") for lang, words in SHARE_WORDS.items()},
}


@lru_cache(maxsize=64)
def phrase_table(name: str, lang: str) -> PhraseTable:
    """The table `name` of `lang` (nouns fall back to English), indexed for matching."""
    tables = _TABLES[name]
    table = tables.get(lang, tables[FALLBACK] if name == "nouns" else {})
    exact: dict[str, list[Phrase]] = {}
    prefixed: list[Phrase] = []
    for key, value in table.items():
        glued = lang in GLUED  # particles attach to the word: every entry matches as a prefix
        prefix = key.endswith("*") or glued
        phrase = Phrase(key.rstrip("*"), tuple(key.rstrip("*").split()), value, prefix, glued)
        if prefix:
            prefixed.append(phrase)
        else:
            exact.setdefault(phrase.words[0], []).append(phrase)
    ordered = tuple(_longest_first(prefixed))
    by_initial: dict[str, list[Phrase]] = {}
    for phrase in ordered:
        by_initial.setdefault(phrase.words[0][:1], []).append(phrase)
    return PhraseTable({word: tuple(_longest_first(found)) for word, found in exact.items()}, ordered,
                       {initial: tuple(found) for initial, found in by_initial.items()}, {})


def _longest_first(phrases: list[Phrase]) -> list[Phrase]:
    return sorted(phrases, key=lambda phrase: (-len(phrase.words), -len(phrase.key)))


def match_at(tokens: Sequence[Token], index: int, table: PhraseTable) -> Phrase | None:
    """The longest entry of the table whose words are the tokens from `index` on."""
    word = tokens[index].text.casefold()
    candidates = table.candidates.get(word)
    if candidates is None:
        candidates = _candidates(table, word)
    for phrase in candidates:
        window = tokens[index:index + len(phrase.words)]
        if len(window) == len(phrase.words) and all(
                _word_matches(expected, token.text.casefold(), phrase)
                for expected, token in zip(phrase.words, window, strict=True)):
            return phrase
    return None


def _candidates(table: PhraseTable, word: str) -> tuple[Phrase, ...]:
    """The entries a word may start, longest first (remembered per word)."""
    prefixed = (p for p in table.by_initial.get(word[:1], ()) if word.startswith(p.words[0]))
    found = [*table.exact.get(word, ()), *prefixed]
    candidates = tuple(_longest_first(found) if len(found) > 1 else found)
    if len(table.candidates) >= _CANDIDATES_SIZE:
        table.candidates.clear()
    table.candidates[word] = candidates
    return candidates


def _word_matches(expected: str, word: str, phrase: Phrase) -> bool:
    if not phrase.prefix:
        return word == expected
    if phrase.korean and len(expected) == 1:
        return word[:1] == expected and word[1:] in KOREAN_PARTICLES
    return word.startswith(expected)


def words_match(tokens: Sequence[Token], words: frozenset[str]) -> bool:
    """True when the first token is one of `words` (case-insensitive)."""
    return bool(tokens) and tokens[0].text.casefold() in words
