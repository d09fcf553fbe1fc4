"""Two numbers of one sentence that are one figure and its earlier value.

"10,000 troops, up from 3,000", "naik dari 8.000", "11 000 военных против 8000", "from 8,000 to
11,000": the bare number counts what its partner counts (inherit_counted), and the later
figure records the earlier value while the earlier one is marked as such (link_revisions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from monitor.extract.figure_counted import Counted, is_duration
from monitor.extract.figure_cues import FROM_TO_CUES, REVISION_CUES, TOTAL_CUES
from monitor.extract.figure_words import GLUED
from monitor.extract.model import Figure, NumberMention, Sentence
from monitor.extract.units import FALLBACK

_MAX_BETWEEN = 40  # characters between the two numbers of a revision
_BEFORE = 30  # characters before the first number read for "from"
_REVISION, _FROM_TO = "revision", "from-to"


def inherit_counted(pairs: Sequence[tuple[NumberMention, Counted | None]], text: str,
                    lang: str) -> list[tuple[NumberMention, Counted | None]]:
    """A bare number linked to a counted neighbour by a revision cue counts the same thing, and so does
    a bare total after a counted number ("3,000 more troops, bringing the total to 11,000")."""
    linked = _totals(list(pairs), text, lang)
    for position in range(1, len(linked)):
        (first, first_counted), (second, second_counted) = linked[position - 1], linked[position]
        if (first_counted is None) == (second_counted is None):
            continue
        if not _linked(text, first.span_start, first.span_end, second.span_start, lang):
            continue
        if second_counted is None and first_counted is not None and not is_duration(text, second, lang):
            linked[position] = (second, replace(first_counted, end=second.end))
        elif first_counted is None and second_counted is not None and not is_duration(text, first, lang):
            linked[position - 1] = (first, replace(second_counted, end=first.end))
    return linked


def _totals(linked: list[tuple[NumberMention, Counted | None]], text: str,
            lang: str) -> list[tuple[NumberMention, Counted | None]]:
    for position in range(1, len(linked)):
        number, counted = linked[position]
        source = linked[position - 1][1]
        before = text[max(linked[position - 1][0].span_end, number.span_start - _BEFORE):number.span_start]
        if counted is None and source is not None and _has_cue(before.casefold(), _total_cues(lang)) \
                and not is_duration(text, number, lang):
            linked[position] = (number, replace(source, end=number.end))
    return linked


def _total_cues(lang: str) -> tuple[str, ...]:
    return TOTAL_CUES.get(lang, ()) + (TOTAL_CUES[FALLBACK] if lang != FALLBACK else ())


def link_revisions(figures: list[Figure], sentence: Sentence, lang: str) -> list[Figure]:
    """'10,000 troops, up from 3,000' or 'from 3,000 to 10,000': one figure revises the other."""
    linked = list(figures)
    for position in range(1, len(linked)):
        first, second = linked[position - 1], linked[position]
        if first.unit != second.unit or first.is_previous or first.previous_value is not None:
            continue
        link = _linked(sentence.text, first.start - sentence.start, first.end - sentence.start,
                       second.start - sentence.start, lang)
        if link == _REVISION:
            linked[position - 1], linked[position] = _revised(first, second)
        elif link == _FROM_TO:
            linked[position], linked[position - 1] = _revised(second, first)
    return linked


def _linked(text: str, first_start: int, first_end: int, second_start: int, lang: str) -> str | None:
    """How two numbers are linked: a revision cue right before the second ("..., up from 3,000"), or
    "from" before the first and "to" between them ("from 3,000 to 10,000")."""
    if first_end > second_start:
        return None
    cue_zone = text[max(first_end, second_start - _MAX_BETWEEN):second_start].casefold()
    if _has_cue(cue_zone, _revision_cues(lang)):
        return _REVISION
    between = text[first_end:second_start].casefold()
    before = text[max(0, first_start - _BEFORE):first_start].casefold()
    if len(between) <= _MAX_BETWEEN and _from_to(before, between, lang):
        return _FROM_TO
    return None


def _revision_cues(lang: str) -> tuple[str, ...]:
    return REVISION_CUES.get(lang, ()) + (REVISION_CUES[FALLBACK] if lang != FALLBACK else ())


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(cue) for cue in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _has_cue(text: str, cues: tuple[str, ...]) -> bool:
    return bool(cues) and _cue_pattern(cues).search(text) is not None


def _from_to(before: str, between: str, lang: str) -> bool:
    starts, links = FROM_TO_CUES.get(lang, FROM_TO_CUES[FALLBACK])
    if lang in GLUED:  # particles attach to the numbers: "기존 8000명에서 1만 명으로"
        return _has_cue(before, starts) or any(link in between for link in links)
    return _has_cue(before, starts) and _has_cue(between, links)


def _revised(new: Figure, old: Figure) -> tuple[Figure, Figure]:
    return (replace(new, previous_value=old.value),
            replace(old, is_previous=True, credited_to=old.credited_to or new.credited_to))
