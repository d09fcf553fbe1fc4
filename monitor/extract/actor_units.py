"""A sentence as attribution sees it: a row of units (actor, outlet, unnamed source, pronoun,
reporting cue, skippable word, other word) built from the actor scan and the cue lexicon."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass

from monitor.extract import actor_index as lex
from monitor.extract.actor_scan import KNOWN, OUTLET, TITLE, Hit, SentenceScan
from monitor.extract.actors import Gazetteer, resolve_actor
from monitor.extract.model import ActorMention

ACTOR, SOURCE, GENERIC, ANAPHOR, CUE, SKIP, WORD = "actor", "source", "generic", "anaphor", "cue", "skip", "word"
SPEAKERS = frozenset({ACTOR, SOURCE, GENERIC, ANAPHOR})
SELF = "self"  # a verb that carries its own pronoun: "katanya", "ujarnya"


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str
    first: int  # tokens [first, last)
    last: int
    start: int  # characters
    end: int
    gap: str  # raw text before the unit
    name: str | None = None  # an actor's canonical name
    fits: str | None = None  # an actor's kind, or the kinds a pronoun can stand for
    direction: str | None = None  # a cue's: pre, post, both, ko, self
    text: str = ""


class Names:
    """Canonical names and kinds for the spans of a sentence, from the document's actors."""

    def __init__(self, actors: Sequence[ActorMention], gazetteer: Gazetteer) -> None:
        self.actors = actors
        self.gazetteer = gazetteer
        self.kinds = dict(zip(gazetteer.index.names, gazetteer.index.kinds, strict=True))
        self.kinds.update({actor.name: actor.kind for actor in actors})

    def entry(self, entry: int) -> tuple[str, str]:
        return self.gazetteer.index.names[entry], self.gazetteer.index.kinds[entry]

    def at(self, start: int, end: int, text: str) -> tuple[str, str] | None:
        """The actor with a mention at [start, end), else the actor the text resolves to."""
        for actor in self.actors:
            position = bisect_right(actor.spans, (start, end)) - 1
            if position >= 0 and actor.spans[position][0] <= start < actor.spans[position][1]:
                return actor.name, actor.kind
        resolved = resolve_actor(text, self.actors, self.gazetteer)
        if resolved is None:
            return None
        return resolved, self.kinds.get(resolved, "person")


# The units of recent scans: attribution reads the same sentences again for every figure after
# them, with the same document actors. Keyed by identity; the key's objects are kept with the
# units, so an id is never reused while its entry lives. Callers get a copy of the list.
_MEMO_SIZE = 512
_MEMO: OrderedDict[tuple[int, int, int], tuple[SentenceScan, Sequence[ActorMention], Gazetteer, list[Unit]]] = (
    OrderedDict())


def build_units(text: str, scan: SentenceScan, names: Names) -> list[Unit]:
    key = (id(scan), id(names.actors), id(names.gazetteer))
    cached = _MEMO.get(key)
    if cached is not None and cached[0] is scan and cached[1] is names.actors and cached[2] is names.gazetteer:
        return list(cached[3])
    units = _build_units(text, scan, names)
    _MEMO[key] = (scan, names.actors, names.gazetteer, units)
    if len(_MEMO) > _MEMO_SIZE:
        with suppress(KeyError):  # another thread may have emptied it
            _MEMO.popitem(last=False)
    return list(units)


def _build_units(text: str, scan: SentenceScan, names: Names) -> list[Unit]:
    hits_at = {hit.outer_first: hit for hit in scan.hits}
    units: list[Unit] = []
    position = 0
    while position < len(scan.tokens):
        hit = hits_at.get(position)
        unit = _hit_unit(text, scan, hit, names) if hit is not None else _word_unit(text, scan, position)
        units.append(unit)
        position = unit.last
    return units


def _hit_unit(text: str, scan: SentenceScan, hit: Hit, names: Names) -> Unit:
    tokens = scan.tokens
    base = Unit(WORD, hit.outer_first, hit.outer_last, tokens.starts[hit.outer_first], hit.outer_end,
                tokens.gaps[hit.outer_first])
    if hit.kind == OUTLET:
        return _with(base, SOURCE)
    if hit.kind == TITLE:
        return _with(base, GENERIC)
    found = names.entry(hit.entry) if hit.kind == KNOWN else names.at(hit.start, hit.end, text[hit.start:hit.end])
    if found is None:  # a name candidate that named nobody: read its first word like any other
        return _word_unit(text, scan, hit.outer_first)
    return Unit(ACTOR, base.first, base.last, base.start, base.end, base.gap, found[0], found[1])


def _with(unit: Unit, kind: str) -> Unit:
    return Unit(kind, unit.first, unit.last, unit.start, unit.end, unit.gap)


def _word_unit(text: str, scan: SentenceScan, position: int) -> Unit:
    tokens = scan.tokens
    start, gap = tokens.starts[position], tokens.gaps[position]
    single = Unit(WORD, position, position + 1, start, tokens.ends[position], gap)
    if scan.masked[position]:
        return single
    cue = scan.cues.get(position)
    if cue is not None:
        end, direction = cue
        cue_text = text[start:tokens.ends[end - 1]]
        if cue_text.casefold() in lex.PRONOUN_VERB_KEYS:
            direction = SELF
        return Unit(CUE, position, end, start, tokens.ends[end - 1], gap, direction=direction, text=cue_text)
    for index, kind in ((lex.ANAPHORS, ANAPHOR), (lex.GENERIC, GENERIC), (lex.SKIPS, SKIP)):
        found = index.match(tokens, position)
        if found is not None:
            fits = lex.ANAPHOR_KINDS[found.payload] if kind == ANAPHOR else None
            end_char = tokens.ends[found.end - 1]
            return Unit(kind, position, found.end, start, end_char, gap, fits=fits, text=text[start:end_char])
    if tokens.keys[position] in lex.DATE_KEYS:
        return _with(single, SKIP)
    return single
