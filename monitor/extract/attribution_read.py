"""Reading one window of a sentence for attribution: its reporting cues, who each cue's speaker
is, and the actors it mentions (monitor.extract.attribution decides what a figure takes from them).

Each reporting cue finds its speaker: after it for "kata X", "according to X", "по словам X",
"laut X", "selon X"; before it for "X mengatakan", "X said", "X заявил", "X에 따르면"; either way
for "said"/"заявил"/"a déclaré" (after it when a quote or comma precedes the verb); the topic of
the sentence, outside any quotation, for a Korean "...밝혔다". A speaker is an actor (canonical
name), a news outlet (credit None), an unnamed source (credit None) or a pronoun ("badan
tersebut", "he", "он", "그는", a bare title where the pack says titles refer), which stands for
the last credited actor of a fitting kind, else for the first actor of that kind in the latest
sentence naming one. Punctuation can be a cue too: an actor opening a sentence with a colon or a
quotation ("Сырский: ...", "국정원 \"...\"") or closing it after a dash ("... – Буданов").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from monitor.extract import actor_index as lex
from monitor.extract.actor_text import PhraseIndex, Tokens, tokenize
from monitor.extract.actor_units import ACTOR, ANAPHOR, CUE, SELF, SKIP, SPEAKERS, Unit
from monitor.extract.cues_attribution import (
    ANY,
    BACK_REFERENCES,
    BOTH,
    KOREAN_TOPIC_MARKERS,
    KOREAN_TOPIC_PARTICLES,
    POST,
    PRE,
    RELAY_CUES,
)

_REACH = 3  # skippable units between a cue and its speaker
MEMORY = 32
QUOTES = frozenset("\"“”„«»")
_OPENERS, _CLOSERS = frozenset("“„«"), frozenset("”»")
_PRE_GAP = frozenset(" ,:(\u00a0\t")
_POST_GAP = frozenset(" ,()\u00a0\t")
_DASHES = frozenset("–—-")
_HEAD, _TAIL, _BACK = ":", "–", "<-"  # the cue texts of speakers marked by position


def _phrases(phrases: Sequence[str]) -> PhraseIndex:
    index = PhraseIndex()
    for position, phrase in enumerate(phrases):
        index.add(phrase, position)
    return index


_BACK_REFERENCES = _phrases(BACK_REFERENCES)
_RELAYS = frozenset(" ".join(cue.casefold().split()) for cue in RELAY_CUES)


@dataclass(frozen=True, slots=True)
class Said:
    """One attribution in a sentence: a cue and what its speaker resolved to."""

    cue: str
    position: int
    name: str | None
    kind: str | None
    source: str  # the speaker's unit kind: actor, source (outlet), generic or anaphor
    relay: bool = False  # the cue names the origin of what another speaker relays ("citing X")
    via: str | None = None  # a relay's: the speaker right before it ("Zelensky, citing the NIS")


@dataclass(frozen=True, slots=True)
class Pronoun:
    """A cue whose speaker is a pronoun: who it stands for depends on what was read before it."""

    cue: str
    position: int
    fits: str
    relay: bool = False


@dataclass(frozen=True, slots=True)
class Mentioned:
    name: str
    kind: str


Event = Said | Pronoun | Mentioned


@dataclass(frozen=True, slots=True)
class Read:
    """A window of one sentence read as units: the actors it mentions and the cues it has, in order.
    `fixed`: no pronoun to resolve, so its saids, credits and mentions are known without context.
    `refers_back`: the window opens with a back-reference ("Об этом ...", "These figures ...")."""

    number: int  # the sentence's index
    events: tuple[Event, ...]
    fixed: bool
    saids: tuple[Said, ...]
    credited: tuple[tuple[str, str], ...]
    mentioned: tuple[tuple[int, str, str], ...]
    last: Said | Pronoun | None  # the last attribution, resolved or not
    refers_back: bool = False


class Memory:
    """Who was credited and mentioned in the sentences read so far (the last MEMORY of each).
    Mentions carry their sentence's index."""

    __slots__ = ("credited", "mentioned")

    def __init__(self, credited: Sequence[tuple[str, str]] = (),
                 mentioned: Sequence[tuple[int, str, str]] = ()) -> None:
        self.credited: list[tuple[str, str]] = list(credited)
        self.mentioned: list[tuple[int, str, str]] = list(mentioned)

    def copy(self) -> Memory:
        return Memory(self.credited, self.mentioned)

    def take(self, read: Read) -> tuple[Said, ...]:
        """Read on: the sentence's attributions, its pronouns resolved."""
        if read.fixed:
            self.credited.extend(read.credited)
            self.mentioned.extend(read.mentioned)
            saids = read.saids
        else:
            saids = tuple(self._follow(read))
        del self.credited[:-MEMORY]
        del self.mentioned[:-MEMORY]
        return saids

    def _follow(self, read: Read) -> Iterator[Said]:
        for event in read.events:
            if isinstance(event, Mentioned):
                self.mentioned.append((read.number, event.name, event.kind))
                continue
            if isinstance(event, Pronoun):
                resolved = self._resolve(event.fits)
                name, kind = resolved if resolved else (None, None)
                event = Said(event.cue, event.position, name, kind, ANAPHOR, event.relay)
            if event.name is not None:
                self.credited.append((event.name, event.kind or "org"))
            yield event

    def _resolve(self, fits: str) -> tuple[str, str] | None:
        """The last credited actor that fits, else the first that fits in the latest sentence
        mentioning one (the subject: "Presiden Yoon bertemu Sekjen Rutte. Ia mengatakan ...")."""
        for name, kind in reversed(self.credited[-MEMORY:]):
            if fits in (ANY, kind):
                return name, kind
        fitting = [(number, name, kind) for number, name, kind in self.mentioned[-MEMORY:] if fits in (ANY, kind)]
        if not fitting:
            return None
        latest = fitting[-1][0]
        _number, name, kind = next(item for item in fitting if item[0] == latest)
        return name, kind


def may_mark(text: str, tokens: Tokens) -> bool:
    """Could a window without a reporting cue still have a speaker, marked by punctuation or named
    after a back-reference?"""
    return (":" in text or not QUOTES.isdisjoint(text) or not _DASHES.isdisjoint(text)
            or _BACK_REFERENCES.match(tokens, 0) is not None)


def read_units(text: str, number: int, units: list[Unit], tokens: Tokens, opens: bool) -> Read:
    """The Read of a window's units; `opens`: the window starts where its sentence starts."""
    events: list[Event] = []
    saids: list[Said] = []
    mentioned: list[tuple[int, str, str]] = []
    last: Said | Pronoun | None = None
    fixed = True
    quoted = _quoted(units)
    for position, unit in enumerate(units):
        if unit.kind == ACTOR and unit.name is not None:
            events.append(Mentioned(unit.name, unit.fits or "org"))
            mentioned.append((number, unit.name, unit.fits or "org"))
        said = _said(text, units, position, quoted) if unit.kind == CUE else _marked(units, position, opens)
        if said is not None:
            events.append(said)
            last = said
            if isinstance(said, Said):
                saids.append(said)
            else:
                fixed = False
    refers_back = opens and _BACK_REFERENCES.match(tokens, 0) is not None
    if refers_back and not saids and (subject := _subject(units)) is not None:
        saids.append(subject)  # "Такі цифри містить звіт Генерального штабу": the report's author
        events.append(subject)
        last = last or subject
    credited = tuple((said.name, said.kind or "org") for said in saids if said.name is not None)
    return Read(number, tuple(events), fixed, tuple(saids), credited, tuple(mentioned), last, refers_back)


def _subject(units: Sequence[Unit]) -> Said | None:
    """The first actor a sentence names that is not a country."""
    for unit in units:
        if unit.kind == ACTOR and unit.name is not None and not is_place(unit.name):
            return Said(_BACK, unit.start, unit.name, unit.fits, ACTOR)
    return None


def is_place(name: str) -> bool:
    """A country named as an actor ("Ukraine"): a subject, but not who a source is."""
    tokens = tokenize(name)
    found = lex.COUNTRIES.match(tokens, 0) if tokens else None
    return found is not None and found.end == len(tokens)


def _quoted(units: Sequence[Unit]) -> list[bool]:
    """Which units stand inside a quotation of the window."""
    inside, depth, straight = [], 0, False
    for unit in units:
        for char in unit.gap:
            if char == '"':
                straight = not straight
            elif char in _OPENERS:
                depth += 1
            elif char in _CLOSERS:
                depth = max(0, depth - 1)
        inside.append(straight or depth > 0)
    return inside


def _marked(units: list[Unit], position: int, opens: bool) -> Said | None:
    """An actor opening the sentence before a colon or a quotation, or closing it after a dash."""
    unit = units[position]
    if unit.kind != ACTOR or unit.name is None:
        return None
    following = units[position + 1].gap if position + 1 < len(units) else None
    if opens and position == 0 and following is not None and (":" in following or QUOTES & set(following)):
        return Said(_HEAD, unit.start, unit.name, unit.fits, ACTOR)
    if following is None and position > 0 and _DASHES & set(unit.gap) and " " in unit.gap:
        return Said(_TAIL, unit.start, unit.name, unit.fits, ACTOR)
    return None


def _said(text: str, units: list[Unit], position: int, quoted: list[bool]) -> Said | Pronoun | None:
    cue = units[position]
    speaker = _speaker(text, units, position, quoted)
    if speaker is None:
        return None
    relay = " ".join(cue.text.casefold().split()) in _RELAYS
    if speaker.kind == ANAPHOR:
        return Pronoun(cue.text, cue.start, speaker.fits or ANY, relay)
    relaying = _before(units, position) if relay else None
    via = relaying.name if relaying is not None and relaying.kind == ACTOR else None
    return Said(cue.text, cue.start, speaker.name, speaker.fits, speaker.kind, relay, via)


def _speaker(text: str, units: list[Unit], position: int, quoted: list[bool]) -> Unit | None:
    cue = units[position]
    if cue.direction == SELF:
        return Unit(ANAPHOR, cue.first, cue.last, cue.start, cue.end, cue.gap, fits=cue.fits or ANY)
    if cue.direction == PRE:
        return _after(units, position)
    if cue.direction == POST:
        return _before(units, position)
    if cue.direction == BOTH:
        if any(char in QUOTES or char == "," for char in cue.gap):
            return _after(units, position) or _before(units, position)
        return _before(units, position) or _after(units, position)
    return _korean_subject(text, units, position, quoted)


def _korean_subject(text: str, units: list[Unit], position: int, quoted: list[bool]) -> Unit | None:
    """"X는 ... 밝혔다": the topic (은/는), else the subject (이/가), else the nearest speaker; never
    one inside the quotation the verb reports."""
    speakers = [unit for index, unit in enumerate(units[:position]) if unit.kind in SPEAKERS and not quoted[index]]
    for particles in (KOREAN_TOPIC_MARKERS, KOREAN_TOPIC_PARTICLES):
        for unit in speakers:
            after = text[unit.end:unit.end + 2]
            if after.startswith(particles) or unit.text.endswith(particles):
                return unit
    return speakers[-1] if speakers else None


def _after(units: list[Unit], position: int) -> Unit | None:
    """The speaker right after a cue ("kata X", "according to the X")."""
    for offset, unit in enumerate(units[position + 1:position + 2 + _REACH], start=position + 1):
        if not set(unit.gap) <= _PRE_GAP:
            return None
        if unit.kind != SKIP:
            if unit.kind == ANAPHOR:
                return _named_after(units, offset) or unit
            return unit if unit.kind in SPEAKERS else None
    return None


def _named_after(units: list[Unit], position: int) -> Unit | None:
    """A title and the name it introduces ("сказал главнокомандующий ВСУ Александр Сырский"): the name."""
    title = units[position]
    for unit in units[position + 1:position + 2 + _REACH]:
        if not set(unit.gap) <= _PRE_GAP - {","}:
            return None
        if unit.kind == ACTOR and title.fits in (ANY, unit.fits):
            return unit
    return None


def _before(units: list[Unit], position: int) -> Unit | None:
    """The speaker right before a cue ("X mengatakan", "X (NIS) menuduh", "X, yang mengatakan")."""
    if any(char in QUOTES for char in units[position].gap):
        return None
    following = units[position]
    for unit in reversed(units[max(0, position - 1 - _REACH):position]):
        if not set(following.gap) <= _POST_GAP:
            return None
        if unit.kind != SKIP:
            return unit if unit.kind in SPEAKERS else None
        following = unit
    return None
