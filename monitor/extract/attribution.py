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

Only the figure's sentence and the LOOKBACK_SENTENCES sentences before it count, each within a
bounded window, so a call costs the same however long the document is. What a document's sentences
say is worked out once per document and kept (see _Context), so the figures of a document together
cost one reading of its sentences, however many figures there are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass

from monitor.extract.actor_scan import SentenceScan, scan_sentence
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
    context = _context(doc, actors, gazetteer)
    sentence = doc.sentences[sentence_index]
    offset = min(max(offset, sentence.start), sentence.end)
    saids = context.saids(sentence_index, offset - WINDOW_CHARS, offset + WINDOW_CHARS)
    chosen = _choose(saids, offset)
    if chosen is not None:
        return Credit(chosen.name, False, chosen.cue)
    last = context.carried(sentence_index)
    if last is not None and last.name is not None:
        return Credit(last.name, True, last.cue)
    return NO_CREDIT


# What attribution has read of the last few documents asked about (see _Context). Keyed by
# identity; the key's objects are kept with the entry, so an id is never reused while it lives.
_CONTEXTS: dict[tuple[int, int, int], tuple[Document, Sequence[ActorMention], Gazetteer, _Context]] = {}
_CONTEXTS_SIZE = 4


def _context(doc: Document, actors: Sequence[ActorMention], gazetteer: Gazetteer) -> _Context:
    key = (id(doc), id(actors), id(gazetteer))
    cached = _CONTEXTS.get(key)
    if cached is not None and cached[0] is doc and cached[1] is actors and cached[2] is gazetteer:
        return cached[3]
    context = _Context(doc, Names(actors, gazetteer), gazetteer)
    if len(_CONTEXTS) >= _CONTEXTS_SIZE:
        with suppress(KeyError, StopIteration, RuntimeError):  # another thread may have changed it
            _CONTEXTS.pop(next(iter(_CONTEXTS)))
    _CONTEXTS[key] = (doc, actors, gazetteer, context)
    return context


def _choose(saids: Sequence[Said], offset: int) -> Said | None:
    """The nearest attribution before the figure, else the nearest after it; outlets last."""
    pool = [said for said in saids if said.source != SOURCE] or saids
    before = [said for said in pool if said.position < offset]
    if before:
        return before[-1]
    return pool[0] if pool else None


@dataclass(frozen=True, slots=True)
class _Pronoun:
    """A cue whose speaker is a pronoun: who it stands for depends on what was read before it."""

    cue: str
    position: int
    fits: str


@dataclass(frozen=True, slots=True)
class _Mentioned:
    name: str
    kind: str


_Event = Said | _Pronoun | _Mentioned


@dataclass(frozen=True, slots=True)
class _Read:
    """A window of one sentence read as units: the actors it mentions and the cues it has, in order.
    `fixed`: no pronoun to resolve, so its saids, credits and mentions are known without context."""

    number: int  # the sentence's index
    events: tuple[_Event, ...]
    fixed: bool
    saids: tuple[Said, ...]
    credited: tuple[tuple[str, str], ...]
    mentioned: tuple[tuple[int, str, str], ...]
    last: Said | _Pronoun | None  # the last attribution, resolved or not


class _Memory:
    """Who was credited and mentioned in the sentences read so far (the last _MEMORY of each).
    Mentions carry their sentence's index."""

    __slots__ = ("credited", "mentioned")

    def __init__(self, credited: Sequence[tuple[str, str]] = (),
                 mentioned: Sequence[tuple[int, str, str]] = ()) -> None:
        self.credited: list[tuple[str, str]] = list(credited)
        self.mentioned: list[tuple[int, str, str]] = list(mentioned)

    def take(self, read: _Read) -> tuple[Said, ...]:
        """Read on: the sentence's attributions, its pronouns resolved."""
        if read.fixed:
            self.credited.extend(read.credited)
            self.mentioned.extend(read.mentioned)
            saids = read.saids
        else:
            saids = tuple(self._follow(read))
        del self.credited[:-_MEMORY]
        del self.mentioned[:-_MEMORY]
        return saids

    def _follow(self, read: _Read) -> Iterator[Said]:
        for event in read.events:
            if isinstance(event, _Mentioned):
                self.mentioned.append((read.number, event.name, event.kind))
                continue
            if isinstance(event, _Pronoun):
                resolved = self._resolve(event.fits)
                name, kind = resolved if resolved else (None, None)
                event = Said(event.cue, event.position, name, kind, ANAPHOR)
            if event.name is not None:
                self.credited.append((event.name, event.kind or "org"))
            yield event

    def _resolve(self, fits: str) -> tuple[str, str] | None:
        """The last credited actor that fits, else the first that fits in the latest sentence
        mentioning one (the subject: "Presiden Yoon bertemu Sekjen Rutte. Ia mengatakan ...")."""
        for name, kind in reversed(self.credited[-_MEMORY:]):
            if fits in (ANY, kind):
                return name, kind
        fitting = [(number, name, kind) for number, name, kind in self.mentioned[-_MEMORY:] if fits in (ANY, kind)]
        if not fitting:
            return None
        latest = fitting[-1][0]
        _number, name, kind = next(item for item in fitting if item[0] == latest)
        return name, kind


class _Context:
    """A document as attribution reads it, for all the figures in it.

    A figure's sentence is read after the LOOKBACK_SENTENCES sentences before it (the context),
    each of those within its last WINDOW_CHARS. Each window is scanned and turned into a _Read
    once; what the context remembers is replayed from those reads (nothing older counts), and only
    when it matters: for a pronoun, or for the paragraph's last attribution. A sentence without a
    reporting cue has no attribution, and is not read for one."""

    def __init__(self, doc: Document, names: Names, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.names = names
        self.gazetteer = gazetteer
        self.reads: dict[tuple[int, int, int], _Read] = {}
        self.uncued: set[tuple[int, int, int]] = set()
        self.memories: dict[tuple[int, int], _Memory] = {}
        self.resolved: dict[tuple[int, int, int], tuple[Said, ...]] = {}

    def saids(self, number: int, low: int, high: int) -> tuple[Said, ...]:
        """The attributions in the window [low, high) of sentence `number`, read after its context."""
        key = (number, *_window(self.doc.text, self.doc.sentences[number], low, high))
        read = self._cued_read(key)
        if read is None:
            return ()
        if read.fixed:
            return read.saids
        saids = self.resolved.get(key)
        if saids is None:
            memory = self._memory(max(0, number - LOOKBACK_SENTENCES), number)
            saids = self.resolved[key] = _Memory(memory.credited, memory.mentioned).take(read)
        return saids

    def carried(self, number: int) -> Said | None:
        """The last attribution of the paragraph in the context of sentence `number`."""
        paragraph = self.doc.sentences[number].paragraph
        first = max(0, number - LOOKBACK_SENTENCES)
        for index in range(number - 1, first - 1, -1):
            sentence = self.doc.sentences[index]
            if sentence.boilerplate or sentence.paragraph != paragraph:
                continue
            read = self._cued_read(self._context_key(index))
            if read is None or read.last is None:
                continue
            if isinstance(read.last, Said):
                return read.last
            memory = self._memory(first, index)
            return _Memory(memory.credited, memory.mentioned).take(read)[-1]
        return None

    def _memory(self, first: int, number: int) -> _Memory:
        """What a reader remembers after the sentences [first, number)."""
        memory = self.memories.get((first, number))
        if memory is None:
            memory = _Memory()
            for index in range(first, number):
                if not self.doc.sentences[index].boilerplate:
                    memory.take(self._read(self._context_key(index)))
            self.memories[first, number] = memory
        return memory

    def _context_key(self, number: int) -> tuple[int, int, int]:
        sentence = self.doc.sentences[number]
        return (number, *_window(self.doc.text, sentence, sentence.end - WINDOW_CHARS, sentence.end))

    def _cued_read(self, key: tuple[int, int, int]) -> _Read | None:
        """The window's read, or None for a window without a reporting cue (no attribution in it:
        there is no need to read it for one)."""
        read = self.reads.get(key)
        if read is not None or key in self.uncued:
            return read
        scan = self._scan(key)
        if not scan.cues:
            self.uncued.add(key)
            return None
        read = self.reads[key] = _read(self.doc.text, key[0], build_units(self.doc.text, scan, self.names))
        return read

    def _read(self, key: tuple[int, int, int]) -> _Read:
        read = self.reads.get(key)
        if read is None:
            scan = self._scan(key)
            read = self.reads[key] = _read(self.doc.text, key[0], build_units(self.doc.text, scan, self.names))
        return read

    def _scan(self, key: tuple[int, int, int]) -> SentenceScan:
        return scan_sentence(self.doc.text, key[1], key[2], self.gazetteer.index, self.doc.lang)


def _read(text: str, number: int, units: list[Unit]) -> _Read:
    events: list[_Event] = []
    saids: list[Said] = []
    mentioned: list[tuple[int, str, str]] = []
    last: Said | _Pronoun | None = None
    fixed = True
    for position, unit in enumerate(units):
        if unit.kind == ACTOR and unit.name is not None:
            events.append(_Mentioned(unit.name, unit.fits or "org"))
            mentioned.append((number, unit.name, unit.fits or "org"))
        elif unit.kind == CUE and (said := _said(text, units, position)) is not None:
            events.append(said)
            last = said
            if isinstance(said, Said):
                saids.append(said)
            else:
                fixed = False
    credited = tuple((said.name, said.kind or "org") for said in saids if said.name is not None)
    return _Read(number, tuple(events), fixed, tuple(saids), credited, tuple(mentioned), last)


def _window(text: str, sentence: Sentence, low: int, high: int) -> tuple[int, int]:
    """[low, high) within the sentence, cut at spaces so that no word is split."""
    start, end = max(sentence.start, low), min(sentence.end, high)
    if start > sentence.start:
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else end
    if end < sentence.end:
        space = text.rfind(" ", start, end)
        end = space if space != -1 else start
    return start, max(start, end)


def _said(text: str, units: list[Unit], position: int) -> Said | _Pronoun | None:
    cue = units[position]
    speaker = _speaker(text, units, position)
    if speaker is None:
        return None
    if speaker.kind == ANAPHOR:
        return _Pronoun(cue.text, cue.start, speaker.fits or ANY)
    return Said(cue.text, cue.start, speaker.name, speaker.fits, speaker.kind)


def _speaker(text: str, units: list[Unit], position: int) -> Unit | None:
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
    return _korean_subject(text, units, position)


def _korean_subject(text: str, units: list[Unit], position: int) -> Unit | None:
    """"X는 ... 밝혔다": the topic (은/는), else the subject (이/가), else the nearest speaker."""
    speakers = [unit for unit in units[:position] if unit.kind in SPEAKERS]
    for particles in (_TOPIC, KOREAN_TOPIC_PARTICLES):
        for unit in speakers:
            after = text[unit.end:unit.end + 2]
            if after.startswith(particles) or unit.text.endswith(particles):
                return unit
    return speakers[-1] if speakers else None


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
