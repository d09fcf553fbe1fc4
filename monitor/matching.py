"""Watchlist matching: which watchlists an article (or a sentence) is about. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    # per first word, `pattern` less the aliases that do not open with it: at a place where that word is (and
    # so no other first word), it matches as `pattern` does (by_first_word only)
    word_patterns: tuple[re.Pattern[str], ...] = ()

    def mentions(self, text: str) -> bool:
        folded = _casefolded(text)
        if any(alias in folded for alias in self.folded_aliases) and self._names_alias(text):
            return True
        return any(pattern.search(text) for hint, pattern in self.patterns if hint in folded)

    def _names_alias(self, text: str) -> bool:
        """Does the alias pattern match anywhere? Tried only where an alias's first word is, when the
        lower-cased text lines up with what the pattern's case-insensitive match sees (_by_first_word)."""
        lowered = _lowered(text)
        if not (self.by_first_word and _by_first_word(text, lowered)):
            return self.pattern.search(text) is not None
        for word in self.first_words:
            position = lowered.find(word)
            while position != -1:
                if self.pattern.match(text, position) is not None:
                    return True
                position = lowered.find(word, position + 1)
        return False

    def positions(self, text: str) -> list[int]:
        """Where an alias or pattern match starts. Aliases are looked for by their first word (a plain
        substring search of the lower-cased text) and only there tried with the word-boundary pattern,
        which is far cheaper than running the whole alternation at every position."""
        lowered = _lowered(text)
        folded = _folded_lower(text)
        aligned = _by_first_word(text, lowered)
        patterned = [start for (hint, pattern), word in zip(self.patterns, self.pattern_words, strict=True)
                     if hint in folded for start in _pattern_starts(pattern, word if aligned else "", text, lowered)]
        if not (self.by_first_word and aligned):  # "İ": offsets would shift
            return [found.start() for found in self.pattern.finditer(text)] + patterned
        return self._alias_starts(text, lowered) + patterned

    def _alias_starts(self, text: str, lowered: str) -> list[int]:
        places: set[int] = set()
        for word in self.first_words:
            position = lowered.find(word)
            while position != -1:
                places.add(position)
                position = lowered.find(word, position + 1)
        starts: list[int] = []
        end = -1  # matches do not overlap, as finditer's do not
        for position in sorted(places):
            if position < end:
                continue
            found = self.pattern.match(text, position)
            if found is not None:
                starts.append(position)
                end = found.end()
        return starts


@lru_cache(maxsize=8)
def _casefolded(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=8)
def _lowered(text: str) -> str:
    return text.lower()


@lru_cache(maxsize=8)
def _folded_lower(text: str) -> str:
    return " ".join(_lowered(text).split())


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


@lru_cache(maxsize=8)
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


@dataclass(frozen=True, slots=True)
class AliasFinder:
    """The first words of every alias and the letters every pattern starts with, of a tuple of watchlists, in
    one Aho-Corasick automaton over the lower-cased text: one pass finds every place (overlapping ones too)
    where one of them starts, which is what AliasMatcher.positions finds with a substring search per word.
    Built once per tuple of watchlists (finder()); the automaton is not changed after it is made."""

    matchers: tuple[AliasMatcher, ...]
    automaton: Any  # ahocorasick.Automaton, None for no words: word -> (length, ((matcher, target), ...))
    folded: Any = None  # the same for the case-folded aliases (mentions' pre-check): alias -> matchers
    unfolded: frozenset[int] = frozenset()  # matchers with an empty folded alias (in every text)

    def mentioned(self, text: str) -> tuple[str, ...]:
        """The ids of the matchers whose mentions(text) is true, in order."""
        folded = _casefolded(text)
        named = set(self.unfolded)  # the matchers one of whose folded aliases is in the folded text
        for _end, indices in (self.folded.iter(folded) if self.folded is not None else ()):
            named.update(indices)
        lowered = _lowered(text)
        places = self._places(lowered)[0] if named and _by_first_word(text, lowered) else None
        ids: list[str] = []
        for index, m in enumerate(self.matchers):
            if index in named:
                if places is not None and m.by_first_word:
                    aliased = any(pattern.match(text, position) is not None
                                  for position, pattern in places[index].items())
                else:
                    aliased = m._names_alias(text)
                if aliased:
                    ids.append(m.watchlist_id)
                    continue
            if any(pattern.search(text) for hint, pattern in m.patterns if hint in folded):
                ids.append(m.watchlist_id)
        return tuple(ids)

    def _places(self, lowered: str) -> tuple[list[dict[int, re.Pattern[str]]], dict[tuple[int, int], list[int]]]:
        """Per matcher, where its first words are (with their pattern); per (matcher, pattern), where the
        pattern's letters are: every place, overlapping ones too, in one pass over the lower-cased text."""
        places: list[dict[int, re.Pattern[str]]] = [{} for _ in self.matchers]
        words: dict[tuple[int, int], list[int]] = {}
        for end, (size, targets) in (self.automaton.iter(lowered) if self.automaton is not None else ()):
            for index, target in targets:
                if isinstance(target, int):
                    words.setdefault((index, target), []).append(end - size + 1)
                else:  # an alias's first word: its aliases' pattern there
                    places[index][end - size + 1] = target
        return places, words

    def positions(self, text: str) -> dict[str, list[int]]:
        """Per watchlist id, what its matcher's positions(text) gives (in another order)."""
        lowered = _lowered(text)
        if not _by_first_word(text, lowered):  # "İ": offsets would shift
            return {m.watchlist_id: m.positions(text) for m in self.matchers}
        places, words = self._places(lowered)
        folded = _folded_lower(text)
        found: dict[str, list[int]] = {}
        for index, m in enumerate(self.matchers):
            patterned = [start for number, ((hint, pattern), word) in enumerate(zip(m.patterns, m.pattern_words,
                                                                                   strict=True))
                         if hint in folded for start in (_pattern_starts(pattern, "", text, lowered) if not word
                                                         else _starts_at(((place, pattern) for place in
                                                                          words.get((index, number), ())), text))]
            if not m.by_first_word:
                found[m.watchlist_id] = [match.start() for match in m.pattern.finditer(text)] + patterned
            else:
                found[m.watchlist_id] = _starts_at(sorted(places[index].items()), text) + patterned
        return found


def _starts_at(places: Iterable[tuple[int, re.Pattern[str]]], text: str) -> list[int]:
    """Where each place's pattern matches there, places ascending, matches not overlapping as finditer's do not."""
    starts: list[int] = []
    end = -1
    for position, pattern in places:
        if position < end:
            continue
        found = pattern.match(text, position)
        if found is not None:
            starts.append(position)
            end = found.end()
    return starts


@lru_cache(maxsize=16)
def finder(watchlists: tuple[Watchlist, ...]) -> AliasFinder:
    """The AliasFinder of these watchlists (built once for each tuple of them)."""
    matchers = tuple(_compile(watchlist) for watchlist in watchlists)
    targets: dict[str, list[tuple[int, int | re.Pattern[str]]]] = {}
    for index, m in enumerate(matchers):
        if m.by_first_word:
            for word, word_pattern in zip(m.first_words, m.word_patterns, strict=True):
                targets.setdefault(word, []).append((index, word_pattern))
        for number, word in enumerate(m.pattern_words):
            if word:
                targets.setdefault(word, []).append((index, number))
    aliases: dict[str, list[int]] = {}
    for index, m in enumerate(matchers):
        for alias in m.folded_aliases:
            aliases.setdefault(alias, []).append(index)
    unfolded = frozenset(aliases.pop("", ()))
    return AliasFinder(matchers, _automaton({word: (len(word), tuple(where)) for word, where in targets.items()}),
                       _automaton({alias: tuple(where) for alias, where in aliases.items()}), unfolded)


def _automaton(words: Mapping[str, object]) -> Any:
    """An Aho-Corasick automaton of the words and their values (None for no words)."""
    import ahocorasick

    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


def alias_positions(text: str, watchlists: Sequence[Watchlist]) -> dict[str, tuple[int, ...]]:
    """Where each watchlist's aliases and patterns are named in a text, in order (one pass over it)."""
    found = finder(tuple(watchlists)).positions(text)
    return {watchlist.id: tuple(sorted(found[watchlist.id])) for watchlist in watchlists}


def match_watchlists(texts: Iterable[str], watchlists: Sequence[Watchlist]) -> tuple[str, ...]:
    """Ids of the watchlists that any of the texts mentions, in watchlist order."""
    return finder(tuple(watchlists)).mentioned("\n".join(texts))
