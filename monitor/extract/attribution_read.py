"""Reading one window of a sentence for attribution: its reporting cues, who each cue's speaker
is, and the actors it mentions (monitor.extract.attribution decides what a figure takes from them).

Each reporting cue finds its speaker: after it for "kata X", "according to X", "по словам X",
"laut X", "selon X"; before it for "X mengatakan", "X said", "X заявил", "X에 따르면"; either way
for "said"/"заявил"/"a déclaré" (after it when a quote or comma precedes the verb); the topic of
the sentence, outside any quotation, for a Korean "...밝혔다"; the clause's subject, the first
speaker before it, for a German participle ending the clause ("X hatte von 28 Orten gesprochen").
An apposition or aside between a speaker and its verb is passed over ("Lee, wakil ketua ...,
mengatakan"), and so is a title's organisation ("руководитель пресс-службы Госдепа Мэттью
Миллер": Miller). A speaker is an actor (canonical
name), a news outlet (credit None), an unnamed source (credit None) or a pronoun ("badan
tersebut", "he", "он", "그는", a bare title where the pack says titles refer), which stands for
the last credited actor of a fitting kind, else for the first actor of that kind in the latest
sentence naming one. Punctuation can be a cue too: an actor opening a sentence with a colon or a
quotation ("Сырский: ...", "국정원 \"...\"") or closing it after a dash ("... – Буданов").
A sentence with no cue but a commitment word ("target", "sepakat", "objectif") is owned by the
first organisation it names (or an organisation's pronoun, or a title's organisation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from monitor.extract.actor_text import PhraseIndex, Tokens, phrase_keys
from monitor.extract.actor_units import ACTOR, ANAPHOR, CUE, GENERIC, SELF, SKIP, SPEAKERS, Unit
from monitor.extract.cues_attribution import (
    ANY,
    BACK_REFERENCES,
    BOTH,
    COMMITMENTS,
    FINAL,
    KOREAN_TOPIC_MARKERS,
    KOREAN_TOPIC_PARTICLES,
    PASSIVE_MARKERS,
    POST,
    PRE,
    RELAY_CUES,
)

_REACH = 3  # skippable units between a cue and its speaker
QUOTES = frozenset("\"“”„«»")
_OPENERS, _CLOSERS = frozenset("“„«"), frozenset("”»")
_QUOTE_MARKS = _OPENERS | _CLOSERS
_PRE_GAP = frozenset(" ,:(\u00a0\t'’")  # an elided article: "d'après l'estimation"
_POST_GAP = frozenset(" ,()\u00a0\t")
_TITLE_GAP = (_PRE_GAP - {","}) | {"-"}
_DASHES = frozenset("–—-")
_HEAD, _TAIL, _BACK = ":", "–", "<-"  # the cue texts of speakers marked by position
OWN = "^"  # the cue text of an organisation owning a commitment ("NATO's 5% target")


def _phrases(phrases: Sequence[str]) -> PhraseIndex:
    index = PhraseIndex()
    for position, phrase in enumerate(phrases):
        index.add(phrase, position)
    return index


_BACK_REFERENCES = _phrases(BACK_REFERENCES)
_COMMITMENTS = _phrases(COMMITMENTS)
_PASSIVE_KEYS = frozenset(key for word in PASSIVE_MARKERS for key in phrase_keys(word))
_NEAR = 6  # units around a cue that may hold its speaker
_APPOSITION = 16  # units an apposition between a speaker and its cue may have
_RELAYS = frozenset(" ".join(cue.casefold().split()) for cue in RELAY_CUES)
RELAY_PHRASES = _RELAYS  # as matched: case-folded, single spaces


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
    `refers_back`: the window opens with a back-reference ("Об этом ...", "These figures ...").
    `unsourced`: a cue introduces a speaker who is no actor: the window's figures take no earlier credit."""

    number: int  # the sentence's index
    events: tuple[Event, ...]
    fixed: bool
    saids: tuple[Said, ...]
    credited: tuple[tuple[str, str], ...]
    mentioned: tuple[tuple[int, str, str], ...]
    last: Said | Pronoun | None  # the last attribution, resolved or not
    refers_back: bool = False
    unsourced: bool = False  # a reporting cue whose speaker is not known ("Die russische Seite nennt")


def may_mark(text: str, tokens: Tokens) -> bool:
    """Could a window without a reporting cue still have a speaker, marked by punctuation, named
    after a back-reference or owning a commitment?"""
    return (":" in text or not QUOTES.isdisjoint(text) or not _DASHES.isdisjoint(text)
            or _BACK_REFERENCES.match(tokens, 0) is not None or _commits(tokens))


def _commits(tokens: Tokens) -> bool:
    first = _COMMITMENTS.first_keys
    return any(key in first and _COMMITMENTS.match(tokens, index) for index, key in enumerate(tokens.keys))


def read_units(text: str, number: int, units: list[Unit], tokens: Tokens, opens: bool,
               places: frozenset[str] = frozenset()) -> Read:
    """The Read of a window's units; `opens`: the window starts where its sentence starts; `places`:
    the countries among the actors (a subject or an owner is never one)."""
    events, unsourced = _events(text, units, tokens, opens)
    named = any(isinstance(event, Said) for event in events)
    found: Said | Pronoun | None = None if named else _opening(units, opens, tokens, places)
    if found is None and all(isinstance(event, Mentioned) for event in events) \
            and all(unit.kind != CUE for unit in units) and _commits(tokens):
        found = _owner(units, places)  # "NATO's 5% target"
    if found is not None:
        events.append(found)
    return _read(number, events, opens and _BACK_REFERENCES.match(tokens, 0) is not None, unsourced)


def _events(text: str, units: list[Unit], tokens: Tokens, opens: bool) -> tuple[list[Event], bool]:
    """The actors a window mentions and the attributions it makes, in order; and whether a cue
    there introduces a speaker who is no actor."""
    events: list[Event] = []
    quoted = _quoted(units)
    unsourced = False
    for position, unit in enumerate(units):
        kind = unit.kind
        if kind == CUE:
            said = _said(text, units, position, quoted)
            if said is not None:
                events.append(said)
            elif not quoted[position]:
                unsourced = unsourced or _introduces(units, position, opens, tokens)
        elif kind == ACTOR and unit.name is not None:  # only a named actor can be marked
            events.append(Mentioned(unit.name, unit.fits or "org"))
            marked = _marked(units, position, opens)
            if marked is not None:
                events.append(marked)
    return events, unsourced


def _read(number: int, events: list[Event], refers_back: bool, unsourced: bool) -> Read:
    saids: list[Said] = []
    mentioned: list[tuple[int, str, str]] = []
    last: Said | Pronoun | None = None  # the last event that is not a mention
    fixed = True
    for event in events:  # one pass
        if isinstance(event, Mentioned):
            mentioned.append((number, event.name, event.kind))
        elif isinstance(event, Said):
            saids.append(event)
            last = event
        else:
            fixed = False
            last = event
    credited = tuple((said.name, said.kind or "org") for said in saids if said.name is not None)
    return Read(number, tuple(events), fixed, tuple(saids), credited, tuple(mentioned), last, refers_back, unsourced)


def _introduces(units: Sequence[Unit], position: int, opens: bool, tokens: Tokens) -> bool:
    """Does a cue whose speaker is not known introduce a source of its own, a description with no
    actor, title or pronoun near it? "Laut ukrainischem Militär" opening a clause, "Die russische
    Seite nennt" (not a passive: "Losses have been reported")."""
    cue = units[position]
    if cue.direction == PRE and ((position == 0 and opens) or "," in cue.gap):
        near = units[position + 1:position + 1 + _NEAR]
    elif cue.direction == POST and not (position and tokens.keys[units[position - 1].first] in _PASSIVE_KEYS):
        near = units[max(0, position - _NEAR):position]
    else:
        return False
    return bool(near) and not any(unit.kind in SPEAKERS for unit in near)


def _opening(units: Sequence[Unit], opens: bool, tokens: Tokens, places: frozenset[str]) -> Said | None:
    """"Такі цифри містить звіт Генерального штабу": a back-reference's sentence credits the report's author."""
    return _subject(units, places) if opens and _BACK_REFERENCES.match(tokens, 0) is not None else None


def _owner(units: Sequence[Unit], places: frozenset[str]) -> Said | Pronoun | None:
    """Whose commitment a sentence states: the first organisation it names, or an organisation's
    pronoun ("les alliés comptent affecter 3,5 % du PIB")."""
    for unit in units:
        if unit.kind == ACTOR and unit.name is not None and unit.fits == "org" and unit.name not in places:
            return Said(OWN, unit.start, unit.name, unit.fits, ACTOR)
        if unit.kind == ANAPHOR and unit.fits == "org":
            return Pronoun(OWN, unit.start, "org")
        if unit.kind == ANAPHOR and unit.name is not None and unit.name not in places:  # "para pemimpin NATO"
            return Said(OWN, unit.start, unit.name, "org", ACTOR)
    return None


def _subject(units: Sequence[Unit], places: frozenset[str]) -> Said | None:
    """The first actor a sentence names that is not a country."""
    for unit in units:
        if unit.kind == ACTOR and unit.name is not None and unit.name not in places:
            return Said(_BACK, unit.start, unit.name, unit.fits, ACTOR)
    return None


def _quoted(units: Sequence[Unit]) -> list[bool]:
    """Which units stand inside a quotation of the window."""
    gaps = "".join(unit.gap for unit in units)
    if '"' not in gaps and _QUOTE_MARKS.isdisjoint(gaps):
        return [False] * len(units)  # no quotation mark between its words (the common case)
    inside, depth, straight = [], 0, False
    for unit in units:
        for char in unit.gap if unit.gap != " " else "":
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
    if cue.direction == FINAL:
        return next((unit for index, unit in enumerate(units[:position])
                     if unit.kind in SPEAKERS and not quoted[index]), None)
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
            if unit.kind in (ANAPHOR, GENERIC):  # "said lawmaker Lee Seong-kwon": the name
                return _named_after(units, offset) or unit
            return unit if unit.kind in SPEAKERS else None
    return None


def _named_after(units: list[Unit], position: int) -> Unit | None:
    """A title and the name it introduces ("сказал главнокомандующий ВСУ Александр Сырский"): the name."""
    title = units[position]
    for unit in units[position + 1:position + 2 + _REACH]:
        if not set(unit.gap) <= _TITLE_GAP:  # "руководитель пресс-службы Госдепа Мэттью Миллер"
            return None
        if unit.kind == ACTOR and title.fits in (None, ANY, unit.fits):
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
            return unit if unit.kind in SPEAKERS else _apposed(units, units.index(following))
        following = unit
    return None


def _apposed(units: list[Unit], closing: int) -> Unit | None:
    """The speaker before an apposition or an aside closed by a comma right before the cue
    ("Lee Seong-kweun, wakil ketua komite ..., mengatakan", "President Trump, famously, had demanded")."""
    if "," not in units[closing].gap:
        return None
    for index in range(closing - 1, max(-1, closing - 1 - _APPOSITION), -1):
        if any(char in QUOTES for char in units[index].gap):
            return None
        if index > 0 and "," in units[index].gap:
            speaker = units[index - 1]
            return speaker if speaker.kind in SPEAKERS else None
    return None
