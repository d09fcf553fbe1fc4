"""A sentence as attribution sees it: a row of units (actor, outlet, unnamed source, pronoun,
reporting cue, skippable word, other word) built from the actor scan and the cue lexicon."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from monitor.extract import actor_index as lex
from monitor.extract.actor_scan import KNOWN, OUTLET, TITLE, Hit, SentenceScan
from monitor.extract.actor_text import is_hangul, phrase_keys
from monitor.extract.actors import Gazetteer, resolve_actor
from monitor.extract.cues_attribution import PERSON, SELF_CUES, TITLES_REFER
from monitor.extract.model import ActorMention

ACTOR, SOURCE, GENERIC, ANAPHOR, CUE, SKIP, WORD = "actor", "source", "generic", "anaphor", "cue", "skip", "word"
SPEAKERS = frozenset({ACTOR, SOURCE, GENERIC, ANAPHOR})
SELF = "self"  # a verb that carries its own pronoun: "katanya", "ujarnya"


@dataclass(slots=True)
class Unit:
    """One unit of a sentence's row. Treated as immutable; not frozen because frozen dataclasses
    are slow to build and a row has a unit for every word."""

    kind: str
    first: int  # tokens [first, last)
    last: int
    start: int  # characters
    end: int
    gap: str  # raw text before the unit
    name: str | None = None  # an actor's canonical name; a title's organisation
    fits: str | None = None  # an actor's kind, or the kinds a pronoun can stand for
    direction: str | None = None  # a cue's: pre, post, both, ko, self
    text: str = ""


class Names:
    """Canonical names and kinds for the spans of a sentence, from the document's actors; `lang`
    decides whether a bare title speaker stands for a person named before (a pack property)."""

    def __init__(self, actors: Sequence[ActorMention], gazetteer: Gazetteer, lang: str = "") -> None:
        self.actors = actors
        self.gazetteer = gazetteer
        self.titles_refer = lang in TITLES_REFER
        self.places = gazetteer.places
        self._kinds = {actor.name: actor.kind for actor in actors}  # before the gazetteer's
        self._resolved: dict[str, tuple[str, str] | None] = {}  # what a phrase resolves to

    def kind(self, name: str) -> str:
        """An actor's kind: the document's, else the gazetteer's, else a person."""
        found = self._kinds.get(name)
        return found if found is not None else self.gazetteer.kinds.get(name, "person")

    def entry(self, entry: int) -> tuple[str, str]:
        return self.gazetteer.index.names[entry], self.gazetteer.index.kinds[entry]

    def at(self, start: int, end: int, text: str) -> tuple[str, str] | None:
        """The actor with a mention at [start, end), else the actor the text resolves to."""
        for actor in self.actors:
            position = bisect_right(actor.spans, (start, end)) - 1
            if position >= 0 and actor.spans[position][0] <= start < actor.spans[position][1]:
                return actor.name, actor.kind
        if text not in self._resolved:
            resolved = resolve_actor(text, self.actors, self.gazetteer)
            self._resolved[text] = None if resolved is None else (resolved, self.kind(resolved))
        return self._resolved[text]


def build_units(text: str, scan: SentenceScan, names: Names) -> list[Unit]:
    """The sentence's row of units. Attribution reads each sentence of a document once (see
    attribution._Context), so rows are not kept here."""
    return _build_units(text, scan, names)


def _build_units(text: str, scan: SentenceScan, names: Names) -> list[Unit]:
    hits_at = {hit.outer_first: hit for hit in scan.hits}
    tokens, masked, cues = scan.tokens, scan.masked, scan.cues
    keys, texts, starts, ends, gaps = tokens.keys, tokens.texts, tokens.starts, tokens.ends, tokens.gaps
    units: list[Unit] = []
    position, count = 0, len(texts)
    while position < count:
        hit = hits_at.get(position)
        if hit is not None:
            unit = _hit_unit(text, scan, hit, names)
        elif masked[position] or position in cues or keys[position] in _LEXICON_FIRST_KEYS \
                or "\uac00" <= texts[position][-1] <= "\ud7a3":  # Korean: may take a particle
            unit = _word_unit(text, scan, position, hits_at)
        else:  # a plain word (the common case, kept fast): what _word_unit would make of it
            kind = SKIP if keys[position] in lex.DATE_KEYS else WORD
            unit = Unit(kind, position, position + 1, starts[position], ends[position], gaps[position])
        units.append(unit)
        position = unit.last
    return units


def _hit_unit(text: str, scan: SentenceScan, hit: Hit, names: Names) -> Unit:
    first = hit.outer_first
    start, gap = scan.tokens.starts[first], scan.tokens.gaps[first]
    if hit.kind == OUTLET:
        return Unit(SOURCE, first, hit.outer_last, start, hit.outer_end, gap)
    if hit.kind == TITLE:
        if names.titles_refer:  # "- сказал главнокомандующий": the commander named before
            return Unit(ANAPHOR, first, hit.outer_last, start, hit.outer_end, gap, _title_org(scan, hit, names),
                        fits=PERSON, text=text[start:hit.outer_end])
        return Unit(GENERIC, first, hit.outer_last, start, hit.outer_end, gap)
    found = names.entry(hit.entry) if hit.kind == KNOWN else names.at(hit.start, hit.end, text[hit.start:hit.end])
    if found is None:  # a name candidate that named nobody: read its first word like any other
        return _word_unit(text, scan, first)
    return Unit(ACTOR, first, hit.outer_last, start, hit.outer_end, gap, found[0], found[1])


def _title_org(scan: SentenceScan, hit: Hit, names: Names) -> str | None:
    """The known organisation inside a title ("para pemimpin NATO": NATO), else None."""
    for inner in scan.hits:
        if inner.kind == KNOWN and hit.outer_first < inner.outer_first < hit.outer_last:
            name, kind = names.entry(inner.entry)
            return name if kind == "org" else None
    return None


def _word_unit(text: str, scan: SentenceScan, position: int, hits_at: Mapping[int, Hit] | None = None) -> Unit:
    """The unit a word starts: a cue, a lexicon phrase (never one running into an actor's name:
    "le ministère russe de la Défense" is the ministry, not "le ministère"), or a word."""
    tokens = scan.tokens
    start, gap = tokens.starts[position], tokens.gaps[position]
    if scan.masked[position]:
        return Unit(WORD, position, position + 1, start, tokens.ends[position], gap)
    cue = scan.cues.get(position)
    if cue is not None:
        end, direction = cue
        cue_text = text[start:tokens.ends[end - 1]]
        fits = _SELF_FITS.get(tuple(tokens.keys[position:end]))
        if fits is not None:
            direction = SELF
        return Unit(CUE, position, end, start, tokens.ends[end - 1], gap, fits=fits, direction=direction,
                    text=cue_text)
    key = tokens.keys[position]
    if key in _LEXICON_FIRST_KEYS:
        for index, kind in _LEXICONS if is_hangul(tokens.texts[position][-1]) else _LEXICONS_BY_KEY[key]:
            found = index.match(tokens, position)
            if found is not None and not _runs_into_known(hits_at, position, found.end):
                fits = lex.ANAPHOR_KINDS[found.payload] if kind == ANAPHOR else None
                end_char = tokens.ends[found.end - 1]
                return Unit(kind, position, found.end, start, end_char, gap, fits=fits, text=text[start:end_char])
    elif is_hangul(tokens.texts[position][-1]):
        korean = _korean_word(tokens.texts[position])
        if korean is not None:
            end_char = tokens.ends[position]
            return Unit(korean[0], position, position + 1, start, end_char, gap, fits=korean[1],
                        text=text[start:end_char])
    return Unit(SKIP if key in lex.DATE_KEYS else WORD, position, position + 1, start, tokens.ends[position], gap)


def _runs_into_known(hits_at: Mapping[int, Hit] | None, position: int, end: int) -> bool:
    """Does a phrase from `position` to `end` run into a known actor's name?"""
    if not hits_at:
        return False
    return any(hit.kind == KNOWN for p in range(position + 1, end) if (hit := hits_at.get(p)) is not None)


# Cues that carry their own pronoun ("katanya", "по его словам"), by their tokens' keys.
_SELF_FITS = {phrase_keys(phrase): fits for phrase, fits in SELF_CUES.items()}
_LEXICONS = ((lex.ANAPHORS, ANAPHOR), (lex.GENERIC, GENERIC), (lex.SKIPS, SKIP))
# Only a word with one of these keys can start a phrase of the lexicons; another word can still be
# a one-word entry with a Korean particle after it ("그는").
_LEXICON_FIRST_KEYS = frozenset().union(*(index.first_keys for index, _kind in _LEXICONS))
# The lexicons a word with such a key can start a phrase of (for a Korean word, all can match).
_LEXICONS_BY_KEY = {key: tuple((index, kind) for index, kind in _LEXICONS if key in index.first_keys)
                    for key in _LEXICON_FIRST_KEYS}


@lru_cache(maxsize=16_384)
def _korean_word(word: str) -> tuple[str, str | None] | None:
    """(kind, fits) of a Korean word that starts no lexicon phrase but is an entry and a particle."""
    for index, kind in _LEXICONS:
        found = index.suffixed(word)
        if found is not None:
            return kind, lex.ANAPHOR_KINDS[found[0]] if kind == ANAPHOR else None
    return None
