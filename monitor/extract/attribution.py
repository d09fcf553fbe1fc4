"""Attribution: who a figure is credited to.

The figure's sentence is read as a row of units (monitor.extract.actor_units). Each reporting
cue finds its speaker: after it for "kata X", "according to X", "по словам X", "laut X",
"selon X"; before it for "X mengatakan", "X said", "X заявил", "X에 따르면"; either way for
"said"/"заявил"/"a déclaré" (after it when a quote or comma precedes the verb); the topic of the
sentence for a Korean "...밝혔다". A speaker is an actor (canonical name), a news outlet (credit
None: an outlet cited alone credits nobody, and any other cue in the sentence wins over it), an
unnamed source ("officials", "pejabat": credit None) or a pronoun ("badan tersebut", "ia",
"the agency", "он", "그는"), which stands for the last credited actor of a fitting kind (person,
organisation, or either), else for the first actor of that kind in the latest sentence naming
one (its subject: "Presiden Yoon bertemu Sekjen Rutte. Ia mengatakan ..." -> Yoon).

The figure takes the nearest attribution before it in its sentence, else the nearest after it.
A sentence with none carries the paragraph's last attribution (carried=True).

Only the figure's sentence and a bounded number of sentences before it are read, each within a
bounded window, so a call costs the same however long the document is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from monitor.extract.actor_scan import scan_sentence
from monitor.extract.actor_units import (
    ACTOR,
    ANAPHOR,
    CUE,
    SELF,
    SKIP,
    SOURCE,
    SPEAKERS,
    Names,
    Unit,
    build_units,
)
from monitor.extract.actors import Gazetteer
from monitor.extract.cues_attribution import ANY, BOTH, KOREAN_TOPIC_PARTICLES, POST, PRE
from monitor.extract.model import ActorMention, Document, Sentence

LOOKBACK_SENTENCES = 12
WINDOW_CHARS = 1_500
_REACH = 3  # skippable units between a cue and its speaker
_MEMORY = 32
_QUOTES = frozenset("\"“”„«»")
_PRE_GAP = frozenset(" ,:(\u00a0\t")
_POST_GAP = frozenset(" ,()\u00a0\t")
_TOPIC = ("은", "는", "께서", "측은")
_Item = TypeVar("_Item")


@dataclass(frozen=True, slots=True)
class Credit:
    name: str | None
    carried: bool
    cue: str | None


NO_CREDIT = Credit(None, False, None)


@dataclass(frozen=True, slots=True)
class Said:
    """One attribution in a sentence: a cue and what its speaker resolved to."""

    cue: str
    position: int
    name: str | None
    kind: str | None
    source: str  # the speaker's unit kind: actor, source (outlet), generic or anaphor


def credit_at(doc: Document, actors: Sequence[ActorMention], gazetteer: Gazetteer, sentence_index: int,
              offset: int) -> Credit:
    """Who a figure at `offset` (inside doc.sentences[sentence_index]) is credited to."""
    if not 0 <= sentence_index < len(doc.sentences) or doc.sentences[sentence_index].boilerplate:
        return NO_CREDIT
    reader = _context_before(doc, actors, gazetteer, sentence_index).copy()
    sentence = doc.sentences[sentence_index]
    offset = min(max(offset, sentence.start), sentence.end)
    saids = reader.read(sentence, offset - WINDOW_CHARS, offset + WINDOW_CHARS, remember=False)
    chosen = _choose(saids, offset)
    if chosen is not None:
        return Credit(chosen.name, False, chosen.cue)
    last = reader.last_in_paragraph.get(sentence.paragraph)
    if last is not None and last.name is not None:
        return Credit(last.name, True, last.cue)
    return NO_CREDIT


# The reader's state after the sentences before one sentence, for the last few sentences asked
# about: a sentence with several figures reads its context once. Keyed by identity; the key's
# objects are kept with the entry, so an id is never reused while the entry lives.
_CONTEXTS: dict[tuple[int, int, int, int], tuple[Document, Sequence[ActorMention], Gazetteer, _Reader]] = {}
_CONTEXTS_SIZE = 8


def _context_before(doc: Document, actors: Sequence[ActorMention], gazetteer: Gazetteer,
                    sentence_index: int) -> _Reader:
    key = (id(doc), id(actors), id(gazetteer), sentence_index)
    cached = _CONTEXTS.get(key)
    if cached is not None and cached[0] is doc and cached[1] is actors and cached[2] is gazetteer:
        return cached[3]
    reader = _Reader(doc, Names(actors, gazetteer), gazetteer)
    for index in range(max(0, sentence_index - LOOKBACK_SENTENCES), sentence_index):
        sentence = doc.sentences[index]
        if not sentence.boilerplate:
            reader.read(sentence, sentence.end - WINDOW_CHARS, sentence.end)
    if len(_CONTEXTS) >= _CONTEXTS_SIZE:
        _CONTEXTS.pop(next(iter(_CONTEXTS)))
    _CONTEXTS[key] = (doc, actors, gazetteer, reader)
    return reader


def _choose(saids: list[Said], offset: int) -> Said | None:
    """The nearest attribution before the figure, else the nearest after it; outlets last."""
    pool = [said for said in saids if said.source != SOURCE] or saids
    before = [said for said in pool if said.position < offset]
    if before:
        return before[-1]
    return pool[0] if pool else None


class _Reader:
    """Reads sentences in order, remembering who was credited and mentioned."""

    def __init__(self, doc: Document, names: Names, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.names = names
        self.gazetteer = gazetteer
        self.credited: list[tuple[str, str]] = []
        self.mentioned: list[tuple[int, str, str]] = []  # (sentence number, name, kind)
        self.sentences_read = 0
        self.last_in_paragraph: dict[int, Said] = {}

    def copy(self) -> _Reader:
        """A reader with the same memory, which reads on without changing this one."""
        twin = _Reader(self.doc, self.names, self.gazetteer)
        twin.credited = list(self.credited)
        twin.mentioned = list(self.mentioned)
        twin.sentences_read = self.sentences_read
        twin.last_in_paragraph = dict(self.last_in_paragraph)
        return twin

    def read(self, sentence: Sentence, low: int, high: int, remember: bool = True) -> list[Said]:
        start, end = self._window(sentence, low, high)
        scan = scan_sentence(self.doc.text, start, end, self.gazetteer.index, self.doc.lang)
        units = build_units(self.doc.text, scan, self.names)
        saids: list[Said] = []
        self.sentences_read += 1
        for position, unit in enumerate(units):
            if unit.kind == ACTOR and unit.name is not None:
                _remember(self.mentioned, (self.sentences_read, unit.name, unit.fits or "org"))
            if unit.kind != CUE:
                continue
            said = self._said(units, position)
            if said is not None:
                saids.append(said)
                if said.name is not None:
                    _remember(self.credited, (said.name, said.kind or "org"))
        if remember and saids:
            self.last_in_paragraph[sentence.paragraph] = saids[-1]
        return saids

    def _window(self, sentence: Sentence, low: int, high: int) -> tuple[int, int]:
        start, end = max(sentence.start, low), min(sentence.end, high)
        if start > sentence.start:
            space = self.doc.text.find(" ", start, end)
            start = space + 1 if space != -1 else end
        if end < sentence.end:
            space = self.doc.text.rfind(" ", start, end)
            end = space if space != -1 else start
        return start, max(start, end)

    def _said(self, units: list[Unit], position: int) -> Said | None:
        cue = units[position]
        speaker = self._speaker(units, position)
        if speaker is None:
            return None
        if speaker.kind == ANAPHOR:
            resolved = self._resolve(speaker.fits or ANY)
            name, kind = resolved if resolved else (None, None)
            return Said(cue.text, cue.start, name, kind, ANAPHOR)
        return Said(cue.text, cue.start, speaker.name, speaker.fits, speaker.kind)

    def _speaker(self, units: list[Unit], position: int) -> Unit | None:
        cue = units[position]
        if cue.direction == SELF:
            return Unit(ANAPHOR, cue.first, cue.last, cue.start, cue.end, cue.gap, fits=ANY)
        if cue.direction == PRE:
            return _after(units, position)
        if cue.direction == POST:
            return _before(units, position)
        if cue.direction == BOTH:
            if any(char in _QUOTES or char == "," for char in cue.gap):
                return _after(units, position) or _before(units, position)
            return _before(units, position) or _after(units, position)
        return self._korean_subject(units, position)

    def _korean_subject(self, units: list[Unit], position: int) -> Unit | None:
        """"X는 ... 밝혔다": the topic (은/는), else the subject (이/가), else the nearest speaker."""
        speakers = [unit for unit in units[:position] if unit.kind in SPEAKERS]
        for particles in (_TOPIC, KOREAN_TOPIC_PARTICLES):
            for unit in speakers:
                after = self.doc.text[unit.end:unit.end + 2]
                if after.startswith(particles) or unit.text.endswith(particles):
                    return unit
        return speakers[-1] if speakers else None

    def _resolve(self, fits: str) -> tuple[str, str] | None:
        """The last credited actor that fits, else the first that fits in the latest sentence
        mentioning one (the subject: "Presiden Yoon bertemu Sekjen Rutte. Ia mengatakan ...")."""
        for name, kind in reversed(self.credited):
            if fits in (ANY, kind):
                return name, kind
        fitting = [(number, name, kind) for number, name, kind in self.mentioned if fits in (ANY, kind)]
        if not fitting:
            return None
        latest = fitting[-1][0]
        _number, name, kind = next(item for item in fitting if item[0] == latest)
        return name, kind


def _remember(memory: list[_Item], item: _Item) -> None:
    memory.append(item)
    if len(memory) > _MEMORY:
        del memory[0]


def _after(units: list[Unit], position: int) -> Unit | None:
    """The speaker right after a cue ("kata X", "according to the X")."""
    for unit in units[position + 1:position + 2 + _REACH]:
        if not set(unit.gap) <= _PRE_GAP:
            return None
        if unit.kind != SKIP:
            return unit if unit.kind in SPEAKERS else None
    return None


def _before(units: list[Unit], position: int) -> Unit | None:
    """The speaker right before a cue ("X mengatakan", "X (NIS) menuduh", "X, yang mengatakan")."""
    if any(char in _QUOTES for char in units[position].gap):
        return None
    following = units[position]
    for unit in reversed(units[max(0, position - 1 - _REACH):position]):
        if not set(following.gap) <= _POST_GAP:
            return None
        if unit.kind != SKIP:
            return unit if unit.kind in SPEAKERS else None
        following = unit
    return None


__all__ = ["NO_CREDIT", "Credit", "Said", "credit_at"]
