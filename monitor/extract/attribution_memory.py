"""What a reader of a document remembers for attribution: who was credited and mentioned in the
sentences read so far (a pronoun stands for one of them) and who relays whose figures (a
relaying speaker stands for the origin: "lawmaker Lee, after a briefing by the NIS ... according
to Lee")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from monitor.extract.actor_units import ANAPHOR
from monitor.extract.attribution_read import Mentioned, Pronoun, Read, Said
from monitor.extract.cues_attribution import ANY

MEMORY = 32


class Memory:
    """Who was credited and mentioned in the sentences read so far (the last MEMORY of each), and
    who relays whose figures. Mentions carry their sentence's index."""

    __slots__ = ("credited", "mentioned", "places", "relays")

    def __init__(self, places: frozenset[str] = frozenset(), credited: Sequence[tuple[str, str]] = (),
                 mentioned: Sequence[tuple[int, str, str]] = (),
                 relays: Mapping[str, tuple[str, str]] | None = None) -> None:
        self.places = places  # the countries among the actors (a pronoun's fallback)
        self.credited: list[tuple[str, str]] = list(credited)
        self.mentioned: list[tuple[int, str, str]] = list(mentioned)
        self.relays: dict[str, tuple[str, str]] = dict(relays or {})  # relaying speaker -> (origin, kind)

    def copy(self) -> Memory:
        return Memory(self.places, self.credited, self.mentioned, self.relays)

    def take(self, read: Read) -> tuple[Said, ...]:
        """Read on: the sentence's attributions, its pronouns resolved, each speaker known to relay
        an origin ("lawmaker Lee, after a briefing by the NIS") standing for that origin."""
        if read.fixed:
            self.credited.extend(read.credited)
            self.mentioned.extend(read.mentioned)
            saids = read.saids
        else:
            saids = tuple(self._follow(read))
        del self.credited[:-MEMORY]
        del self.mentioned[:-MEMORY]
        return self._relayed(saids)

    def _relayed(self, saids: tuple[Said, ...]) -> tuple[Said, ...]:
        if learn_relays(saids, self.relays):
            return saids
        if not self.relays or not any(said.name in self.relays for said in saids):
            return saids
        return tuple(self._origin(said) for said in saids)

    def _origin(self, said: Said) -> Said:
        """"according to Lee", Lee having relayed the NIS before: the NIS, via Lee."""
        found = self.relays.get(said.name) if said.name is not None else None
        if found is None:
            return said
        return Said(said.cue, said.position, found[0], found[1], said.source, True, said.name)

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
        mentioning one (the subject: "Presiden Yoon bertemu Sekjen Rutte. Ia mengatakan ..."). A
        country is a fallback: it stands for a pronoun only where no other actor fits."""
        for places in (False, True):
            found = self._credited(fits, places) or self._mentioned(fits, places)
            if found is not None:
                return found
        return None

    def _credited(self, fits: str, places: bool) -> tuple[str, str] | None:
        for name, kind in reversed(self.credited[-MEMORY:]):
            if fits in (ANY, kind) and (name in self.places) == places:
                return name, kind
        return None

    def _mentioned(self, fits: str, places: bool) -> tuple[str, str] | None:
        fitting = [(number, name, kind) for number, name, kind in self.mentioned[-MEMORY:]
                   if fits in (ANY, kind) and (name in self.places) == places]
        if not fitting:
            return None
        latest = fitting[-1][0]
        _number, name, kind = next(item for item in fitting if item[0] == latest)
        return name, kind


def learn_relays(saids: Sequence[Said], relays: dict[str, tuple[str, str]]) -> bool:
    """Does a sentence relay an origin ("Lee, citing the NIS")? If so, `relays` learns who relays whom."""
    origin = next((said for said in saids if said.relay and said.name is not None), None)
    if origin is None or origin.name is None:
        return False
    relaying = origin.via or next((said.name for said in saids if not said.relay
                                   and said.name not in (None, origin.name)), None)
    if relaying is not None:
        relays[relaying] = (origin.name, origin.kind or "org")
    return True
