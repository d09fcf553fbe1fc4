"""What kind of report a figure is, and whose people it counts. Pure, on the figure's sentence.

Modality: "expected to reach 10,000 by December" is a projection, "could send 30,000" a hypothetical,
"up from 3,000 last week" an earlier estimate, "a strike killed 500" the count of one incident, "so far
1,200 in total" a running total; anything else is a current estimate. The cues are pack data
(`*_cues` in `monitor/lang/<code>/figures.toml`), read in the figure's clause.

Side: "3,000 North Korean soldiers", "солдатів КНДР", "tentara Korea Utara", "북한군": the watchlist
whose alias is named nearest the number inside its noun phrase, outside the credited speaker ("the
Russian Defence Ministry said 500 Ukrainian soldiers ..." counts Ukrainians, not Russians).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from monitor.extract.figure_words import GLUED
from monitor.extract.model import NumberMention, Sentence
from monitor.extract.packs import lowered_phrase_regex, may_match, phrase_needles, phrase_regex, word_lists

CURRENT = "current"
PREVIOUS = "earlier"
MODALITIES = ("hypothetical", "projection", PREVIOUS, "incident", "total")  # checked in this order
_CUE_LISTS = {modality: word_lists("figures", f"{modality}_cues") for modality in MODALITIES}
_CUES: Mapping[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    lang: tuple((modality, phrase_regex(_CUE_LISTS[modality][lang], lang in GLUED)) for modality in MODALITIES)
    for lang in _CUE_LISTS["total"]
}


def _lowered_cues(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...] | None:
    """The cues of `lang` for lower-cased text (packs.lowered_or_none), or None where its phrases do not allow it."""
    cues: list[tuple[str, re.Pattern[str]]] = []
    for modality in MODALITIES:
        pattern = lowered_phrase_regex(_CUE_LISTS[modality][lang], lang in GLUED)
        if pattern is None:
            return None
        cues.append((modality, pattern))
    return tuple(cues)


_LOWERED_CUES = {lang: cues for lang in _CUES if (cues := _lowered_cues(lang)) is not None}
# Per language, per modality (in MODALITIES order): a literal piece of each cue phrase, one of which every
# match holds (packs.phrase_needles; None where no check is safe).
_NEEDLES = {lang: tuple(phrase_needles(_CUE_LISTS[modality][lang]) for modality in MODALITIES) for lang in _CUES}
Cues = tuple[tuple[str, re.Pattern[str]], ...]


def document_cues(lang: str, lowered: str | None) -> Cues:
    """The modality cues modality_of reads in a document, in order: all of them, but for a document lower-cased
    exactly (`lowered`: packs.lowered_or_none of its text) the lower-case patterns, and only those of the
    modalities with a piece of one of their phrases somewhere in it (a cue found in a clause is in the text)."""
    if lowered is None or lang not in _LOWERED_CUES:
        return _CUES.get(lang, ())
    return tuple(cue for cue, needles in zip(_LOWERED_CUES[lang], _NEEDLES[lang], strict=True)
                 if may_match(needles, lowered))
_PLACE_BEFORE = {lang: re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})\s+$", re.IGNORECASE)
                 for lang, words in word_lists("figures", "place_prepositions").items() if words}
# [;:—–]|,\s|\s-\s, opening with a character class (re then skips to the next candidate): the same matches
_CLAUSE_MARK = re.compile(r"[;:—–,\s](?:(?<=[;:—–])|(?<=,)\s|(?<=\s)-\s)")
_REACH_BEFORE, _REACH_AFTER = 70, 45  # characters of the clause read around the number
_PHRASE_BEFORE, _PHRASE_AFTER = 25, 30  # the noun phrase of the counted people, around number and noun


def _clause(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): from the last clause mark before it to the first after (bounded)."""
    low = max(sentence.start, start - _REACH_BEFORE)
    high = min(sentence.end, end + _REACH_AFTER)
    text = sentence.text
    before = [m.end() for m in _CLAUSE_MARK.finditer(text, low - sentence.start, start - sentence.start)]
    after = _CLAUSE_MARK.search(text, end - sentence.start, high - sentence.start)
    return (sentence.start + before[-1] if before else low,
            sentence.start + after.start() if after else high)


def modality_of(text: str, sentence: Sentence, number: NumberMention, counted_end: int, lang: str,
                is_previous: bool, lowered: str | None = None, cues: Cues | None = None) -> str:
    """The modality of the figure at `number` (see the module docstring). `lowered`: lowered_or_none(text),
    when the caller has it (the cues are then read in it, the same matches found faster); `cues`:
    document_cues(lang, lowered), when the caller has it (made once per document)."""
    if is_previous:
        return PREVIOUS
    low, high = _clause(sentence, number.span_start, max(number.span_end, counted_end))
    if cues is None:
        cues = document_cues(lang, lowered)
    if lowered is not None and lang in _LOWERED_CUES:
        text = lowered
    for modality, pattern in cues:
        if pattern.search(text, low, number.span_start) or pattern.search(text, number.span_end, high):
            return modality
    return CURRENT


def side_of(sentence: Sentence, number: NumberMention, counted_end: int, named: Mapping[str, tuple[int, ...]],
            speaker: Sequence[tuple[int, int]], lang: str) -> str | None:
    """The watchlist whose people the figure counts: its alias nearest the number in the noun phrase, the
    words after the number first ("10,000 North Korean troops", "10 тысяч военных КНДР"), then those
    before it ("북한군 1만 명"). `named`: where each watchlist's aliases are in the sentence (sentence
    offsets); `speaker`: where the credited source is named, which says who speaks, not whose people. An
    alias right after a place preposition of `lang` ("sent to Russia") names a place, not a side."""
    if not any(named.values()):
        return None  # no watchlist is named in the sentence
    number_at = number.start - sentence.start
    after_end = max(number.span_end, counted_end) - sentence.start + _PHRASE_AFTER
    before_start = number.span_start - sentence.start - _PHRASE_BEFORE
    places = _PLACE_BEFORE.get(lang)
    kept = named if places is None else {
        wid: tuple(p for p in found if not places.search(sentence.text[max(0, p - 12):p]))
        for wid, found in named.items() if found}  # a watchlist not named in the sentence has no side there
    for low, high in ((number_at, after_end), (before_start, number_at)):
        found = _nearest_alias(kept, low, high, number_at, speaker)
        if found is not None:
            return found
    return None


def _nearest_alias(named: Mapping[str, tuple[int, ...]], low: int, high: int, number_at: int,
                   speaker: Sequence[tuple[int, int]]) -> str | None:
    best: tuple[int, str] | None = None
    for watchlist_id, positions in named.items():
        for position in positions:
            if not low <= position < high or any(start <= position < end for start, end in speaker):
                continue
            distance = abs(position - number_at)
            if best is None or distance < best[0]:
                best = (distance, watchlist_id)
    return None if best is None else best[1]
