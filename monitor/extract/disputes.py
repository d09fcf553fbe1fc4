"""Disputes: "North Korea denies sending troops", "the Kremlin calls the figures fake", "Москва и Пхеньян
официально не подтверждали". Pure, on a prepared document, its actors and its figures.

A dispute is a sentence of the body with a cue of the language pack (`monitor/lang/<code>/disputes.toml`:
denials, falsehoods, unconfirmed). Who disputes: the actor or country named nearest before the cue in
its sentence, else the first named after it ("was denied by the Kremlin"). What is disputed: the figures
of that sentence, else the last figures reported in the sentences before it in the same paragraph (the
claim a denial answers), and the words after the cue as the claim in the text's own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.extract.actor_base import Hit
from monitor.extract.actor_scan import KNOWN, NAME, ORG, ScanBook
from monitor.extract.actors import Gazetteer
from monitor.extract.figure_words import GLUED
from monitor.extract.model import Document, Figure, Sentence
from monitor.extract.packs import lowered_or_none, may_match, phrase_needles, phrase_regex, word_lists

KINDS = ("denial", "falsehood", "unconfirmed")  # checked in this order
_DENIALS, _FALSEHOODS = word_lists("disputes", "denials"), word_lists("disputes", "falsehoods")
_CALLING, _UNCONFIRMED = word_lists("disputes", "calling"), word_lists("disputes", "unconfirmed")
_CALL_REACH = r"(?:[\s,]+[^\s.;:!?]+){0,6}?[\s,]+"  # words between "called" and "fake" ("called the figures fake")


def _called(lang: str) -> re.Pattern[str]:
    """A falsehood word after a calling verb of its clause; group "cue" is the falsehood word."""
    if not _CALLING[lang] or not _FALSEHOODS[lang]:
        return re.compile("(?!)")
    calling, false = (phrase_regex(words, lang in GLUED).pattern for words in (_CALLING[lang], _FALSEHOODS[lang]))
    return re.compile(rf"(?:{calling}){_CALL_REACH}(?P<cue>{false})", re.IGNORECASE)


_CUES = {lang: (("denial", phrase_regex(_DENIALS[lang], lang in GLUED)), ("falsehood", _called(lang)),
                ("unconfirmed", phrase_regex(_UNCONFIRMED[lang], lang in GLUED)))
         for lang in _DENIALS}
# What a match of each kind must contain (both a calling verb and a falsehood word for "falsehood"): a
# document whose lower-cased text has none of them is not searched for that kind.
_NEEDS = {lang: {"denial": (phrase_needles(_DENIALS[lang]),),
                 "falsehood": (phrase_needles(_CALLING[lang]), phrase_needles(_FALSEHOODS[lang])),
                 "unconfirmed": (phrase_needles(_UNCONFIRMED[lang]),)} for lang in _DENIALS}
_NEGATION_REACH = 24  # characters before a cue read for a negation ("did not", "tidak", "n'a pas")


def _negations(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    before, after = _NEGATIONS_BEFORE[lang], _NEGATIONS_AFTER[lang]
    words = "|".join(re.escape(w) + ("" if w.endswith(("'", "’")) else r"(?!\w)")
                     for w in sorted(before, key=len, reverse=True)) or "(?!)"
    # up to two words may stand between the negation and the cue ("did not explicitly deny", "ne l'a pas démenti")
    near_before = re.compile(rf"(?<!\w)(?:{words})(?:[\s'’]*[^\s.;:!?'’]+){{0,2}}[\s'’]*$", re.IGNORECASE)
    tail = "|".join(re.escape(w) for w in sorted(after, key=len, reverse=True)) or "(?!)"
    # right after the cue ("부인하지 않았다"), or closing its clause a few words on ("dementiert die Zahl nicht")
    return near_before, re.compile(rf"\w*(?:[\s,]*[^\s.;:!?,]+){{0,3}}?\s*(?:{tail})", re.IGNORECASE)


_NEGATIONS_BEFORE = word_lists("disputes", "negations_before")
_NEGATIONS_AFTER = word_lists("disputes", "negations_after")
_NEGATIONS = {lang: _negations(lang) for lang in _NEGATIONS_BEFORE}
_CLAIM_CHARS = 160
_CLAUSE_MARK = re.compile(r"[;:—–,](?:(?<=[;:—–])|\s)")  # [;:—–]|,\s, opening with a class: found faster
# Between two named subjects of one verb: a conjunction of any pack's language, or a comma.
_JOINER = re.compile(r"\s*(?:,|\s(?:and|dan|и|і|та|und|et|y|e)\s|와|과|,?\s*ou\s)\s*", re.IGNORECASE)
_BACK_SENTENCES = 2  # sentences before a dispute whose figures it may answer


@dataclass(frozen=True, slots=True)
class Dispute:
    """One disputing statement in a document."""

    kind: str  # denial, falsehood or unconfirmed
    disputer: str | None  # the canonical name of who disputes, None when the text names no one
    cue: str  # the cue as written ("denies", "фейком")
    claim: str  # the words after the cue, as written (bounded)
    quote: str  # the sentence
    start: int  # the cue's offsets in Document.text
    end: int
    values: tuple[float, ...]  # the figures it disputes, in text order; empty: a claim without a figure


def find_disputes(doc: Document, figures: Sequence[Figure], gazetteer: Gazetteer,
                  scans: ScanBook | None = None) -> tuple[Dispute, ...]:
    """Every dispute in the document's body (see the module docstring)."""
    lowered = lowered_or_none(doc.text, None if scans is None else scans.lowered)
    cues = [(kind, pattern) for kind, pattern in _CUES.get(doc.lang, ())
            if all(may_match(needles, lowered) for needles in _NEEDS[doc.lang][kind])]
    if not cues:
        return ()  # no cue word in the text (the common case)
    book = ScanBook(doc.text, gazetteer.index, doc.lang) if scans is None else scans
    found: list[Dispute] = []
    needs = _NEEDS[doc.lang]
    for index, sentence in enumerate(doc.sentences):
        if sentence.boilerplate:
            continue
        # the same check on the sentence's own letters (lowered has the text's offsets)
        piece = None if lowered is None else lowered[sentence.start:sentence.end]
        present = [(kind, pattern) for kind, pattern in cues if all(may_match(n, piece) for n in needs[kind])]
        cue = _first_cue(doc.text, sentence, present, _NEGATIONS[doc.lang]) if present else None
        if cue is None:
            continue
        kind, match = cue
        disputer = _disputer(doc.text, sentence, match, book, gazetteer)
        found.append(Dispute(kind, disputer, match.text, _claim(doc.text, sentence, match), sentence.text,
                             match.start, match.end, _disputed_values(doc, index, figures)))
    return tuple(found)


def _first_cue(text: str, sentence: Sentence, cues: Sequence[tuple[str, re.Pattern[str]]],
               negated: tuple[re.Pattern[str], re.Pattern[str]]) -> tuple[str, _Cue] | None:
    """The first cue of the sentence that no negation turns around ("did not deny" is no denial)."""
    for kind, pattern in cues:
        for match in pattern.finditer(text, sentence.start, sentence.end):
            group = "cue" if "cue" in pattern.groupindex else 0
            cue = _Cue(match.group(group), match.start(group), match.end(group))
            if kind == "unconfirmed" or not _negated(text, cue, negated):
                return kind, cue
    return None


def _negated(text: str, cue: _Cue, negated: tuple[re.Pattern[str], re.Pattern[str]]) -> bool:
    before, after = negated
    return (before.search(text[max(0, cue.start - _NEGATION_REACH):cue.start]) is not None
            or after.match(text, cue.end) is not None)


@dataclass(frozen=True, slots=True)
class _Cue:
    text: str
    start: int
    end: int


def _disputer(text: str, sentence: Sentence, cue: _Cue, book: ScanBook, gazetteer: Gazetteer) -> str | None:
    """The subject of the cue's clause: the first named before the cue in its clause, with those joined to
    it by a conjunction ("Moscow and Pyongyang did not confirm"); else the first named after the cue."""
    hits = [hit for hit in book.scan(sentence.start, sentence.end).hits if hit.kind in (KNOWN, NAME, ORG)]
    clause_start = max([m.end() for m in _CLAUSE_MARK.finditer(text, sentence.start, cue.start)],
                       default=sentence.start)
    before = [hit for hit in hits if clause_start <= hit.start and hit.end <= cue.start]
    if not before:
        after = [hit for hit in hits if hit.start >= cue.end]
        return _name(text, after[0], gazetteer) if after else None
    joined = [before[0]]
    for hit in before[1:]:
        if not _JOINER.fullmatch(text, joined[-1].end, hit.start):
            break
        joined.append(hit)
    names = list(dict.fromkeys(_name(text, hit, gazetteer) for hit in joined))
    return " and ".join(names)


def _name(text: str, hit: Hit, gazetteer: Gazetteer) -> str:
    names = gazetteer.index.names
    if hit.kind == KNOWN and 0 <= hit.entry < len(names):
        return names[hit.entry]
    return text[hit.start:hit.end]


def _claim(text: str, sentence: Sentence, cue: _Cue) -> str:
    """The words after the cue; in a verb-final sentence ("... 보도를 부인했다"), those before it."""
    rest = text[cue.end:sentence.end].strip(" ,:;—–-\"“”«»")
    if len(rest.split()) < 2:
        clause_start = max([m.end() for m in _CLAUSE_MARK.finditer(text, sentence.start, cue.start)],
                           default=sentence.start)
        rest = text[clause_start:cue.start].strip(" ,:;—–-\"“”«»")
    return rest if len(rest) <= _CLAIM_CHARS else rest[:_CLAIM_CHARS].rsplit(" ", 1)[0] + " …"


def _disputed_values(doc: Document, index: int, figures: Sequence[Figure]) -> tuple[float, ...]:
    sentence = doc.sentences[index]
    inside = tuple(f.value for f in figures if sentence.start <= f.start < sentence.end)
    if inside:
        return inside
    for back in range(index - 1, max(-1, index - 1 - _BACK_SENTENCES), -1):
        earlier = doc.sentences[back]
        if earlier.paragraph != sentence.paragraph and back != index - 1:
            break
        values = tuple(f.value for f in figures if earlier.start <= f.start < earlier.end and not f.is_previous)
        if values:
            return values
    return ()
