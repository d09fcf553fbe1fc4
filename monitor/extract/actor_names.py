"""Name keys: one key for the spelling variants of a person's name.

Korean-shaped names (a Korean surname + romanised syllables) fold their romanisation variants:
"Choe Sun Hui" = "Choe Son Hui" = "Choe Son-hee", "Kim Jong Un" = "Kim Jong-un" = "Kim Jung Eun",
"Yoon Suk Yeol" = "Yun Seok-youl". Other names fold case, diacritics, Russian/Ukrainian case
endings and the -sky/-skiy/-skyy spellings ("Zelenskiy" = "Zelensky").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from monitor.extract.actor_text import cyrillic_stem, fold_latin, is_cyrillic, is_hangul
from monitor.extract.actor_words import HANGUL_ROMANISED, HANGUL_SURNAMES, KOREAN_SURNAME_GROUPS

KOREAN = "ko:"
OTHER = "xx:"

KOREAN_SURNAMES: dict[str, str] = {
    variant: group.split()[0]
    for group in KOREAN_SURNAME_GROUPS.replace("\n", "").split("|")
    for variant in group.split()
}
# Surnames that make a capitalised run a person's name by themselves: not English words.
_NOT_CUES_TEXT = "song son sun sol ban bang gong kong wang won ham nam min jin jun pae bae gil kil sin yang cha joo"
_NOT_CUES = frozenset(_NOT_CUES_TEXT.split())
CUE_SURNAMES = frozenset(name for name in KOREAN_SURNAMES if len(name) >= 3 and name not in _NOT_CUES)
HANGUL_SURNAME_SET = frozenset(HANGUL_SURNAMES.split())
_HANGUL_GROUP: dict[str, str] = {
    hangul: KOREAN_SURNAMES.get(latin, latin)
    for pair in HANGUL_ROMANISED.replace("\n", "").split("|") if pair.strip()
    for hangul, latin in [pair.split()]
}

_SYLLABLE = r"(?:ch|kk|tt|pp|ss|jj|sh|[bcdghjklmnprstwy])?[yw]?(?:ae|eo|eu|oe|ui|ee|oo|ou|a|e|i|o|u)(?:ng|[klmnpt])?"
_GIVEN_PART = re.compile(rf"(?:{_SYLLABLE}){{1,2}}")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_WORDS = re.compile(r"[^\W_]+(?:[-\u2010\u2011'’][^\W_]+)*")
_SKY = re.compile(r"(?:skiy|skyy|skyi|skij|skyj|skii|skiy|ski)$")
# Romanisations of Slavic names, in order: "Andriy" = "Andrii" = "Andrij", "Oleksandr" = "Aleksandr",
# "Alexei" = "Aleksey", "Selenskyj" = "Zelensky", "Wolodymyr" = "Volodymyr", "Schoigu" = "Shoigu".
_SLAVIC_FOLDS = ((re.compile(r"x"), "ks"), (re.compile(r"sch"), "sh"), (re.compile(r"kh"), "h"),
                 (re.compile(r"j"), "y"), (re.compile(r"w"), "v"), (re.compile(r"z"), "s"),
                 (re.compile(r"^ole"), "ale"), (re.compile(r"(?:e[iy]|[iy]+)$"), "i"))
_KOREAN_FOLDS = (("ui", "i"), ("eo", "o"), ("eu", "u"), ("ou", "o"), ("oo", "u"), ("u", "o"), ("ee", "i"),
                 ("ae", "e"), ("ea", "e"), ("wo", "o"), ("ch", "j"), ("sh", "s"), ("k", "g"), ("t", "d"),
                 ("p", "b"), ("r", "l"))


def name_words(name: str) -> list[str]:
    """The words of a name; hyphenated parts stay together ("Hong Jang-won" -> 2 words)."""
    return _WORDS.findall(name)


def is_korean_shaped(words: Sequence[str]) -> bool:
    """A Korean surname followed by one or two words of romanised Korean syllables."""
    if not 2 <= len(words) <= 3 or fold_latin(words[0]).casefold() not in KOREAN_SURNAMES:
        return False
    parts = [part for word in words[1:] for part in _HYPHEN.split(fold_latin(word).casefold())]
    return len(parts) <= 3 and all(part.isascii() and _GIVEN_PART.fullmatch(part) for part in parts)


def fold_korean(syllables: str) -> str:
    folded = syllables
    for old, new in _KOREAN_FOLDS:
        folded = folded.replace(old, new)
    return folded


def fold_word(word: str) -> str:
    """One name word, folded for comparison."""
    lowered = word.casefold().replace("ё", "е")
    if is_cyrillic(lowered[:1]):
        return cyrillic_stem(lowered)
    folded = _SKY.sub("sky", fold_latin(lowered).replace("'", "").replace("’", ""))
    for pattern, replacement in _SLAVIC_FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


def hangul_surname(word: str) -> str | None:
    """The romanised surname group of a Hangul name ("최선희" -> "choe") or lone surname ("최")."""
    if not 1 <= len(word) <= 4 or not all(map(is_hangul, word)):
        return None
    return _HANGUL_GROUP.get(word[0])


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """One key for the spelling variants of a name."""
    words = name_words(name)
    if not words:
        return ""
    if is_korean_shaped(words):
        surname = KOREAN_SURNAMES[fold_latin(words[0]).casefold()]
        given = _HYPHEN.sub("", "".join(fold_latin(w).casefold() for w in words[1:]))
        return f"{KOREAN}{surname} {fold_korean(given)}"
    parts = (part for word in words for part in _HYPHEN.split(word) if part)
    return OTHER + " ".join(fold_word(part) for part in parts)


@lru_cache(maxsize=16384)
def surname_key(name: str) -> str | None:
    """The key a lone surname must have to stand for this full name (None for one-word names).

    The first word of a Korean-shaped name (the first syllable of a Hangul one), the last word of
    any other.
    """
    words = name_words(name)
    if len(words) == 1 and len(words[0]) >= 2 and (hangul := hangul_surname(words[0])) is not None:
        return KOREAN + hangul
    if len(words) < 2:
        return None
    if is_korean_shaped(words):
        return KOREAN + KOREAN_SURNAMES[fold_latin(words[0]).casefold()]
    last = _HYPHEN.split(words[-1])[-1]
    return OTHER + fold_word(last)


@lru_cache(maxsize=16384)
def lone_word_keys(word: str) -> tuple[str, ...]:
    """The surname keys a lone word ("Yoon", "Wood", "Choe", "최" of "최 외무상") may match."""
    folded = fold_latin(word).casefold()
    keys = [OTHER + fold_word(word)]
    if folded in KOREAN_SURNAMES:
        keys.insert(0, KOREAN + KOREAN_SURNAMES[folded])
    elif len(first := word.split()[0]) == 1 and (hangul := hangul_surname(first)) is not None:  # "최 외무상"
        keys.insert(0, KOREAN + hangul)
    return tuple(keys)
