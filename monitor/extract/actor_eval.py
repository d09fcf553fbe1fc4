"""Labelled actor and attribution cases, and precision/recall over them (pure: no I/O).

The cases live as JSON lines (tests/fixtures/actors.jsonl, tests/fixtures/attribution.jsonl):

    {"lang": "id", "text": "...", "actors": [{"name": "...", "kind": "person", "known": false,
      "variants": ["..."], "role": "..."}]}            # variants and role are optional
    {"lang": "en", "text": "...", "number": "10,000", "credited_to": "Pentagon", "carried": false}

A caller reads the file, parses the lines with parse_jsonl(), builds documents with its own
prepare function, and scores with score_actors() / score_credit().
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.extract.actors import Gazetteer, find_actors
from monitor.extract.attribution import Credit, credit_at
from monitor.extract.model import ActorMention, Document

Prepare = Callable[[str, str], Document]


@dataclass(frozen=True, slots=True)
class ExpectedActor:
    name: str
    kind: str
    known: bool
    variants: tuple[str, ...] = ()  # spellings that must be among the actor's variants
    role: str | None = None  # text the actor's role must contain


@dataclass(frozen=True, slots=True)
class ActorCase:
    lang: str
    text: str
    actors: tuple[ExpectedActor, ...]  # every actor the text names, nothing else


@dataclass(frozen=True, slots=True)
class CreditCase:
    lang: str
    text: str
    number: str  # the figure as written; its first occurrence in the text is the figure
    credited_to: str | None
    carried: bool


@dataclass(frozen=True, slots=True)
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.true_positives + other.true_positives, self.false_positives + other.false_positives,
                     self.false_negatives + other.false_negatives)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    """The JSON objects of a JSON-lines text (blank lines skipped)."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def parse_actor_case(record: Mapping[str, Any]) -> ActorCase:
    actors = tuple(
        ExpectedActor(str(item["name"]), str(item["kind"]), bool(item["known"]),
                      tuple(item.get("variants", ())), item.get("role"))
        for item in record["actors"])
    return ActorCase(str(record["lang"]), str(record["text"]), actors)


def parse_credit_case(record: Mapping[str, Any]) -> CreditCase:
    credited = record.get("credited_to")
    return CreditCase(str(record["lang"]), str(record["text"]), str(record["number"]),
                      None if credited is None else str(credited), bool(record.get("carried", False)))


def actor_keys(actors: Iterable[ActorMention | ExpectedActor]) -> set[tuple[str, str, bool]]:
    return {(actor.name, actor.kind, actor.known) for actor in actors}


def score_actors(case: ActorCase, found: Sequence[ActorMention]) -> Score:
    """Actors found vs labelled, compared by (name, kind, known)."""
    expected, got = actor_keys(case.actors), actor_keys(found)
    return Score(len(expected & got), len(got - expected), len(expected - got))


def run_actor_case(case: ActorCase, gazetteer: Gazetteer, prepare: Prepare) -> list[ActorMention]:
    return find_actors(prepare(case.text, case.lang), gazetteer)


def run_credit_case(case: CreditCase, gazetteer: Gazetteer, prepare: Prepare) -> Credit:
    """The credit of the case's figure; ValueError when the number is not in the prepared text."""
    doc = prepare(case.text, case.lang)
    offset = doc.text.index(case.number)
    index = next(i for i, sentence in enumerate(doc.sentences) if sentence.start <= offset < sentence.end)
    return credit_at(doc, find_actors(doc, gazetteer), gazetteer, index, offset)


def score_credit(case: CreditCase, credit: Credit) -> Score:
    """A named credit is a hit when right; a wrong name is both a false positive and a miss."""
    if credit.name == case.credited_to:
        return Score(1 if credit.name else 0, 0, 0)
    return Score(0, 1 if credit.name else 0, 1 if case.credited_to else 0)
