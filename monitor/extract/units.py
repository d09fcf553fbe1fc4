"""Language pack of the counted thing: nouns (-> canonical English unit), fillers, modifiers, classifiers.

The tables are data: the `counted` part of each language pack, monitor/lang/<code>/counted.toml (whose
fields monitor/lang/en/counted.toml documents), read once at import and validated: a missing or mistyped
field is an ExtractError naming the file and the field. The cues around a figure (what happened to the
counted people, revisions, links) are read from the same part by monitor.extract.figure_cues.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import NamedTuple

from monitor.extract.packs import PACKAGE, PackTable, pack_languages, part_table

PART = "counted"
FALLBACK = "en"  # a language whose pack has no counted part uses English nouns


def counted_tables(root: Traversable | None = None) -> Mapping[str, PackTable]:
    """The counted part of every pack that has one (`root`: a folder of language folders, for tests).

    The English pack must have it, since other languages fall back to its tables.
    """
    folder = resources.files(PACKAGE) if root is None else root
    tables = {lang: part_table(lang, PART, root) for lang in pack_languages(root)
              if folder.joinpath(lang, f"{PART}.toml").is_file()}
    if FALLBACK not in tables:
        part_table(FALLBACK, PART, root)  # raises: the file is missing
    return MappingProxyType(tables)


def phrases(table: PackTable, field: str, *, non_empty: bool = False) -> Mapping[str, str]:
    """The table `field` of phrase = "value" entries, in the order of the file."""
    entries = table.table(field, non_empty=non_empty)
    return MappingProxyType({phrase: entries.string(phrase) for phrase in entries.fields()})


def whole_number(table: PackTable, field: str) -> int:
    """The field `field` as a whole number, 0 or more."""
    value = table.number(field)
    if value < 0 or not value.is_integer():
        raise table.error(field, "expected a whole number, 0 or more")
    return int(value)


class CountedWords(NamedTuple):
    """This module's fields of one pack's counted part (the names are the fields of the file)."""

    nouns: Mapping[str, str]
    fillers: frozenset[str]
    post_modifiers: tuple[str, ...]
    classifiers: frozenset[str]
    share_words: tuple[str, ...]
    share_of: frozenset[str]


def read_counted(table: PackTable) -> CountedWords:
    """The counted thing of one pack, validated."""
    return CountedWords(
        nouns=phrases(table, "nouns", non_empty=True),
        fillers=frozenset(table.strings("fillers")),
        post_modifiers=table.strings("post_modifiers"),
        classifiers=frozenset(table.strings("classifiers")),
        share_words=table.strings("share_words"),
        share_of=frozenset(table.strings("share_of")),
    )


COUNTED_PACKS = counted_tables()
_WORDS = MappingProxyType({lang: read_counted(table) for lang, table in COUNTED_PACKS.items()})

# Counted nouns per language, mapped to the canonical unit ("en" also serves languages without a pack).
COUNTED_NOUNS: Mapping[str, Mapping[str, str]] = MappingProxyType({lang: w.nouns for lang, w in _WORDS.items()})

# Currency signs written before the number (the same in every language).
CURRENCY_SIGNS: Mapping[str, str] = MappingProxyType(
    {"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "₩": "krw", "₽": "rub"})

# Words allowed between the number and the counted noun ("10,000 North Korean troops").
FILLERS: Mapping[str, frozenset[str]] = MappingProxyType({lang: w.fillers for lang, w in _WORDS.items()})

# Modifiers that follow the noun and belong to the counted phrase (Indonesian puts them after).
POST_MODIFIERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {lang: w.post_modifiers for lang, w in _WORDS.items()})

# Counters that say "persons" without saying who: "berjumlah 10.000 orang", "북한군 1만 명".
CLASSIFIERS: Mapping[str, frozenset[str]] = MappingProxyType({lang: w.classifiers for lang, w in _WORDS.items()})

# A percentage is a figure only when it is a share: one of SHARE_WORDS near it, or a SHARE_OF word
# right after it ("40 percent of the shells").
SHARE_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType({lang: w.share_words for lang, w in _WORDS.items()})
SHARE_OF: Mapping[str, frozenset[str]] = MappingProxyType({lang: w.share_of for lang, w in _WORDS.items()})

# Units no counted noun gives: shares, bare counts, areas written with a symbol (monitor.extract.figure_bare).
BUILT_IN_UNITS = ("percent", "count", "km2")
# Every unit a figure can have without a watchlist's own nouns: what the packs' nouns count, the currencies
# and the built-in ones. A watchlist metric names some of these, or brings nouns of its own.
KNOWN_UNITS: tuple[str, ...] = tuple(sorted(
    {unit for nouns in COUNTED_NOUNS.values() for unit in nouns.values()} | set(CURRENCY_SIGNS.values())
    | set(BUILT_IN_UNITS)))

