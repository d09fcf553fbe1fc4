"""Tokens, matching keys and a phrase trie for the actor finder and attribution.

Matching is token by token, never by backtracking regular expressions, so it is linear in the
text. A token's key folds case and Latin diacritics (acronyms such as "AS", "NIS" stay exact),
strips Russian/Ukrainian case endings ("Зеленского" -> "зеленск"), and leaves Hangul as is;
Korean particles ("북한은") and a German genitive "s" are allowed on a phrase's last token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from monitor.extract.actor_words import KOREAN_PARTICLES

_WORD_SPLIT = re.compile(r"([^\W_]+)")
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_APOSTROPHES = frozenset({"'", "\u2019", "\u02bc", "`"})
PARTICLES = frozenset(KOREAN_PARTICLES.split())
_LONGEST_PARTICLE = max(len(p) for p in PARTICLES)
_ENDINGS_TEXT = ("ого его ому ему ыми ими ием ией иям ия ий ию ии ей ой ом ем ым им ый ая яя ую юю ое "
                 "ые ие ою єю ів ім ій ої а я у ю е ы и о й ь і ї є")
_CYRILLIC_ENDINGS = tuple(sorted(set(_ENDINGS_TEXT.split()), key=len, reverse=True))
_MIN_STEM = 2


def is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def fold_latin(text: str) -> str:
    """Drop the diacritics of Latin letters ("États" -> "Etats"); other scripts stay as they are."""
    if text.isascii():
        return text
    return "".join(map(_fold_letter, text))


@lru_cache(maxsize=4096)
def _fold_letter(char: str) -> str:
    if not ("\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff"):
        return char
    return "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))


def cyrillic_stem(word: str) -> str:
    """A lower-case Russian/Ukrainian word without its case ending (at least 2 letters kept)."""
    for ending in _CYRILLIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The matching key of one word."""
    first = word[0]
    if is_hangul(first):
        return word
    if len(word) > 1 and word.isupper():
        return word  # an acronym matches exactly: "AS" is not "as"
    if is_cyrillic(first):
        return cyrillic_stem(word.casefold().replace("ё", "е"))
    return fold_latin(word.casefold())


@lru_cache(maxsize=4096)
def joint_class(gap: str) -> str:
    """What separates two tokens, for matching: a space or hyphen, an apostrophe, or punctuation."""
    stripped = gap.strip()
    if not stripped:
        return " "
    if gap == stripped and stripped in _HYPHENS:
        return " "
    if stripped in _APOSTROPHES:
        return "'"
    return stripped


CAPITAL, ACRONYM, HANGUL, UPPER = 1, 2, 4, 8


@lru_cache(maxsize=65536)
def word_flags(word: str) -> int:
    """CAPITAL: a capitalised word ("Wood", "Зиновьев"); ACRONYM: 2-6 capitals ("ISW");
    HANGUL: Korean; UPPER: starts with a capital letter."""
    first = word[0]
    if is_hangul(first) or is_hangul(word[-1]):
        return HANGUL
    if not first.isupper():
        return 0
    flags = UPPER
    if len(word) >= 2 and word.isalpha():
        if not word.isupper():
            flags |= CAPITAL
        elif len(word) <= 6:
            flags |= ACRONYM
    return flags


class Tokens:
    """The word tokens of a stretch of text, as parallel lists (cheap to build for a megabyte).

    starts/ends: offsets into the whole text; gaps: the raw text before each token (from the
    stretch's start for the first); joints: the gaps' classes ("" for the first token).
    """

    __slots__ = ("ends", "flags", "gaps", "joints", "keys", "starts", "texts")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        stop = len(text) if end is None else end
        pieces = _WORD_SPLIT.split(text[start:stop])  # gap, word, gap, word, ..., gap
        offsets = list(accumulate(map(len, pieces), initial=start))
        self.texts: list[str] = pieces[1::2]
        self.starts: list[int] = offsets[1:-1:2]
        self.ends: list[int] = offsets[2::2]
        self.gaps: list[str] = pieces[0:-1:2]
        self.keys: list[str] = list(map(word_key, self.texts))
        self.joints: list[str] = [" " if gap == " " else joint_class(gap) for gap in self.gaps]
        if self.joints:
            self.joints[0] = ""
        self.flags: list[int] = list(map(word_flags, self.texts))

    def __len__(self) -> int:
        return len(self.texts)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """The word tokens of text[start:end], with offsets into `text`."""
    return Tokens(text, start, end)


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """Keys of a phrase's words (for single-word lookups in key sets)."""
    return tuple(tokenize(phrase).keys)


_SUFFIX_MEMO = 65_536


class _Node:
    __slots__ = ("children", "payload")

    def __init__(self) -> None:
        self.children: dict[tuple[str, str], _Node] = {}
        self.payload: int | None = None


@dataclass(slots=True)
class PhraseMatch:
    """Treated as immutable; not frozen because frozen dataclasses are slow to build."""

    end: int  # index of the token after the phrase
    payload: int
    trim: int  # characters of a particle or genitive ending to leave off the last token


class PhraseIndex:
    """A trie of phrases over token keys and joints; the longest phrase at a token wins."""

    __slots__ = ("_root", "_suffixes", "first_keys")

    def __init__(self) -> None:
        self._root = _Node()
        self.first_keys: set[str] = set()  # keys that can start a phrase (a fast pre-check)
        self._suffixes: dict[tuple[str, bool], tuple[int, int] | None] = {}  # suffixed(), by its arguments

    def add(self, phrase: str, payload: int) -> None:
        """Add a phrase; when it is already there the first payload stays."""
        tokens = tokenize(phrase)
        if not len(tokens):
            return
        node = self._root
        self.first_keys.add(tokens.keys[0])
        for position, (joint, key) in enumerate(zip(tokens.joints, tokens.keys, strict=True)):
            node = node.children.setdefault((joint if position else "", key), _Node())
        if node.payload is None:
            node.payload = payload
        self._suffixes.clear()

    def match(self, tokens: Tokens, index: int, genitive: bool = False) -> PhraseMatch | None:
        """The longest phrase starting at token `index`, or None."""
        keys, joints, texts = tokens.keys, tokens.joints, tokens.texts
        if 0 <= index < len(keys) and keys[index] not in self.first_keys:  # the common case: no trie walk
            text = texts[index]
            if not genitive and not "\uac00" <= text[-1] <= "\ud7a3":
                return None
            found = self.suffixed(text, genitive)  # a one-word phrase and a particle or genitive "s"
            return None if found is None else PhraseMatch(index + 1, found[0], found[1])
        node = self._root
        best: PhraseMatch | None = None
        position = index
        while position < len(keys):
            joint = joints[position] if position > index else ""
            if genitive or "\uac00" <= texts[position][-1] <= "\ud7a3":
                suffixed = _suffixed(node, joint, texts[position], genitive)
                if suffixed is not None:
                    best = PhraseMatch(position + 1, suffixed[0], suffixed[1])
            child = node.children.get((joint, keys[position]))
            if child is None:
                break
            node = child
            position += 1
            if node.payload is not None:
                best = PhraseMatch(position, node.payload, 0)
        return best

    def suffixed(self, text: str, genitive: bool = False) -> tuple[int, int] | None:
        """(payload, characters to trim) of a one-word phrase that is `text` less a Korean particle
        or (genitive) a German genitive "s", else None."""
        if not genitive and not "\uac00" <= text[-1] <= "\ud7a3":
            return None
        key = (text, genitive)  # a word's answer depends on the phrases only: kept, up to _SUFFIX_MEMO words
        if key in self._suffixes:
            return self._suffixes[key]
        found = _suffixed(self._root, "", text, genitive)
        if len(self._suffixes) >= _SUFFIX_MEMO:
            self._suffixes.clear()
        self._suffixes[key] = found
        return found


def _suffixed(node: _Node, joint: str, text: str, genitive: bool) -> tuple[int, int] | None:
    """A phrase ending in this word once a Korean particle or German genitive "s" is taken off."""
    if is_hangul(text[-1]):
        for size in range(min(_LONGEST_PARTICLE, len(text) - 1), 0, -1):
            if text[-size:] in PARTICLES:
                child = node.children.get((joint, text[:-size]))
                if child is not None and child.payload is not None:
                    return child.payload, size
        return None
    # A lone word needs 5 letters ("Das" is no genitive of "Da"); the last word of a longer phrase
    # is held by the words before it ("Kim Jong Uns").
    if genitive and len(text) >= (3 if joint else 5) and text[-1] == "s" and text[-2].islower():
        child = node.children.get((joint, word_key(text[:-1])))
        if child is not None and child.payload is not None:
            return child.payload, 1
    return None
