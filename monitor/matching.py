"""Watchlist matching: which watchlists an article (or a sentence) is about. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from monitor.extract import packs
from monitor.watchlist import Watchlist

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Endings an alias takes in running text, per language (monitor/lang/<code>/actors.toml).
ALIAS_ENDINGS = packs.word_lists("actors", "alias_endings")
_MIN_INFLECTED = 5  # shorter aliases are acronym-like: an ending would make them match other words
_LEADING_LETTERS = re.compile(r"^(?:\\b)?([^\W\d_]+)(.?)")


@dataclass(frozen=True, slots=True)
class AliasMatcher:
    """One compiled pattern for all aliases and patterns of a watchlist.

    `mentions` first looks for each alias as a plain substring of the case-folded text (a fast
    C search) and runs the word-boundary regex only when one is there: a megabyte of text that
    names nothing costs a few substring scans instead of one big alternation at every position.
    """

    watchlist_id: str
    pattern: re.Pattern[str]
    folded_aliases: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (literal the pattern starts with, or "", pattern)
    first_words: tuple[str, ...] = ()  # the lower-cased first word of every alias (none another one starts)
    by_first_word: bool = False  # every match starts with a first word (no alias opens with a space ...)
    pattern_words: tuple[str, ...] = ()  # per pattern, the lower-cased letters every match starts with, or ""
    # per first word, `pattern` less the aliases that do not open with it: where that word is (and so no other
    # first word: none starts another), it matches as `pattern` does, trying a few aliases, not all
    word_patterns: tuple[re.Pattern[str], ...] = ()

    def mentions(self, text: str | MatchText) -> bool:
        read = text if isinstance(text, MatchText) else match_text(text)
        folded = read.folded if read.folded is not None else _casefolded(read.text)
        if any(alias in folded for alias in self.folded_aliases) and self._names_alias(read):
            return True
        return any(pattern.search(read.text) for hint, pattern in self.patterns if hint in folded)

    def _names_alias(self, read: MatchText) -> bool:
        """Does the alias pattern match anywhere? Tried only where an alias's first word is, when the
        lower-cased text lines up with what the pattern's case-insensitive match sees (_by_first_word)."""
        text, lowered = read.text, read.lowered
        if not (self.by_first_word and read.aligned):
            return self.pattern.search(text) is not None
        for word, pattern in zip(self.first_words, self.word_patterns, strict=True):
            position = lowered.find(word)
            while position != -1:
                if pattern.match(text, position) is not None:
                    return True
                position = lowered.find(word, position + 1)
        return False

    def positions(self, text: str | MatchText) -> list[int]:
        """Where an alias or pattern match starts. Aliases are looked for by their first word (a plain
        substring search of the lower-cased text) and only there tried with the word-boundary pattern,
        which is far cheaper than running the whole alternation at every position."""
        read = text if isinstance(text, MatchText) else match_text(text, for_positions=True)
        text, lowered, aligned = read.text, read.lowered, read.aligned
        folded = read.folded_lower if read.folded_lower is not None else " ".join(lowered.split())
        patterned = [start for (hint, pattern), word in zip(self.patterns, self.pattern_words, strict=True)
                     if hint in folded for start in _pattern_starts(pattern, word if aligned else "", text, lowered)]
        if not (self.by_first_word and aligned):  # "İ": offsets would shift
            return [found.start() for found in self.pattern.finditer(text)] + patterned
        return self._alias_starts(text, lowered) + patterned

    def _alias_starts(self, text: str, lowered: str) -> list[int]:
        places: dict[int, re.Pattern[str]] = {}  # where a first word is: the pattern of its aliases
        for word, pattern in zip(self.first_words, self.word_patterns, strict=True):
            position = lowered.find(word)
            while position != -1:
                places[position] = pattern
                position = lowered.find(word, position + 1)
        starts: list[int] = []
        end = -1  # matches do not overlap, as finditer's do not
        for position, pattern in sorted(places.items()):
            if position < end:
                continue
            found = pattern.match(text, position)
            if found is not None:
                starts.append(position)
                end = found.end()
        return starts


@dataclass(frozen=True, slots=True)
class MatchText:
    """A text as the matchers read it, made once and handed to every watchlist's matcher."""

    text: str
    lowered: str  # text.lower()
    folded: str | None  # text.casefold(), runs of white space made one space (what `mentions` reads)
    folded_lower: str | None  # lowered, runs of white space made one space (what `positions` reads)
    aligned: bool  # _by_first_word(text, lowered)


def match_text(text: str, lowered: str | None = None, *, for_positions: bool = False) -> MatchText:
    """The text for the matchers' `mentions` (or, for_positions, `positions`: each reads its own folded
    form, made here only for it); `lowered`: text.lower(), when the caller has made it already."""
    lowered = text.lower() if lowered is None else lowered
    if for_positions:
        return MatchText(text, lowered, None, " ".join(lowered.split()), _by_first_word(text, lowered))
    return MatchText(text, lowered, _casefolded(text), None, _by_first_word(text, lowered))


def _casefolded(text: str) -> str:
    return " ".join(text.casefold().split())


def _rare_letters() -> frozenset[str] | None:
    """Letters that re's case-insensitive matching takes for another letter with a different lower case
    ("ı" for "i", "ſ" for "s"): every member of re's extra case classes but the first. None when re does
    not tell (then aliases are always looked for with the whole pattern)."""
    classes = getattr(getattr(re, "_casefix", None), "_EXTRA_CASES", None)
    if not isinstance(classes, dict):
        return None
    rare: set[str] = set()
    for code, others in classes.items():
        members = sorted((code, *others))
        rare.update(chr(member) for member in members[1:])
    return frozenset(rare)


_RARE_LETTERS = _rare_letters()
_RARE = re.compile("[" + "".join(map(re.escape, sorted(_RARE_LETTERS))) + "]") if _RARE_LETTERS else None


def _by_first_word(text: str, lowered: str) -> bool:
    """Do the lower-cased text's letters stand where the text's are, each the one a case-insensitive match
    compares (no "İ", whose lower case is two characters, and no rare letter)?"""
    return _RARE is not None and len(lowered) == len(text) and _RARE.search(lowered) is None


def _pattern_starts(pattern: re.Pattern[str], word: str, text: str, lowered: str) -> list[int]:
    """Where the pattern's matches start, as finditer finds them: tried only where `word`, the lower-cased
    letters every match starts with, is in the lower-cased text (all of it with no word)."""
    if not word:
        return [found.start() for found in pattern.finditer(text)]
    starts: list[int] = []
    end = -1  # matches do not overlap, as finditer's do not
    position = lowered.find(word)
    while position != -1:
        if position >= end:
            found = pattern.match(text, position)
            if found is not None:
                starts.append(position)
                end = found.end()
        position = lowered.find(word, position + 1)
    return starts


def _occurrences(text: str, word: str) -> list[int]:
    found, position = [], text.find(word)
    while position != -1:
        found.append(position)
        position = text.find(word, position + 1)
    return found


def alias_regex(alias: str, endings: Sequence[str] = ()) -> str:
    """Aliases match whole words, except Korean, where particles attach to the noun (북한은); an
    alias may take one of its language's endings ("Nordkoreas", "Moskaus", "nord-coréenne"), an
    acronym or a short alias none ("NATOs", "Natos" are no German forms of "NATO")."""
    body = re.escape(alias).replace(r"\ ", r"[\s\u00a0]+")
    if _HANGUL.search(alias):
        return body
    if endings and not alias.isupper() and len(alias) >= _MIN_INFLECTED:
        body += "(?:" + "|".join(re.escape(ending) for ending in sorted(endings, key=len, reverse=True)) + ")?"
    return rf"(?<![\w-]){body}(?![\w])"


@lru_cache(maxsize=64)
def _compile(watchlist: Watchlist) -> AliasMatcher:
    langs = dict(zip(watchlist.aliases, watchlist.alias_langs, strict=False))
    aliases = sorted(set(watchlist.aliases), key=len, reverse=True)
    regexes = [alias_regex(alias, ALIAS_ENDINGS.get(langs.get(alias, ""), ())) for alias in aliases]
    pattern = re.compile("|".join(regexes), re.IGNORECASE)
    folded = tuple(sorted({" ".join(alias.casefold().split()) for alias in aliases}))
    hinted = tuple((_literal_start(p.pattern), p) for p in watchlist.patterns)
    pattern_words = tuple(_pattern_word(p.pattern) for p in watchlist.patterns)
    first_words = _shortest(alias.lower().split()[0] for alias in aliases if alias.split())
    by_first_word = all(_opens_with_word(alias) for alias in aliases)
    word_patterns = tuple(re.compile("|".join(regex for alias, regex in zip(aliases, regexes, strict=True)
                                              if alias.lower().split()[0].startswith(word)), re.IGNORECASE)
                          for word in first_words) if by_first_word else ()
    return AliasMatcher(watchlist.id, pattern, folded, hinted, first_words, by_first_word, pattern_words,
                        word_patterns)


def _shortest(words: Iterable[str]) -> tuple[str, ...]:
    """The words no other of them starts ("nord-coréen", not also "nord-coréens"): where those are, the
    others may be, so they find the same places."""
    unique = sorted(set(words))
    return tuple(word for word in unique if not any(word != other and word.startswith(other) for other in unique))


def _opens_with_word(alias: str) -> bool:
    """Does every match of the alias start with its lower-cased first word?"""
    lowered = alias.lower()
    return bool(lowered.split()) and lowered.startswith(lowered.split()[0]) and len(lowered) == len(alias) \
        and _RARE_LETTERS is not None and _RARE_LETTERS.isdisjoint(lowered)


def _pattern_word(pattern: str) -> str:
    """The lower-cased letters every match of the pattern starts with, when their lower case stands where
    a case-insensitive match compares them (as an alias's first word must, _opens_with_word); else ""."""
    letters = _literal_letters(pattern)
    return letters.lower() if len(letters) >= 3 and _opens_with_word(letters) else ""


def _literal_start(pattern: str) -> str:
    """Letters every match must start with ("\\bСеверн\\w* Коре\\w*" -> "северн"), or "" when unsure.

    A text without them cannot match, so the pattern is not run over it.
    """
    letters = _literal_letters(pattern)
    return letters.casefold() if len(letters) >= 3 else ""


def _literal_letters(pattern: str) -> str:
    """The letters every match of the pattern starts with, as written ("" when unsure)."""
    found = _LEADING_LETTERS.match(pattern)
    if found is None or "|" in pattern:
        return ""
    letters, after = found.groups()
    return letters[:-1] if after in ("?", "*", "{") else letters


def matcher(watchlist: Watchlist) -> AliasMatcher:
    return _compile(watchlist)


def match_watchlists(texts: Iterable[str], watchlists: Sequence[Watchlist]) -> tuple[str, ...]:
    """Ids of the watchlists that any of the texts mentions, in watchlist order."""
    joined = match_text("\n".join(texts))  # lower-cased and folded once for all watchlists
    return tuple(w.id for w in watchlists if matcher(w).mentions(joined))
