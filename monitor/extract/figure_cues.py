"""Language pack of the words around a figure (data only).

What happened to the counted people ("1,200 soldiers were killed" counts the killed), which words
may link a counted noun to a number after it ("the number of troops rose from 8,000"), which
words may follow a bare number, durations, and the cues of revisions ("up from 3,000").
Phrases are matched on whole words, case-insensitively; a trailing "*" means "this stem and any
ending". Korean words match as prefixes (particles attach to the word).

The words are data: the `counted` part of each language pack (monitor/lang/<code>/counted.toml,
documented in monitor/lang/en/counted.toml), which monitor.extract.units reads; durations are in the
figures part. Where a table serves as a fallback, the English pack's entry is used (monitor.extract.
figure_links adds English revision and total cues to every language, and its from/to cues to a
language without a pack).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from monitor.extract.packs import PackTable, word_lists
from monitor.extract.units import COUNTED_PACKS, CountedWords, phrases, whole_number


class CueWords(NamedTuple):
    """This module's fields of one pack's counted part (the names are the fields of the file)."""

    states_after: Mapping[str, str]
    state_aux: frozenset[str]
    state_slack: int
    states_before: Mapping[str, str]
    state_joins: frozenset[str]
    head_links: frozenset[str]
    free_after: frozenset[str]
    time_adverbs: frozenset[str]
    year_prepositions: frozenset[str]
    revision_cues: tuple[str, ...]
    from_to_starts: tuple[str, ...]
    from_to_links: tuple[str, ...]
    total_cues: tuple[str, ...]


# Every field of a counted part: monitor.extract.units's and this module's.
COUNTED_FIELDS = CountedWords._fields + CueWords._fields


def read_cues(table: PackTable) -> CueWords:
    """The cues of one pack, validated; a field neither module reads is refused (a misspelt name)."""
    table.only(COUNTED_FIELDS)
    return CueWords(
        states_after=phrases(table, "states_after"),
        state_aux=frozenset(table.strings("state_aux")),
        state_slack=whole_number(table, "state_slack"),
        states_before=phrases(table, "states_before"),
        state_joins=frozenset(table.strings("state_joins")),
        head_links=frozenset(table.strings("head_links")),
        free_after=frozenset(table.strings("free_after")),
        time_adverbs=frozenset(table.strings("time_adverbs")),
        year_prepositions=frozenset(table.strings("year_prepositions")),
        revision_cues=table.strings("revision_cues"),
        from_to_starts=table.strings("from_to_starts"),
        from_to_links=table.strings("from_to_links"),
        total_cues=table.strings("total_cues"),
    )


_CUES = MappingProxyType({lang: read_cues(table) for lang, table in COUNTED_PACKS.items()})

# What happened to the counted people, after the noun: "soldiers were killed", "tentara tewas".
STATES_AFTER: Mapping[str, Mapping[str, str]] = MappingProxyType({lang: c.states_after for lang, c in _CUES.items()})

# Words that may stand between the noun and its state ("soldiers had been killed") ...
STATE_AUX: Mapping[str, frozenset[str]] = MappingProxyType({lang: c.state_aux for lang, c in _CUES.items()})
# ... and how many other words may stand there (German puts the participle at the end).
STATE_SLACK: Mapping[str, int] = MappingProxyType({lang: c.state_slack for lang, c in _CUES.items()})

# A state right before the number: "погибли более 1 200 военных", "menewaskan 12 orang".
STATES_BEFORE: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {lang: c.states_before for lang, c in _CUES.items()})

STATE_BEFORE_REACH = 5  # words a state before the number may stand from it ("потеряли в Курской области 40 тысяч")

# "killed or wounded": two states joined by one of these (in any language) count casualties.
STATE_JOINS: frozenset[str] = frozenset().union(*(c.state_joins for c in _CUES.values()))

# Words that may link a counted noun to a number after it: "the number of troops in Kursk rose from
# 8,000", "Tentara ... berjumlah 10.000 orang". At least one must be there (Korean needs none).
HEAD_LINKS: Mapping[str, frozenset[str]] = MappingProxyType({lang: c.head_links for lang, c in _CUES.items()})
HEAD_SLACK = 1  # other words allowed between the noun and the number ("Tentara ... yang dikirim ke Rusia")

# Words that may follow a number whose counted noun is before it ("rose from 8,000 to 11,000").
FREE_AFTER: Mapping[str, frozenset[str]] = MappingProxyType({lang: c.free_after for lang, c in _CUES.items()})

# Time units: a number followed by one counts time, not things ("six weeks") ...
DURATIONS: Mapping[str, tuple[str, ...]] = word_lists("figures", "duration_units")
# ... unless one of these follows it: "8.000 pekan lalu" is 8,000 as of last week.
TIME_ADVERBS: Mapping[str, frozenset[str]] = MappingProxyType({lang: c.time_adverbs for lang, c in _CUES.items()})

# Cues that make the second of two numbers the earlier value of the first.
REVISION_CUES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {lang: c.revision_cues for lang, c in _CUES.items()})

# "from 3,000 to 10,000": a cue before the first number and a link word between the two.
FROM_TO_CUES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType(
    {lang: (c.from_to_starts, c.from_to_links) for lang, c in _CUES.items()})

# Words right before a year ("in 2000", "pada 2000"): "2000 soldiers" after one of them stays a year.
YEAR_PREPOSITIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {lang: c.year_prepositions for lang, c in _CUES.items()})

# A bare number after one of these counts what the sentence counted before it: "sent 3,000 more
# troops, bringing the total to 11,000".
TOTAL_CUES: Mapping[str, tuple[str, ...]] = MappingProxyType({lang: c.total_cues for lang, c in _CUES.items()})
