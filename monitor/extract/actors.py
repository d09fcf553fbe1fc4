"""Actors: the people and organisations an article names, each resolved to one identity.

build_gazetteer() merges the watchlists' known actors; find_actors() scans every non-boilerplate
sentence (monitor.extract.actor_scan) and resolves what it found:

- known aliases (any script) name their gazetteer entry;
- an unknown full name ("Choe Sun Hui", "Choe Son Hui") is one identity per romanisation key
  (monitor.extract.actor_names), named by its most frequent spelling, then the alphabetically
  first; it counts only if one of its mentions has a person cue (title, given name, reporting
  verb, preposition) outside a headline;
- a lone surname ("Yoon", "Wood", "Choe") joins the nearest full name of the document with that
  surname, else the gazetteer's one person with that surname (when cued), else stands alone when
  a title introduces it, else is dropped;
- unknown organisations are kept only as speakers ("ISW estimated", "according to the Institute").

Outlets, wire and photo agencies, credits and boilerplate never name actors.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

from monitor.extract import actor_index as lex
from monitor.extract.actor_index import GazetteerIndex, build_index
from monitor.extract.actor_names import lone_word_keys, name_key, surname_key
from monitor.extract.actor_scan import KNOWN, NAME, ORG, Hit, ScanBook
from monitor.extract.actor_text import phrase_keys, tokenize
from monitor.extract.model import ActorMention, Document
from monitor.watchlist import Watchlist

Identity = tuple[str, str]  # ("known", entry index) | ("person", name key) | ("org", name key)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    kind: str
    role: str | None
    aliases: tuple[str, ...]
    watchlists: tuple[str, ...]
    references: tuple[str, ...] = ()  # descriptions that credit the actor but do not name it


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entries: tuple[GazetteerEntry, ...]
    index: GazetteerIndex = field(init=False, repr=False, compare=False)
    kinds: Mapping[str, str] = field(init=False, repr=False, compare=False)  # name -> kind, as indexed
    places: frozenset[str] = field(init=False, repr=False, compare=False)  # the countries' names

    def __post_init__(self) -> None:
        index = build_index([e.name for e in self.entries], [e.kind for e in self.entries],
                            [e.aliases for e in self.entries], [bool(e.watchlists) for e in self.entries],
                            [e.references for e in self.entries])
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "kinds", MappingProxyType(dict(zip(index.names, index.kinds, strict=True))))
        object.__setattr__(self, "places", frozenset(index.names[entry] for entry in index.countries))


def build_gazetteer(watchlists: Sequence[Watchlist], extra: Sequence[GazetteerEntry] = ()) -> Gazetteer:
    """One entry per actor name; an actor listed by several watchlists gets all their aliases.

    `extra`: actors seen in earlier articles (watchlists ()), added unless a watchlist lists the
    name; they are matched by their multi-word spellings only and stay unknown (known=False).
    """
    merged: dict[str, tuple[GazetteerEntry, dict[str, None], set[str], dict[str, None]]] = {}
    for watchlist in watchlists:
        for actor in watchlist.actors:
            if actor.name not in merged:
                merged[actor.name] = (GazetteerEntry(actor.name, actor.kind, actor.role, (), ()), {}, set(), {})
            _first, aliases, lists, references = merged[actor.name]
            aliases.update(dict.fromkeys(alias.strip() for alias in (actor.name, *actor.aliases) if alias.strip()))
            references.update(dict.fromkeys(text.strip() for text in actor.references if text.strip()))
            lists.add(actor.watchlist)
    listed = [GazetteerEntry(entry.name, entry.kind, entry.role, tuple(aliases), tuple(sorted(lists)), tuple(refs))
              for entry, aliases, lists, refs in merged.values()]
    learned = {entry.name: entry for entry in extra if entry.name.strip() and entry.name not in merged}
    return Gazetteer((*listed, *learned.values()))


class _Mention(NamedTuple):
    hit: Hit
    text: str  # as written: a variant
    base: str  # the form that names the identity ("Lehrerverband" for "Lehrerverbands")


def find_actors(doc: Document, gazetteer: Gazetteer, scans: ScanBook | None = None) -> list[ActorMention]:
    """Every actor named in the document's body, in order of first appearance. `scans`: the document's
    scan book, shared with attribution (a new one when not given)."""
    book = ScanBook(doc.text, gazetteer.index, doc.lang) if scans is None else scans
    found = [
        (hit, doc.text[hit.start:hit.end])
        for sentence in doc.sentences if not sentence.boilerplate
        for hit in book.scan(sentence.start, sentence.end).hits
        if hit.kind in (KNOWN, NAME, ORG) and hit.end > hit.start
    ]
    mentions = _acronyms_joined(_without_genitives(found, lex.GENITIVE_ENDINGS.get(doc.lang, ()), gazetteer.index),
                                doc.text)
    assigned = _Resolver(mentions, gazetteer.index).assign()
    grouped: dict[Identity, list[_Mention]] = {}
    for identity, mention in assigned:
        grouped.setdefault(identity, []).append(mention)
    actors = [_actor(identity, named, gazetteer) for identity, group in grouped.items()
              if (named := _naming(identity, group, gazetteer.index))]
    return sorted(actors, key=lambda actor: actor.spans[0])


def _naming(identity: Identity, group: list[_Mention], index: GazetteerIndex) -> list[_Mention]:
    """The mentions that name the actor: none for a country (a metonym, credited but not an actor),
    and not a description ("South Korean intelligence"), which credits an actor without naming it."""
    if identity[0] != "known":
        return group
    entry = int(identity[1])
    if entry in index.countries:
        return []
    keys: dict[str, tuple[str, ...]] = {}  # a name's keys, by its text (the same name recurs in a document)
    for mention in group:
        if mention.text not in keys:
            keys[mention.text] = phrase_keys(mention.text)
    return [m for m in group if (entry, keys[m.text]) not in index.references]


def _without_genitives(found: list[tuple[Hit, str]], endings: Sequence[str],
                       index: GazetteerIndex) -> list[_Mention]:
    """Mentions whose unknown names lose a genitive ending when the text or the gazetteer names
    the base form ("des Lehrerverbands" -> "Lehrerverband", "Selenskyjs" -> "Selenskyj")."""
    if not endings:
        return [_Mention(hit, text, text) for hit, text in found]
    named = {name_key(text) for _hit, text in found} | set(index.person_keys)
    mentions = []
    for hit, text in found:
        base = text
        if hit.kind != KNOWN:
            base = next((form for form in _genitive_bases(text, endings) if name_key(form) in named), text)
        mentions.append(_Mention(hit, text, base))
    return mentions


_MIN_BASE = 3


def _acronyms_joined(mentions: list[_Mention], text: str) -> list[_Mention]:
    """An organisation's acronym, introduced in brackets after its name ("Defense Intelligence
    Agency (DIA)"), names that organisation wherever the document uses it."""
    expanded = {b.text: a.base for a, b in pairwise(mentions)
                if a.hit.kind == ORG and b.hit.kind == ORG and b.hit.words == 1
                and text[a.hit.end:b.hit.start].strip() == "("}
    if not expanded:
        return mentions
    return [m._replace(base=expanded[m.text]) if m.hit.kind == ORG and m.text in expanded else m for m in mentions]


def _genitive_bases(text: str, endings: Sequence[str]) -> list[str]:
    """The text, and each of its word prefixes, less a genitive ending: "Heinz Müllers Antwort"
    (a German capitalised noun after a genitive name) -> ["Heinz Müller"], longest first."""
    cuts = [found.end() for found in _WORD_ENDS.finditer(text)]
    return [text[:cut - len(ending)] for cut in reversed(cuts) for ending in endings
            if text[:cut].endswith(ending) and cut - len(ending) >= _MIN_BASE]


_WORD_ENDS = re.compile(r"[^\s]+")


class _Resolver:
    """Gives each mention its identity (or drops it)."""

    def __init__(self, mentions: list[_Mention], index: GazetteerIndex) -> None:
        self.mentions = mentions
        self.index = index
        self.assigned: list[tuple[Identity, _Mention]] = []
        self.full_names: dict[str, list[tuple[int, Identity]]] = {}  # surname key -> (start, identity)

    def assign(self) -> list[tuple[Identity, _Mention]]:
        lone: list[_Mention] = []
        for mention in self.mentions:
            if mention.hit.kind == KNOWN:
                self._take(("known", str(mention.hit.entry)), mention)
            elif mention.hit.kind == ORG:
                self._take(("org", name_key(mention.base)), mention)
            elif mention.hit.words == 1:
                lone.append(mention)
        self._full_names()
        for mention in lone:
            identity = self._lone(mention)
            if identity is not None:
                self.assigned.append((identity, mention))
        return self.assigned

    def _take(self, identity: Identity, mention: _Mention) -> None:
        self.assigned.append((identity, mention))
        if identity[0] == "org" or (mention.hit.words < 2 and identity[0] == "person"):
            return
        surname = surname_key(mention.base)
        if identity[0] == "known":
            entry = int(identity[1])
            if self.index.kinds[entry] != "person":
                return
            surname = surname or surname_key(self.index.names[entry])
        if surname is not None:
            self.full_names.setdefault(surname, []).append((mention.hit.start, identity))

    def _full_names(self) -> None:
        """Unknown full names: kept when one of their mentions is cued outside a headline."""
        multi = [m for m in self.mentions if m.hit.kind == NAME and m.hit.words >= 2]
        accepted = {name_key(m.base) for m in multi if m.hit.cued and not m.hit.weak}
        for mention in multi:
            key = name_key(mention.base)
            entry = self.index.person_keys.get(key)
            if entry is not None:
                self._take(("known", str(entry)), mention)
            elif key in accepted:
                self._take(("person", key), mention)
        for starts in self.full_names.values():
            starts.sort()

    def _lone(self, mention: _Mention) -> Identity | None:
        hit = mention.hit
        for key in lone_word_keys(mention.base):
            found = self.full_names.get(key)
            if found:
                return _nearest(found, hit.start)
        if hit.cued:
            for key in lone_word_keys(mention.base):
                entry = self.index.surnames.get(key)
                if entry is not None:
                    return ("known", str(entry))
        if hit.titled and not hit.weak:
            return ("person", name_key(mention.base))
        return None


def _nearest(found: list[tuple[int, Identity]], start: int) -> Identity:
    """The full name mentioned last before `start`, else the first one after it."""
    position = bisect_left(found, (start, ("", "")))
    return found[position - 1][1] if position > 0 else found[0][1]


def _actor(identity: Identity, group: list[_Mention], gazetteer: Gazetteer) -> ActorMention:
    variants = tuple(sorted({m.text for m in group}))
    spans = tuple(sorted({(m.hit.start, m.hit.end) for m in group}))
    roles = [m.hit.role for m in group if m.hit.role]
    if identity[0] == "known":
        entry = gazetteer.entries[int(identity[1])]
        return ActorMention(entry.name, entry.kind, variants, _role(roles, entry.role), bool(entry.watchlists),
                            entry.watchlists, spans)
    kind = "org" if identity[0] == "org" else "person"
    return ActorMention(_canonical(group), kind, variants, _role(roles, None), False, (), spans)


def _canonical(group: list[_Mention]) -> str:
    """The most frequent full spelling, then the alphabetically first."""
    full = [m.base for m in group if m.hit.words >= 2] or [m.base for m in group]
    counts = Counter(full)
    return min(counts, key=lambda text: (-counts[text], text))


def _role(roles: list[str], listed: str | None) -> str | None:
    """A title naming a country beats the gazetteer's role, which beats a bare title."""
    with_country = [role for role in roles if " of " in role]
    if with_country:
        return with_country[0]
    return listed or (roles[0] if roles else None)


def resolve_actor(phrase: str, actors: Sequence[ActorMention], gazetteer: Gazetteer) -> str | None:
    """The canonical name a credited phrase stands for ("NIS", "Presiden Yoon", "Wood"), or None."""
    tokens = tokenize(phrase)
    if not tokens:
        return None
    index = gazetteer.index
    whole = index.phrases.match(tokens, 0)
    if whole is not None and whole.end == len(tokens):
        return None if whole.payload >= index.outlet_base else index.names[whole.payload]
    name = _without_title(phrase)
    key = name_key(name)
    for actor in actors:
        if key in {name_key(variant) for variant in (actor.name, *actor.variants)}:
            return actor.name
    stripped = tokenize(name)
    alias = index.phrases.match(stripped, 0) if stripped else None
    if alias is not None and alias.end == len(stripped):
        return None if alias.payload >= index.outlet_base else index.names[alias.payload]
    entry = index.person_keys.get(key)
    if entry is not None:
        return index.names[entry]
    return _by_surname(name, actors, index) if len(stripped) == 1 else None


def _without_title(phrase: str) -> str:
    """"Presiden Korea Selatan Yoon" -> "Yoon"; a phrase without a title stays as it is."""
    tokens = tokenize(phrase)
    title = lex.TITLES.match(tokens, 0)
    if title is None or title.end >= len(tokens):
        return phrase
    position = title.end
    for _ in range(3):
        country = lex.COUNTRIES.match(tokens, position)
        if country is None or country.end >= len(tokens):
            break
        position = country.end
    return phrase[tokens.starts[position]:].strip(" ,")


def _by_surname(word: str, actors: Sequence[ActorMention], index: GazetteerIndex) -> str | None:
    keys = set(lone_word_keys(word))
    for actor in actors:
        if actor.kind == "person" and surname_key(actor.name) in keys:
            return actor.name
    for key in keys:
        entry = index.surnames.get(key)
        if entry is not None:
            return index.names[entry]
    return None
