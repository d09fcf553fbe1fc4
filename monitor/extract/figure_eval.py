"""Labelled figure cases and the scores of the extractor on them (pure: no I/O).

A figure case is one JSON line (tests/fixtures/figures.jsonl):

    {"lang": "en", "text": "...", "note": "which phenomenon",
     "figures": [{"value": 11000, "value_max": null, "unit": "troops", "qualifier": "about",
                  "credited_to": "Pentagon", "metric": "nk-troops-in-russia", "is_previous": false}]}

"figures" lists every figure of the text, nothing else (an empty list: the text has none).
"metric", "is_previous" and "approx" are optional: when given they must match too. An optional
"actors" list (as in actors.jsonl: every actor the text names) is scored like an actor case. A found figure matches a
labelled one when value, value_max, unit and qualifier agree; attribution is then scored on the
matched pairs (credited_to, None included). Actor cases (monitor.extract.actor_eval) add the
actor score and the variant merge: the share of labelled actors with two or more variants that
come out as one actor holding all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.extract.actor_eval import ActorCase, CreditCase, ExpectedActor, parse_actor_case, score_actors
from monitor.extract.attribution import Credit
from monitor.extract.model import ActorMention, Figure

_UNSET = "\x00unset"


@dataclass(frozen=True, slots=True)
class Tally:
    """Hits, false alarms and misses, plus right answers out of questions (for accuracy tasks)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                     self.correct + other.correct, self.total + other.total)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class ExpectedFigure:
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    credited_to: str | None
    metric: str | None = _UNSET  # _UNSET: not labelled
    is_previous: bool | None = None  # None: not labelled
    approx: bool | None = None  # None: not labelled


@dataclass(frozen=True, slots=True)
class FigureCase:
    lang: str
    text: str
    figures: tuple[ExpectedFigure, ...]
    note: str = ""
    actors: tuple[ExpectedActor, ...] | None = None  # when labelled: every actor the text names


def parse_expected_figure(item: Mapping[str, Any]) -> ExpectedFigure:
    value_max = item.get("value_max")
    credited = item.get("credited_to")
    return ExpectedFigure(
        value=float(item["value"]), value_max=None if value_max is None else float(value_max),
        unit=str(item["unit"]), qualifier=str(item.get("qualifier", "exact")),
        credited_to=None if credited is None else str(credited),
        metric=item.get("metric", _UNSET),
        is_previous=item.get("is_previous"), approx=item.get("approx"))


def parse_figure_case(record: Mapping[str, Any]) -> FigureCase:
    figures = tuple(parse_expected_figure(item) for item in record["figures"])
    actors = parse_actor_case(record).actors if "actors" in record else None
    return FigureCase(str(record["lang"]), str(record["text"]), figures, str(record.get("note", "")), actors)


def figure_matches(expected: ExpectedFigure, found: Figure) -> bool:
    """Same value, range, unit and qualifier (and metric, is_previous, approx where labelled)."""
    return (expected.value == found.value and expected.value_max == found.value_max
            and expected.unit == found.unit and expected.qualifier == found.qualifier
            and (expected.metric == _UNSET or expected.metric == found.metric)
            and (expected.is_previous is None or expected.is_previous == found.is_previous)
            and (expected.approx is None or expected.approx == found.approx))


def pair_figures(expected: Sequence[ExpectedFigure],
                 found: Sequence[Figure]) -> list[tuple[ExpectedFigure, Figure]]:
    """Each labelled figure with the first unused found figure that matches it."""
    free = list(found)
    pairs: list[tuple[ExpectedFigure, Figure]] = []
    for wanted in expected:
        hit = next((figure for figure in free if figure_matches(wanted, figure)), None)
        if hit is not None:
            free.remove(hit)
            pairs.append((wanted, hit))
    return pairs


def score_figures(expected: Sequence[ExpectedFigure], found: Sequence[Figure]) -> tuple[Tally, Tally]:
    """(figures, attribution): figures found vs labelled; credited_to on the matched pairs."""
    pairs = pair_figures(expected, found)
    figures = Tally(len(pairs), len(found) - len(pairs), len(expected) - len(pairs))
    credits = sum((credit_tally(wanted.credited_to, figure.credited_to) for wanted, figure in pairs), Tally())
    return figures, credits


def credit_tally(expected: str | None, found: str | None) -> Tally:
    """One attribution: right or wrong; a named credit is a hit when right, a false alarm when wrong."""
    if expected == found:
        return Tally(1 if found else 0, 0, 0, 1, 1)
    return Tally(0, 1 if found else 0, 1 if expected else 0, 0, 1)


def score_credit_case(case: CreditCase, credit: Credit) -> Tally:
    return credit_tally(case.credited_to, credit.name)


def score_actor_case(case: ActorCase, found: Sequence[ActorMention]) -> tuple[Tally, Tally]:
    """(actors, variant merge) of one labelled actor case."""
    score = score_actors(case, found)
    actors = Tally(score.true_positives, score.false_positives, score.false_negatives)
    return actors, merge_tally(case.actors, found)


def merge_tally(expected: Sequence[ExpectedActor], found: Sequence[ActorMention]) -> Tally:
    """Of the labelled actors with two or more variants, how many come out as one actor holding them all."""
    wanted = [actor for actor in expected if len(set(actor.variants)) >= 2]
    merged = sum(1 for actor in wanted if is_merged(actor.name, actor.variants, found))
    return Tally(merged, 0, len(wanted) - merged, merged, len(wanted))


def is_merged(name: str, variants: Sequence[str], found: Sequence[ActorMention]) -> bool:
    """One found actor called `name` has all the variants, and no other actor has any of them."""
    owners = [actor for actor in found if set(variants) & set(actor.variants)]
    return len(owners) == 1 and owners[0].name == name and set(variants) <= set(owners[0].variants)


# --- the seed articles -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeedExpectation:
    """What a reader finds in one seed article: exactly these figures; at least these actors."""

    figures: tuple[ExpectedFigure, ...]
    actors: tuple[tuple[str, tuple[str, ...]], ...]  # (name, variants that must be merged into it)


def parse_seed_expectations(record: Mapping[str, Any]) -> dict[str, SeedExpectation]:
    """File name -> expectation, from the "seeds" object of tests/fixtures/seeds_expected.json."""
    return {name: SeedExpectation(tuple(parse_expected_figure(item) for item in seed["figures"]),
                                  tuple((str(actor["name"]), tuple(actor.get("variants", ())))
                                        for actor in seed["actors"]))
            for name, seed in record["seeds"].items()}


def score_seed(expected: SeedExpectation, figures: Sequence[Figure],
               actors: Sequence[ActorMention]) -> dict[str, Tally]:
    """figures, attribution, actors (the expected ones found) and variant merge of one seed."""
    found_figures, credits = score_figures(expected.figures, figures)
    names = {actor.name for actor in actors}
    present = sum(1 for name, _variants in expected.actors if name in names)
    multi = [(name, variants) for name, variants in expected.actors if len(set(variants)) >= 2]
    merged = sum(1 for name, variants in multi if is_merged(name, variants, actors))
    return {"figures": found_figures, "attribution": credits,
            "actors": Tally(present, 0, len(expected.actors) - present),
            "variant merge": Tally(merged, 0, len(multi) - merged, merged, len(multi))}
