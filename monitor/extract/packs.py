"""Language packs as data: `monitor/lang/<code>/<part>.toml`, read once at import by the modules that use them.

A pack part is a TOML table of named word lists. `word_lists(part, field)` gives, for every language
that has the part, the list under `field`; a pack that lacks a field it must have is an error naming
the file and the field (tests/test_packs.py checks that every pack fills every required field).
`part_table(lang, part)` gives one part as a `PackTable`, whose typed accessors raise that error for a
missing or mistyped field. Every reader takes an optional `root` (a folder of language folders), so a
test can load a pack it wrote itself.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

from monitor.errors import ExtractError

PACKAGE = "monitor.lang"


def _root(root: Traversable | None) -> tuple[Traversable, str]:
    """The folder of language folders, and how errors name it."""
    return (resources.files(PACKAGE), "monitor/lang") if root is None else (root, str(root))


def pack_languages(root: Traversable | None = None) -> tuple[str, ...]:
    """The codes of every language that has a pack folder."""
    folder, _ = _root(root)
    return tuple(sorted(entry.name for entry in folder.iterdir()
                        if entry.is_dir() and not entry.name.startswith(("_", "."))))


def read_part(lang: str, part: str, root: Traversable | None = None) -> Mapping[str, Any]:
    """The table of `monitor/lang/<lang>/<part>.toml` (empty when the pack has no such part)."""
    folder, label = _root(root)
    source = folder.joinpath(lang, f"{part}.toml")
    if not source.is_file():
        return MappingProxyType({})
    try:
        return MappingProxyType(tomllib.loads(source.read_text("utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise ExtractError(f"{label}/{lang}/{part}.toml: {error}; fix the language pack") from error


def part_table(lang: str, part: str, root: Traversable | None = None) -> PackTable:
    """`monitor/lang/<lang>/<part>.toml` as a typed table; a pack without the file is an error."""
    folder, label = _root(root)
    source = f"{label}/{lang}/{part}.toml"
    if not folder.joinpath(lang, f"{part}.toml").is_file():
        raise ExtractError(f"{source}: missing file; fix the language pack")
    return PackTable(source, read_part(lang, part, root))


@dataclass(frozen=True, slots=True)
class PackTable:
    """A table of a pack part, read through typed accessors. A missing or mistyped field is an ExtractError
    naming the file and the field as a path in the file ("before.about", "words.unit[2].value")."""

    source: str  # the file, as errors name it
    values: Mapping[str, Any]
    path: str = ""  # where this table sits in the file: "" at the top, "connectors.and." below

    def error(self, field: str, problem: str) -> ExtractError:
        return ExtractError(f"{self.source}: {self.path}{field}: {problem}; fix the language pack")

    def fields(self) -> tuple[str, ...]:
        return tuple(self.values)

    def only(self, allowed: Collection[str]) -> None:
        """Refuse fields the reader does not know (a misspelt name would otherwise be ignored)."""
        for field in self.values:
            if field not in allowed:
                raise self.error(field, f"unknown field (known: {', '.join(allowed)})")

    def _value(self, field: str) -> Any:
        if field not in self.values:
            raise self.error(field, "missing")
        return self.values[field]

    def string(self, field: str) -> str:
        value = self._value(field)
        if not isinstance(value, str):
            raise self.error(field, "expected a string")
        return value

    def flag(self, field: str) -> bool:
        value = self._value(field)
        if not isinstance(value, bool):
            raise self.error(field, "expected true or false")
        return value

    def number(self, field: str) -> float:
        value = self._value(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(field, "expected a number")
        return float(value)

    def strings(self, field: str, *, non_empty: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings (`non_empty`: and at least one)."""
        value = self._value(field)
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.error(field, "expected a list of non-empty strings")
        if non_empty and not value:
            raise self.error(field, "empty; the reader needs at least one")
        return tuple(value)

    def numbers(self, field: str) -> tuple[float, ...]:
        value = self._value(field)
        if not isinstance(value, list) or not all(
                isinstance(item, int | float) and not isinstance(item, bool) for item in value):
            raise self.error(field, "expected a list of numbers")
        return tuple(float(item) for item in value)

    def table(self, field: str, *, non_empty: bool = False) -> PackTable:
        value = self._value(field)
        if not isinstance(value, Mapping):
            raise self.error(field, "expected a table")
        if non_empty and not value:
            raise self.error(field, "empty; the reader needs at least one entry")
        return PackTable(self.source, MappingProxyType(value), f"{self.path}{field}.")

    def tables(self, field: str) -> tuple[PackTable, ...]:
        value = self._value(field)
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            raise self.error(field, "expected a list of tables")
        return tuple(PackTable(self.source, MappingProxyType(item), f"{self.path}{field}[{index}].")
                     for index, item in enumerate(value))


def word_lists(part: str, field: str) -> Mapping[str, tuple[str, ...]]:
    """`field` of `part` for every language pack, as tuples of strings (validated: a pack that has the part
    must fill the field, with an empty list where the language has nothing for it)."""
    tables: dict[str, tuple[str, ...]] = {}
    for lang in pack_languages():
        table = read_part(lang, part)
        if table and field not in table:
            raise ExtractError(f"monitor/lang/{lang}/{part}.toml: {field}: missing field; fix the language pack")
        value = table.get(field, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ExtractError(f"monitor/lang/{lang}/{part}.toml: {field}: expected a list of strings; "
                               "fix the language pack")
        tables[lang] = tuple(value)
    return MappingProxyType(tables)


def pack_flags(part: str, field: str) -> frozenset[str]:
    """The languages whose `part` sets the boolean `field` to true (validated)."""
    flagged: set[str] = set()
    for lang in pack_languages():
        value = read_part(lang, part).get(field, False)
        if not isinstance(value, bool):
            raise ExtractError(f"monitor/lang/{lang}/{part}.toml: {field}: expected true or false; "
                               "fix the language pack")
        if value:
            flagged.add(lang)
    return frozenset(flagged)


def phrase_regex(phrases: tuple[str, ...], glued: bool = False) -> re.Pattern[str]:
    """One case-insensitive pattern for pack phrases: whole words, "*" for any ending, any spaces between
    words; `glued` (Korean): a phrase may be followed by more letters (particles attach to it)."""
    return _compiled_phrases(tuple(phrase.casefold() for phrase in phrases), phrases, glued, re.IGNORECASE)


def _compiled_phrases(folded: tuple[str, ...], phrases: tuple[str, ...], glued: bool, flags: int) -> re.Pattern[str]:
    """One pattern of the `folded` phrases (each the case-folded form of the phrase beside it), longest first."""
    def one(body_text: str, phrase: str) -> str:
        body = r"\s+".join(re.escape(part) for part in body_text.split())
        return body.replace(r"\*", r"\w*") + ("" if glued or phrase.endswith("*") else r"(?!\w)")
    ordered = sorted(zip(folded, phrases, strict=True), key=lambda pair: len(pair[1]), reverse=True)
    alternatives = "|".join(one(body, phrase) for body, phrase in ordered) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alternatives})", flags)


def lowered_phrase_regex(phrases: tuple[str, ...], glued: bool = False) -> re.Pattern[str] | None:
    """phrase_regex(phrases, glued) for text lower-cased by lowered_or_none: the same matches, at the same
    offsets, without re's case-insensitive comparison (about twice as fast). None when a phrase holds a
    letter whose lower case is not one letter (or is "σ"/"ς"), or one re's case-insensitive match takes
    for another letter: then only phrase_regex is exact."""
    lowered = tuple(phrase.casefold().lower() for phrase in phrases)
    for phrase, low in zip(phrases, lowered, strict=True):
        folded = phrase.casefold()
        if len(low) != len(folded) or "σ" in low or "ς" in low or _RARE_LETTERS is None \
                or not _RARE_LETTERS.isdisjoint(low):
            return None
    return _compiled_phrases(lowered, phrases, glued, 0)


def phrase_needles(phrases: Collection[str]) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of phrase_regex(phrases) contains: per phrase, the longest
    literal piece of its words (a phrase's words are matched literally, "*" aside), for a substring
    pre-check of the lower-cased text (may_match); pieces that hold another are dropped. None when a
    phrase has no piece or re's case rules make the check unsafe."""
    needles: set[str] = set()
    for phrase in phrases:
        pieces = [piece for word in phrase.casefold().split() for piece in word.split("*") if piece]
        needle = max(pieces, key=len).lower() if pieces else ""
        if not needle or _RARE_LETTERS is None or not _RARE_LETTERS.isdisjoint(needle):
            return None
        needles.add(needle)
    return tuple(sorted(n for n in needles if not any(other != n and other in n for other in needles)))


def lowered_or_none(text: str, lowered: str | None = None) -> str | None:
    """text.lower() when each of its characters is what a case-insensitive match of re compares at the same
    offset (no letter whose lower case is longer, like "İ"; no letter re equates with another of a different
    lower case, like "ı" or "ſ"; no "Σ", whose lower case depends on its place); else None. `lowered`:
    text.lower(), when the caller has it (the document's is in its ScanBook)."""
    lowered = text.lower() if lowered is None else lowered
    if _RARE is None or len(lowered) != len(text) or "Σ" in text or _RARE.search(lowered) is not None:
        return None
    return lowered


def may_match(needles: tuple[str, ...] | None, lowered: str | None) -> bool:
    """False only when no phrase whose phrase_needles these are can match in the text `lowered` is of."""
    return needles is None or lowered is None or any(needle in lowered for needle in needles)


def _rare_letters() -> frozenset[str] | None:
    """Letters re's case-insensitive match takes for another letter of a different lower case: every member
    of re's extra case classes but the first (None when this Python's re does not tell)."""
    classes = getattr(getattr(re, "_casefix", None), "_EXTRA_CASES", None)
    if not isinstance(classes, dict):
        return None
    rare: set[str] = set()
    for code, others in classes.items():
        rare.update(chr(member) for member in sorted((code, *others))[1:])
    return frozenset(rare)


_RARE_LETTERS = _rare_letters()
_RARE = re.compile("[" + "".join(map(re.escape, sorted(_RARE_LETTERS))) + "]") if _RARE_LETTERS else None
